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


# Each round re-asks about every revealed script; a chain of deposits spaced under the gap limit
# apart is followed this many windows in one sync (the next sync goes on from there).
MAX_LOOKAHEAD_ROUNDS = 10


def sync_wallet(wallet: WatchWallet, backend: ChainBackend, *, full_scan: bool) -> SyncOutcome:
    """Fetch, apply and persist one update; on any failure the wallet file is left untouched.

    A full scan walks both chains until `gap_limit` unused scripts in a row. An incremental
    sync asks about the revealed scripts (a verified deposit address far ahead included) and
    about `gap_limit` more past each chain's last used one, so coins that another wallet on the
    same keys received (the device vendor's own app gives out these addresses too) are found
    without a full scan.
    """
    before = len(wallet.bdk.transactions())
    if full_scan or not backend.syncs_revealed_only:
        _apply(wallet, backend, backend.scan(wallet.bdk, full_scan=full_scan))
    else:
        _reveal_past_last_used(wallet.bdk, backend.config.gap_limit)
        _apply(wallet, backend, backend.scan(wallet.bdk, full_scan=False))
        for _ in range(MAX_LOOKAHEAD_ROUNDS - 1):
            if not _reveal_past_last_used(wallet.bdk, backend.config.gap_limit):
                break  # nothing found near the end of the window: no further one to look at
            _apply(wallet, backend, backend.scan(wallet.bdk, full_scan=False))
    wallet.persist()
    after = len(wallet.bdk.transactions())
    return SyncOutcome(full_scan, wallet.tip_height, after, after - before)


def _apply(wallet: WatchWallet, backend: ChainBackend, update: bdk.Update) -> None:
    try:
        wallet.bdk.apply_update(update)
    except bdk.CannotConnectError as exc:
        detail = " ".join(str(exc).split())
        raise BackendProtocolError(f"{ANOTHER_CHAIN.format(backend.config.describe())}; {detail}") from None


def _reveal_past_last_used(wallet: bdk.Wallet, gap_limit: int) -> bool:
    """Reveal each chain up to `gap_limit` scripts past its last used index (spent or not);
    whether any chain was revealed further. Revealing only widens what syncs ask about: the
    addresses ColdSplit hands out are counted in its own store (app.cold.accounts)."""
    last_used = {bdk.KeychainKind.EXTERNAL: -1, bdk.KeychainKind.INTERNAL: -1}
    for output in wallet.list_output():
        last_used[output.keychain] = max(last_used[output.keychain], int(output.derivation_index))
    revealed_more = False
    for keychain, last in last_used.items():
        revealed = wallet.derivation_index(keychain)
        if revealed is None or revealed < last + gap_limit:
            wallet.reveal_addresses_to(keychain, last + gap_limit)
            revealed_more = True
    return revealed_more


def watch_receive_index(wallet: WatchWallet, index: int) -> None:
    """Make sure incremental syncs watch the receive chain up to `index` (e.g. a verified deposit address)."""
    revealed = wallet.bdk.derivation_index(bdk.KeychainKind.EXTERNAL)
    if revealed is None or revealed < index:
        wallet.bdk.reveal_addresses_to(bdk.KeychainKind.EXTERNAL, index)
        wallet.persist()
