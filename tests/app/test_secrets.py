"""Credentials in the real OS keyring (Secret Service) and the no-backend path."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator

import keyring
import pytest
from keyring.backends import fail

from app.logs import RedactingFilter
from app.secrets import KEYRING_SERVICE, ApiCredentials, SecretRef, SecretsError, SecretStore

needs_secret_service = pytest.mark.os_keyring  # tests/conftest.py: skipped loudly, or must run


@pytest.fixture
def fresh_ref() -> Iterator[SecretRef]:
    ref = SecretStore.ref_for("binance", f"test-{uuid.uuid4().hex[:8]}")
    yield ref
    SecretStore._session_memory.pop(ref, None)


@needs_secret_service
def test_secret_service_store_read_delete(fresh_ref: SecretRef) -> None:
    store = SecretStore()
    assert store.has_backend, store.backend_name
    assert "SecretService" in store.backend_name
    creds = ApiCredentials("key-abc123", "secret-xyz789", "pass-phrase-1")
    store.store(fresh_ref, creds)
    # A second, independent client of the Secret Service sees the entry: it really is in the keyring.
    raw = keyring.get_keyring().get_password(KEYRING_SERVICE, fresh_ref.user)
    assert raw is not None and "secret-xyz789" in raw
    assert store.read(fresh_ref) == creds
    assert store.delete(fresh_ref) is True
    assert store.read(fresh_ref) is None
    assert keyring.get_keyring().get_password(KEYRING_SERVICE, fresh_ref.user) is None
    assert store.delete(fresh_ref) is False


@needs_secret_service
def test_secret_service_entry_that_is_not_ours_is_a_clear_error(fresh_ref: SecretRef) -> None:
    keyring.get_keyring().set_password(fresh_ref.service, fresh_ref.user, "not json")
    try:
        with pytest.raises(SecretsError, match="not a ColdSplit credential"):
            SecretStore().read(fresh_ref)
    finally:
        keyring.get_keyring().delete_password(fresh_ref.service, fresh_ref.user)


def test_no_backend_keeps_credentials_in_session_memory_only(fresh_ref: SecretRef) -> None:
    store = SecretStore(fail.Keyring())
    assert not store.has_backend
    assert "no OS keyring" in store.backend_name
    creds = ApiCredentials("k-session", "s-session-secret")
    store.store(fresh_ref, creds)
    # Another store object of the same process (same session) reads it back.
    assert SecretStore(fail.Keyring()).read(fresh_ref) == creds
    assert store.delete(fresh_ref) is True
    assert store.read(fresh_ref) is None


def test_credentials_never_show_in_repr_and_are_redacted_from_logs(fresh_ref: SecretRef) -> None:
    creds = ApiCredentials("visible-api-key-1", "very-secret-value-2", "passphrase-3")
    assert "very-secret" not in repr(creds)
    SecretStore(fail.Keyring()).store(fresh_ref, creds)
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "sent %s", ("very-secret-value-2",), None)
    RedactingFilter(debug=True).filter(record)
    assert "very-secret-value-2" not in record.getMessage()
