"""PSBT field types and the shape each one must have (BIP174, BIP370, BIP371, BIP373).

A rule checks the key data and the value of one record when a PSBT is read, so a
malformed field is refused with its name instead of failing later. Fields this table
does not know (and proprietary ones) are kept as they are.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

import coincurve
from Crypto.Hash import RIPEMD160

from wallet.psbt.codec import (
    Reader,
    parse_transaction,
    parse_txout,
    parse_witness_stack,
    read_compact_size_exact,
)
from wallet.psbt.errors import PsbtError

LOCKTIME_THRESHOLD = 500_000_000  # below: a block height; at or above: a unix time (BIP65)
TAPROOT_MAX_DEPTH = 128  # BIP341: at most 128 levels in a script tree


class G:
    """Global map key types."""

    UNSIGNED_TX = 0x00
    XPUB = 0x01
    TX_VERSION = 0x02
    FALLBACK_LOCKTIME = 0x03
    INPUT_COUNT = 0x04
    OUTPUT_COUNT = 0x05
    TX_MODIFIABLE = 0x06
    VERSION = 0xFB


class I:  # noqa: E742 — mirrors the PSBT_IN_* namespace of BIP174
    """Input map key types."""

    NON_WITNESS_UTXO = 0x00
    WITNESS_UTXO = 0x01
    PARTIAL_SIG = 0x02
    SIGHASH_TYPE = 0x03
    REDEEM_SCRIPT = 0x04
    WITNESS_SCRIPT = 0x05
    BIP32_DERIVATION = 0x06
    FINAL_SCRIPTSIG = 0x07
    FINAL_SCRIPTWITNESS = 0x08
    POR_COMMITMENT = 0x09
    RIPEMD160 = 0x0A
    SHA256 = 0x0B
    HASH160 = 0x0C
    HASH256 = 0x0D
    PREVIOUS_TXID = 0x0E
    OUTPUT_INDEX = 0x0F
    SEQUENCE = 0x10
    REQUIRED_TIME_LOCKTIME = 0x11
    REQUIRED_HEIGHT_LOCKTIME = 0x12
    TAP_KEY_SIG = 0x13
    TAP_SCRIPT_SIG = 0x14
    TAP_LEAF_SCRIPT = 0x15
    TAP_BIP32_DERIVATION = 0x16
    TAP_INTERNAL_KEY = 0x17
    TAP_MERKLE_ROOT = 0x18
    MUSIG2_PARTICIPANT_PUBKEYS = 0x1A
    MUSIG2_PUB_NONCE = 0x1B
    MUSIG2_PARTIAL_SIG = 0x1C


class O:  # noqa: E742 — mirrors the PSBT_OUT_* namespace of BIP174
    """Output map key types."""

    REDEEM_SCRIPT = 0x00
    WITNESS_SCRIPT = 0x01
    BIP32_DERIVATION = 0x02
    AMOUNT = 0x03
    SCRIPT = 0x04
    TAP_INTERNAL_KEY = 0x05
    TAP_TREE = 0x06
    TAP_BIP32_DERIVATION = 0x07
    MUSIG2_PARTICIPANT_PUBKEYS = 0x08


Check = Callable[[bytes, str], None]


@dataclass(frozen=True)
class FieldRule:
    name: str
    check_key: Check
    check_value: Check
    v2_only: bool = False


# --- key data shapes ------------------------------------------------------------------


def _empty(data: bytes, name: str) -> None:
    if data:
        raise PsbtError(f"{name} key must be a single type byte, but has {len(data)} bytes of key data")


def _sizes(*sizes: int) -> Check:
    def check(data: bytes, name: str) -> None:
        if len(data) not in sizes:
            wanted = " or ".join(map(str, sizes))
            raise PsbtError(f"{name} has {len(data)}-byte key data, expected {wanted}")

    return check


def _pubkey(data: bytes, name: str) -> None:
    _sizes(33, 65)(data, name)
    _valid_point(data, name)


def _valid_point(data: bytes, name: str) -> None:
    try:
        coincurve.PublicKey(data)
    except ValueError:
        raise PsbtError(f"{name} holds an invalid public key") from None


def _xpub(data: bytes, name: str) -> None:
    _sizes(78)(data, name)
    _valid_point(data[45:], name)


def _compressed_pubkey(data: bytes, name: str) -> None:
    _sizes(33)(data, name)
    _valid_point(data, name)


def _musig_participant(data: bytes, name: str) -> None:
    """BIP373: participant key, aggregate key (33 bytes each), then an optional 32-byte leaf hash."""
    _sizes(66, 98)(data, name)
    _valid_point(data[:33], name)
    _valid_point(data[33:66], name)


def _control_block(data: bytes, name: str) -> None:
    # BIP341: 33 bytes, then 0..128 32-byte path elements.
    if len(data) < 33 or (len(data) - 33) % 32 or (len(data) - 33) // 32 > TAPROOT_MAX_DEPTH:
        raise PsbtError(f"{name} has a control block of invalid size {len(data)}")


def _any(data: bytes, name: str) -> None:
    return None


# --- value shapes ---------------------------------------------------------------------


def _fixed(size: int) -> Check:
    def check(value: bytes, name: str) -> None:
        if len(value) != size:
            raise PsbtError(f"{name} value is {len(value)} bytes, expected {size}")

    return check


def _pubkey_list(value: bytes, name: str) -> None:
    if not value or len(value) % 33:
        raise PsbtError(f"{name} must be a list of 33-byte public keys, but is {len(value)} bytes")
    for start in range(0, len(value), 33):
        _valid_point(value[start : start + 33], name)


def _key_origin(value: bytes, name: str) -> None:
    if len(value) < 4 or len(value) % 4:
        raise PsbtError(f"{name} has a key origin of invalid length {len(value)} (4 + 4 × path length)")


def _schnorr_sig(value: bytes, name: str) -> None:
    if len(value) not in (64, 65):
        raise PsbtError(f"{name} is {len(value)} bytes; a Schnorr signature is 64 or 65 bytes")


def _unsigned_tx(value: bytes, name: str) -> None:
    tx = parse_transaction(value, allow_witness=False, what=name)
    if any(txin.script_sig for txin in tx.inputs):
        raise PsbtError(f"{name} has a non-empty scriptSig; an unsigned transaction must have none")


def _full_tx(value: bytes, name: str) -> None:
    parse_transaction(value, allow_witness=True, what=name)


def _txout(value: bytes, name: str) -> None:
    parse_txout(value, name)


def _witness(value: bytes, name: str) -> None:
    parse_witness_stack(value, name)


def _compact(value: bytes, name: str) -> None:
    read_compact_size_exact(value, name)


def _psbt_version(value: bytes, name: str) -> None:
    _fixed(4)(value, name)
    version = int.from_bytes(value, "little")
    if version == 1:
        raise PsbtError("there is no PSBT version 1")
    if version > 2:
        raise PsbtError(f"PSBT version {version} is not supported (0 and 2 are)")


def _time_locktime(value: bytes, name: str) -> None:
    _fixed(4)(value, name)
    if int.from_bytes(value, "little") < LOCKTIME_THRESHOLD:
        raise PsbtError(f"{name} is below {LOCKTIME_THRESHOLD}, so it is not a time")


def _height_locktime(value: bytes, name: str) -> None:
    _fixed(4)(value, name)
    height = int.from_bytes(value, "little")
    if not 0 < height < LOCKTIME_THRESHOLD:
        raise PsbtError(f"{name} must be a block height between 1 and {LOCKTIME_THRESHOLD - 1}")


def _amount(value: bytes, name: str) -> None:
    _fixed(8)(value, name)
    if int.from_bytes(value, "little", signed=True) < 0:
        raise PsbtError(f"{name} is negative")


def _tap_bip32(value: bytes, name: str) -> None:
    reader = Reader(value, name)
    hashes = reader.compact_size()
    reader.read(32 * hashes)
    _key_origin(reader.read(reader.remaining), name)


def _leaf_script(value: bytes, name: str) -> None:
    if not value:
        raise PsbtError(f"{name} is empty; it needs a script and a leaf version")


def _tap_tree(value: bytes, name: str) -> None:
    """BIP371: (depth, leaf version, script)* in depth-first order forming a complete tree."""
    if not value:
        raise PsbtError(f"{name} must not be empty")
    reader = Reader(value, name)
    pending: list[int] = []  # depths of subtrees still waiting for a sibling, deepest last
    while reader.remaining:
        depth, leaf_version = reader.u8(), reader.u8()
        reader.var_bytes()
        if depth > TAPROOT_MAX_DEPTH:
            raise PsbtError(f"{name} has a leaf deeper than {TAPROOT_MAX_DEPTH}")
        if leaf_version & 1:
            raise PsbtError(f"{name} has a leaf with an invalid leaf version {leaf_version:#x}")
        if pending and (depth < pending[-1] or pending == [0]):
            raise PsbtError(f"{name} is malformed: its leaves do not form a binary tree")
        pending.append(depth)
        while len(pending) >= 2 and pending[-1] == pending[-2]:
            merged = pending.pop() - 1
            pending[-1] = merged
            if merged < 0:
                raise PsbtError(f"{name} is malformed: its leaves do not form a binary tree")
    if pending != [0]:
        raise PsbtError(f"{name} is malformed: the tree is incomplete")


def ripemd160(data: bytes) -> bytes:
    return bytes(RIPEMD160.new(data).digest())


def hash160(data: bytes) -> bytes:
    return ripemd160(hashlib.sha256(data).digest())


PREIMAGE_DIGESTS: dict[int, Callable[[bytes], bytes]] = {
    I.RIPEMD160: ripemd160,
    I.SHA256: lambda data: hashlib.sha256(data).digest(),
    I.HASH160: hash160,
    I.HASH256: lambda data: hashlib.sha256(hashlib.sha256(data).digest()).digest(),
}

GLOBAL_RULES: dict[int, FieldRule] = {
    G.UNSIGNED_TX: FieldRule("PSBT_GLOBAL_UNSIGNED_TX", _empty, _unsigned_tx),
    G.XPUB: FieldRule("PSBT_GLOBAL_XPUB", _xpub, _key_origin),
    G.TX_VERSION: FieldRule("PSBT_GLOBAL_TX_VERSION", _empty, _fixed(4), v2_only=True),
    G.FALLBACK_LOCKTIME: FieldRule("PSBT_GLOBAL_FALLBACK_LOCKTIME", _empty, _fixed(4), v2_only=True),
    G.INPUT_COUNT: FieldRule("PSBT_GLOBAL_INPUT_COUNT", _empty, _compact, v2_only=True),
    G.OUTPUT_COUNT: FieldRule("PSBT_GLOBAL_OUTPUT_COUNT", _empty, _compact, v2_only=True),
    G.TX_MODIFIABLE: FieldRule("PSBT_GLOBAL_TX_MODIFIABLE", _empty, _fixed(1), v2_only=True),
    G.VERSION: FieldRule("PSBT_GLOBAL_VERSION", _empty, _psbt_version),
}

INPUT_RULES: dict[int, FieldRule] = {
    I.NON_WITNESS_UTXO: FieldRule("PSBT_IN_NON_WITNESS_UTXO", _empty, _full_tx),
    I.WITNESS_UTXO: FieldRule("PSBT_IN_WITNESS_UTXO", _empty, _txout),
    I.PARTIAL_SIG: FieldRule("PSBT_IN_PARTIAL_SIG", _pubkey, _any),
    I.SIGHASH_TYPE: FieldRule("PSBT_IN_SIGHASH_TYPE", _empty, _fixed(4)),
    I.REDEEM_SCRIPT: FieldRule("PSBT_IN_REDEEM_SCRIPT", _empty, _any),
    I.WITNESS_SCRIPT: FieldRule("PSBT_IN_WITNESS_SCRIPT", _empty, _any),
    I.BIP32_DERIVATION: FieldRule("PSBT_IN_BIP32_DERIVATION", _pubkey, _key_origin),
    I.FINAL_SCRIPTSIG: FieldRule("PSBT_IN_FINAL_SCRIPTSIG", _empty, _any),
    I.FINAL_SCRIPTWITNESS: FieldRule("PSBT_IN_FINAL_SCRIPTWITNESS", _empty, _witness),
    I.POR_COMMITMENT: FieldRule("PSBT_IN_POR_COMMITMENT", _empty, _any),
    I.RIPEMD160: FieldRule("PSBT_IN_RIPEMD160", _sizes(20), _any),
    I.SHA256: FieldRule("PSBT_IN_SHA256", _sizes(32), _any),
    I.HASH160: FieldRule("PSBT_IN_HASH160", _sizes(20), _any),
    I.HASH256: FieldRule("PSBT_IN_HASH256", _sizes(32), _any),
    I.PREVIOUS_TXID: FieldRule("PSBT_IN_PREVIOUS_TXID", _empty, _fixed(32), v2_only=True),
    I.OUTPUT_INDEX: FieldRule("PSBT_IN_OUTPUT_INDEX", _empty, _fixed(4), v2_only=True),
    I.SEQUENCE: FieldRule("PSBT_IN_SEQUENCE", _empty, _fixed(4), v2_only=True),
    I.REQUIRED_TIME_LOCKTIME: FieldRule("PSBT_IN_REQUIRED_TIME_LOCKTIME", _empty, _time_locktime, True),
    I.REQUIRED_HEIGHT_LOCKTIME: FieldRule("PSBT_IN_REQUIRED_HEIGHT_LOCKTIME", _empty, _height_locktime, True),
    I.TAP_KEY_SIG: FieldRule("PSBT_IN_TAP_KEY_SIG", _empty, _schnorr_sig),
    I.TAP_SCRIPT_SIG: FieldRule("PSBT_IN_TAP_SCRIPT_SIG", _sizes(64), _schnorr_sig),
    I.TAP_LEAF_SCRIPT: FieldRule("PSBT_IN_TAP_LEAF_SCRIPT", _control_block, _leaf_script),
    I.TAP_BIP32_DERIVATION: FieldRule("PSBT_IN_TAP_BIP32_DERIVATION", _sizes(32), _tap_bip32),
    I.TAP_INTERNAL_KEY: FieldRule("PSBT_IN_TAP_INTERNAL_KEY", _empty, _fixed(32)),
    I.TAP_MERKLE_ROOT: FieldRule("PSBT_IN_TAP_MERKLE_ROOT", _empty, _fixed(32)),
    I.MUSIG2_PARTICIPANT_PUBKEYS: FieldRule(
        "PSBT_IN_MUSIG2_PARTICIPANT_PUBKEYS", _compressed_pubkey, _pubkey_list
    ),
    I.MUSIG2_PUB_NONCE: FieldRule("PSBT_IN_MUSIG2_PUB_NONCE", _musig_participant, _fixed(66)),
    I.MUSIG2_PARTIAL_SIG: FieldRule("PSBT_IN_MUSIG2_PARTIAL_SIG", _musig_participant, _fixed(32)),
}

OUTPUT_RULES: dict[int, FieldRule] = {
    O.REDEEM_SCRIPT: FieldRule("PSBT_OUT_REDEEM_SCRIPT", _empty, _any),
    O.WITNESS_SCRIPT: FieldRule("PSBT_OUT_WITNESS_SCRIPT", _empty, _any),
    O.BIP32_DERIVATION: FieldRule("PSBT_OUT_BIP32_DERIVATION", _pubkey, _key_origin),
    O.AMOUNT: FieldRule("PSBT_OUT_AMOUNT", _empty, _amount, v2_only=True),
    O.SCRIPT: FieldRule("PSBT_OUT_SCRIPT", _empty, _any, v2_only=True),
    O.TAP_INTERNAL_KEY: FieldRule("PSBT_OUT_TAP_INTERNAL_KEY", _empty, _fixed(32)),
    O.TAP_TREE: FieldRule("PSBT_OUT_TAP_TREE", _empty, _tap_tree),
    O.TAP_BIP32_DERIVATION: FieldRule("PSBT_OUT_TAP_BIP32_DERIVATION", _sizes(32), _tap_bip32),
    O.MUSIG2_PARTICIPANT_PUBKEYS: FieldRule(
        "PSBT_OUT_MUSIG2_PARTICIPANT_PUBKEYS", _compressed_pubkey, _pubkey_list
    ),
}


def check_preimage(key_type: int, key_data: bytes, value: bytes) -> None:
    """A hash-preimage field must hold a value whose hash is its key data (BIP174)."""
    digest = PREIMAGE_DIGESTS.get(key_type)
    if digest is not None and digest(value) != key_data:
        raise PsbtError(f"input preimage field {key_type:#04x} holds a value that does not hash to its key")
