"""Every write path of the store is screened for secrets: by SQLite triggers on every text column.

The enumeration reads the schema itself, so a column added later without a screening
trigger (or a stated reason in SCREEN_EXEMPT) fails here.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from app.cold.accounts import add_account
from app.cold.labels import LabelImportError, import_labels
from app.errors import StoreError
from app.exchanges.models import MarginMode
from app.exchanges.repository import insert_account
from app.store import Store, open_store
from app.store.migrations import MIGRATIONS, SCREEN_EXEMPT
from tests.wallet.psbt_factory import account_for
from wallet.types import Network, ScriptType

WIF = "KwDiBf89QgGbjEhKnhXJuH7LrciVrZi3qYjgd9M7rFU73sVHnoWn"
XPRV = "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi"
PHRASE = "Seed: 1. ABANDON, 2. abandon 3. abandon 4. abandon 5. abandon 6. abandon 7. abandon 8. abandon " + (
    "9. abandon 10. abandon 11. abandon 12. about"
)
TXID = "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b"

# One valid row per table, so every column can be written through plain SQL.
ETH_ADDRESS = "0x" + "a" * 40
ROWS: dict[str, dict[str, object]] = {
    "meta": {"key": "k", "value": "v"},
    "cold_accounts": {
        "name": "vault",
        "network": "testnet",
        "descriptor": "wpkh(tpub/0/*)",
        "change_descriptor": "wpkh(tpub/1/*)",
        "fingerprint": "5c9e228d",
        "device_family": "trezor",
        "created_at": "now",
    },
    "verified_addresses": {
        "account_id": 1,
        "address": "tb1q",
        "path": "m/84h/1h/0h/0/0",
        "fingerprint": "5c9e228d",
        "verified_at": "now",
    },
    "labels": {"account_id": 1, "type": "tx", "ref": TXID, "label": "rent", "origin": "wpkh([5c9e228d])"},
    "venue_accounts": {
        "name": "okx",
        "venue": "okx",
        "margin_mode": "cross",
        "keyring_service": "s",
        "keyring_user": "u",
        "created_at": "now",
        "source": "manual",
        "wallet_address": "0x",
        "refreshed_at": "now",
    },
    "venue_balances": {
        "account_id": 1,
        "wallet": "spot",
        "asset": "BTC",
        "amount": 1.0,
        "haircut_tiers": "[]",
    },
    "venue_positions": {
        "account_id": 1,
        "symbol": "BTC/USDT",
        "base_asset": "BTC",
        "side": "long",
        "size": 1.0,
        "entry_price": 1.0,
        "mark_price": 1.0,
        "margin_mode": "cross",
    },
    "venue_loans": {"account_id": 1, "wallet": "margin", "asset": "USDT", "amount": 1.0},
    "verified_eth_addresses": {
        "account": "eth",
        "address": "0x" + "a" * 40,
        "path": "m/44h/60h/0h/0/0",
        "fingerprint": "5c9e228d",
        "verified_at": "now",
    },
    "wallet_sync_state": {
        "account_id": 1,
        "state": "synced",
        "backend": "ssl://x:1",
        "synced_at": "now",
        "message": "ok",
        "updated_at": "now",
    },
    "pending_transfers": {
        "account_id": 1,
        "address": "tb1q",
        "expected_sat": 1,
        "txids": TXID,
        "created_at": "now",
        "received_at": "now",
        "confirmed_at": "now",
    },
    "eth_tokens": {
        "chain_id": 1,
        "contract": ETH_ADDRESS,
        "symbol": "USDC",
        "decimals": 6,
        "added_at": "now",
    },
    "eth_sync_state": {
        "address": ETH_ADDRESS,
        "chain_id": 1,
        "state": "synced",
        "endpoint": "http://127.0.0.1:8545",
        "start_block": 0,
        "synced_at": "now",
        "message": "ok",
        "updated_at": "now",
    },
    "eth_balances": {
        "address": ETH_ADDRESS,
        "chain_id": 1,
        "asset": "ETH",
        "amount": "1",
        "block_number": 1,
        "read_at": "now",
    },
    "eth_sent": {
        "tx_hash": "0x" + "c" * 64,
        "chain_id": 1,
        "address": ETH_ADDRESS,
        "nonce": 0,
        "raw": "0x02",
        "status": "pending",
        "broadcast_at": "now",
    },
    "eth_arrivals": {
        "address": ETH_ADDRESS,
        "chain_id": 1,
        "asset": "ETH",
        "expected": "1",
        "start_block": 0,
        "created_at": "now",
        "received_at": "now",
        "confirmed_at": "now",
    },
    "eth_accounts": {
        "name": "Cold ETH",
        "fingerprint": "5c9e228d",
        "layout": "bip44",
        "number": 0,
        "xpub": "xpub6",
        "first_address": ETH_ADDRESS,
        "created_at": "now",
    },
}
# The migration that added the screening triggers (app.store.migrations); a store one before it
# holds rows written unscreened.
SCREENING_VERSION = next(
    n for n, m in enumerate(MIGRATIONS, start=1) if m.description.startswith("screen every written text")
)


def text_columns(store: Store) -> list[str]:
    tables = [str(r[0]) for r in store.query("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return [
        f"{table}.{r['name']}"
        for table in tables
        for r in store.query(f"PRAGMA table_info({table})")
        if str(r["type"]).upper() == "TEXT"
    ]


def screened_columns(store: Store) -> set[str]:
    """Columns screened on both INSERT and UPDATE, read back from the triggers' SQL."""
    triggers = {
        str(r["name"]): str(r["sql"])
        for r in store.query("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
    }
    columns = set()
    for column in text_columns(store):
        table = column.split(".")[0]
        sql = [triggers.get(f"screen_{table}_{event}", "") for event in ("insert", "update")]
        if all(f"'{column}'" in text for text in sql):
            columns.add(column)
    return columns


@pytest.fixture
def store(data_dir: Path) -> Store:
    store = open_store(data_dir / "coldsplit.sqlite3")
    with store.transaction() as db:
        for table, row in ROWS.items():
            names = ", ".join(row)
            db.execute(
                f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(row))})", tuple(row.values())
            )
    return store


