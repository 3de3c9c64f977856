"""Output descriptors for PublicKey.descriptor, as the firmware formats them.

Format from trezor-firmware legacy/firmware/crypto.c `descriptor_format` (python/v0.20.2):
`<type>([<root fingerprint>/<path with h>]<xpub>/<0;1>/*)#<checksum>`; types pkh, sh(wpkh,
wpkh and tr; other script types have none. The checksum is BIP380's (8 characters from a
BCH code over the descriptor characters), implemented here from the BIP's specification.
"""

from __future__ import annotations

from collections.abc import Sequence

from trezorlib import messages

from wallet.types import HARDENED

S = messages.InputScriptType
_WRAPPERS = {
    S.SPENDADDRESS: ("pkh(", ")"),
    S.SPENDP2SHWITNESS: ("sh(wpkh(", "))"),
    S.SPENDWITNESS: ("wpkh(", ")"),
    S.SPENDTAPROOT: ("tr(", ")"),
}
# BIP380: the characters a descriptor may use, in the order the checksum groups them
_INPUT_CHARSET = (
    "0123456789()[],'/*abcdefgh@:$%{}IJKLMNOPQRSTUVWXYZ&+-.;<=>?!^_|~ijklmnopqrstuvwxyzABCDEFGH`#\"\\ "
)
_CHECKSUM_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_GENERATOR = (0xF5DEE51989, 0xA9FDCA3312, 0x1BAB10E32D, 0x3706B1677A, 0x644D626FFD)


def _polymod(checksum: int, value: int) -> int:
    top = checksum >> 35
    checksum = (checksum & 0x7FFFFFFFF) << 5 ^ value
    for bit, generator in enumerate(_GENERATOR):
        if (top >> bit) & 1:
            checksum ^= generator
    return checksum


def checksum(descriptor: str) -> str:
    """The 8-character BIP380 checksum of a descriptor (ValueError on a character outside the set)."""
    value, groups, pending = 1, 0, 0
    for char in descriptor:
        position = _INPUT_CHARSET.find(char)
        if position < 0:
            raise ValueError(f"character {char!r} cannot appear in a descriptor")
        value = _polymod(value, position & 31)
        groups = groups * 3 + (position >> 5)
        pending += 1
        if pending == 3:
            value = _polymod(value, groups)
            groups, pending = 0, 0
    if pending:
        value = _polymod(value, groups)
    for _ in range(8):
        value = _polymod(value, 0)
    value ^= 1
    return "".join(_CHECKSUM_CHARSET[(value >> (5 * (7 - i))) & 31] for i in range(8))


def account_descriptor(script_type: S, root_fingerprint: int, path: Sequence[int], xpub: str) -> str | None:
    """The descriptor of the account at `path` (receive and change chains), or None for other types."""
    wrapper = _WRAPPERS.get(script_type)
    if wrapper is None:
        return None
    steps = "".join(f"/{i & ~HARDENED}h" if i & HARDENED else f"/{i}" for i in path)
    opening, closing = wrapper
    body = f"{opening}[{root_fingerprint:08x}{steps}]{xpub}/<0;1>/*{closing}"
    return f"{body}#{checksum(body)}"
