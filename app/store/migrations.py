"""Forward-only schema migrations of the local store.

`MIGRATIONS[i]` takes a database from schema version ``i`` to ``i + 1``. A released
migration is never edited; a change is always a new entry at the end. The schema
version lives in SQLite's ``user_version``; ``application_id`` marks the file as ours.
"""

from __future__ import annotations

from dataclasses import dataclass

APPLICATION_ID = 0x43534C54  # "CSLT": tells a ColdSplit store from any other SQLite file

# Migration 7 screens writes for secrets inside SQLite itself, so no write path can skip
# it: triggers call this function (registered on every connection by `open_store`) and
# abort with this message. "free" and "structured" are `secret_screen.TextKind` values.
SCREEN_FUNCTION = "coldsplit_holds_secret"
SECRET_REFUSED = "coldsplit: a private key or seed phrase was refused"

# The text columns migration 7 screens; a released migration never changes, so a column
# added later gets its trigger in its own migration (tests/app/test_secret_screen.py
# fails for any text column that is neither screened nor in SCREEN_EXEMPT).
_SCREENED_AT_V7: dict[str, tuple[tuple[str, str], ...]] = {
    "meta": (("key", "structured"), ("value", "free")),
    "cold_accounts": (
        ("name", "free"),
        ("descriptor", "structured"),
        ("change_descriptor", "structured"),
        ("device_family", "structured"),
        ("created_at", "structured"),
    ),
    "verified_addresses": (("address", "structured"), ("path", "structured"), ("verified_at", "structured")),
    "labels": (("ref", "structured"), ("label", "free"), ("origin", "free")),
    "venue_accounts": (
        ("name", "free"),
        ("venue", "structured"),
        ("keyring_service", "structured"),
        ("keyring_user", "structured"),
        ("created_at", "structured"),
        ("wallet_address", "free"),
        ("refreshed_at", "structured"),
    ),
    "venue_balances": (("wallet", "free"), ("asset", "free"), ("haircut_tiers", "structured")),
    "venue_positions": (("symbol", "free"), ("base_asset", "free")),
    "venue_loans": (("wallet", "free"), ("asset", "free")),
    "verified_eth_addresses": (
        ("account", "free"),
        ("address", "structured"),
        ("path", "structured"),
        ("verified_at", "structured"),
    ),
    "wallet_sync_state": (
        ("backend", "structured"),
        ("synced_at", "structured"),
        ("message", "structured"),
        ("updated_at", "structured"),
    ),
    "pending_transfers": (
        ("address", "structured"),
        ("txids", "structured"),
        ("created_at", "structured"),
        ("received_at", "structured"),
        ("confirmed_at", "structured"),
    ),
}

# Text columns not screened, and why.
SCREEN_EXEMPT: dict[str, str] = {
    **dict.fromkeys(
        (
            "cold_accounts.network",
            "cold_accounts.fingerprint",
            "verified_addresses.fingerprint",
            "verified_eth_addresses.fingerprint",
            "eth_accounts.fingerprint",
            "eth_accounts.layout",
            "labels.type",
            "venue_accounts.margin_mode",
            "venue_accounts.source",
            "venue_positions.side",
            "venue_positions.margin_mode",
            "pending_transfers.status",
            "wallet_sync_state.state",
            "eth_sync_state.state",
            "eth_transfers.direction",
            "eth_transfers.status",
            "eth_sent.status",
            "eth_arrivals.status",
        ),
        "a CHECK constraint allows only a few fixed words or exactly 8 characters",
    ),
    # A sync writes a row per transfer (thousands at once); CHECK constraints admit only hex
    # digits and 0x (addresses, hashes) or decimal digits (amounts), which no key form or
    # seed phrase the screen looks for can be written in, and the screen would cost more
    # than the sync's reading of the chain.
    **dict.fromkeys(
        (
            *(f"eth_transfers.{c}" for c in ("address", "tx_hash", "asset", "counterparty", "amount")),
            *(f"eth_balance_gaps.{c}" for c in ("address", "direction", "amount")),
        ),
        "a CHECK constraint allows only hex digits (addresses, hashes) or decimal digits (amounts)",
    ),
    **dict.fromkeys(
        (
            *(f"market_snapshots.{c}" for c in ("venue", "symbol", "fetched_at", "source", "depth_json")),
            *(f"venue_margin_tiers.{c}" for c in ("venue", "symbol", "fetched_at")),
            *(f"venue_markets.{c}" for c in ("venue", "symbol", "base", "quote", "fetched_at")),
        ),
        "public market data filled from exchange responses only, never typed by a person",
    ),
}


