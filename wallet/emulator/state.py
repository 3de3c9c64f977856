"""What the software device remembers: seed, PIN, passphrase setting, label, sessions, lock.

Everything lives in memory. Sessions follow the firmware: `Initialize` with a known
session id resumes it (and its cached passphrase), anything else starts a new one;
the device keeps a bounded number of sessions, dropping the least recently used.
"""

from __future__ import annotations

import hashlib
import random
import secrets
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass

from bip_utils import Bip39MnemonicValidator
from trezorlib.messages import SafetyCheckLevel

from wallet.emulator.keys import KeyStore

MAX_SESSIONS = 10
SESSION_ID_SIZE = 32
MAX_PIN_LENGTH = 50
DEFAULT_AUTO_LOCK_MS = 10 * 60 * 1000  # legacy config.c: 10 minutes
_KEYSTORE_CACHE = 8


class StateError(ValueError):
    """A state change the device refuses (bad mnemonic, bad PIN format)."""


@dataclass
class Session:
    """One host session: its id and the passphrase entered in it (None until asked)."""

    session_id: bytes
    passphrase: str | None = None


def bip39_seed(mnemonic: str, passphrase: str) -> bytes:
    """The BIP39 seed: PBKDF2-HMAC-SHA512, 2048 rounds, salt "mnemonic" + passphrase (NFKD)."""
    words = unicodedata.normalize("NFKD", mnemonic).encode()
    salt = ("mnemonic" + unicodedata.normalize("NFKD", passphrase)).encode()
    return hashlib.pbkdf2_hmac("sha512", words, salt, 2048)


def normalize_mnemonic(mnemonic: str, *, check: bool = True) -> str:
    """Lower-cased, single-spaced words; a StateError if the BIP39 checksum or words are wrong."""
    words = " ".join(unicodedata.normalize("NFKD", mnemonic).lower().split())
    if len(words.split()) not in (12, 15, 18, 21, 24):
        raise StateError("mnemonic must have 12, 15, 18, 21 or 24 words")
    if check and not Bip39MnemonicValidator().IsValid(words):
        raise StateError("mnemonic is not a valid BIP39 phrase (unknown word or bad checksum)")
    return words


def validate_pin(pin: str) -> str:
    if not pin.isdigit() or not 1 <= len(pin) <= MAX_PIN_LENGTH or "0" in pin:
        raise StateError(f"PIN must be 1 to {MAX_PIN_LENGTH} digits from 1 to 9")
    return pin


class DeviceState:
    """The device's memory; not thread-safe (the server runs one loop)."""

    def __init__(self) -> None:
        self.rng = random.Random(secrets.randbits(64))
        self.mnemonic: str | None = None
        self.pin: str | None = None
        self.passphrase_protection = False
        self.label: str | None = None
        self.flags = 0
        self.unlocked = True
        self.safety_checks = SafetyCheckLevel.Strict
        self.auto_lock_delay_ms = DEFAULT_AUTO_LOCK_MS
        self.homescreen = b""
        self.device_id = self._new_device_id()
        self.matrix = "123456789"
        self._sessions: OrderedDict[bytes, Session] = OrderedDict()
        self.current: Session | None = None
        self._keystores: OrderedDict[str, KeyStore] = OrderedDict()

    def _new_device_id(self) -> str:
        return self.rng.randbytes(12).hex().upper()

    @property
    def strict(self) -> bool:
        """Safety checks strict: unknown key paths are refused rather than warned about."""
        return self.safety_checks == SafetyCheckLevel.Strict

    @property
    def initialized(self) -> bool:
        return self.mnemonic is not None

    def load(
        self,
        mnemonic: str,
        *,
        pin: str | None = None,
        passphrase_protection: bool = False,
        label: str | None = None,
        skip_checksum: bool = False,
    ) -> None:
        """Set the seed and settings, as LoadDevice (debug) or the CLI does."""
        words = normalize_mnemonic(mnemonic, check=not skip_checksum)
        self.pin = validate_pin(pin) if pin else None
        self.mnemonic = words
        self.passphrase_protection = passphrase_protection
        self.label = label
        self.unlocked = self.pin is None
        self._forget_secrets()

    def wipe(self) -> None:
        self.mnemonic = None
        self.pin = None
        self.passphrase_protection = False
        self.label = None
        self.flags = 0
        self.unlocked = True
        self.safety_checks = SafetyCheckLevel.Strict
        self.auto_lock_delay_ms = DEFAULT_AUTO_LOCK_MS
        self.homescreen = b""
        self.device_id = self._new_device_id()  # the firmware makes a new one on every wipe
        self._forget_secrets()

    def _forget_secrets(self) -> None:
        self._sessions.clear()
        self.current = None
        self._keystores.clear()

    def lock(self) -> None:
        if self.pin is not None:
            self.unlocked = False
        for session in self._sessions.values():
            session.passphrase = None  # a locked device forgets cached passphrases
        self._keystores.clear()

    def start_session(self, requested: bytes | None) -> Session:
        """Resume the session `requested` if the device still has it, else open a new one."""
        if requested is not None and requested in self._sessions:
            self._sessions.move_to_end(requested)
            self.current = self._sessions[requested]
            return self.current
        session = Session(session_id=self.rng.randbytes(SESSION_ID_SIZE))
        self._sessions[session.session_id] = session
        while len(self._sessions) > MAX_SESSIONS:
            self._sessions.popitem(last=False)
        self.current = session
        return session

    def ensure_session(self) -> Session:
        return self.current if self.current is not None else self.start_session(None)

    def end_session(self) -> None:
        if self.current is not None:
            self._sessions.pop(self.current.session_id, None)
        self.current = None

    def keys(self, passphrase: str) -> KeyStore:
        """The key tree for the loaded mnemonic and `passphrase` (cached; PBKDF2 is slow-ish)."""
        if self.mnemonic is None:
            raise StateError("device is not initialized")
        cached = self._keystores.get(passphrase)
        if cached is None:
            cached = KeyStore(bip39_seed(self.mnemonic, passphrase))
            self._keystores[passphrase] = cached
            while len(self._keystores) > _KEYSTORE_CACHE:
                self._keystores.popitem(last=False)
        self._keystores.move_to_end(passphrase)
        return cached

    def scramble_matrix(self) -> str:
        """A new PIN matrix layout: the digit shown at each of the 9 positions."""
        digits = list("123456789")
        self.rng.shuffle(digits)
        self.matrix = "".join(digits)
        return self.matrix

    def decode_matrix_pin(self, positions: str) -> str | None:
        """Map the positions the host sent (1-9) to the digits shown there; None if malformed."""
        if not positions or len(positions) > MAX_PIN_LENGTH or any(c not in "123456789" for c in positions):
            return None
        return "".join(self.matrix[int(c) - 1] for c in positions)

    def reseed(self, value: int) -> None:
        """DebugLinkReseedRandom: make the matrix and session ids reproducible."""
        self.rng.seed(value)
