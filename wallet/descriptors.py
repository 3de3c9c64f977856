"""Output descriptors (BIP380-386) for single-key accounts: pkh, sh(wpkh), wpkh and tr.

An account is an xpub with its key origin ``[fingerprint/path]``; its receive and
change chains are ``/0/*`` and ``/1/*`` (written together as ``/<0;1>/*``, BIP389).
Descriptors are written with ``h`` for hardened steps and always carry a checksum.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from wallet.types import (
    HARDENED,
    ExtendedPublicKey,
    KeyInputError,
    KeyPath,
    Network,
    ScriptType,
    parse_fingerprint,
)


class DescriptorError(KeyInputError):
    """A descriptor or account definition is malformed or inconsistent."""


# --- BIP380 checksum ------------------------------------------------------------------
# The definition (character set, generator constants, polymod over GF(32)) is from BIP380,
# https://github.com/bitcoin/bips/blob/master/bip-0380.mediawiki#checksum — not crypto,
# an error-detecting code like bech32's.
_INPUT_CHARSET = (
    "0123456789()[],'/*abcdefgh@:$%{}IJKLMNOPQRSTUVWXYZ&+-.;<=>?!^_|~ijklmnopqrstuvwxyzABCDEFGH`#\"\\ "
)
_CHECKSUM_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_GENERATOR = (0xF5DEE51989, 0xA9FDCA3312, 0x1BAB10E32D, 0x3706B1677A, 0x644D626FFD)


def _polymod(symbols: list[int]) -> int:
    checksum = 1
    for value in symbols:
        top = checksum >> 35
        checksum = ((checksum & 0x7FFFFFFFF) << 5) ^ value
        for bit, generator in enumerate(_GENERATOR):
            if (top >> bit) & 1:
                checksum ^= generator
    return checksum


def _expand(text: str) -> list[int]:
    symbols: list[int] = []
    groups: list[int] = []
    for char in text:
        position = _INPUT_CHARSET.find(char)
        if position < 0:
            raise DescriptorError(f"descriptor contains a character descriptors do not allow: {char!r}")
        symbols.append(position & 31)
        groups.append(position >> 5)
        if len(groups) == 3:
            symbols.append(groups[0] * 9 + groups[1] * 3 + groups[2])
            groups = []
    if len(groups) == 1:
        symbols.append(groups[0])
    elif len(groups) == 2:
        symbols.append(groups[0] * 3 + groups[1])
    return symbols


def descriptor_checksum(descriptor: str) -> str:
    """The 8-character BIP380 checksum of a descriptor written without ``#…``."""
    value = _polymod([*_expand(descriptor), 0, 0, 0, 0, 0, 0, 0, 0]) ^ 1
    return "".join(_CHECKSUM_CHARSET[(value >> (5 * (7 - i))) & 31] for i in range(8))


def with_checksum(descriptor: str) -> str:
    return f"{descriptor}#{descriptor_checksum(descriptor)}"


def split_checksum(text: str) -> str:
    """Return the descriptor without its checksum, refusing a checksum that does not match."""
    body, hash_sign, checksum = text.strip().partition("#")
    if hash_sign and checksum != descriptor_checksum(body):
        raise DescriptorError(
            f"descriptor checksum #{checksum} does not match (expected #{descriptor_checksum(body)}); "
            "it was altered or mistyped"
        )
    return body


# --- accounts -------------------------------------------------------------------------


@dataclass(frozen=True)
class AccountDescriptor:
    """One single-key account: script kind, network, key origin and account xpub."""

    kind: ScriptType
    network: Network
    fingerprint: bytes
    origin_path: KeyPath
    xpub: ExtendedPublicKey

    def __post_init__(self) -> None:
        if not isinstance(self.origin_path, KeyPath):  # a plain tuple of child numbers is taken too
            object.__setattr__(self, "origin_path", KeyPath(self.origin_path))

    @property
    def fingerprint_hex(self) -> str:
        return self.fingerprint.hex()

    def key_expression(self, chain: str) -> str:
        origin = self.origin_path.format(prefix=self.fingerprint.hex())
        key = self.xpub.to_base58(test=self.network.is_test)
        return f"[{origin}]{key}/{chain}/*"

    def _wrap(self, key: str) -> str:
        return f"sh(wpkh({key}))" if self.kind is ScriptType.SH_WPKH else f"{self.kind.value}({key})"

    def descriptor(self, *, change: bool = False) -> str:
        """The receive (``/0/*``) or change (``/1/*``) descriptor, with checksum."""
        return with_checksum(self._wrap(self.key_expression("1" if change else "0")))

    def multipath_descriptor(self) -> str:
        """Both chains in one BIP389 descriptor, ``…/<0;1>/*``, with checksum."""
        return with_checksum(self._wrap(self.key_expression("<0;1>")))

    def full_path(self, change: bool, index: int) -> KeyPath:
        return self.origin_path.child(1 if change else 0, index)

    def relative_path(self, full_path: tuple[int, ...]) -> tuple[bool, int] | None:
        """(change, index) if `full_path` lies on this account's receive or change chain."""
        n = len(self.origin_path)
        if len(full_path) != n + 2 or full_path[:n] != self.origin_path:
            return None
        chain, index = full_path[n], full_path[n + 1]
        if chain not in (0, 1) or index & HARDENED:
            return None
        return chain == 1, index


def build_account(
    xpub_text: str,
    fingerprint: str,
    path: str,
    network: Network,
    kind: ScriptType | None = None,
) -> AccountDescriptor:
    """An account from an exported xpub (any SLIP-132 prefix), its fingerprint and path."""
    xpub = ExtendedPublicKey.parse(xpub_text)
    origin = KeyPath.parse(path)
    chosen = _choose_kind(kind, xpub, origin)
    return _checked_account(chosen, network, parse_fingerprint(fingerprint), origin, xpub)


