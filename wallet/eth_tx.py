"""Ethereum encodings shared by the device layer and the software device: RLP, Keccak-256,
EIP-55 addresses, the signing digests, signer recovery and the signed raw transaction.

The digests follow trezor-firmware legacy/firmware/ethereum.c (python/v0.20.2), which hashes
the fields exactly as the host sent them (it never re-encodes integers):
- legacy transactions: RLP([tx_type?, nonce, gas_price, gas_limit, to, value, data,
  chain_id, "", ""]) — EIP-155 replay protection, with Wanchain's tx_type first when given;
- EIP-1559: 0x02 || RLP([chain_id, nonce, max_priority_fee, max_gas_fee, gas_limit, to,
  value, data, access_list]);
- messages: EIP-191 "\\x19Ethereum Signed Message:\\n" + decimal length + message.
Keccak-256 comes from pycryptodome, ECDSA from libsecp256k1 (coincurve, RFC6979).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import coincurve
from Crypto.Hash import keccak

RlpItem = bytes | Sequence["RlpItem"]
EIP1559_TX_TYPE = 2
# legacy/firmware/ethereum.c MAX_CHAIN_ID: above it only the recovery bit is returned in v
MAX_CHAIN_ID_FULL_V = (0xFFFF_FFFF - 36) >> 1
_RSKIP60_CHAINS = (30, 31)  # RSK mainnet and testnet mix the chain id into the checksum


def keccak256(data: bytes) -> bytes:
    return keccak.new(data=data, digest_bits=256).digest()


def _length_prefix(length: int, offset: int) -> bytes:
    if length <= 55:
        return bytes([offset + length])
    size = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes([offset + 55 + len(size)]) + size


def rlp_encode(item: RlpItem) -> bytes:
    """RLP of a byte string or a (nested) list of byte strings."""
    if isinstance(item, bytes | bytearray):
        if len(item) == 1 and item[0] < 0x80:
            return bytes(item)
        return _length_prefix(len(item), 0x80) + bytes(item)
    body = b"".join(rlp_encode(part) for part in item)
    return _length_prefix(len(body), 0xC0) + body


def int_bytes(number: int) -> bytes:
    """The minimal big-endian bytes of a non-negative integer (empty for zero), as RLP wants."""
    return number.to_bytes((number.bit_length() + 7) // 8, "big")


def parse_address(text: str) -> bytes | None:
    """ethereum_parse: 40 hex digits, optionally after 0x/0X; None if it is not one."""
    if len(text) == 42 and text[:2] in ("0x", "0X"):
        text = text[2:]
    if len(text) != 40 or any(c not in "0123456789abcdefABCDEF" for c in text):
        return None
    return bytes.fromhex(text)


def checksum_address(pubkeyhash: bytes, chain_id: int = 0) -> str:
    """EIP-55 mixed-case address; RSKIP-60 (chain ids 30/31) hashes the chain id in too."""
    plain = pubkeyhash.hex()
    prefix = f"{chain_id}0x" if chain_id in _RSKIP60_CHAINS else ""
    digest = keccak256((prefix + plain).encode("ascii")).hex()
    return "0x" + "".join(c.upper() if int(digest[i], 16) >= 8 else c for i, c in enumerate(plain))


def pubkeyhash_of(public_key: bytes) -> bytes:
    """The 20-byte account of a secp256k1 public key: Keccak-256 of the raw X||Y, last 20 bytes."""
    raw = coincurve.PublicKey(public_key).format(compressed=False)[1:]
    return keccak256(raw)[12:]


@dataclass(frozen=True)
class AccessEntry:
    address: bytes
    storage_keys: tuple[bytes, ...]


@dataclass(frozen=True)
class TxFields:
    """The signed fields, as raw bytes from the host; `to` empty for a contract creation."""

    nonce: bytes
    gas_limit: bytes
    to: bytes
    value: bytes
    data: bytes
    chain_id: int
    gas_price: bytes = b""
    max_gas_fee: bytes = b""
    max_priority_fee: bytes = b""
    tx_type: int | None = None
    access_list: tuple[AccessEntry, ...] = ()
    eip1559: bool = False  # type 2 (max fees) rather than a legacy gas price


def legacy_digest(tx: TxFields) -> bytes:
    head: list[RlpItem] = [] if tx.tx_type is None else [int_bytes(tx.tx_type)]
    fields: list[RlpItem] = [*head, tx.nonce, tx.gas_price, tx.gas_limit, tx.to, tx.value, tx.data]
    fields += [int_bytes(tx.chain_id), b"", b""]
    return keccak256(rlp_encode(fields))


def eip1559_payload(tx: TxFields) -> bytes:
    """0x02 || RLP of the unsigned fields: what is hashed to sign (and what ERC-4527 carries)."""
    access: list[RlpItem] = [[entry.address, list(entry.storage_keys)] for entry in tx.access_list]
    fields: list[RlpItem] = [int_bytes(tx.chain_id), tx.nonce, tx.max_priority_fee, tx.max_gas_fee]
    fields += [tx.gas_limit, tx.to, tx.value, tx.data, access]
    return bytes([EIP1559_TX_TYPE]) + rlp_encode(fields)


def eip1559_digest(tx: TxFields) -> bytes:
    return keccak256(eip1559_payload(tx))


def signing_digest(tx: TxFields) -> bytes:
    return eip1559_digest(tx) if tx.eip1559 else legacy_digest(tx)


def message_digest(message: bytes) -> bytes:
    """EIP-191 personal message hash."""
    return keccak256(b"\x19Ethereum Signed Message:\n" + str(len(message)).encode("ascii") + message)


def sign_digest(private_key: bytes, digest: bytes) -> tuple[bytes, bytes, int]:
    """(r, s, recovery id) of a low-S RFC6979 signature over a 32-byte digest."""
    signature = coincurve.PrivateKey(private_key).sign_recoverable(digest, hasher=None)
    return signature[:32], signature[32:64], signature[64]


def recover_pubkeyhash(signature: bytes, digest: bytes) -> bytes | None:
    """The account that made a 65-byte r||s||v signature (v 27/28 or 0/1); None if none did."""
    v = signature[64]
    if v >= 27:
        v -= 27
    if v >= 2:
        return None
    try:
        compact = signature[:64] + bytes([v])
        public = coincurve.PublicKey.from_signature_and_message(compact, digest, hasher=None)
    except ValueError:
        return None
    return pubkeyhash_of(public.format())


def _minimal(raw: bytes) -> bytes:
    return raw.lstrip(b"\x00")


def signed_raw_transaction(tx: TxFields, v: int, r: bytes, s: bytes) -> bytes:
    """The broadcastable transaction: legacy RLP with v, r, s, or 0x02 || RLP(... y_parity, r, s)."""
    rs: list[RlpItem] = [_minimal(r), _minimal(s)]
    if tx.eip1559:
        access: list[RlpItem] = [[entry.address, list(entry.storage_keys)] for entry in tx.access_list]
        fields: list[RlpItem] = [int_bytes(tx.chain_id), tx.nonce, tx.max_priority_fee, tx.max_gas_fee]
        fields += [tx.gas_limit, tx.to, tx.value, tx.data, access, int_bytes(v), *rs]
        return bytes([EIP1559_TX_TYPE]) + rlp_encode(fields)
    head: list[RlpItem] = [] if tx.tx_type is None else [int_bytes(tx.tx_type)]
    legacy: list[RlpItem] = [*head, tx.nonce, tx.gas_price, tx.gas_limit, tx.to, tx.value, tx.data]
    return rlp_encode([*legacy, int_bytes(v), *rs])


class RlpError(ValueError):
    """Bytes that are not exactly one canonical RLP item."""


def rlp_decode(data: bytes) -> RlpItem:
    """The one item `data` encodes; RlpError for trailing bytes or a non-canonical length.
    (A signer decodes only what it then re-encodes and compares, so strict is cheap.)"""
    item, end = _rlp_item(data, 0, 0)
    if end != len(data):
        raise RlpError("trailing bytes after the RLP item")
    if rlp_encode(item) != data:
        raise RlpError("the RLP is not in its canonical (shortest) form")
    return item


_MAX_RLP_DEPTH = 8  # a transaction nests three deep (access list); a forged one cannot recurse on


def _rlp_item(data: bytes, start: int, depth: int) -> tuple[RlpItem, int]:
    if depth > _MAX_RLP_DEPTH:
        raise RlpError("the RLP nests too deep")
    if start >= len(data):
        raise RlpError("the RLP ends early")
    head = data[start]
    if head < 0x80:
        return data[start : start + 1], start + 1
    is_list = head >= 0xC0
    short = head - (0xC0 if is_list else 0x80)
    if short <= 55:
        length, body = short, start + 1
    else:
        size = short - 55
        length, body = int.from_bytes(data[start + 1 : start + 1 + size], "big"), start + 1 + size
    end = body + length
    if end > len(data):
        raise RlpError("an RLP item runs past the end")
    if not is_list:
        return data[body:end], end
    items: list[RlpItem] = []
    position = body
    while position < end:
        item, position = _rlp_item(data[:end], position, depth + 1)
        items.append(item)
    return items, end
