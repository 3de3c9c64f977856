"""The watch-only wallet service: one bdk wallet file per cold account, syncs and their state.

Wallet files live in ``<data dir>/wallets/``, named by network, fingerprint and the
descriptor checksum, so re-importing an account under another name finds its file.
The sync state ("never synced", "syncing", "synced at …", "backend unreachable") is
kept in the store and written before and after every sync; the first sync of an
account is a full scan with the gap limit, later ones are incremental.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.cold.accounts import ColdAccount, ColdAccountError, list_accounts
from app.store.database import Store, utc_now
from app.watch.pending import PendingTransfer, deepest_verified_index, update_transfers
from wallet.watch.backends import BackendConfig, ChainBackend, connect
from wallet.watch.errors import BackendError
from wallet.watch.sync import SyncOutcome, sync_wallet, watch_receive_index
from wallet.watch.watch_wallet import WatchWallet

WALLETS_DIR = "wallets"
CBF_DIR = "cbf"
Connector = Callable[[BackendConfig], ChainBackend]


@dataclass(frozen=True)
class SyncState:
    state: str  # never, syncing, synced, unreachable
    backend: str | None = None
    synced_at: str | None = None
    tip_height: int | None = None
    full_scan_done: bool = False
    message: str | None = None

    def describe(self) -> str:
        if self.state == "never":
            return "never synced"
        if self.state == "syncing":
            return f"syncing with {self.backend} (or a sync was interrupted; sync again)"
        if self.state == "synced":
            return f"synced at {self.synced_at} with {self.backend}, tip height {self.tip_height}"
        last = f"last synced at {self.synced_at}" if self.synced_at else "never synced"
        return f"backend unreachable ({self.message}); {last}"


@dataclass(frozen=True)
class SyncReport:
    outcome: SyncOutcome
    state: SyncState
    transfers: list[PendingTransfer]


def backend_work_dir(data_dir: Path, network: str) -> Path:
    """Where the compact-filter client keeps block and filter headers for `network`."""
    return data_dir / CBF_DIR / network


def connect_backend(data_dir: Path, network: str, config: BackendConfig) -> ChainBackend:
    return connect(config, backend_work_dir(data_dir, network))


def wallet_path(data_dir: Path, account: ColdAccount) -> Path:
    checksum = account.descriptor.rpartition("#")[2]
    return data_dir / WALLETS_DIR / f"{account.network.value}-{account.fingerprint}-{checksum}.sqlite3"


def open_account_wallet(data_dir: Path, account: ColdAccount) -> WatchWallet:
    return WatchWallet.open(account.account(), wallet_path(data_dir, account))


def choose_account(store: Store, name: str | None, network: str) -> ColdAccount:
    """The named account, or the only cold account of the network in use."""
    accounts = [a for a in list_accounts(store) if a.network.value == network]
    if name is not None:
        chosen = [a for a in list_accounts(store) if a.name == name.strip()]
        if not chosen:
            known = ", ".join(a.name for a in accounts) or "none"
            raise ColdAccountError(f"no cold account named {name!r} (on {network}: {known})")
        return chosen[0]
    if len(accounts) == 1:
        return accounts[0]
    if not accounts:
        raise ColdAccountError(f"no cold account on {network} yet; add one with `coldsplit cold import`")
    names = ", ".join(a.name for a in accounts)
    raise ColdAccountError(f"several cold accounts on {network} ({names}); name one with --account")


def sync_state(store: Store, account: ColdAccount) -> SyncState:
    rows = store.query("SELECT * FROM wallet_sync_state WHERE account_id = ?", (account.id,))
    if not rows:
        return SyncState("never")
    row = rows[0]
    return SyncState(
        state=str(row["state"]),
        backend=row["backend"],
        synced_at=row["synced_at"],
        tip_height=row["tip_height"],
        full_scan_done=bool(row["full_scan_done"]),
        message=row["message"],
    )


def _save_state(store: Store, account: ColdAccount, state: SyncState) -> None:
    with store.transaction() as db:
        db.execute(
            "INSERT INTO wallet_sync_state(account_id, state, backend, synced_at, tip_height, "
            "full_scan_done, message, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(account_id) DO UPDATE SET "
            "state = excluded.state, backend = excluded.backend, synced_at = excluded.synced_at, "
            "tip_height = excluded.tip_height, full_scan_done = excluded.full_scan_done, "
            "message = excluded.message, updated_at = excluded.updated_at",
            (
                account.id,
                state.state,
                state.backend,
                state.synced_at,
                state.tip_height,
                int(state.full_scan_done),
                state.message,
                utc_now(),
            ),
        )


def sync_account(
    store: Store,
    data_dir: Path,
    account: ColdAccount,
    config: BackendConfig,
    *,
    full_scan: bool = False,
    connector: Connector | None = None,
) -> SyncReport:
    """Sync one account; a backend failure is recorded as "backend unreachable" and re-raised."""
    before = sync_state(store, account)
    full = full_scan or not before.full_scan_done
    backend_name = config.describe()
    _save_state(
        store,
        account,
        SyncState("syncing", backend_name, before.synced_at, before.tip_height, before.full_scan_done),
    )
    wallet = open_account_wallet(data_dir, account)
    deepest = deepest_verified_index(store, account)
    if deepest is not None:
        watch_receive_index(wallet, deepest)  # deposits may go to any verified address, however far
    try:
        backend = connector(config) if connector else connect_backend(data_dir, account.network.value, config)
        outcome = sync_wallet(wallet, backend, full_scan=full)
    except BackendError as exc:
        failed = SyncState(
            "unreachable", backend_name, before.synced_at, before.tip_height, before.full_scan_done, str(exc)
        )
        _save_state(store, account, failed)
        raise
    done = SyncState("synced", backend_name, utc_now(), outcome.tip_height, True)
    _save_state(store, account, done)
    return SyncReport(outcome, done, update_transfers(store, account, wallet))


def labels_of(store: Store, account: ColdAccount) -> dict[tuple[str, str], str]:
    """BIP329 labels of the account by (type, ref): tx → txid, addr → address, output → txid:vout."""
    rows = store.query("SELECT type, ref, label FROM labels WHERE account_id = ?", (account.id,))
    return {(str(r["type"]), str(r["ref"])): str(r["label"]) for r in rows}


def unspendable_outpoints(store: Store, account: ColdAccount) -> tuple[str, ...]:
    """Outputs a BIP329 label marks ``spendable: false``: coin selection must leave them alone."""
    rows = store.query(
        "SELECT ref FROM labels WHERE account_id = ? AND type = 'output' AND spendable = 0", (account.id,)
    )
    return tuple(str(r["ref"]) for r in rows)
