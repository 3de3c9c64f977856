"""Bitcoin scripts and addresses for the four single-key script types the device serves.

Coin-agnostic: callers pass the version bytes and the bech32 human-readable part.
Formats: base58check P2PKH/P2SH (Bitcoin wiki), BIP141/BIP173 segwit v0, BIP350
bech32m for v1, BIP341/BIP86 key-path taproot output keys.
"""

from __future__ import annotations

import hashlib

from bip_utils import Base58Decoder, Base58Encoder, SegwitBech32Decoder, SegwitBech32Encoder
from coincurve import PrivateKey, PublicKey, PublicKeyXOnly

# secp256k1 group order (SEC 2, section 2.4.1); used only to negate a secret key.
SECP256K1_ORDER = 0xFFFFFFFF_FFFFFFFF_FFFFFFFF_FFFFFFFE_BAAEDCE6_AF48A03B_BFD25E8C_D0364141

OP_0 = 0x00
OP_1 = 0x51
OP_DUP = 0x76
OP_EQUAL = 0x87
OP_EQUALVERIFY = 0x88
OP_HASH160 = 0xA9
OP_CHECKSIG = 0xAC
OP_RETURN = 0x6A


class AddressError(ValueError):
    """An address string that does not decode for the coin it was given for."""


def sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def double_sha256(data: bytes) -> bytes:
    return hashlib.sha256(hashlib.sha256(data).digest()).digest()


def hash160(data: bytes) -> bytes:
    return hashlib.new("ripemd160", hashlib.sha256(data).digest()).digest()


def tagged_hash(tag: str, data: bytes) -> bytes:
    """BIP340 tagged hash: SHA256(SHA256(tag) || SHA256(tag) || data)."""
    tag_digest = hashlib.sha256(tag.encode()).digest()
    return hashlib.sha256(tag_digest + tag_digest + data).digest()


# --- script templates -------------------------------------------------------------


def p2pkh_script(pubkey_hash: bytes) -> bytes:
    return bytes([OP_DUP, OP_HASH160, 20]) + pubkey_hash + bytes([OP_EQUALVERIFY, OP_CHECKSIG])


def p2sh_script(script_hash: bytes) -> bytes:
    return bytes([OP_HASH160, 20]) + script_hash + bytes([OP_EQUAL])


def witness_script(version: int, program: bytes) -> bytes:
    opcode = OP_0 if version == 0 else OP_1 + version - 1
    return bytes([opcode, len(program)]) + program


def p2wpkh_program(pubkey: bytes) -> bytes:
    return hash160(pubkey)


def p2sh_p2wpkh_redeem_script(pubkey: bytes) -> bytes:
    """The redeem script of a P2SH-wrapped P2WPKH (BIP49): OP_0 <hash160(pubkey)>."""
    return witness_script(0, hash160(pubkey))


def op_return_script(data: bytes) -> bytes:
    if len(data) > 80:
        raise AddressError("OP_RETURN data longer than 80 bytes")
    push = bytes([len(data)]) if len(data) <= 75 else bytes([0x4C, len(data)])
    return bytes([OP_RETURN]) + push + data


# --- taproot (BIP341 / BIP86 key path) ---------------------------------------------


def is_valid_xonly_key(program: bytes) -> bool:
    """Whether 32 bytes are the x coordinate of a secp256k1 point (BIP340 lift_x succeeds)."""
    if len(program) != 32:
        return False
    try:
        PublicKeyXOnly(program)
    except ValueError:
        return False
    return True


def taproot_tweak(internal_xonly: bytes) -> bytes:
    """The BIP86 tweak: no script tree, t = hash_TapTweak(P)."""
    return tagged_hash("TapTweak", internal_xonly)


def taproot_output_key(pubkey: bytes) -> bytes:
    """The 32-byte x-only output key Q = P + t*G for a compressed internal key P."""
    internal = PublicKeyXOnly(pubkey[1:33])
    internal.tweak_add(taproot_tweak(pubkey[1:33]))
    return bytes(internal.format())


def taproot_tweaked_private_key(secret: bytes) -> bytes:
    """The secret for Q: the even-Y internal secret plus the tweak (BIP341 taproot_tweak_seckey)."""
    pubkey = PublicKey.from_secret(secret).format(compressed=True)
    if pubkey[0] == 0x03:
        negated = SECP256K1_ORDER - int.from_bytes(secret, "big")
        secret = negated.to_bytes(32, "big")
    tweaked = PrivateKey(secret).add(taproot_tweak(pubkey[1:33]))
    return bytes(tweaked.secret)


# --- addresses ---------------------------------------------------------------------


def base58_address(version: int, payload: bytes) -> str:
    return str(Base58Encoder.CheckEncode(bytes([version]) + payload))


def segwit_address(hrp: str, version: int, program: bytes) -> str:
    return str(SegwitBech32Encoder.Encode(hrp, version, program))


def address_to_script(address: str, p2pkh_version: int, p2sh_version: int, hrp: str) -> bytes:
    """The scriptPubKey an address pays to; AddressError if it is not valid for the coin."""
    if address.lower().startswith(hrp + "1"):
        try:
            version, program = SegwitBech32Decoder.Decode(hrp, address)
        except Exception as exc:  # bip-utils raises several types for bad checksums/lengths
            raise AddressError("Invalid address") from exc
        # The firmware pays only to witness v0 and v1, and a v1 program must be a valid
        # x-only key (lift_x: below the field size and on the curve), else the coins are lost.
        if version not in (0, 1) or (version == 1 and not is_valid_xonly_key(bytes(program))):
            raise AddressError("Invalid address")
        return witness_script(version, bytes(program))
    try:
        raw = bytes(Base58Decoder.CheckDecode(address))
    except Exception as exc:
        raise AddressError("Invalid address") from exc
    if len(raw) != 21:
        raise AddressError("Invalid address")
    if raw[0] == p2pkh_version:
        return p2pkh_script(raw[1:])
    if raw[0] == p2sh_version:
        return p2sh_script(raw[1:])
    raise AddressError("Invalid address")
