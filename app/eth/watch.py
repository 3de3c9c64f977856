"""Syncing an Ethereum cold address into the store, and reading what the last sync saw.

A sync reads, from one endpoint: the chain id (refused if it is not the configured
network's), the tip, the blocks since the last sync (native ETH moves; the last
`REORG_DEPTH` blocks are read again, so a reorganised block's transfers are replaced), the
watched tokens' Transfer logs over the same range, the node's pending transactions that
pay or come from the address, and the balances at the tip. Everything it learnt is written
in one store transaction, so a sync that fails half-way leaves the last good balances and
history as they were; only the sync state records the failure and its time.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from app.errors import NetworkFailure
from app.eth.internal import (
    INTERNAL_BASE,
    UNEXPLAINED_NOTE,
    UNEXPLAINED_OUT_NOTE,
    BalanceGap,
    contract_payments,
    note_of,
)
from app.eth.tokens import Token, watched_tokens
from app.store.database import Store, utc_now
from wallet.eth_chain import erc20
from wallet.eth_chain.node import EthNode, EthNodeError, NativeTransfer, Receipt, TokenTransfer

REORG_DEPTH = 12  # blocks re-read on every sync
FIRST_SYNC_BLOCKS = 50_000  # a new address's history starts this far back (about a week on mainnet)
ETH = "ETH"


class EthSyncError(NetworkFailure):
    """The endpoint was unreachable, answered garbage, or serves another chain."""


@dataclass(frozen=True)
class Balance:
    asset: str  # "ETH" or the token's contract
    symbol: str
    amount: int
    decimals: int
    block_number: int
    read_at: str


@dataclass(frozen=True)
class HistoryEntry:
    tx_hash: str
    log_index: int
    asset: str
    symbol: str
    decimals: int
    direction: str  # in, out, self
    counterparty: str
    amount: int
    block_number: int | None
    status: str  # pending, confirmed, failed
    confirmations: int
    note: str = ""  # how it arrived when not by a plain transaction or a log (app.eth.internal)


@dataclass(frozen=True)
class SyncState:
    state: str  # synced, unreachable
    endpoint: str
    scanned_block: int | None
    synced_at: str | None  # the last good sync
    message: str | None


@dataclass(frozen=True)
class SyncReport:
    address: str
    tip: int
    scanned_from: int
    transfers_seen: int
    pending: int


def check_chain(node: EthNode, chain_id: int) -> None:
    try:
        answered = node.chain_id()
    except EthNodeError as exc:
        raise EthSyncError(exc.message) from None
    if answered != chain_id:
        raise EthSyncError(
            f"the Ethereum endpoint {node.url} serves chain {answered}, not {chain_id}; "
            "fix the endpoint or its network in settings"
        )


def sync_address(
    store: Store, node: EthNode, address: str, chain_id: int, start_block: int | None = None
) -> SyncReport:
    """Sync one address; on failure record it (last good data kept) and raise EthSyncError."""
    try:
        check_chain(node, chain_id)
        return _sync(store, node, address, chain_id, start_block)
    except (EthSyncError, EthNodeError) as exc:
        message = exc.message
        _record_failure(store, node.url, address, chain_id, message)
        raise EthSyncError(message) from None


def _sync(store: Store, node: EthNode, address: str, chain_id: int, start_block: int | None) -> SyncReport:
    tokens = watched_tokens(store, chain_id)
    contracts = [t.contract for t in tokens]
    tip = node.block_number()
    state = sync_state(store, address, chain_id)
    first_block = _first_block(store, address, chain_id, tip, start_block)
    scan_from = first_block if state is None or state.scanned_block is None else state.scanned_block
    scan_from = max(first_block, scan_from - REORG_DEPTH + 1, 0)
    natives, _ = node.scan_native(address, scan_from, tip)
    token_moves = node.token_transfers(address, contracts, scan_from, tip)
    pending = _pending(node, address, contracts)
    receipts = node.receipts(tx.tx_hash for tx in natives) if natives else {}
    by_contracts = contract_payments(node, address, scan_from, tip, natives, receipts)
    eth, token_balances = node.balances(address, contracts, tip)
    rows = list(_native_rows(address, natives, receipts, contracts))
    rows += [
        (p.tx_hash, INTERNAL_BASE - p.ordinal, ETH, "in", p.sender, p.value, p.block_number, "confirmed")
        for p in by_contracts.traced
    ]
    rows += [_token_row(address, t) for t in token_moves]
    rows += list(_pending_rows(address, pending, contracts))
    balances = [(ETH, eth), *zip(contracts, token_balances, strict=True)]
    seen = _Seen(scan_from, tip, rows, balances, by_contracts.gaps)
    _save(store, node.url, address, chain_id, first_block, seen)
    _update_sent(store, node, address, chain_id, {tx.tx_hash for tx in pending})
    return SyncReport(address, tip, scan_from, len(rows), sum(1 for r in rows if r[6] is None))


def _first_block(store: Store, address: str, chain_id: int, tip: int, asked: int | None) -> int:
    saved = store.query(
        "SELECT start_block FROM eth_sync_state WHERE address = ? AND chain_id = ?", (address, chain_id)
    )
    if asked is not None:
        return min(asked, tip)
    if saved:
        return int(saved[0][0])
    return max(0, tip - FIRST_SYNC_BLOCKS)


def _pending(node: EthNode, address: str, contracts: list[str]) -> list[NativeTransfer]:
    """Pending ETH from or to us, and pending token transfers to us (they go to the contract)."""
    mine = address.lower()
    tokens = {c.lower() for c in contracts}
    found = []
    for tx in node.pending_transactions():
        to = (tx.to or "").lower()
        if mine in (tx.sender.lower(), to):
            found.append(tx)
        elif to in tokens:
            decoded = erc20.decode_transfer_calldata(tx.data)
            if decoded is not None and decoded[0].lower() == mine:
                found.append(tx)
    return found


# A row: (tx_hash, log_index, asset, direction, counterparty, amount, block_number, status)
_Row = tuple[str, int, str, str, str, int, int | None, str]


def _direction(address: str, sender: str, to: str) -> tuple[str, str]:
    mine = address.lower()
    if sender.lower() == mine and to.lower() == mine:
        return "self", to
    return ("out", to) if sender.lower() == mine else ("in", sender)


def _native_rows(
    address: str, natives: Iterable[NativeTransfer], receipts: dict[str, Receipt | None], contracts: list[str]
) -> Iterable[_Row]:
    tokens = {c.lower() for c in contracts}
    for tx in natives:
        to = tx.to or ""
        if tx.value == 0 and to.lower() in tokens:
            continue  # a token call: its Transfer log is the history entry
        receipt = receipts.get(tx.tx_hash)
        status = "failed" if receipt is not None and not receipt.succeeded else "confirmed"
        direction, other = _direction(address, tx.sender, to)
        yield (tx.tx_hash, -1, ETH, direction, other, tx.value, tx.block_number, status)


def _token_row(address: str, move: TokenTransfer) -> _Row:
    direction, other = _direction(address, move.sender, move.to)
    return (
        move.tx_hash,
        move.log_index,
        move.token,
        direction,
        other,
        move.amount,
        move.block_number,
        "confirmed",
    )


def _pending_rows(address: str, pending: Iterable[NativeTransfer], contracts: list[str]) -> Iterable[_Row]:
    tokens = {c.lower(): c for c in contracts}
    for tx in pending:
        to = tx.to or ""
        decoded = erc20.decode_transfer_calldata(tx.data) if to.lower() in tokens else None
        if decoded is not None:
            direction, other = _direction(address, tx.sender, decoded[0])
            yield (tx.tx_hash, 0, tokens[to.lower()], direction, other, decoded[1], None, "pending")
        else:
            direction, other = _direction(address, tx.sender, to)
            yield (tx.tx_hash, -1, ETH, direction, other, tx.value, None, "pending")


@dataclass(frozen=True)
class _Seen:
    """What one sync read: blocks scan_from..tip, their rows, the balances at the tip, the gaps."""

    scan_from: int
    tip: int
    rows: list[_Row]
    balances: list[tuple[str, int]]
    gaps: list[BalanceGap]


def _save(store: Store, endpoint: str, address: str, chain_id: int, first_block: int, seen: _Seen) -> None:
    now = utc_now()
    scan_from, tip, rows, balances = seen.scan_from, seen.tip, seen.rows, seen.balances
    mined = {r[0] for r in rows if r[6] is not None}
    with store.transaction() as db:
        for table, pending in (("eth_transfers", "block_number IS NULL OR "), ("eth_balance_gaps", "")):
            db.execute(
                f"DELETE FROM {table} WHERE address = ? AND chain_id = ? AND ({pending}block_number >= ?)",
                (address, chain_id, scan_from),
            )
        db.executemany(
            "INSERT INTO eth_balance_gaps(address, chain_id, block_number, direction, amount) "
            "VALUES (?, ?, ?, ?, ?)",
            [
                (address, chain_id, g.block_number, "in" if g.amount > 0 else "out", str(abs(g.amount)))
                for g in seen.gaps
            ],
        )
        db.executemany(
            "INSERT OR REPLACE INTO eth_transfers(address, chain_id, tx_hash, log_index, asset, direction, "
            "counterparty, amount, block_number, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (address, chain_id, h, i, a, d, c, str(amount), b, s)
                for h, i, a, d, c, amount, b, s in rows
                if b is not None or h not in mined  # mined meanwhile: the mined row wins
            ],
        )
        db.executemany(
            "INSERT OR REPLACE INTO eth_balances(address, chain_id, asset, amount, block_number, read_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(address, chain_id, asset, str(amount), tip, now) for asset, amount in balances],
        )
        _write_state(db, endpoint, address, chain_id, first_block, "synced", tip, now, None)


def _write_state(
    db: sqlite3.Connection,
    endpoint: str,
    address: str,
    chain_id: int,
    first_block: int,
    state: str,
    scanned: int | None,
    synced_at: str | None,
    message: str | None,
) -> None:
    db.execute(
        "INSERT INTO eth_sync_state(address, chain_id, state, endpoint, start_block, scanned_block, "
        "synced_at, message, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(address, chain_id) DO UPDATE SET "
        "state = excluded.state, endpoint = excluded.endpoint, message = excluded.message, "
        "updated_at = excluded.updated_at, "
        "scanned_block = COALESCE(excluded.scanned_block, eth_sync_state.scanned_block), "
        "synced_at = COALESCE(excluded.synced_at, eth_sync_state.synced_at)",
        (address, chain_id, state, endpoint, first_block, scanned, synced_at, message, utc_now()),
    )


def _record_failure(store: Store, endpoint: str, address: str, chain_id: int, message: str) -> None:
    with store.transaction() as db:
        _write_state(db, endpoint, address, chain_id, 0, "unreachable", None, None, message)


def _update_sent(store: Store, node: EthNode, address: str, chain_id: int, pooled: set[str]) -> None:
    """Our broadcast transactions: mined (confirmed/failed), still in the pool, or dropped."""
    open_ = [
        str(r[0])
        for r in store.query(
            "SELECT tx_hash FROM eth_sent WHERE address = ? AND chain_id = ? "
            "AND status IN ('pending', 'dropped')",
            (address, chain_id),
        )
    ]
    if not open_:
        return
    receipts = node.receipts(open_)
    with store.transaction() as db:
        for tx_hash in open_:
            receipt = receipts[tx_hash]
            if receipt is not None:
                status, block = ("confirmed" if receipt.succeeded else "failed"), receipt.block_number
            else:
                status, block = ("pending" if tx_hash in pooled else "dropped"), None
            db.execute(
                "UPDATE eth_sent SET status = ?, block_number = ? WHERE tx_hash = ?", (status, block, tx_hash)
            )


def sync_state(store: Store, address: str, chain_id: int) -> SyncState | None:
    rows = store.query(
        "SELECT state, endpoint, scanned_block, synced_at, message FROM eth_sync_state "
        "WHERE address = ? AND chain_id = ?",
        (address, chain_id),
    )
    if not rows:
        return None
    r = rows[0]
    scanned = None if r[2] is None else int(r[2])
    return SyncState(str(r[0]), str(r[1]), scanned, r[3], r[4])


def _symbols(store: Store, chain_id: int) -> dict[str, Token]:
    return {t.contract: t for t in watched_tokens(store, chain_id)}


def _unit(asset: str, tokens: dict[str, Token]) -> tuple[str, int]:
    """(symbol, decimals) of an asset; a token no longer watched shows its contract, in base units."""
    if asset == ETH:
        return ETH, 18
    token = tokens.get(asset)
    return (token.symbol, token.decimals) if token else (asset, 0)


def balances(store: Store, address: str, chain_id: int) -> list[Balance]:
    """What the last good sync read (empty before the first)."""
    tokens = _symbols(store, chain_id)
    result = []
    for r in store.query(
        "SELECT asset, amount, block_number, read_at FROM eth_balances WHERE address = ? AND chain_id = ? "
        "ORDER BY asset = 'ETH' DESC, asset",
        (address, chain_id),
    ):
        asset = str(r[0])
        symbol, decimals = _unit(asset, tokens)
        result.append(Balance(asset, symbol, int(r[1]), decimals, int(r[2]), str(r[3])))
    return result


def history(store: Store, address: str, chain_id: int, limit: int = 1000) -> list[HistoryEntry]:
    """Transfers and balance gaps (app.eth.internal), pending first, then newest first."""
    tokens = _symbols(store, chain_id)
    state = sync_state(store, address, chain_id)
    tip = state.scanned_block if state and state.scanned_block is not None else 0
    rows = store.query(
        "SELECT * FROM (SELECT tx_hash, log_index, asset, direction, counterparty, amount, block_number, "
        "status, 0 AS gap FROM eth_transfers WHERE address = ? AND chain_id = ? UNION ALL "
        "SELECT '', -1, 'ETH', direction, '', amount, block_number, 'confirmed', 1 FROM eth_balance_gaps "
        "WHERE address = ? AND chain_id = ?) "
        "ORDER BY block_number IS NOT NULL, block_number DESC, gap, log_index DESC LIMIT ?",
        (address, chain_id, address, chain_id, limit),
    )
    entries = []
    for r in rows:
        asset = str(r[2])
        symbol, decimals = _unit(asset, tokens)
        block = None if r[6] is None else int(r[6])
        depth = 0 if block is None else max(0, tip - block + 1)
        note = note_of(int(r[1]))
        if r[8]:
            note = UNEXPLAINED_NOTE if r[3] == "in" else UNEXPLAINED_OUT_NOTE
        entries.append(
            HistoryEntry(
                str(r[0]),
                int(r[1]),
                asset,
                symbol,
                decimals,
                str(r[3]),
                str(r[4]),
                int(r[5]),
                block,
                str(r[7]),
                depth,
                note,
            )
        )
    return entries