def _screen_triggers(columns: dict[str, tuple[tuple[str, str], ...]]) -> str:
    """BEFORE INSERT / UPDATE triggers that abort when a screened column holds a secret."""
    statements: list[str] = []
    for table, screened in columns.items():
        calls = {c: f"{SCREEN_FUNCTION}(NEW.{c}, '{table}.{c}', '{kind}')" for c, kind in screened}
        on_insert = " OR ".join(calls.values())
        on_update = " OR ".join(f"(NEW.{c} IS NOT OLD.{c} AND {call})" for c, call in calls.items())
        for event, condition in (("INSERT", on_insert), ("UPDATE", on_update)):
            statements.append(
                f"CREATE TRIGGER screen_{table}_{event.lower()} BEFORE {event} ON {table} "
                f"WHEN {condition} BEGIN SELECT RAISE(ABORT, '{SECRET_REFUSED}'); END;"
            )
    return "\n".join(statements)


# Migration 8: the Ethereum cold account's watch state (app.eth). Amounts are wei or token
# base units as decimal text: they do not fit SQLite's 64-bit integers. An address is the
# EIP-55 form; `asset` is "ETH" or a token's contract address.
_ETH_WATCH_SQL = """
CREATE TABLE eth_tokens (
    chain_id   INTEGER NOT NULL CHECK (chain_id > 0),
    contract   TEXT NOT NULL CHECK (length(contract) = 42),
    symbol     TEXT NOT NULL,
    decimals   INTEGER NOT NULL CHECK (decimals BETWEEN 0 AND 77),
    added_at   TEXT NOT NULL,
    PRIMARY KEY (chain_id, contract)
);
CREATE TABLE eth_sync_state (
    address       TEXT NOT NULL CHECK (length(address) = 42),
    chain_id      INTEGER NOT NULL CHECK (chain_id > 0),
    state         TEXT NOT NULL CHECK (state IN ('synced', 'unreachable')),
    endpoint      TEXT NOT NULL,
    start_block   INTEGER NOT NULL CHECK (start_block >= 0),
    scanned_block INTEGER CHECK (scanned_block IS NULL OR scanned_block >= 0),
    synced_at     TEXT,
    message       TEXT,
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (address, chain_id)
);
CREATE TABLE eth_balances (
    address      TEXT NOT NULL,
    chain_id     INTEGER NOT NULL,
    asset        TEXT NOT NULL,
    amount       TEXT NOT NULL,
    block_number INTEGER NOT NULL,
    read_at      TEXT NOT NULL,
    PRIMARY KEY (address, chain_id, asset)
);
CREATE TABLE eth_transfers (
    address      TEXT NOT NULL CHECK (length(address) = 42 AND address NOT GLOB '*[^0-9a-fA-Fx]*'),
    chain_id     INTEGER NOT NULL,
    tx_hash      TEXT NOT NULL CHECK (length(tx_hash) = 66 AND tx_hash NOT GLOB '*[^0-9a-fA-Fx]*'),
    log_index    INTEGER NOT NULL,  -- -1 for the transaction's own ETH value
    asset        TEXT NOT NULL
                 CHECK (asset = 'ETH' OR (length(asset) = 42 AND asset NOT GLOB '*[^0-9a-fA-Fx]*')),
    direction    TEXT NOT NULL CHECK (direction IN ('in', 'out', 'self')),
    counterparty TEXT NOT NULL CHECK (counterparty = ''
                 OR (length(counterparty) = 42 AND counterparty NOT GLOB '*[^0-9a-fA-Fx]*')),
    amount       TEXT NOT NULL CHECK (length(amount) BETWEEN 1 AND 78 AND amount NOT GLOB '*[^0-9]*'),
    block_number INTEGER,          -- NULL while pending
    status       TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'failed')),
    PRIMARY KEY (address, chain_id, tx_hash, log_index)
);
CREATE INDEX eth_transfers_by_block ON eth_transfers (address, chain_id, block_number);
CREATE TABLE eth_sent (
    tx_hash      TEXT PRIMARY KEY,
    chain_id     INTEGER NOT NULL,
    address      TEXT NOT NULL,
    nonce        INTEGER NOT NULL CHECK (nonce >= 0),
    raw          TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'failed', 'dropped')),
    block_number INTEGER,
    broadcast_at TEXT NOT NULL
);
CREATE TABLE eth_arrivals (
    id                     INTEGER PRIMARY KEY,
    address                TEXT NOT NULL,
    chain_id               INTEGER NOT NULL,
    asset                  TEXT NOT NULL,
    expected               TEXT NOT NULL,
    confirmations_required INTEGER NOT NULL DEFAULT 1 CHECK (confirmations_required >= 1),
    start_block            INTEGER NOT NULL CHECK (start_block >= 0),
    status                 TEXT NOT NULL DEFAULT 'waiting'
                           CHECK (status IN ('waiting', 'received', 'confirmed')),
    received               TEXT NOT NULL DEFAULT '0',
    tx_hashes              TEXT NOT NULL DEFAULT '',
    created_at             TEXT NOT NULL,
    received_at            TEXT,
    confirmed_at           TEXT
);
"""
_SCREENED_ETH_WATCH: dict[str, tuple[tuple[str, str], ...]] = {
    "eth_tokens": (("contract", "structured"), ("symbol", "free"), ("added_at", "structured")),
    "eth_sync_state": (
        ("address", "structured"),
        ("endpoint", "structured"),
        ("synced_at", "structured"),
        ("message", "structured"),
        ("updated_at", "structured"),
    ),
    "eth_balances": (
        ("address", "structured"),
        ("asset", "structured"),
        ("amount", "structured"),
        ("read_at", "structured"),
    ),
    "eth_sent": (
        ("tx_hash", "structured"),
        ("address", "structured"),
        ("raw", "structured"),
        ("broadcast_at", "structured"),
    ),
    "eth_arrivals": (
        ("address", "structured"),
        ("asset", "structured"),
        ("expected", "structured"),
        ("received", "structured"),
        ("tx_hashes", "structured"),
        ("created_at", "structured"),
        ("received_at", "structured"),
        ("confirmed_at", "structured"),
    ),
}

