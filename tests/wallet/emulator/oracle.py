"""Test oracles, independent of the emulator's code: signature hashes and signature checks.

The digests are computed here from hwilib's transaction classes, straight from BIP143,
BIP341 and the legacy SignatureHash definition; ECDSA is verified with python-ecdsa and
BIP340 with the specification's reference verification (written here as a test oracle).
"""

from __future__ import annotations

import copy
import hashlib
import struct

from ecdsa import SECP256k1, VerifyingKey
from ecdsa.util import sigdecode_der
from hwilib._serialize import ser_string
from hwilib.tx import CTransaction, CTxOut


def sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def hash256(data: bytes) -> bytes:
    return sha256(sha256(data))


def p2pkh_script_code(pubkey: bytes) -> bytes:
    pubkey_hash = hashlib.new("ripemd160", sha256(pubkey)).digest()
    return b"\x76\xa9\x14" + pubkey_hash + b"\x88\xac"


def legacy_digest(tx: CTransaction, index: int, script_code: bytes) -> bytes:
    stripped = copy.deepcopy(tx)
    for position, txin in enumerate(stripped.vin):
        txin.scriptSig = script_code if position == index else b""
    return hash256(stripped.serialize_without_witness() + struct.pack("<I", 1))


def bip143_digest(tx: CTransaction, index: int, script_code: bytes, amount: int) -> bytes:
    prevouts = hash256(b"".join(txin.prevout.serialize() for txin in tx.vin))
    sequences = hash256(b"".join(struct.pack("<I", txin.nSequence) for txin in tx.vin))
    outputs = hash256(b"".join(txout.serialize() for txout in tx.vout))
    txin = tx.vin[index]
    preimage = (
        struct.pack("<i", tx.nVersion)
        + prevouts
        + sequences
        + txin.prevout.serialize()
        + ser_string(script_code)
        + struct.pack("<q", amount)
        + struct.pack("<I", txin.nSequence)
        + outputs
        + struct.pack("<I", tx.nLockTime)
        + struct.pack("<I", 1)
    )
    return hash256(preimage)


def tagged(tag: str, data: bytes) -> bytes:
    tag_hash = sha256(tag.encode())
    return sha256(tag_hash + tag_hash + data)


def bip341_digest(tx: CTransaction, index: int, spent: list[CTxOut]) -> bytes:
    message = (
        b"\x00\x00"
        + struct.pack("<i", tx.nVersion)
        + struct.pack("<I", tx.nLockTime)
        + sha256(b"".join(txin.prevout.serialize() for txin in tx.vin))
        + sha256(b"".join(struct.pack("<q", out.nValue) for out in spent))
        + sha256(b"".join(ser_string(out.scriptPubKey) for out in spent))
        + sha256(b"".join(struct.pack("<I", txin.nSequence) for txin in tx.vin))
        + sha256(b"".join(txout.serialize() for txout in tx.vout))
        + b"\x00"
        + struct.pack("<I", index)
    )
    return tagged("TapSighash", message)


def ecdsa_valid(pubkey: bytes, der_signature: bytes, digest: bytes) -> bool:
    """python-ecdsa verification, plus the low-S rule the firmware (and policy) requires."""
    key = VerifyingKey.from_string(pubkey, curve=SECP256k1)
    ok = bool(key.verify_digest(der_signature, digest, sigdecode=sigdecode_der))
    _r, s = sigdecode_der(der_signature, SECP256k1.order)
    return ok and s <= SECP256k1.order // 2


# --- BIP340 reference verification (the specification's algorithm, as a test oracle) ---

P = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F
N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
G = (
    0x79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798,
    0x483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8,
)
Point = tuple[int, int] | None


def _add(a: Point, b: Point) -> Point:
    if a is None:
        return b
    if b is None:
        return a
    if a[0] == b[0] and a[1] != b[1]:
        return None
    if a == b:
        slope = 3 * a[0] * a[0] * pow(2 * a[1], P - 2, P) % P
    else:
        slope = (b[1] - a[1]) * pow(b[0] - a[0], P - 2, P) % P
    x = (slope * slope - a[0] - b[0]) % P
    return x, (slope * (a[0] - x) - a[1]) % P


def _mul(point: Point, scalar: int) -> Point:
    result: Point = None
    for bit in range(256):
        if (scalar >> bit) & 1:
            result = _add(result, point)
        point = _add(point, point)
    return result


def _lift_x(x: int) -> Point:
    if x >= P:
        return None
    c = (pow(x, 3, P) + 7) % P
    y = pow(c, (P + 1) // 4, P)
    if y * y % P != c:
        return None
    return x, y if y % 2 == 0 else P - y


def schnorr_valid(xonly_pubkey: bytes, message: bytes, signature: bytes) -> bool:
    point = _lift_x(int.from_bytes(xonly_pubkey, "big"))
    r = int.from_bytes(signature[:32], "big")
    s = int.from_bytes(signature[32:], "big")
    if point is None or r >= P or s >= N or len(signature) != 64:
        return False
    e = int.from_bytes(tagged("BIP0340/challenge", signature[:32] + xonly_pubkey + message), "big") % N
    minus_e_point = _mul(point, N - e)
    big_r = _add(_mul(G, s), minus_e_point)
    return big_r is not None and big_r[1] % 2 == 0 and big_r[0] == r
