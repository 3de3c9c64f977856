"""Venue accounts and their holdings in the local store.

Holdings are replaced as a whole inside the caller's transaction, so a refresh or a
CSV import either lands completely or not at all. Only the keyring entry's *name*
is stored for an account, never a key or secret.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from app.errors import UserError
from app.exchanges.models import (
    AccountHoldings,
    Balance,
    HaircutTier,
    Loan,
    MarginMode,
    MarginTier,
    Position,
    Side,
)
from app.secrets import SecretRef
from app.store import Store, guard_no_secret, utc_now

SOURCES = ("api", "csv", "manual")


class AccountError(UserError):
    """A venue account is missing, duplicated or malformed."""


@dataclass(frozen=True)
class VenueAccount:
    id: int
    name: str
    venue: str
    margin_mode: MarginMode
    source: str
    secret_ref: SecretRef | None
    wallet_address: str | None
    created_at: str
    refreshed_at: str | None


def _account(row: sqlite3.Row) -> VenueAccount:
    service, user = row["keyring_service"], row["keyring_user"]
    return VenueAccount(
        id=int(row["id"]),
        name=str(row["name"]),
        venue=str(row["venue"]),
        margin_mode=MarginMode(row["margin_mode"]),
        source=str(row["source"]),
        secret_ref=SecretRef(service, user) if service and user else None,
        wallet_address=row["wallet_address"],
        created_at=str(row["created_at"]),
        refreshed_at=row["refreshed_at"],
    )


def insert_account(
    db: sqlite3.Connection,
    *,
    name: str,
    venue: str,
    margin_mode: MarginMode,
    source: str,
    secret_ref: SecretRef | None = None,
    wallet_address: str | None = None,
) -> int:
    guard_no_secret(name, "the account name")
    if not name.strip() or len(name) > 80:
        raise AccountError("an account name must be 1 to 80 characters")
    if db.execute("SELECT 1 FROM venue_accounts WHERE name = ?", (name,)).fetchone():
        raise AccountError(f"an account named {name!r} already exists; pick another name or remove it first")
    cursor = db.execute(
        "INSERT INTO venue_accounts (name, venue, margin_mode, source, keyring_service, keyring_user, "
        "wallet_address, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            name,
            venue,
            margin_mode.value,
            source,
            secret_ref.service if secret_ref else None,
            secret_ref.user if secret_ref else None,
            wallet_address,
            utc_now(),
        ),
    )
    return int(cursor.lastrowid or 0)


def list_accounts(store: Store) -> list[VenueAccount]:
    return [_account(row) for row in store.query("SELECT * FROM venue_accounts ORDER BY name")]


def find_account(store: Store, name: str) -> VenueAccount | None:
    rows = store.query("SELECT * FROM venue_accounts WHERE name = ?", (name,))
    return _account(rows[0]) if rows else None


def get_account(store: Store, name: str) -> VenueAccount:
    account = find_account(store, name)
    if account is None:
        known = ", ".join(a.name for a in list_accounts(store)) or "none yet"
        raise AccountError(f"no account named {name!r} (accounts: {known})")
    return account


def rename_account(db: sqlite3.Connection, account_id: int, new_name: str, keyring_user: str | None) -> None:
    """A new name, and the keyring entry that now holds its secret (None for keyless venues)."""
    db.execute(
        "UPDATE venue_accounts SET name = ?, keyring_user = ? WHERE id = ?",
        (new_name, keyring_user, account_id),
    )


def delete_account(db: sqlite3.Connection, account_id: int) -> None:
    db.execute("DELETE FROM venue_accounts WHERE id = ?", (account_id,))


def replace_holdings(
    db: sqlite3.Connection, account_id: int, holdings: AccountHoldings, *, refreshed: bool
) -> None:
    """Swap the account's balances, positions and loans for `holdings` (inside the caller's transaction)."""
    for table in ("venue_balances", "venue_positions", "venue_loans"):
        db.execute(f"DELETE FROM {table} WHERE account_id = ?", (account_id,))
    db.executemany(
        "INSERT INTO venue_balances (account_id, wallet, asset, amount, haircut_tiers) "
        "VALUES (?, ?, ?, ?, ?)",
        [
            (
                account_id,
                b.wallet,
                b.asset,
                b.amount,
                json.dumps([[t.floor_usd, t.haircut] for t in b.haircut_tiers]),
            )
            for b in holdings.balances
        ],
    )
    _insert_positions(db, account_id, holdings.positions)
    db.executemany(
        "INSERT INTO venue_loans (account_id, wallet, asset, amount) VALUES (?, ?, ?, ?)",
        [(account_id, loan.wallet, loan.asset, loan.amount) for loan in holdings.loans],
    )
    if refreshed:
        db.execute("UPDATE venue_accounts SET refreshed_at = ? WHERE id = ?", (utc_now(), account_id))


def write_margin_tiers(db: sqlite3.Connection, venue: str, tiers: dict[str, tuple[MarginTier, ...]]) -> None:
    now = utc_now()
    for symbol, table in tiers.items():
        db.execute("DELETE FROM venue_margin_tiers WHERE venue = ? AND symbol = ?", (venue, symbol))
        db.executemany(
            "INSERT INTO venue_margin_tiers (venue, symbol, floor_usd, mmr, max_leverage, fetched_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(venue, symbol, t.floor_usd, t.mmr, t.max_leverage, now) for t in table],
        )


def write_markets(db: sqlite3.Connection, venue: str, markets: Iterable[tuple[str, str, str]]) -> None:
    now = utc_now()
    db.executemany(
        "INSERT INTO venue_markets (venue, symbol, base, quote, fetched_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (venue, symbol) DO UPDATE SET base = excluded.base, quote = excluded.quote, "
        "fetched_at = excluded.fetched_at",
        [(venue, symbol, base, quote, now) for symbol, base, quote in markets],
    )


def stored_symbols(store: Store, venue: str) -> set[str]:
    return {
        str(r["symbol"]) for r in store.query("SELECT symbol FROM venue_markets WHERE venue = ?", (venue,))
    }


def load_margin_tiers(store: Store, venue: str, symbol: str) -> tuple[MarginTier, ...]:
    rows = store.query(
        "SELECT floor_usd, mmr, max_leverage FROM venue_margin_tiers WHERE venue = ? AND symbol = ? "
        "ORDER BY floor_usd",
        (venue, symbol),
    )
    return tuple(MarginTier(float(r[0]), float(r[1]), float(r[2])) for r in rows)


def load_holdings(store: Store, account: VenueAccount) -> AccountHoldings:
    balances = tuple(
        Balance(
            str(r["asset"]),
            float(r["amount"]),
            str(r["wallet"]),
            tuple(HaircutTier(float(f), float(h)) for f, h in json.loads(r["haircut_tiers"])),
        )
        for r in store.query("SELECT * FROM venue_balances WHERE account_id = ? ORDER BY id", (account.id,))
    )
    positions = tuple(
        Position(
            symbol=str(r["symbol"]),
            base_asset=str(r["base_asset"]),
            side=Side(r["side"]),
            size=float(r["size"]),
            entry_price=float(r["entry_price"]),
            mark_price=float(r["mark_price"]),
            leverage=r["leverage"],
            margin_mode=MarginMode(r["margin_mode"]),
            isolated_margin=r["isolated_margin"],
            venue_liquidation_price=r["venue_liquidation_price"],
        )
        for r in store.query("SELECT * FROM venue_positions WHERE account_id = ? ORDER BY id", (account.id,))
    )
    loans = tuple(
        Loan(str(r["asset"]), float(r["amount"]), str(r["wallet"]))
        for r in store.query("SELECT * FROM venue_loans WHERE account_id = ? ORDER BY id", (account.id,))
    )
    tiers = {p.symbol: load_margin_tiers(store, account.venue, p.symbol) for p in positions}
    return AccountHoldings(balances, positions, loans, {s: t for s, t in tiers.items() if t})


def upsert_entry(db: sqlite3.Connection, account_id: int, item: Balance | Loan | Position) -> None:
    """Add or replace one balance, loan or position (manual entry)."""
    if isinstance(item, Position):
        db.execute(
            "DELETE FROM venue_positions WHERE account_id = ? AND symbol = ? AND side = ?",
            (account_id, item.symbol, item.side.value),
        )
        _insert_positions(db, account_id, (item,))
    elif isinstance(item, Loan):
        db.execute(
            "INSERT INTO venue_loans (account_id, wallet, asset, amount) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (account_id, wallet, asset) DO UPDATE SET amount = excluded.amount",
            (account_id, item.wallet, item.asset, item.amount),
        )
    else:
        db.execute(
            "INSERT INTO venue_balances (account_id, wallet, asset, amount) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (account_id, wallet, asset) DO UPDATE SET amount = excluded.amount",
            (account_id, item.wallet, item.asset, item.amount),
        )


def delete_entry(db: sqlite3.Connection, account_id: int, kind: str, first: str, second: str) -> bool:
    """Remove a position (symbol, side), balance or loan (wallet, asset); False if there was none."""
    sql = {
        "position": "DELETE FROM venue_positions WHERE account_id = ? AND symbol = ? AND side = ?",
        "balance": "DELETE FROM venue_balances WHERE account_id = ? AND wallet = ? AND asset = ?",
        "loan": "DELETE FROM venue_loans WHERE account_id = ? AND wallet = ? AND asset = ?",
    }[kind]
    return db.execute(sql, (account_id, first, second)).rowcount > 0


def _insert_positions(db: sqlite3.Connection, account_id: int, positions: Iterable[Position]) -> None:
    db.executemany(
        "INSERT INTO venue_positions (account_id, symbol, base_asset, side, size, entry_price, mark_price, "
        "leverage, margin_mode, isolated_margin, venue_liquidation_price) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                account_id,
                p.symbol,
                p.base_asset,
                p.side.value,
                p.size,
                p.entry_price,
                p.mark_price,
                p.leverage,
                p.margin_mode.value,
                p.isolated_margin,
                p.venue_liquidation_price,
            )
            for p in positions
        ],
    )
