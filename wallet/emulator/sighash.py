"""Transaction serialization and the three Bitcoin signature hashes the device computes.

Written from the specifications: the original (legacy) SIGHASH_ALL digest as Bitcoin
Core's SignatureHash defines it, BIP143 for segwit v0 and BIP341 ("Common signature
message", key-path spend, no annex) for taproot.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from wallet.emulator.scripts import double_sha256, p2pkh_script, tagged_hash

SIGHASH_ALL = 0x01
SIGHASH_DEFAULT = 0x00  # BIP341: taproot signature without a trailing hash-type byte


@dataclass(frozen=True)
class TxIn:
    """One input: the outpoint (prev_hash in display byte order, as the protocol sends it)."""

    prev_hash: bytes
    prev_index: int
    sequence: int
    script_sig: bytes = b""

    def outpoint(self) -> bytes:
        return self.prev_hash[::-1] + self.prev_index.to_bytes(4, "little")


@dataclass(frozen=True)
class TxOut:
    amount: int
    script_pubkey: bytes


def compact_size(n: int) -> bytes:
    if n < 0xFD:
        return bytes([n])
    if n <= 0xFFFF:
        return b"\xfd" + n.to_bytes(2, "little")
    if n <= 0xFFFF_FFFF:
        return b"\xfe" + n.to_bytes(4, "little")
    return b"\xff" + n.to_bytes(8, "little")


def push_bytes(data: bytes) -> bytes:
    """A minimal script push of up to 255 bytes (direct push or OP_PUSHDATA1)."""
    if len(data) <= 75:
        return bytes([len(data)]) + data
    return b"\x4c" + bytes([len(data)]) + data


def serialize_input(txin: TxIn, script_sig: bytes | None = None) -> bytes:
    script = txin.script_sig if script_sig is None else script_sig
    return txin.outpoint() + compact_size(len(script)) + script + txin.sequence.to_bytes(4, "little")


def serialize_output(txout: TxOut) -> bytes:
    return txout.amount.to_bytes(8, "little") + compact_size(len(txout.script_pubkey)) + txout.script_pubkey


def serialize_witness(items: Sequence[bytes]) -> bytes:
    return compact_size(len(items)) + b"".join(compact_size(len(item)) + item for item in items)


def legacy_txid(version: int, lock_time: int, inputs: Sequence[TxIn], outputs: Sequence[TxOut]) -> bytes:
    """The txid (display byte order) of a transaction serialized without witness data."""
    body = (
        version.to_bytes(4, "little")
        + compact_size(len(inputs))
        + b"".join(serialize_input(txin) for txin in inputs)
        + compact_size(len(outputs))
        + b"".join(serialize_output(txout) for txout in outputs)
        + lock_time.to_bytes(4, "little")
    )
    return double_sha256(body)[::-1]


def legacy_sighash(
    version: int,
    lock_time: int,
    inputs: Sequence[TxIn],
    outputs: Sequence[TxOut],
    signing_index: int,
    script_code: bytes,
) -> bytes:
    """SIGHASH_ALL digest of a pre-segwit input: every other input's script emptied."""
    body = bytearray(version.to_bytes(4, "little"))
    body += compact_size(len(inputs))
    for index, txin in enumerate(inputs):
        body += serialize_input(txin, script_code if index == signing_index else b"")
    body += compact_size(len(outputs))
    for txout in outputs:
        body += serialize_output(txout)
    body += lock_time.to_bytes(4, "little")
    body += SIGHASH_ALL.to_bytes(4, "little")
    return double_sha256(bytes(body))


@dataclass(frozen=True)
class SegwitDigests:
    """The per-transaction hashes BIP143 (double SHA256) and BIP341 (single SHA256) share."""

    prevouts: bytes
    sequences: bytes
    outputs: bytes
    amounts: bytes
    script_pubkeys: bytes

    @classmethod
    def compute(
        cls,
        inputs: Sequence[TxIn],
        amounts: Sequence[int],
        script_pubkeys: Sequence[bytes],
        outputs: Sequence[TxOut],
    ) -> SegwitDigests:
        return cls(
            prevouts=b"".join(txin.outpoint() for txin in inputs),
            sequences=b"".join(txin.sequence.to_bytes(4, "little") for txin in inputs),
            outputs=b"".join(serialize_output(txout) for txout in outputs),
            amounts=b"".join(amount.to_bytes(8, "little") for amount in amounts),
            script_pubkeys=b"".join(compact_size(len(spk)) + spk for spk in script_pubkeys),
        )


def bip143_sighash(
    version: int,
    lock_time: int,
    digests: SegwitDigests,
    txin: TxIn,
    amount: int,
    pubkey_hash: bytes,
) -> bytes:
    """BIP143 SIGHASH_ALL digest for a P2WPKH (or P2SH-P2WPKH) input; scriptCode is P2PKH."""
    return bip143_digest(version, lock_time, digests, txin, amount, p2pkh_script(pubkey_hash))


def bip143_digest(
    version: int,
    lock_time: int,
    digests: SegwitDigests,
    txin: TxIn,
    amount: int,
    script_code: bytes,
) -> bytes:
    """BIP143 SIGHASH_ALL digest with an explicit scriptCode (the witness script for P2WSH)."""
    preimage = (
        version.to_bytes(4, "little")
        + double_sha256(digests.prevouts)
        + double_sha256(digests.sequences)
        + txin.outpoint()
        + compact_size(len(script_code))
        + script_code
        + amount.to_bytes(8, "little")
        + txin.sequence.to_bytes(4, "little")
        + double_sha256(digests.outputs)
        + lock_time.to_bytes(4, "little")
        + SIGHASH_ALL.to_bytes(4, "little")
    )
    return double_sha256(preimage)


def bip341_sighash(version: int, lock_time: int, digests: SegwitDigests, input_index: int) -> bytes:
    """BIP341 SIGHASH_DEFAULT digest for a key-path spend without annex."""

    def single(data: bytes) -> bytes:
        return hashlib.sha256(data).digest()

    message = (
        bytes([0x00, SIGHASH_DEFAULT])  # epoch 0, hash type
        + version.to_bytes(4, "little")
        + lock_time.to_bytes(4, "little")
        + single(digests.prevouts)
        + single(digests.amounts)
        + single(digests.script_pubkeys)
        + single(digests.sequences)
        + single(digests.outputs)
        + bytes([0x00])  # spend_type: key path, no annex
        + input_index.to_bytes(4, "little")
    )
    return tagged_hash("TapSighash", message)
