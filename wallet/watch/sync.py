"""One sync of a watch wallet against a backend: a full scan (gap limit) or an incremental sync."""

from __future__ import annotations

from dataclasses import dataclass

import bdkpython as bdk

from wallet.watch.backends import ANOTHER_CHAIN, ChainBackend
from wallet.watch.errors import BackendProtocolError
from wallet.watch.watch_wallet import WatchWallet


@dataclass(frozen=True)
class SyncOutcome:
    full_scan: bool
    tip_height: int
    transactions: int
    new_transactions: int


def sync_wallet(wallet: WatchWallet, backend: ChainBackend, *, full_scan: bool) -> SyncOutcome:
    """Fetch, apply and persist one update; on any failure the wallet file is left untouched.

    A full scan walks both chains until `gap_limit` unused scripts in a row; an incremental
    sync asks only about revealed scripts (reveal an index first to watch it).
    """
    before = len(wallet.bdk.transactions())
    update = backend.scan(wallet.bdk, full_scan=full_scan)
    try:
        wallet.bdk.apply_update(update)
    except bdk.CannotConnectError as exc:
        detail = " ".join(str(exc).split())
        raise BackendProtocolError(f"{ANOTHER_CHAIN.format(backend.config.describe())}; {detail}") from None
    wallet.persist()
    after = len(wallet.bdk.transactions())
    return SyncOutcome(full_scan, wallet.tip_height, after, after - before)


def watch_receive_index(wallet: WatchWallet, index: int) -> None:
    """Make sure incremental syncs watch the receive chain up to `index` (e.g. a verified deposit address)."""
    revealed = wallet.bdk.derivation_index(bdk.KeychainKind.EXTERNAL)
    if revealed is None or revealed < index:
        wallet.bdk.reveal_addresses_to(bdk.KeychainKind.EXTERNAL, index)
        wallet.persist()
