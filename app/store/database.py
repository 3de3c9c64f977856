"""The local store: one SQLite file in the data dir.

Opened in WAL mode with foreign keys on, file mode 0600, and migrated forward to
the latest schema inside one transaction (a failed migration leaves the file at
its old version). A file that is not a ColdSplit store, is corrupt, or comes from a
newer ColdSplit is refused with a message naming it, and is never written to.
The store never holds a secret: `guard_no_secret` (app.store.secret_screen) refuses
private keys and seed phrases early with the field's name, and triggers (migration 7)
call the same screen on every insert and update, so no write path can skip it.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from app.errors import StoreError
from app.store.migrations import (
    APPLICATION_ID,
    LATEST_VERSION,
    MIGRATIONS,
    SCREEN_FUNCTION,
    SECRET_REFUSED,
)
from app.store.secret_screen import TextKind, find_secret, guard_no_secret, refusal

__all__ = ["Store", "guard_no_secret", "open_store", "utc_now"]

_SQLITE_HEADER = b"SQLite format 3\x00"

# How a refused column is named in the one-line error.
_FIELD_NAMES = {
    "cold_accounts.name": "the account name",
    "venue_accounts.name": "the account name",
    "verified_eth_addresses.account": "the account name",
    "eth_accounts.name": "the account name",
    "labels.label": "a label",
    "labels.origin": "a label's origin",
    "labels.ref": "a label's ref",
    "meta.value": "a setting",
    "venue_accounts.wallet_address": "the wallet address",
    "venue_balances.wallet": "a wallet name",
    "venue_loans.wallet": "a wallet name",
    "venue_balances.asset": "an asset name",
    "venue_loans.asset": "an asset name",
    "venue_positions.base_asset": "an asset name",
    "venue_positions.symbol": "a symbol",
}


_KINDS = {kind.value: kind for kind in TextKind}


class _Screen:
    """The SQL function the triggers call; remembers what it refused for the error line."""

    def __init__(self) -> None:
        self.refused: tuple[str, str] | None = None

    def holds_secret(self, value: object, column: object, kind: object) -> int:
        if not isinstance(value, str):
            return 0
        found = find_secret(value, _KINDS[str(kind)])
        if found is not None:
            self.refused = (str(column), found)
        return int(found is not None)

    def error(self) -> StoreError:
        column, found = self.refused or ("a field", "a secret")
        self.refused = None
        return StoreError(refusal(_FIELD_NAMES.get(column, f"the field {column}"), found))


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """An open store. Use `transaction()` for every write."""

    def __init__(self, path: Path, connection: sqlite3.Connection, screen: _Screen) -> None:
        self.path = path
        self._db = connection
        self._screen = screen

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT, rolled back on any exception."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException as exc:
            self._db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.IntegrityError) and str(exc) == SECRET_REFUSED:
                raise self._screen.error() from None
            raise
        self._db.execute("COMMIT")

    def query(self, sql: str, params: tuple[object, ...] = ()) -> list[sqlite3.Row]:
        return list(self._db.execute(sql, params))

    def get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        guard_no_secret(value, f"setting {key!r}")
        with self.transaction() as db:
            db.execute(
                "INSERT INTO meta(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_store(path: Path, *, schema_version: int = LATEST_VERSION) -> Store:
    """Open (creating if absent) and migrate the store at `path`.

    `schema_version` below the latest exists for the migration tests, which build
    stores as earlier releases left them.
    """
    _refuse_foreign_file(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    os.chmod(path, 0o600)
    try:
        db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        db.row_factory = sqlite3.Row
        screen = _Screen()
        db.create_function(SCREEN_FUNCTION, 3, screen.holds_secret, deterministic=True)
        _check_identity(path, db)
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA foreign_keys = ON")
        _migrate(path, db, schema_version)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"database {path} is damaged ({exc}); it was left untouched") from exc
    return Store(path, db, screen)


def _refuse_foreign_file(path: Path) -> None:
    if path.exists() and not path.is_file():  # a directory, device or FIFO where the file should be
        raise StoreError(f"database {path} is not a regular file; move it away or choose another --data-dir")
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as handle:
        header = handle.read(len(_SQLITE_HEADER))
    if header != _SQLITE_HEADER:
        raise StoreError(f"database {path} is not a SQLite file (corrupt?); it was left untouched")


def _check_identity(path: Path, db: sqlite3.Connection) -> None:
    """Refuse a newer schema, a foreign database or a damaged one before any write."""
    result = db.execute("PRAGMA quick_check").fetchone()[0]
    if result != "ok":
        db.close()
        raise StoreError(f"database {path} is damaged ({result}); it was left untouched")
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    app_id = int(db.execute("PRAGMA application_id").fetchone()[0])
    tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if app_id != APPLICATION_ID and (tables or version):
        db.close()
        raise StoreError(f"database {path} is not a ColdSplit store; it was left untouched")
    if version > LATEST_VERSION:
        db.close()
        raise StoreError(
            f"database {path} has schema version {version}, newer than this ColdSplit "
            f"understands ({LATEST_VERSION}); upgrade ColdSplit — the file was left untouched"
        )


def _migrate(path: Path, db: sqlite3.Connection, target: int) -> None:
    """Apply the missing migrations in one transaction: all of them or none."""
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if version >= target:
        return
    db.execute("BEGIN IMMEDIATE")
    # Read again under the write lock: another opener (a worker opening a new store at the same
    # moment) may have migrated while this one waited for the lock.
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if version >= target:
        db.execute("COMMIT")
        return
    try:
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        for number in range(version, target):
            for statement in _statements(MIGRATIONS[number].sql):
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {number + 1}")
    except sqlite3.Error as exc:
        db.execute("ROLLBACK")
        db.close()
        raise StoreError(
            f"could not upgrade database {path} from schema v{version} to v{target} ({exc}); "
            f"it was left at v{version}"
        ) from exc
    db.execute("COMMIT")


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (executescript would COMMIT early)."""
    statements: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    if pending.strip():
        statements.append(pending.strip())
    return [s for s in statements if s]
