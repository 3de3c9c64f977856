"""API keys, secrets and passphrases of exchange accounts, kept only in the OS keyring.

One keyring entry per venue account holds the credentials as a small JSON object.
The local store only names the entry (service, user); settings, logs and error
messages never see the values: every value read or written is registered with
`app.logs.register_secret` so a log line that happens to contain it is masked.

With no usable keyring backend the app says so in plain words and keeps the
credentials in this process's memory only: they are gone when the session ends.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import ClassVar

import keyring
import keyring.backend
import keyring.errors
from keyring.backends import fail, null

from app.errors import UserError
from app.logs import register_secret

KEYRING_SERVICE = "ColdSplit exchange API"

NO_BACKEND_MESSAGE = (
    "no OS keyring is available (no Secret Service, Keychain or Credential Manager was found), "
    "so the API key is kept in memory for this session only and is forgotten when ColdSplit exits"
)

READ_ONLY_ADVICE = (
    "Create a READ-ONLY API key (no trading, no withdrawals): ColdSplit only reads balances, "
    "positions and margin tiers, and a read-only key cannot move funds if this computer is compromised."
)


class SecretsError(UserError):
    """The keyring refused an operation (locked, denied, broken)."""


@dataclass(frozen=True)
class ApiCredentials:
    """What a venue needs to sign read requests. Never printed: repr hides the values."""

    api_key: str
    secret: str = ""
    passphrase: str = ""

    def __repr__(self) -> str:
        return "ApiCredentials(<hidden>)"

    def register_for_redaction(self) -> None:
        for value in (self.api_key, self.secret, self.passphrase):
            if value:
                register_secret(value)


@dataclass(frozen=True)
class SecretRef:
    """The name of one keyring entry, as the store keeps it."""

    service: str
    user: str


class SecretStore:
    """Store, read and delete venue credentials in the OS keyring (or session memory)."""

    # Shared by every SecretStore of this process: "the session" is the process.
    _session_memory: ClassVar[dict[SecretRef, str]] = {}

    def __init__(self, backend: keyring.backend.KeyringBackend | None = None) -> None:
        self._backend = backend if backend is not None else keyring.get_keyring()

    @property
    def has_backend(self) -> bool:
        return not isinstance(self._backend, fail.Keyring | null.Keyring)

    @property
    def backend_name(self) -> str:
        if not self.has_backend:
            return "session memory (no OS keyring)"
        return f"{type(self._backend).__module__}.{type(self._backend).__name__}"

    @staticmethod
    def ref_for(venue: str, account_name: str) -> SecretRef:
        return SecretRef(KEYRING_SERVICE, f"{venue}/{account_name}")

    def store(self, ref: SecretRef, credentials: ApiCredentials) -> None:
        credentials.register_for_redaction()
        fields = {"api_key": credentials.api_key, "secret": credentials.secret}
        payload = json.dumps({**fields, "passphrase": credentials.passphrase})
        register_secret(payload)
        if not self.has_backend:
            self._session_memory[ref] = payload
            return
        try:
            self._backend.set_password(ref.service, ref.user, payload)
        except keyring.errors.KeyringError as exc:
            raise SecretsError(f"the OS keyring refused to save the API key ({_describe(exc)})") from None

    def read(self, ref: SecretRef) -> ApiCredentials | None:
        if not self.has_backend:
            payload = self._session_memory.get(ref)
        else:
            try:
                payload = self._backend.get_password(ref.service, ref.user)
            except keyring.errors.KeyringError as exc:
                raise SecretsError(f"the OS keyring refused to read the API key ({_describe(exc)})") from None
        if payload is None:
            return None
        register_secret(payload)
        credentials = _parse_payload(payload, ref)
        credentials.register_for_redaction()
        return credentials

    def delete(self, ref: SecretRef) -> bool:
        """Remove the entry; False when there was none (deleting twice is not an error)."""
        if not self.has_backend:
            return self._session_memory.pop(ref, None) is not None
        try:
            if self._backend.get_password(ref.service, ref.user) is None:
                return False
            self._backend.delete_password(ref.service, ref.user)
        except keyring.errors.PasswordDeleteError:
            return False
        except keyring.errors.KeyringError as exc:
            raise SecretsError(f"the OS keyring refused to delete the API key ({_describe(exc)})") from None
        return True


def _parse_payload(payload: str, ref: SecretRef) -> ApiCredentials:
    try:
        data = json.loads(payload)
        secret, passphrase = str(data.get("secret", "")), str(data.get("passphrase", ""))
        return ApiCredentials(str(data["api_key"]), secret, passphrase)
    except (ValueError, KeyError, TypeError):
        raise SecretsError(
            f"the keyring entry {ref.service!r}/{ref.user!r} is not a ColdSplit credential; "
            "remove the account and add it again"
        ) from None


def _describe(exc: keyring.errors.KeyringError) -> str:
    # The message of a keyring error never holds the password, but keep it to one line.
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