def account_from_key(
    key: ExtendedPublicKey, network: Network, kind: ScriptType | None = None
) -> AccountDescriptor:
    """An account from a key whose origin is known (a device's answer), without writing and
    parsing it again as text."""
    if key.origin is None:
        raise DescriptorError("an account needs the key's origin (master fingerprint and path)")
    origin = key.origin
    chosen = _choose_kind(kind, key, origin.path)
    return _checked_account(chosen, network, origin.fingerprint, origin.path, key)


def _choose_kind(kind: ScriptType | None, xpub: ExtendedPublicKey, origin: KeyPath) -> ScriptType:
    implied = ScriptType(xpub.implied_script) if xpub.implied_script else None
    if kind is not None and implied is not None and kind is not implied:
        raise DescriptorError(
            f"the key's SLIP-132 prefix means {implied.value}, but the script type given is {kind.value}"
        )
    purpose_kinds = {k.purpose | HARDENED: k for k in ScriptType}
    from_path = purpose_kinds.get(origin[0]) if origin else None
    chosen = kind or implied or from_path
    if chosen is None:
        raise DescriptorError(
            "cannot tell the script type of an xpub/tpub: give it (pkh, sh(wpkh), wpkh, tr)"
        )
    return chosen


def _checked_account(
    kind: ScriptType,
    network: Network,
    fingerprint: bytes,
    origin: KeyPath,
    xpub: ExtendedPublicKey,
) -> AccountDescriptor:
    if xpub.is_test != network.is_test:
        key_net = "a test network" if xpub.is_test else "mainnet"
        raise DescriptorError(f"the extended key is for {key_net}, but the network is {network.value}")
    if xpub.depth != len(origin):
        raise DescriptorError(
            f"the key sits at depth {xpub.depth} but the path {origin} has {len(origin)} "
            "steps; the path or the key is wrong"
        )
    standard_purposes = {k.purpose | HARDENED for k in ScriptType}
    if origin and origin[0] in standard_purposes:
        if origin[0] != kind.purpose | HARDENED:
            raise DescriptorError(
                f"path {origin} is a BIP{origin[0] & ~HARDENED} path, but {kind.value} "
                f"accounts use m/{kind.purpose}h/…"
            )
        if len(origin) >= 2 and origin[1] != network.coin_type | HARDENED:
            raise DescriptorError(
                f"path {origin} has coin type {origin[1] & ~HARDENED}h, but {network.value} "
                f"uses {network.coin_type}h"
            )
    # The SLIP-132 prefix has served its purpose (choosing the kind); the account keeps the key only.
    return AccountDescriptor(
        kind, network, fingerprint, origin, dataclasses.replace(xpub, implied_script=None, origin=None)
    )


_WRAPPERS: tuple[tuple[str, str, ScriptType], ...] = (
    ("sh(wpkh(", "))", ScriptType.SH_WPKH),
    ("wpkh(", ")", ScriptType.WPKH),
    ("pkh(", ")", ScriptType.PKH),
    ("tr(", ")", ScriptType.TR),
)
_KEY = re.compile(r"^\[([0-9a-fA-F]{8})((?:/\d+['hH]?)*)\]([1-9A-HJ-NP-Za-km-z]+)/(<0;1>|0|1)/\*$")


def parse_account_descriptor(text: str, network: Network) -> AccountDescriptor:
    """Import a descriptor exported by another wallet.

    Accepts one multipath descriptor (``/<0;1>/*``), one receive descriptor (``/0/*``;
    change is then ``/1/*``), or the receive and change pair on two lines.
    """
    parts = text.split()
    if not parts or len(parts) > 2:
        raise DescriptorError("give one descriptor, or the receive and change descriptors on two lines")
    parsed = [_parse_single(part, network) for part in parts]
    (account, chain), *rest = parsed
    if rest:
        other, other_chain = rest[0]
        if other != account or {chain, other_chain} != {"0", "1"}:
            raise DescriptorError(
                "the two descriptors are not the receive (/0/*) and change (/1/*) of one account"
            )
    elif chain == "1":
        raise DescriptorError("that is a change descriptor (/1/*); give the receive one (/0/*) or /<0;1>/*")
    return account


def _parse_single(text: str, network: Network) -> tuple[AccountDescriptor, str]:
    body = split_checksum(text)
    if re.search(r"[xyzuvt]prv", body):
        raise DescriptorError("the descriptor holds a PRIVATE key; export the public descriptor instead")
    wrapper = next((w for w in _WRAPPERS if body.startswith(w[0]) and body.endswith(w[1])), None)
    if wrapper is None:
        raise DescriptorError(
            f"unsupported descriptor {_short(body)}: expected pkh(), sh(wpkh()), wpkh() or tr()"
        )
    prefix, suffix, kind = wrapper
    inner = body[len(prefix) : -len(suffix)]
    if not inner.startswith("["):
        raise DescriptorError(
            "the descriptor has no key origin [fingerprint/path]; a device cannot sign without it"
        )
    match = _KEY.match(inner)
    if not match:
        raise DescriptorError(
            f"unsupported key expression {_short(inner)}: expected [fingerprint/path]xpub/<0;1>/* (or /0/*)"
        )
    fingerprint, path, key, chain = match.groups()
    xpub = ExtendedPublicKey.parse(key)
    if xpub.implied_script:
        raise DescriptorError("descriptors must use xpub/tpub keys, not SLIP-132 ypub/zpub forms")
    account = _checked_account(kind, network, bytes.fromhex(fingerprint), KeyPath.parse("m" + path), xpub)
    return account, chain


def _short(text: str) -> str:
    return repr(text if len(text) <= 40 else f"{text[:30]}…{text[-6:]}")
