"""Key origins a PSBT claims, output script types, and the proof that a key is ours.

A PSBT's BIP32 derivation fields are claims made by whoever built it. A key is only
*ours* when deriving the claimed path from our account's xpub gives that very key
and the script it locks (both libraries agreeing on the address) is the script in
the transaction. Anything less — a matching fingerprint alone — proves nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from wallet.addresses import derive_address, script_pubkey_of
from wallet.descriptors import AccountDescriptor
from wallet.psbt.codec import Reader
from wallet.psbt.fields import I, O
from wallet.psbt.model import PsbtMap
from wallet.types import KeyPath, ScriptType


class OutputTemplate(StrEnum):
    """The standard template an output script follows (any script, not only ours)."""

    P2PKH = "p2pkh"
    P2SH = "p2sh"
    P2WPKH = "p2wpkh"
    P2WSH = "p2wsh"
    P2TR = "p2tr"
    OP_RETURN = "op_return"
    OTHER = "other"


def output_template(script: bytes) -> OutputTemplate:
    """Classify an output script by its standard template (BIP16, BIP141, BIP341)."""
    if len(script) == 25 and script[:3] == b"\x76\xa9\x14" and script[23:] == b"\x88\xac":
        return OutputTemplate.P2PKH
    if len(script) == 23 and script[:2] == b"\xa9\x14" and script[22] == 0x87:
        return OutputTemplate.P2SH
    if len(script) == 22 and script[:2] == b"\x00\x14":
        return OutputTemplate.P2WPKH
    if len(script) == 34 and script[:2] == b"\x00\x20":
        return OutputTemplate.P2WSH
    if len(script) == 34 and script[:2] == b"\x51\x20":
        return OutputTemplate.P2TR
    if script[:1] == b"\x6a":
        return OutputTemplate.OP_RETURN
    return OutputTemplate.OTHER


@dataclass(frozen=True)
class KeyOriginClaim:
    """`public_key` (33 bytes, or 32 for taproot x-only) claims to be at `fingerprint`/`path`."""

    public_key: bytes
    fingerprint: bytes
    path: KeyPath

    @property
    def path_text(self) -> str:
        return str(self.path)


def _origin(value: bytes) -> tuple[bytes, KeyPath]:
    steps = tuple(int.from_bytes(value[i : i + 4], "little") for i in range(4, len(value), 4))
    return value[:4], KeyPath(steps)


def key_origin_claims(psbt_map: PsbtMap, *, is_input: bool) -> list[KeyOriginClaim]:
    """The BIP32 derivations of a map; for taproot only key-path ones (no leaf hashes)."""
    ecdsa_type = I.BIP32_DERIVATION if is_input else O.BIP32_DERIVATION
    tap_type = I.TAP_BIP32_DERIVATION if is_input else O.TAP_BIP32_DERIVATION
    claims = [KeyOriginClaim(r.key_data, *_origin(r.value)) for r in psbt_map.all(ecdsa_type)]
    for record in psbt_map.all(tap_type):
        reader = Reader(record.value, "a taproot key origin")
        leaf_hashes = reader.compact_size()
        reader.read(32 * leaf_hashes)
        if leaf_hashes == 0:
            claims.append(KeyOriginClaim(record.key_data, *_origin(reader.read(reader.remaining))))
    return claims


@dataclass(frozen=True)
class OwnershipProof:
    change: bool
    index: int
    path: KeyPath
    address: str


_KIND_SCRIPTS = {
    ScriptType.PKH: OutputTemplate.P2PKH,
    ScriptType.SH_WPKH: OutputTemplate.P2SH,
    ScriptType.WPKH: OutputTemplate.P2WPKH,
    ScriptType.TR: OutputTemplate.P2TR,
}


def prove_ownership(
    script: bytes, claims: list[KeyOriginClaim], account: AccountDescriptor
) -> OwnershipProof | None:
    """The derivation that proves `script` is ours, or None if no claim holds up."""
    if output_template(script) is not _KIND_SCRIPTS[account.kind]:
        return None
    for claim in claims:
        if claim.fingerprint != account.fingerprint:
            continue
        position = account.relative_path(claim.path)
        if position is None:
            continue
        derived = derive_address(account, *position)
        key_matches = claim.public_key in (derived.public_key, derived.public_key[1:])
        if key_matches and script_pubkey_of(derived.address, account.network) == script:
            return OwnershipProof(position[0], position[1], derived.path, derived.address)
    return None
