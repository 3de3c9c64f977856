"""The cold account and the chain: one way for `coldsplit wallet sync|broadcast|send` and the GUI's
Cold storage page (Sync) and PSBT page (Broadcast).

- `sync_cold_account`: the account's one watch-only wallet file syncs with the chain backend
  and the sync state ("synced at …", "backend unreachable") and the followed deposits are
  written to the store (app.watch.service.sync_account). The first sync is a full scan with
  the gap limit, later ones are incremental unless a full scan is asked for. The GUI used
  to full-scan every time and record neither the sync state nor the deposits, so the CLI's
  `wallet balance` called a wallet the GUI had just synced "never synced";
- `broadcast_transaction`: a signed transaction goes to the backend only if it spends coins
  of a cold account (the one named, else the one of the network in use whose wallet it
  spends from), and that wallet then knows it as unconfirmed until the next sync. The GUI
  used to send any transaction given to it and leave the wallet unaware of it;
- `estimate_fee_rate`: the backend's fee rate for a confirmation target (`wallet send|bump`
  without --fee-rate).

Both talk to the network: front-ends call them from a worker. Backend failures pass through
as `wallet.watch.errors.BackendError` (each front-end words and codes them its way).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import bdkpython as bdk

from app.cold.accounts import ColdAccount, list_accounts
from app.errors import UserError
from app.store import open_store
from app.watch.service import SyncReport, choose_account, connect_backend, open_account_wallet, sync_account
from wallet.psbt.codec import parse_transaction
from wallet.psbt.errors import PsbtError
from wallet.types import Network
from wallet.watch.backends import BackendConfig, ChainBackend


class NoFeeEstimate(UserError):
    """The backend has no fee estimate for the target."""


def estimate_fee_rate(data_dir: Path, network: Network, backend: BackendConfig, target: int) -> float:
    """The backend's fee rate (sat/vB, at least 1, one decimal) to confirm within `target` blocks."""
    estimate = connect_backend(data_dir, network.value, backend).fee_rate(target)
    if estimate is None:
        raise NoFeeEstimate(f"the backend has no fee estimate for {target} blocks; give --fee-rate")
    return max(1.0, round(estimate, 1))


class NotOurTransaction(UserError):
    """The transaction is unsigned, unreadable, or spends no coin of the cold account(s)."""


@dataclass(frozen=True)
class Synced:
    account: ColdAccount
    report: SyncReport


def sync_cold_account(
    db_path: Path,
    data_dir: Path,
    network: Network,
    backend: BackendConfig,
    name: str | None = None,
    *,
    full_scan: bool = False,
) -> Synced:
    """Sync the named cold account, else the only one on `network` (the module docstring)."""
    with open_store(db_path) as store:
        account = choose_account(store, name, network.value)
        report = sync_account(store, data_dir, account, backend, full_scan=full_scan)
    return Synced(account, report)


@dataclass(frozen=True)
class Broadcast:
    txid: str
    account: str


def check_signed(raw: bytes) -> str:
    """The transaction's id, once it reads as a transaction whose every input is signed."""
    try:
        tx = parse_transaction(raw, allow_witness=True)
    except PsbtError as exc:
        raise NotOurTransaction(f"not a transaction: {exc}") from None
    if not all(i.script_sig or i.witness for i in tx.inputs):
        raise NotOurTransaction(
            "the transaction is not signed (an input has no signature); finalize it first"
        )
    return tx.txid_hex


def _spending_account(
    db_path: Path, network: Network, name: str | None, tx: bdk.Transaction, data_dir: Path
) -> ColdAccount:
    with open_store(db_path) as store:
        if name is not None:
            candidates = [choose_account(store, name, network.value)]
        else:
            candidates = [a for a in list_accounts(store) if a.network is network]
    for account in candidates:
        if open_account_wallet(data_dir, account).bdk.sent_and_received(tx).sent.to_sat() > 0:
            return account
    if name is not None:
        raise NotOurTransaction(f"the transaction spends no coin of {name!r}; not broadcast")
    if not candidates:
        raise NotOurTransaction(f"no cold account on {network.value}; not broadcast")
    raise NotOurTransaction(
        f"the transaction spends no coin of a cold account on {network.value}; not broadcast"
    )


def broadcast_transaction(
    db_path: Path,
    data_dir: Path,
    network: Network,
    backend: BackendConfig,
    raw: bytes,
    name: str | None = None,
) -> Broadcast:
    """Check, send, and tell the account's wallet (the module docstring)."""
    txid = check_signed(raw)
    tx = bdk.Transaction(raw)
    account = _spending_account(db_path, network, name, tx, data_dir)
    wallet = open_account_wallet(data_dir, account)
    chain: ChainBackend = connect_backend(data_dir, network.value, backend)
    chain.broadcast(tx, wallet.bdk)
    wallet.add_unconfirmed([raw], int(time.time()))
    return Broadcast(txid, account.name)
