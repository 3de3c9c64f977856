"""Fixtures for the venue tests: a real store file and a session-memory secret store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from keyring.backends import fail

from app.secrets import SecretStore
from app.store import Store, open_store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "coldsplit.sqlite3") as opened:
        yield opened


@pytest.fixture
def secrets() -> Iterator[SecretStore]:
    """Credentials kept in session memory (the keyring itself is tested in tests/app/test_secrets.py)."""
    yield SecretStore(fail.Keyring())
    SecretStore._session_memory.clear()