def test_every_text_column_is_screened_or_exempt_with_a_reason(store: Store) -> None:
    columns = text_columns(store)
    screened = screened_columns(store)
    unaccounted = [c for c in columns if c not in screened and c not in SCREEN_EXEMPT]
    assert unaccounted == []
    assert not screened & set(SCREEN_EXEMPT)
    assert set(SCREEN_EXEMPT) <= set(columns)  # no stale exemption
    assert all(reason for reason in SCREEN_EXEMPT.values())


@pytest.mark.parametrize("secret", [WIF, XPRV, PHRASE])
def test_a_secret_written_through_any_sql_to_any_screened_column_is_refused(
    store: Store, data_dir: Path, secret: str
) -> None:
    for column in sorted(screened_columns(store)):
        table, name = column.split(".")
        assert table in ROWS, f"add a row for {table}: an UPDATE of no rows fires no trigger"
        with (
            pytest.raises(StoreError, match=r"^refusing to save .*: it contains "),
            store.transaction() as db,
        ):
            db.execute(f"UPDATE {table} SET {name} = ?", (secret,))
        row = {**ROWS[table], name: secret}
        with pytest.raises(StoreError, match=r"^refusing to save "), store.transaction() as db:
            db.execute(
                f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                tuple(row.values()),
            )
    store.close()
    raw = b"".join(p.read_bytes() for p in data_dir.iterdir() if p.is_file())
    assert secret.encode() not in raw


def test_free_text_refuses_hex_keys_where_txid_columns_keep_txids(store: Store) -> None:
    with store.transaction() as db:  # structured: a txid is what these columns hold
        db.execute("UPDATE labels SET ref = ?", (TXID,))
        db.execute("UPDATE pending_transfers SET txids = ?", (f"{TXID},{TXID}",))
    refused = pytest.raises(StoreError, match=r"^refusing to save a label: it contains 64 hex digits")
    with refused, store.transaction() as db:
        db.execute("UPDATE labels SET label = ?", (f"see {TXID}",))


def test_a_row_saved_before_screening_can_still_be_updated_elsewhere(data_dir: Path) -> None:
    path = data_dir / "coldsplit.sqlite3"
    with open_store(path, schema_version=SCREENING_VERSION - 1) as old, old.transaction() as db:
        db.execute("INSERT INTO meta(key, value) VALUES ('note', ?)", (XPRV,))
    with open_store(path) as store:
        with store.transaction() as db:  # the old value is not re-screened when the row changes elsewhere
            db.execute("UPDATE meta SET key = 'old-note' WHERE key = 'note'")
        with pytest.raises(StoreError), store.transaction() as db:
            db.execute("INSERT INTO meta(key, value) VALUES ('again', ?)", (XPRV,))


def test_domain_write_paths_refuse_with_the_fields_name(store: Store) -> None:
    vault = account_for(ScriptType.WPKH, Network.TESTNET)
    with pytest.raises(StoreError, match=r"^refusing to save the account name: it contains a WIF"):
        add_account(store, WIF, vault)
    refused = pytest.raises(StoreError, match=r"^refusing to save the account name: it contains a BIP39")
    with refused, store.transaction() as db:
        phrase = "abandon " * 11 + "about"
        insert_account(db, name=phrase, venue="okx", margin_mode=MarginMode.CROSS, source="manual")
    add_account(store, "cold", vault)
    origin = json.dumps({"type": "tx", "ref": TXID, "label": "ok", "origin": f"wpkh([d34db33f]{XPRV})"})
    with pytest.raises(
        LabelImportError, match=r"^line 1: refusing to save a label's origin: it contains an extended"
    ):
        import_labels(store, "cold", origin)
    # A tx label keyed by its txid is fine; so is a label that names the payee.
    assert import_labels(store, "cold", json.dumps({"type": "tx", "ref": TXID, "label": "rent"})).added == 1


def test_the_store_refuses_with_a_plain_integrity_error_to_other_programs(store: Store) -> None:
    # Without ColdSplit's function a writer cannot bypass the screen: the trigger cannot run.
    store.close()
    with sqlite3.connect(store.path) as db, pytest.raises(sqlite3.OperationalError, match="no such function"):
        db.execute("INSERT INTO meta(key, value) VALUES ('x', 'y')")
