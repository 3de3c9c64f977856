"""Forward-only schema migrations of the local store.

`MIGRATIONS[i]` takes a database from schema version ``i`` to ``i + 1``. A released
migration is never edited; a change is always a new entry at the end. The schema
version lives in SQLite's ``user_version``; ``application_id`` marks the file as ours.
"""

from __future__ import annotations

from dataclasses import dataclass

APPLICATION_ID = 0x43534C54  # "CSLT": tells a ColdSplit store from any other SQLite file


@dataclass(frozen=True)
class Migration:
    description: str
    sql: str


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "cold accounts and device-verified addresses",
        """
        CREATE TABLE meta (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE cold_accounts (
            id                INTEGER PRIMARY KEY,
            name              TEXT NOT NULL UNIQUE,
            network           TEXT NOT NULL
                              CHECK (network IN ('mainnet', 'testnet', 'signet', 'regtest')),
            descriptor        TEXT NOT NULL,
            change_descriptor TEXT,
            fingerprint       TEXT NOT NULL CHECK (length(fingerprint) = 8),
            device_family     TEXT,
            next_index        INTEGER NOT NULL DEFAULT 0 CHECK (next_index >= 0),
            created_at        TEXT NOT NULL
        );
        CREATE TABLE verified_addresses (
            id          INTEGER PRIMARY KEY,
            account_id  INTEGER NOT NULL REFERENCES cold_accounts(id) ON DELETE CASCADE,
            address     TEXT NOT NULL,
            path        TEXT NOT NULL,
            fingerprint TEXT NOT NULL CHECK (length(fingerprint) = 8),
            verified_at TEXT NOT NULL,
            UNIQUE (account_id, address)
        );
        """,
    ),
    Migration(
        "BIP329 labels and exchange (venue) accounts",
        """
        CREATE TABLE labels (
            id         INTEGER PRIMARY KEY,
            account_id INTEGER REFERENCES cold_accounts(id) ON DELETE CASCADE,
            type       TEXT NOT NULL
                       CHECK (type IN ('tx', 'addr', 'pubkey', 'input', 'output', 'xpub')),
            ref        TEXT NOT NULL,
            label      TEXT NOT NULL,
            UNIQUE (account_id, type, ref)
        );
        -- The API secret is never here: keyring_service/keyring_user name its entry
        -- in the OS keyring.
        CREATE TABLE venue_accounts (
            id              INTEGER PRIMARY KEY,
            name            TEXT NOT NULL UNIQUE,
            venue           TEXT NOT NULL,
            margin_mode     TEXT NOT NULL CHECK (margin_mode IN ('isolated', 'cross', 'unified', 'spot')),
            keyring_service TEXT,
            keyring_user    TEXT,
            created_at      TEXT NOT NULL
        );
        """,
    ),
)

LATEST_VERSION = len(MIGRATIONS)
