"""The messages a Bitcoin signature commits to: legacy, BIP143 (segwit v0) and BIP341 (taproot).

These are serialisation rules, not cryptography: each builds the preimage its
specification defines and hashes it with hashlib. Signatures over them are checked
with libsecp256k1 (coincurve) in `wallet.psbt.verify`.
"""

from __future__ import annotations

import hashlib

from wallet.psbt.codec import Transaction, TxIn, TxOut, sha256d, var_bytes

SIGHASH_DEFAULT = 0x00  # BIP341 only: ALL, with a 64-byte signature
SIGHASH_ALL = 0x01
SIGHASH_NONE = 0x02
SIGHASH_SINGLE = 0x03
SIGHASH_ANYONECANPAY = 0x80
TAPROOT_SIGHASH_TYPES = {0x00, 0x01, 0x02, 0x03, 0x81, 0x82, 0x83}
_OP_CODESEPARATOR = 0xAB


class SighashError(ValueError):
    """The signature's hash type or the input data make the message undefined."""


def _outpoint(txin: TxIn) -> bytes:
    return txin.txid + txin.vout.to_bytes(4, "little")


def _without_codeseparators(script: bytes) -> bytes:
    """Legacy scriptCode: the script with OP_CODESEPARATOR opcodes removed (pushes kept intact)."""
    out, position = bytearray(), 0
    while position < len(script):
        opcode = script[position]
        size, header = 0, 1
        if 0 < opcode < 0x4C:
            size = opcode
        elif opcode in (0x4C, 0x4D, 0x4E):
            header = 1 + {0x4C: 1, 0x4D: 2, 0x4E: 4}[opcode]
            size = int.from_bytes(script[position + 1 : position + header], "little")
        end = position + header + size
        if opcode != _OP_CODESEPARATOR:
            out += script[position:end]
        position = end
    return bytes(out)


def legacy_sighash(tx: Transaction, index: int, script_code: bytes, hash_type: int) -> bytes:
    """The original (pre-segwit) signature hash, including SIGHASH_SINGLE's "one" quirk."""
    base, anyone = hash_type & 0x1F, bool(hash_type & SIGHASH_ANYONECANPAY)
    if base == SIGHASH_SINGLE and index >= len(tx.outputs):
        return (1).to_bytes(32, "little")
    inputs = []
    for n, txin in enumerate(tx.inputs):
        if anyone and n != index:
            continue
        script = _without_codeseparators(script_code) if n == index else b""
        keep_sequence = n == index or base not in (SIGHASH_NONE, SIGHASH_SINGLE)
        inputs.append(TxIn(txin.txid, txin.vout, script, txin.sequence if keep_sequence else 0))
    outputs: tuple[TxOut, ...] = tx.outputs
    if base == SIGHASH_NONE:
        outputs = ()
    elif base == SIGHASH_SINGLE:
        outputs = (*(TxOut(-1, b"") for _ in range(index)), tx.outputs[index])
    stripped = Transaction(tx.version, tuple(inputs), outputs, tx.locktime)
    return sha256d(stripped.serialize(with_witness=False) + hash_type.to_bytes(4, "little"))


def segwit_v0_sighash(tx: Transaction, index: int, script_code: bytes, amount: int, hash_type: int) -> bytes:
    """BIP143: the signature hash of a segwit version 0 input."""
    base, anyone = hash_type & 0x1F, bool(hash_type & SIGHASH_ANYONECANPAY)
    zero = bytes(32)
    prevouts = zero if anyone else sha256d(b"".join(_outpoint(i) for i in tx.inputs))
    all_sequences = not anyone and base not in (SIGHASH_NONE, SIGHASH_SINGLE)
    sequences = (
        sha256d(b"".join(i.sequence.to_bytes(4, "little") for i in tx.inputs)) if all_sequences else zero
    )
    if base not in (SIGHASH_NONE, SIGHASH_SINGLE):
        outputs = sha256d(b"".join(o.serialize() for o in tx.outputs))
    elif base == SIGHASH_SINGLE and index < len(tx.outputs):
        outputs = sha256d(tx.outputs[index].serialize())
    else:
        outputs = zero
    txin = tx.inputs[index]
    preimage = (
        tx.version.to_bytes(4, "little", signed=True)
        + prevouts
        + sequences
        + _outpoint(txin)
        + var_bytes(script_code)
        + amount.to_bytes(8, "little", signed=True)
        + txin.sequence.to_bytes(4, "little")
        + outputs
        + tx.locktime.to_bytes(4, "little")
        + hash_type.to_bytes(4, "little")
    )
    return sha256d(preimage)


def tagged_hash(tag: str, data: bytes) -> bytes:
    """BIP340 tagged hash: SHA256(SHA256(tag) || SHA256(tag) || data)."""
    tag_digest = hashlib.sha256(tag.encode()).digest()
    return hashlib.sha256(tag_digest + tag_digest + data).digest()


def taproot_sighash(
    tx: Transaction,
    index: int,
    spent: list[TxOut],
    hash_type: int,
    leaf_hash: bytes | None = None,
) -> bytes:
    """BIP341 "SigMsg" hashed as TapSighash; `leaf_hash` given for a script-path spend (BIP342)."""
    if hash_type not in TAPROOT_SIGHASH_TYPES:
        raise SighashError(f"hash type {hash_type:#x} is not defined for taproot")
    base, anyone = hash_type & 0x03, bool(hash_type & SIGHASH_ANYONECANPAY)
    message = bytes([0x00, hash_type]) + tx.version.to_bytes(4, "little", signed=True)
    message += tx.locktime.to_bytes(4, "little")
    if not anyone:
        message += hashlib.sha256(b"".join(_outpoint(i) for i in tx.inputs)).digest()
        message += hashlib.sha256(
            b"".join(o.amount.to_bytes(8, "little", signed=True) for o in spent)
        ).digest()
        message += hashlib.sha256(b"".join(var_bytes(o.script) for o in spent)).digest()
        message += hashlib.sha256(b"".join(i.sequence.to_bytes(4, "little") for i in tx.inputs)).digest()
    if base not in (SIGHASH_NONE, SIGHASH_SINGLE):
        message += hashlib.sha256(b"".join(o.serialize() for o in tx.outputs)).digest()
    message += bytes([2 if leaf_hash is not None else 0])  # spend type: ext flag × 2, no annex
    if anyone:
        txin = tx.inputs[index]
        message += _outpoint(txin) + spent[index].serialize() + txin.sequence.to_bytes(4, "little")
    else:
        message += index.to_bytes(4, "little")
    if base == SIGHASH_SINGLE:
        if index >= len(tx.outputs):
            raise SighashError("SIGHASH_SINGLE without an output at the input's index")
        message += hashlib.sha256(tx.outputs[index].serialize()).digest()
    if leaf_hash is not None:
        message += leaf_hash + b"\x00" + (0xFFFF_FFFF).to_bytes(4, "little")  # key version 0, no codesep
    return tagged_hash("TapSighash", message)
