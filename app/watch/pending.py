"""Pending transfers: coins expected at a device-verified address of a cold account.

The advisor prepares a transfer (verified address + amount); each sync checks the
wallet's transactions. A transfer is "received" once transactions paying the address
add up to the expected amount, and "confirmed" once every one of them has the required
confirmations. Until confirmed the status is worked out afresh on each sync, so a
payment that was replaced (RBF) or reorganised away puts it back to "waiting".
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from app.cold.accounts import ColdAccount, ColdAccountError, get_account, withdrawal_targets
from app.store.database import Store, utc_now
from wallet.addresses import script_pubkey_of
from wallet.watch.watch_wallet import WatchWallet

MAX_CONFIRMATIONS = 1000


@dataclass(frozen=True)
class PendingTransfer:
    id: int
    account_name: str
    address: str
    expected_sat: int
    confirmations_required: int
    status: str  # waiting, received, confirmed
    received_sat: int
    txids: tuple[str, ...]
    created_at: str
    received_at: str | None
    confirmed_at: str | None


def expect_transfer(
    store: Store, account_name: str, address: str, expected_sat: int, confirmations: int = 1
) -> PendingTransfer:
    """Record an expected deposit; only a device-verified address of the account is accepted."""
    account = get_account(store, account_name)
    cleaned = address.strip()
    if cleaned not in {t.address for t in withdrawal_targets(store, account.name)}:
        raise ColdAccountError(
            f"{cleaned} is not a device-verified address of {account.name!r}; confirm it on the device first"
        )
    if expected_sat <= 0:
        raise ColdAccountError("the expected amount must be more than zero")
    if not 1 <= confirmations <= MAX_CONFIRMATIONS:
        raise ColdAccountError(f"confirmations must be between 1 and {MAX_CONFIRMATIONS}")
    with store.transaction() as db:
        cursor = db.execute(
            "INSERT INTO pending_transfers(account_id, address, expected_sat, confirmations_required, "
            "created_at) VALUES (?, ?, ?, ?, ?)",
            (account.id, cleaned, expected_sat, confirmations, utc_now()),
        )
        new_id = int(cursor.lastrowid or 0)
    return next(t for t in list_transfers(store, account.name) if t.id == new_id)


def list_transfers(store: Store, account_name: str | None = None) -> list[PendingTransfer]:
    sql = (
        "SELECT p.*, a.name AS account_name FROM pending_transfers p "
        "JOIN cold_accounts a ON a.id = p.account_id"
    )
    params: tuple[object, ...] = ()
    if account_name is not None:
        sql += " WHERE a.id = ?"
        params = (get_account(store, account_name).id,)
    return [_row(r) for r in store.query(sql + " ORDER BY p.created_at, p.id", params)]


def _row(row: sqlite3.Row) -> PendingTransfer:
    return PendingTransfer(
        id=int(row["id"]),
        account_name=str(row["account_name"]),
        address=str(row["address"]),
        expected_sat=int(row["expected_sat"]),
        confirmations_required=int(row["confirmations_required"]),
        status=str(row["status"]),
        received_sat=int(row["received_sat"]),
        txids=tuple(t for t in str(row["txids"]).split(",") if t),
        created_at=str(row["created_at"]),
        received_at=row["received_at"],
        confirmed_at=row["confirmed_at"],
    )


def update_transfers(store: Store, account: ColdAccount, wallet: WatchWallet) -> list[PendingTransfer]:
    """Re-check the account's open transfers against the wallet; returns those whose status changed."""
    changed = []
    for transfer in list_transfers(store, account.name):
        if transfer.status == "confirmed":
            continue
        paying = wallet.transactions_paying(script_pubkey_of(transfer.address, account.network))
        received = sum(amount for _, amount, _ in paying)
        status = "waiting"
        if received >= transfer.expected_sat:
            deep = all(confs >= transfer.confirmations_required for _, _, confs in paying)
            status = "confirmed" if deep else "received"
        txids = ",".join(sorted(txid for txid, _, _ in paying))
        now = utc_now()
        with store.transaction() as db:
            db.execute(
                "UPDATE pending_transfers SET status = ?, received_sat = ?, txids = ?, "
                "received_at = CASE WHEN ? = 'waiting' THEN NULL ELSE COALESCE(received_at, ?) END, "
                "confirmed_at = CASE WHEN ? = 'confirmed' THEN ? ELSE NULL END WHERE id = ?",
                (status, received, txids, status, now, status, now, transfer.id),
            )
        if status != transfer.status:
            changed.append(transfer.id)
    return [t for t in list_transfers(store, account.name) if t.id in changed]


def deepest_verified_index(store: Store, account: ColdAccount) -> int | None:
    """The highest receive index among the account's device-verified addresses (to watch in syncs)."""
    indexes = [
        int(t.path.rsplit("/", 1)[1])
        for t in withdrawal_targets(store, account.name)
        if t.path.rsplit("/", 2)[1] == "0"
    ]
    return max(indexes, default=None)
