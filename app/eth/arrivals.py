"""Expected deposits into the Ethereum cold account: a prepared exchange → cold transfer.

The advisor (or the person) names a device-verified ETH address, an asset (ETH or a watched
token) and an amount; each sync then adds up what arrived there since the arrival was
expected — mined transfers and ones still pending in the node. The arrival is "received"
once that reaches the amount, and "confirmed" once the mined part alone reaches it with
every counted transfer at least N blocks deep. Until confirmed it is worked out afresh from
the synced history on each sync, so a deposit reorganised away or dropped from the pool
puts it back to "waiting".
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from app.advisor.ethereum import is_eth_withdrawal_target
from app.errors import UserError
from app.store.database import Store, utc_now

MAX_CONFIRMATIONS = 1000


class ArrivalError(UserError):
    """An arrival that cannot be expected (unverified address, no amount)."""


@dataclass(frozen=True)
class EthArrival:
    id: int
    address: str
    chain_id: int
    asset: str  # "ETH" or a token contract
    expected: int
    confirmations_required: int
    start_block: int
    status: str  # waiting, received, confirmed
    received: int
    tx_hashes: tuple[str, ...]
    created_at: str
    received_at: str | None
    confirmed_at: str | None


def check_arrival(store: Store, address: str, expected: int, confirmations: int) -> None:
    """Refuse what `expect_arrival` would refuse, before anyone asks the node for its tip."""
    if not is_eth_withdrawal_target(store, address):
        raise ArrivalError(
            f"{address} is not a device-verified Ethereum address; verify it on the device first"
        )
    if expected <= 0:
        raise ArrivalError("the expected amount must be more than zero")
    if not 1 <= confirmations <= MAX_CONFIRMATIONS:
        raise ArrivalError(f"confirmations must be between 1 and {MAX_CONFIRMATIONS}")


def open_arrival(store: Store, address: str, chain_id: int, asset: str, expected: int) -> EthArrival | None:
    """The same deposit already expected and not yet confirmed (a second "Prepare" of one transfer)."""
    return next(
        (
            a
            for a in list_arrivals(store, chain_id, address)
            if a.asset == asset and a.expected == expected and a.status != "confirmed"
        ),
        None,
    )


def expect_arrival(
    store: Store, address: str, chain_id: int, asset: str, expected: int, confirmations: int, start_block: int
) -> EthArrival:
    """Record an expected deposit to a device-verified address, counted from `start_block` on."""
    check_arrival(store, address, expected, confirmations)
    with store.transaction() as db:
        cursor = db.execute(
            "INSERT INTO eth_arrivals(address, chain_id, asset, expected, confirmations_required, "
            "start_block, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (address, chain_id, asset, str(expected), confirmations, start_block, utc_now()),
        )
        new_id = int(cursor.lastrowid or 0)
    return next(a for a in list_arrivals(store, chain_id) if a.id == new_id)


def list_arrivals(store: Store, chain_id: int, address: str | None = None) -> list[EthArrival]:
    sql = "SELECT * FROM eth_arrivals WHERE chain_id = ?"
    params: tuple[object, ...] = (chain_id,)
    if address is not None:
        sql += " AND address = ?"
        params += (address,)
    return [_arrival(r) for r in store.query(sql + " ORDER BY created_at, id", params)]


def _arrival(row: sqlite3.Row) -> EthArrival:
    return EthArrival(
        id=int(row["id"]),
        address=str(row["address"]),
        chain_id=int(row["chain_id"]),
        asset=str(row["asset"]),
        expected=int(row["expected"]),
        confirmations_required=int(row["confirmations_required"]),
        start_block=int(row["start_block"]),
        status=str(row["status"]),
        received=int(row["received"]),
        tx_hashes=tuple(h for h in str(row["tx_hashes"]).split(",") if h),
        created_at=str(row["created_at"]),
        received_at=row["received_at"],
        confirmed_at=row["confirmed_at"],
    )


def update_arrivals(store: Store, address: str, chain_id: int, tip: int) -> list[EthArrival]:
    """Re-check the address's open arrivals against its synced history; those whose status changed."""
    changed = []
    for arrival in list_arrivals(store, chain_id, address):
        if arrival.status == "confirmed":
            continue
        # ETH a contract paid where the node cannot trace (app.eth.internal) counts too: an
        # exchange's hot-wallet contract pays that way; it has no transaction hash to list.
        incoming = store.query(
            "SELECT tx_hash, amount, block_number FROM eth_transfers WHERE address = ? AND chain_id = ? "
            "AND asset = ? AND direction = 'in' AND status != 'failed' "
            "AND (block_number IS NULL OR block_number >= ?) UNION ALL "
            "SELECT '', amount, block_number FROM eth_balance_gaps WHERE address = ? AND chain_id = ? "
            "AND ? = 'ETH' AND direction = 'in' AND block_number >= ?",
            (address, chain_id, arrival.asset, arrival.start_block, address, chain_id, arrival.asset,
             arrival.start_block),
        )  # fmt: skip
        total = sum(int(r[1]) for r in incoming)
        deep = [
            r for r in incoming if r[2] is not None and tip - int(r[2]) + 1 >= arrival.confirmations_required
        ]
        status = "waiting"
        if total >= arrival.expected:
            status = "confirmed" if sum(int(r[1]) for r in deep) >= arrival.expected else "received"
        _save_status(store, arrival.id, status, total, sorted({str(r[0]) for r in incoming if r[0]}))
        if status != arrival.status:
            changed.append(arrival.id)
    return [a for a in list_arrivals(store, chain_id, address) if a.id in changed]


def _save_status(store: Store, arrival_id: int, status: str, received: int, hashes: list[str]) -> None:
    now = utc_now()
    with store.transaction() as db:
        db.execute(
            "UPDATE eth_arrivals SET status = ?, received = ?, tx_hashes = ?, "
            "received_at = CASE WHEN ? = 'waiting' THEN NULL ELSE COALESCE(received_at, ?) END, "
            "confirmed_at = CASE WHEN ? = 'confirmed' THEN ? ELSE NULL END WHERE id = ?",
            (status, str(received), ",".join(hashes), status, now, status, now, arrival_id),
        )
