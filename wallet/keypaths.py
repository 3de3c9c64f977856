"""BIP32 key paths and extended public keys (with SLIP-132 version bytes) as plain data.

Only parsing and formatting lives here: base58check comes from bip-utils, and every key
is checked to be a valid curve point by bip-utils before it is accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bip_utils import Base58ChecksumError, Base58Decoder, Base58Encoder, Bip32Secp256k1

HARDENED = 0x8000_0000
_STEP = re.compile(r"^(\d+)(['hH]?)$")


class KeyInputError(ValueError):
    """A path, fingerprint or extended key typed or pasted by the user is not valid."""


def parse_path(text: str) -> tuple[int, ...]:
    """Parse ``m/84h/0h/0h`` (or ``84'/0'/0'``) into child numbers; hardened ones have bit 31 set."""
    cleaned = text.strip()
    if cleaned in ("", "m"):
        return ()
    steps = cleaned.split("/")
    if steps[0] == "m":
        steps = steps[1:]
    path: list[int] = []
    for step in steps:
        match = _STEP.match(step)
        if not match or int(match.group(1)) >= HARDENED:
            raise KeyInputError(
                f"bad key path {text!r}: step {step!r} is not a number below 2^31 (h = hardened)"
            )
        path.append(int(match.group(1)) | (HARDENED if match.group(2) else 0))
    return tuple(path)


def format_path(path: tuple[int, ...], *, prefix: str = "m", marker: str = "h") -> str:
    steps = [f"{n & ~HARDENED}{marker}" if n & HARDENED else str(n) for n in path]
    return "/".join([prefix, *steps]) if prefix else "/".join(steps)


def parse_fingerprint(text: str) -> bytes:
    cleaned = text.strip().lower()
    if not re.fullmatch(r"[0-9a-f]{8}", cleaned):
        raise KeyInputError(f"bad master fingerprint {text!r}: expected 8 hex digits, e.g. 5c9e228d")
    return bytes.fromhex(cleaned)


# SLIP-132 (https://github.com/satoshilabs/slips/blob/master/slip-0132.md): the 4 version
# bytes of an extended key say its network and, for y/z/u/v, the script it is used with.
_PUBLIC_VERSIONS: dict[bytes, tuple[str, bool, str | None]] = {
    bytes.fromhex("0488b21e"): ("xpub", False, None),
    bytes.fromhex("049d7cb2"): ("ypub", False, "sh(wpkh)"),
    bytes.fromhex("04b24746"): ("zpub", False, "wpkh"),
    bytes.fromhex("043587cf"): ("tpub", True, None),
    bytes.fromhex("044a5262"): ("upub", True, "sh(wpkh)"),
    bytes.fromhex("045f1cf6"): ("vpub", True, "wpkh"),
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
    implied_script: str | None  # from a SLIP-132 y/z/u/v prefix, else None

    def to_base58(self, *, test: bool | None = None) -> str:
        """Serialise as xpub (mainnet) or tpub (test networks), the forms descriptors use."""
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
        return Bip32Secp256k1.FromExtendedKey(self.to_base58(test=False))


def parse_extended_public_key(text: str) -> ExtendedPublicKey:
    """Decode an xpub/ypub/zpub/tpub/upub/vpub; refuse private keys and multisig prefixes."""
    cleaned = text.strip()
    try:
        raw = bytes(Base58Decoder.CheckDecode(cleaned))
    except Base58ChecksumError:
        raise KeyInputError(f"extended key {_short(cleaned)} has a bad checksum (mistyped?)") from None
    except (ValueError, TypeError):
        raise KeyInputError(f"extended key {_short(cleaned)} is not base58 text") from None
    if len(raw) != 78:
        raise KeyInputError(f"extended key {_short(cleaned)} is {len(raw)} bytes long, not 78")
    version = raw[:4]
    if version.hex() in _PRIVATE_VERSIONS:
        raise KeyInputError("that is an extended PRIVATE key; never type it anywhere — use the xpub")
    if version.hex() in _MULTISIG_VERSIONS:
        raise KeyInputError(
            f"{_MULTISIG_VERSIONS[version.hex()]} keys are for multisig, which is not supported"
        )
    if version not in _PUBLIC_VERSIONS:
        raise KeyInputError(f"extended key {_short(cleaned)} has unknown version bytes {version.hex()}")
    _, is_test, implied = _PUBLIC_VERSIONS[version]
    key = ExtendedPublicKey(
        depth=raw[4],
        parent_fingerprint=raw[5:9],
        child_number=int.from_bytes(raw[9:13], "big"),
        chain_code=raw[13:45],
        public_key=raw[45:78],
        is_test=is_test,
        implied_script=implied,
    )
    try:
        key.bip32_node()
    except Exception:  # bip-utils raises several types for a point off the curve
        raise KeyInputError(f"extended key {_short(cleaned)} does not hold a valid public key") from None
    return key


def _short(text: str) -> str:
    return repr(text if len(text) <= 16 else f"{text[:8]}…{text[-4:]}")
