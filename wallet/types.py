"""The value types every layer shares: network, script type, key path, extended key.

This is the one home of these values. The settings, the store, the CLI, the GUI, the
wallet, the device drivers and the software device all use these very classes, so a
value never has to be converted between look-alike enums by its string, and a path is
parsed once at the edge and then travels as a `KeyPath`, never as text again.

It sits at the bottom of the layers (`wallet` may be imported by `app` and `ui`) and
imports only the standard library at load time: `app.settings` and the CLI's start
import it, so bip-utils (base58 and the curve check of an extended key) is loaded only
when an extended key is actually read or written. `tests/test_value_types_home.py`
keeps any other module from defining these values again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Self

if TYPE_CHECKING:
    from bip_utils import Bip32Secp256k1

HARDENED = 0x8000_0000  # BIP32: child numbers from 2^31 up are hardened
MAX_UNHARDENED = HARDENED - 1  # the largest child number that is not hardened
_STEP = re.compile(r"^([0-9]+)(['hH]?)$")  # ASCII digits only


class KeyInputError(ValueError):
    """A network, script type, path, fingerprint or extended key typed or pasted is not valid."""


class Network(StrEnum):
    """A Bitcoin network; the value is what settings, the store and the command line write."""

    MAINNET = "mainnet"
    TESTNET = "testnet"
    SIGNET = "signet"
    REGTEST = "regtest"

    @property
    def is_test(self) -> bool:
        return self is not Network.MAINNET

    @property
    def coin_type(self) -> int:
        """BIP44 coin type (SLIP-44): 0 for bitcoin, 1 for every test network."""
        return 1 if self.is_test else 0

    @property
    def bech32_hrp(self) -> str:
        # BIP173: "bc" mainnet, "tb" testnet and signet; "bcrt" is Bitcoin Core's regtest prefix.
        return {"mainnet": "bc", "testnet": "tb", "signet": "tb", "regtest": "bcrt"}[self.value]

    @property
    def p2pkh_version(self) -> bytes:
        return b"\x00" if not self.is_test else b"\x6f"

    @property
    def p2sh_version(self) -> bytes:
        return b"\x05" if not self.is_test else b"\xc4"

    @classmethod
    def parse(cls, text: str) -> Network:
        try:
            return cls(text.strip().lower())
        except ValueError:
            names = ", ".join(n.value for n in cls)
            raise KeyInputError(f"unknown network {text!r}; choose one of {names}") from None


class ScriptType(StrEnum):
    """The single-key script types an account (and a device) uses, named as in descriptors."""

    PKH = "pkh"  # BIP44, legacy p2pkh
    SH_WPKH = "sh(wpkh)"  # BIP49, nested segwit
    WPKH = "wpkh"  # BIP84, native segwit
    TR = "tr"  # BIP86, taproot key path

    @property
    def purpose(self) -> int:
        return {"pkh": 44, "sh(wpkh)": 49, "wpkh": 84, "tr": 86}[self.value]

    @classmethod
    def parse(cls, text: str) -> ScriptType:
        cleaned = text.strip().lower()
        try:
            return cls(_SCRIPT_ALIASES.get(cleaned, cleaned))
        except ValueError:
            raise KeyInputError(
                f"unknown script type {text!r}; choose one of pkh, sh-wpkh, wpkh, tr"
            ) from None


# The spellings people and other tools use: HWI's, BIP numbers, and "legacy"/"taproot".
_SCRIPT_ALIASES = {
    "p2pkh": "pkh",
    "legacy": "pkh",
    "bip44": "pkh",
    "sh-wpkh": "sh(wpkh)",
    "sh_wpkh": "sh(wpkh)",
    "p2sh-p2wpkh": "sh(wpkh)",
    "bip49": "sh(wpkh)",
    "p2wpkh": "wpkh",
    "bip84": "wpkh",
    "p2tr": "tr",
    "taproot": "tr",
    "bip86": "tr",
}


class KeyPath(tuple[int, ...]):
    """A BIP32 path as child numbers (hardened ones have bit 31 set); a tuple, so it compares,
    hashes and slices like one, and `str()` gives ``m/84h/0h/0h``."""

    __slots__ = ()

    def __new__(cls, steps: Iterable[int] = ()) -> Self:
        path = super().__new__(cls, steps)
        if any(not isinstance(n, int) or not 0 <= n < 2**32 for n in path):
            raise KeyInputError(f"a key path step is a number in [0, 2^32): {tuple(path)!r}")
        return path

    @classmethod
    def parse(cls, text: str, *, require_root: bool = False) -> Self:
        """``m/84h/0h/0h`` (``'`` or ``H`` also mark hardened); ``m/`` is optional unless
        `require_root`, as a device's path must say where it starts."""
        cleaned = text.strip()
        if cleaned in ("m", "M") or (cleaned == "" and not require_root):
            return cls()
        steps = cleaned.split("/")
        if steps[0] in ("m", "M"):
            steps = steps[1:]
        elif require_root:
            raise KeyInputError(f"a derivation path starts with m/: {text!r}")
        numbers = []
        for step in steps:
            match = _STEP.match(step)
            if not match or int(match.group(1)) >= HARDENED:
                raise KeyInputError(
                    f"bad key path {text!r}: step {step!r} is not a number below 2^31 (h = hardened)"
                )
            numbers.append(int(match.group(1)) | (HARDENED if match.group(2) else 0))
        return cls(numbers)

    def format(self, *, prefix: str = "m", marker: str = "h") -> str:
        steps = [f"{n & ~HARDENED}{marker}" if n & HARDENED else str(n) for n in self]
        return "/".join([prefix, *steps]) if prefix else "/".join(steps)

    def __str__(self) -> str:
        return self.format()

    def __repr__(self) -> str:
        return f"KeyPath.parse({self.format()!r})"

    def child(self, *steps: int) -> KeyPath:
        return KeyPath((*self, *steps))

    @property
    def unhardened(self) -> tuple[int, ...]:
        """The step numbers without the hardened bit (84h/0h/0h → 84, 0, 0)."""
        return tuple(n & ~HARDENED for n in self)


def format_path(path: Iterable[int], *, prefix: str = "m", marker: str = "h") -> str:
    """Write child numbers held as a plain tuple (a PSBT's claim, a device's reply) as a path."""
    return KeyPath(path).format(prefix=prefix, marker=marker)


def parse_fingerprint(text: str) -> bytes:
    cleaned = text.strip().lower()
    if not re.fullmatch(r"[0-9a-f]{8}", cleaned):
        raise KeyInputError(f"bad master fingerprint {text!r}: expected 8 hex digits, e.g. 5c9e228d")
    return bytes.fromhex(cleaned)


@dataclass(frozen=True)
class KeyOrigin:
    """Where a key comes from: its wallet's master fingerprint and the path below it."""

    fingerprint: bytes
    path: KeyPath

    def __str__(self) -> str:
        """The descriptor form, ``[5c9e228d/84h/0h/0h]``."""
        return "[" + self.fingerprint.hex() + self.path.format()[1:] + "]"


# SLIP-132 (https://github.com/satoshilabs/slips/blob/master/slip-0132.md): the 4 version
# bytes of an extended key say its network and, for y/z/u/v, the script it is used with.
_PUBLIC_VERSIONS: dict[bytes, tuple[bool, ScriptType | None]] = {
    bytes.fromhex("0488b21e"): (False, None),  # xpub
    bytes.fromhex("049d7cb2"): (False, ScriptType.SH_WPKH),  # ypub
    bytes.fromhex("04b24746"): (False, ScriptType.WPKH),  # zpub
    bytes.fromhex("043587cf"): (True, None),  # tpub
    bytes.fromhex("044a5262"): (True, ScriptType.SH_WPKH),  # upub
    bytes.fromhex("045f1cf6"): (True, ScriptType.WPKH),  # vpub
}
_MULTISIG_VERSIONS = {"0295b43f": "Ypub", "02aa7ed3": "Zpub", "024289ef": "Upub", "02575483": "Vpub"}
_PRIVATE_VERSIONS = {"0488ade4", "04358394", "049d7878", "04b2430c", "044a4e28", "045f18bc"}
MAINNET_XPUB = bytes.fromhex("0488b21e")
TESTNET_TPUB = bytes.fromhex("043587cf")


@dataclass(frozen=True)
class ExtendedPublicKey:
    """A BIP32 extended public key, independent of its SLIP-132 prefix."""

    depth: int
    parent_fingerprint: bytes
    child_number: int
    chain_code: bytes
    public_key: bytes
    is_test: bool
    implied_script: ScriptType | None  # from a SLIP-132 y/z/u/v prefix, else None
    origin: KeyOrigin | None = None  # where the key sits, when known (a device says so)

    def with_origin(self, origin: KeyOrigin) -> ExtendedPublicKey:
        if len(origin.path) != self.depth:
            raise KeyInputError(
                f"the key sits at depth {self.depth} but its origin {origin} has {len(origin.path)} steps"
            )
        return replace(self, origin=origin)

    @property
    def descriptor_key(self) -> str:
        """The key as a descriptor writes it, ``[5c9e228d/84h/0h/0h]xpub…`` (the origin is needed)."""
        if self.origin is None:
            raise KeyInputError("this extended key has no known origin (fingerprint and path)")
        return f"{self.origin}{self.to_base58()}"

    def to_base58(self, *, test: bool | None = None) -> str:
        """Serialise as xpub (mainnet) or tpub (test networks), the forms descriptors use."""
        from bip_utils import Base58Encoder

        version = TESTNET_TPUB if (self.is_test if test is None else test) else MAINNET_XPUB
        payload = (
            version
            + bytes([self.depth])
            + self.parent_fingerprint
            + self.child_number.to_bytes(4, "big")
            + self.chain_code
            + self.public_key
        )
        return str(Base58Encoder.CheckEncode(payload))

    def bip32_node(self) -> Bip32Secp256k1:
        """The bip-utils node for this key (bip-utils wants the mainnet version bytes)."""
        from bip_utils import Bip32Secp256k1

        return Bip32Secp256k1.FromExtendedKey(self.to_base58(test=False))

    @classmethod
    def parse(cls, text: str) -> ExtendedPublicKey:
        """Decode an xpub/ypub/zpub/tpub/upub/vpub; refuse private keys and multisig prefixes."""
        cleaned = text.strip()
        raw = _decode_base58(cleaned)
        version = raw[:4]
        if version.hex() in _PRIVATE_VERSIONS:
            raise KeyInputError("that is an extended PRIVATE key; never type it anywhere — use the xpub")
        if version.hex() in _MULTISIG_VERSIONS:
            raise KeyInputError(
                f"{_MULTISIG_VERSIONS[version.hex()]} keys are for multisig, which is not supported"
            )
        if version not in _PUBLIC_VERSIONS:
            raise KeyInputError(f"extended key {_short(cleaned)} has unknown version bytes {version.hex()}")
        is_test, implied = _PUBLIC_VERSIONS[version]
        child_number = int.from_bytes(raw[9:13], "big")
        key = cls(raw[4], raw[5:9], child_number, raw[13:45], raw[45:78], is_test, implied)
        try:
            key.bip32_node()
        except Exception:  # bip-utils raises several types for a point off the curve
            raise KeyInputError(f"extended key {_short(cleaned)} does not hold a valid public key") from None
        return key


def _decode_base58(cleaned: str) -> bytes:
    from bip_utils import Base58ChecksumError, Base58Decoder

    try:
        raw = bytes(Base58Decoder.CheckDecode(cleaned))
    except Base58ChecksumError:
        raise KeyInputError(f"extended key {_short(cleaned)} has a bad checksum (mistyped?)") from None
    except (ValueError, TypeError):
        raise KeyInputError(f"extended key {_short(cleaned)} is not base58 text") from None
    if len(raw) != 78:
        raise KeyInputError(f"extended key {_short(cleaned)} is {len(raw)} bytes long, not 78")
    return raw


def _short(text: str) -> str:
    return repr(text if len(text) <= 16 else f"{text[:8]}…{text[-4:]}")