# Migration 9: an Ethereum cold account per wallet, layout and account number (app.eth.accounts).
# verified_eth_addresses is untouched: an address belongs to the account whose name it carries,
# so the addresses verified before this migration stay withdrawal targets and stay watched.
_ETH_ACCOUNTS_SQL = """
CREATE TABLE eth_accounts (
    name          TEXT PRIMARY KEY,
    fingerprint   TEXT NOT NULL CHECK (length(fingerprint) = 8),
    layout        TEXT NOT NULL CHECK (layout IN ('bip44', 'ledger-live')),
    number        INTEGER NOT NULL CHECK (number BETWEEN 0 AND 2147483647),
    xpub          TEXT NOT NULL,
    first_address TEXT NOT NULL UNIQUE CHECK (length(first_address) = 42),
    created_at    TEXT NOT NULL,
    UNIQUE (fingerprint, layout, number)
);
"""
_SCREENED_ETH_ACCOUNTS: dict[str, tuple[tuple[str, str], ...]] = {
    "eth_accounts": (
        ("name", "free"),
        ("xpub", "structured"),
        ("first_address", "structured"),
        ("created_at", "structured"),
    ),
}

# Migration 10: where the node cannot trace, a block in which the ETH balance moved by more than
# its transactions explain (app.eth.internal) is kept as one row without a transaction.
_ETH_BALANCE_GAPS_SQL = """
CREATE TABLE eth_balance_gaps (
    address      TEXT NOT NULL CHECK (length(address) = 42 AND address NOT GLOB '*[^0-9a-fA-Fx]*'),
    chain_id     INTEGER NOT NULL,
    block_number INTEGER NOT NULL CHECK (block_number >= 0),
    direction    TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    amount       TEXT NOT NULL CHECK (length(amount) BETWEEN 1 AND 78 AND amount NOT GLOB '*[^0-9]*'),
    PRIMARY KEY (address, chain_id, block_number)
);
"""


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
    Migration(
        "venue account holdings (balances, positions, loans), margin tiers, markets and market snapshots",
        """
        ALTER TABLE venue_accounts ADD COLUMN source TEXT NOT NULL DEFAULT 'manual'
            CHECK (source IN ('api', 'csv', 'manual'));
        -- A Hyperliquid account is read by its public wallet address: not a secret.
        ALTER TABLE venue_accounts ADD COLUMN wallet_address TEXT;
        ALTER TABLE venue_accounts ADD COLUMN refreshed_at TEXT;
        CREATE TABLE venue_balances (
            id            INTEGER PRIMARY KEY,
            account_id    INTEGER NOT NULL REFERENCES venue_accounts(id) ON DELETE CASCADE,
            wallet        TEXT NOT NULL,
            asset         TEXT NOT NULL,
            amount        REAL NOT NULL CHECK (amount >= 0),
            haircut_tiers TEXT NOT NULL DEFAULT '[]',
            UNIQUE (account_id, wallet, asset)
        );
        CREATE TABLE venue_positions (
            id                      INTEGER PRIMARY KEY,
            account_id              INTEGER NOT NULL REFERENCES venue_accounts(id) ON DELETE CASCADE,
            symbol                  TEXT NOT NULL,
            base_asset              TEXT NOT NULL,
            side                    TEXT NOT NULL CHECK (side IN ('long', 'short')),
            size                    REAL NOT NULL CHECK (size > 0),
            entry_price             REAL NOT NULL CHECK (entry_price > 0),
            mark_price              REAL NOT NULL CHECK (mark_price > 0),
            leverage                REAL CHECK (leverage IS NULL OR leverage > 0),
            margin_mode             TEXT NOT NULL CHECK (margin_mode IN ('isolated', 'cross', 'unified')),
            isolated_margin         REAL CHECK (isolated_margin IS NULL OR isolated_margin >= 0),
            venue_liquidation_price REAL
                CHECK (venue_liquidation_price IS NULL OR venue_liquidation_price > 0),
            UNIQUE (account_id, symbol, side)
        );
        CREATE TABLE venue_loans (
            id         INTEGER PRIMARY KEY,
            account_id INTEGER NOT NULL REFERENCES venue_accounts(id) ON DELETE CASCADE,
            wallet     TEXT NOT NULL,
            asset      TEXT NOT NULL,
            amount     REAL NOT NULL CHECK (amount >= 0),
            UNIQUE (account_id, wallet, asset)
        );
        CREATE TABLE venue_margin_tiers (
            venue        TEXT NOT NULL,
            symbol       TEXT NOT NULL,
            floor_usd    REAL NOT NULL CHECK (floor_usd >= 0),
            mmr          REAL NOT NULL CHECK (mmr > 0 AND mmr < 1),
            max_leverage REAL NOT NULL CHECK (max_leverage > 0),
            fetched_at   TEXT NOT NULL,
            PRIMARY KEY (venue, symbol, floor_usd)
        );
        CREATE TABLE venue_markets (
            venue      TEXT NOT NULL,
            symbol     TEXT NOT NULL,
            base       TEXT NOT NULL,
            quote      TEXT NOT NULL,
            fetched_at TEXT NOT NULL,
            PRIMARY KEY (venue, symbol)
        );
        CREATE TABLE market_snapshots (
            id                INTEGER PRIMARY KEY,
            venue             TEXT NOT NULL,
            symbol            TEXT NOT NULL,
            fetched_at        TEXT NOT NULL,
            source            TEXT NOT NULL CHECK (source IN ('live', 'preset')),
            mark_price        REAL,
            index_price       REAL,
            open_interest_usd REAL,
            funding_rate      REAL,
            perp_volume_usd   REAL,
            spot_volume_usd   REAL,
            depth1_usd        REAL,
            depth_gamma       REAL,
            depth_json        TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX market_snapshots_by_symbol ON market_snapshots (venue, symbol, fetched_at);
        """,
    ),
    Migration(
        "BIP329 label fields origin and spendable",
        """
        -- BIP329: origin is the abbreviated descriptor of the key origin; spendable (outputs only)
        -- says whether the output may be spent. NULL = the label file did not say.
        ALTER TABLE labels ADD COLUMN origin TEXT;
        ALTER TABLE labels ADD COLUMN spendable INTEGER CHECK (spendable IS NULL OR spendable IN (0, 1));
        """,
    ),
    Migration(
        "device-verified Ethereum cold addresses (long-term ETH and ERC-20 stablecoins)",
        """
        -- An Ethereum address becomes a withdrawal target only once a device has shown it at
        -- m/44h/60h/0h/0/i and the user confirmed it there, like the Bitcoin ones.
        CREATE TABLE verified_eth_addresses (
            id          INTEGER PRIMARY KEY,
            account     TEXT NOT NULL,
            address     TEXT NOT NULL UNIQUE CHECK (length(address) = 42),
            path        TEXT NOT NULL,
            fingerprint TEXT NOT NULL CHECK (length(fingerprint) = 8),
            verified_at TEXT NOT NULL
        );
        """,
    ),
    Migration(
        "watch-only wallet sync state and pending transfers to device-verified addresses",
        """
        -- One row per cold account once it was first synced; 'syncing' stays if a sync died.
        CREATE TABLE wallet_sync_state (
            account_id     INTEGER PRIMARY KEY REFERENCES cold_accounts(id) ON DELETE CASCADE,
            state          TEXT NOT NULL CHECK (state IN ('syncing', 'synced', 'unreachable')),
            backend        TEXT NOT NULL,
            synced_at      TEXT,
            tip_height     INTEGER CHECK (tip_height IS NULL OR tip_height >= 0),
            full_scan_done INTEGER NOT NULL DEFAULT 0 CHECK (full_scan_done IN (0, 1)),
            message        TEXT,
            updated_at     TEXT NOT NULL
        );
        -- A deposit the advisor prepared: a device-verified address and the amount expected there.
        CREATE TABLE pending_transfers (
            id                     INTEGER PRIMARY KEY,
            account_id             INTEGER NOT NULL REFERENCES cold_accounts(id) ON DELETE CASCADE,
            address                TEXT NOT NULL,
            expected_sat           INTEGER NOT NULL CHECK (expected_sat > 0),
            confirmations_required INTEGER NOT NULL DEFAULT 1 CHECK (confirmations_required >= 1),
            status                 TEXT NOT NULL DEFAULT 'waiting'
                                   CHECK (status IN ('waiting', 'received', 'confirmed')),
            received_sat           INTEGER NOT NULL DEFAULT 0 CHECK (received_sat >= 0),
            txids                  TEXT NOT NULL DEFAULT '',
            created_at             TEXT NOT NULL,
            received_at            TEXT,
            confirmed_at           TEXT
        );
        CREATE INDEX pending_transfers_by_account ON pending_transfers (account_id, status);
        """,
    ),
    Migration(
        "screen every written text for private keys and seed phrases (triggers)",
        _screen_triggers(_SCREENED_AT_V7),
    ),
    Migration(
        "Ethereum watch: tokens, balances, transfer history, sent transactions, expected arrivals",
        _ETH_WATCH_SQL + _screen_triggers(_SCREENED_ETH_WATCH),
    ),
    Migration(
        "Ethereum cold accounts (wallet, layout, account number, account xpub); verified addresses kept",
        _ETH_ACCOUNTS_SQL + _screen_triggers(_SCREENED_ETH_ACCOUNTS),
    ),
    Migration(
        "Ethereum balance gaps: blocks where ETH arrived by a contract call a non-tracing node cannot show",
        _ETH_BALANCE_GAPS_SQL,
    ),
)

LATEST_VERSION = len(MIGRATIONS)
