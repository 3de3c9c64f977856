"""The SQLite store: creation, migrations, refusal of foreign/corrupt/newer files, no secrets."""

from __future__ import annotations

import hashlib
import sqlite3
import stat
import threading
from pathlib import Path

import pytest

from app.errors import StoreError
from app.store import LATEST_VERSION, open_store
from app.store.migrations import APPLICATION_ID, MIGRATIONS

XPRV = "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi"
MNEMONIC = "abandon " * 11 + "about"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _seed_rows(path: Path, version: int) -> None:
    """Put the rows a user of schema `version` would have into the store."""
    with open_store(path, schema_version=version) as store, store.transaction() as db:
        if version >= 1:
            db.execute(
                "INSERT INTO cold_accounts(name, network, descriptor, fingerprint, created_at) "
                "VALUES ('vault', 'testnet', 'wpkh([5c9e228d/84h/1h/0h]tpub/0/*)', '5c9e228d', 'now')"
            )
            db.execute(
                "INSERT INTO verified_addresses(account_id, address, path, fingerprint, verified_at) "
                "VALUES (1, 'tb1qkvwu9g3k2pdxewfqr7syz89r3gj557l3uuf9r9', 'm/84h/1h/0h/0/0', "
                "'5c9e228d', 'now')"
            )
            db.execute("INSERT INTO meta(key, value) VALUES ('created_by', 'v1')")
        if version >= 2:
            db.execute("INSERT INTO labels(account_id, type, ref, label) VALUES (1, 'addr', 'x', 'y')")


def test_new_store_is_latest_wal_foreign_keys_and_0600(tmp_path: Path) -> None:
    path = tmp_path / "new" / "coldsplit.sqlite3"
    with open_store(path) as store:
        assert store.schema_version == LATEST_VERSION
        assert store.query("PRAGMA journal_mode")[0][0] == "wal"
        assert store.query("PRAGMA foreign_keys")[0][0] == 1
        assert store.query("PRAGMA application_id")[0][0] == APPLICATION_ID
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_existing_store_with_loose_mode_is_tightened(tmp_path: Path) -> None:
    path = tmp_path / "coldsplit.sqlite3"
    open_store(path).close()
    path.chmod(0o644)
    open_store(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.parametrize("start", range(LATEST_VERSION))
def test_migrates_forward_from_every_earlier_version_keeping_data(tmp_path: Path, start: int) -> None:
    path = tmp_path / "coldsplit.sqlite3"
    _seed_rows(path, start)
    with open_store(path) as store:
        assert store.schema_version == LATEST_VERSION
        if start >= 1:
            assert store.query("SELECT name FROM cold_accounts")[0][0] == "vault"
            assert store.get_meta("created_by") == "v1"
        # the latest schema is fully usable after the upgrade
        _seed_rows_latest_only(store.path)


def _seed_rows_latest_only(path: Path) -> None:
    with open_store(path) as store, store.transaction() as db:
        db.execute(
            "INSERT INTO venue_accounts(name, venue, margin_mode, created_at) "
            "VALUES ('binance main', 'binance', 'cross', 'now')"
        )


def test_every_migration_has_a_description() -> None:
    assert all(m.description and m.sql.strip() for m in MIGRATIONS)


def test_failed_migration_leaves_the_file_at_its_old_version(tmp_path: Path) -> None:
    path = tmp_path / "coldsplit.sqlite3"
    _seed_rows(path, 1)
    with open_store(path, schema_version=1) as store, store.transaction() as db:
        db.execute("CREATE TABLE labels (clash INTEGER)")  # makes migration 2 fail
    with pytest.raises(StoreError, match=r"could not upgrade .* from schema v1 .* left at v1"):
        open_store(path)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 1
        tables = db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'venue_accounts'")
        assert tables.fetchone()[0] == 0


@pytest.mark.parametrize(
    "content",
    [b"this is not a database at all" * 100, b"SQLite format 3\x00" + b"\xff" * 4000],
    ids=["junk", "damaged-sqlite"],
)
def test_corrupt_file_is_refused_by_name_and_left_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "coldsplit.sqlite3"
    path.write_bytes(content)
    before = _digest(path)
    with pytest.raises(StoreError) as caught:
        open_store(path)
    assert str(path) in str(caught.value) and "untouched" in str(caught.value)
    assert _digest(path) == before


def test_truncated_store_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "coldsplit.sqlite3"
    _seed_rows(path, LATEST_VERSION)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    before = _digest(path)
    with pytest.raises(StoreError, match="untouched"), open_store(path) as store:
        store.query("SELECT * FROM verified_addresses")
    assert _digest(path) == before


def test_newer_schema_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "coldsplit.sqlite3"
    _seed_rows(path, LATEST_VERSION)
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    before = _digest(path)
    with pytest.raises(StoreError, match=rf"schema version {LATEST_VERSION + 1}.*upgrade ColdSplit"):
        open_store(path)
    assert _digest(path) == before


def test_another_programs_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "coldsplit.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE photos (id INTEGER)")
    with pytest.raises(StoreError, match="not a ColdSplit store"):
        open_store(path)


@pytest.mark.parametrize("secret", [XPRV, MNEMONIC, f"note: {XPRV}"])
def test_secrets_are_refused_and_never_reach_the_file(tmp_path: Path, secret: str) -> None:
    path = tmp_path / "coldsplit.sqlite3"
    with open_store(path) as store:
        with pytest.raises(StoreError, match="refusing to save"):
            store.set_meta("note", secret)
        store.set_meta("harmless", "a plain note")
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert secret.encode() not in raw
    assert XPRV.encode() not in raw


def test_first_opens_racing_each_other_all_succeed_and_migrate_once(tmp_path: Path) -> None:
    """The GUI's workers open a new store at the same moment (seen in a loaded `make test`: "could not
    upgrade … table meta already exists"); whoever waits for the write lock finds the work done."""
    path = tmp_path / "raced.sqlite3"
    openers = 8
    start = threading.Barrier(openers)
    failures: list[BaseException] = []

    def open_once() -> None:
        start.wait()
        try:
            with open_store(path) as store:
                assert store.schema_version == LATEST_VERSION
        except BaseException as exc:  # reported below, with every other opener's
            failures.append(exc)

    threads = [threading.Thread(target=open_once) for _ in range(openers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures, failures
    with open_store(path) as store:
        assert store.schema_version == LATEST_VERSION
