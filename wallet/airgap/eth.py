"""Ethereum transactions over QR: ERC-4527's ``eth-sign-request`` and ``eth-signature`` URs.

The CBOR keys are those of ERC-4527 ("CDDL for Eth Sign Request" / "CDDL for Eth Signature",
github.com/ethereum/ERCs ERCS/erc-4527.md) as Keystone's registry (ur-registry-eth, the
reference the ERC names) encodes them: a map with integer keys in ascending order, the
request id a 16-byte UUID under tag 37, the derivation path a crypto-keypath (BCR-2020-007,
tag 304: components as index/hardened pairs, optional source fingerprint and depth).

    eth-sign-request {1: #37(uuid), 2: sign-data, 3: data-type, 4: chain-id,
                      5: #304(keypath), 6: address (20 bytes), 7: origin}
    eth-signature    {1: #37(uuid), 2: r || s || v (65 bytes), 3: origin}

Only the text encodings live here (Qt-free, no app): what a scanned message means is decided
by `app.usecases.eth_qr`, which runs it through the same checks as a transaction file.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import cbor2

from wallet.airgap.errors import MalformedFrame, UnsupportedContent
from wallet.types import HARDENED

ETH_SIGN_REQUEST = "eth-sign-request"
ETH_SIGNATURE = "eth-signature"
UUID_TAG = 37
KEYPATH_TAG = 304
TYPED_TRANSACTION = 4  # an EIP-2718 typed transaction (we build EIP-1559, type 2)
DATA_TYPES = {
    1: "a legacy transaction",
    2: "EIP-712 typed data",
    3: "a message to sign (personal_sign)",
    TYPED_TRANSACTION: "a typed transaction",
}
MAX_SIGN_DATA = 1_000_000  # far above any transfer; a forged message cannot make us hold more


@dataclass(frozen=True)
class EthSignRequest:
    request_id: bytes  # 16 bytes (a UUID)
    sign_data: bytes  # for a typed transaction: 0x02 || RLP of the unsigned fields
    data_type: int
    chain_id: int | None
    path: tuple[tuple[int, bool], ...]  # (index, hardened) from the master key
    address: bytes | None = None  # the signing address, for the signer to check
    origin: str | None = None
    source_fingerprint: int | None = None

    def to_cbor(self) -> bytes:
        keypath: dict[int, Any] = {1: [item for index, hard in self.path for item in (index, hard)]}
        if self.source_fingerprint is not None:
            keypath[2] = self.source_fingerprint
        fields: dict[int, Any] = {
            1: cbor2.CBORTag(UUID_TAG, self.request_id),
            2: self.sign_data,
            3: self.data_type,
        }
        if self.chain_id is not None:
            fields[4] = self.chain_id
        fields[5] = cbor2.CBORTag(KEYPATH_TAG, keypath)
        if self.address is not None:
            fields[6] = self.address
        if self.origin is not None:
            fields[7] = self.origin
        return cbor2.dumps(fields)

    @classmethod
    def from_cbor(cls, message: bytes) -> EthSignRequest:
        fields = _map(message, "eth-sign-request")
        data_type = _int(fields, 3, "data type")
        if data_type not in DATA_TYPES:
            raise MalformedFrame(f"the eth-sign-request has an unknown data type {data_type}")
        sign_data = _bytes(fields, 2, "sign data")
        if not sign_data or len(sign_data) > MAX_SIGN_DATA:
            raise MalformedFrame("the eth-sign-request's data is empty or implausibly large")
        chain_id = _int(fields, 4, "chain id") if 4 in fields else None
        address = _bytes(fields, 6, "address") if 6 in fields else None
        if address is not None and len(address) != 20:
            raise MalformedFrame("the eth-sign-request's address is not 20 bytes")
        origin = fields.get(7)
        if origin is not None and not isinstance(origin, str):
            raise MalformedFrame("the eth-sign-request's origin is not text")
        path, fingerprint = _keypath(fields.get(5))
        return cls(_uuid(fields), sign_data, data_type, chain_id, path, address, origin, fingerprint)


@dataclass(frozen=True)
class EthSignatureMessage:
    request_id: bytes
    signature: bytes  # r (32) || s (32) || v (1)
    origin: str | None = None

    def to_cbor(self) -> bytes:
        fields: dict[int, Any] = {1: cbor2.CBORTag(UUID_TAG, self.request_id), 2: self.signature}
        if self.origin is not None:
            fields[3] = self.origin
        return cbor2.dumps(fields)

    @classmethod
    def from_cbor(cls, message: bytes) -> EthSignatureMessage:
        fields = _map(message, "eth-signature")
        signature = _bytes(fields, 2, "signature")
        if len(signature) != 65:
            raise MalformedFrame("the eth-signature is not 65 bytes (r, s, v)")
        origin = fields.get(3)
        if origin is not None and not isinstance(origin, str):
            raise MalformedFrame("the eth-signature's origin is not text")
        return cls(_uuid(fields), signature, origin)


def path_components(path: str) -> tuple[tuple[int, bool], ...]:
    """ "m/44h/60h/0h/0/0" (or with ') as (index, hardened) pairs."""
    steps = path.strip().split("/")
    if steps[0] not in ("m", "M"):
        raise ValueError(f"not a derivation path from the master key: {path!r}")
    components = []
    for step in steps[1:]:
        hardened = step[-1:] in ("h", "H", "'")
        digits = step[:-1] if hardened else step
        if not digits.isdigit() or int(digits) >= HARDENED:
            raise ValueError(f"not a derivation step: {step!r} in {path!r}")
        components.append((int(digits), hardened))
    return tuple(components)


def path_text(components: tuple[tuple[int, bool], ...]) -> str:
    return "/".join(["m", *(f"{index}{'h' if hard else ''}" for index, hard in components)])


def _map(message: bytes, what: str) -> dict[int, Any]:
    try:
        fields = cbor2.loads(message)
    except (cbor2.CBORDecodeError, ValueError, TypeError, OverflowError):
        raise MalformedFrame(f"the {what} is not valid CBOR") from None
    if not isinstance(fields, dict) or not all(type(key) is int for key in fields):
        raise UnsupportedContent(f"the {what} is not a CBOR map with integer keys")
    return fields


def _int(fields: dict[int, Any], key: int, what: str) -> int:
    value = fields.get(key)
    if type(value) is not int or value < 0:
        raise MalformedFrame(f"the request's {what} is missing or not a whole number")
    return value


def _bytes(fields: dict[int, Any], key: int, what: str) -> bytes:
    value = fields.get(key)
    if not isinstance(value, bytes):
        raise MalformedFrame(f"the {what} is missing or not a byte string")
    return value


def _uuid(fields: dict[int, Any]) -> bytes:
    value = fields.get(1)
    if isinstance(value, uuid.UUID):  # cbor2 reads tag 37 as a UUID itself
        return value.bytes
    if not isinstance(value, cbor2.CBORTag) or value.tag != UUID_TAG:
        raise MalformedFrame("the request id is missing or not a UUID (tag 37)")
    if not isinstance(value.value, bytes) or len(value.value) != 16:
        raise MalformedFrame("the request id is not 16 bytes")
    return value.value


def _keypath(value: object) -> tuple[tuple[tuple[int, bool], ...], int | None]:
    if not isinstance(value, cbor2.CBORTag) or value.tag != KEYPATH_TAG or not isinstance(value.value, dict):
        raise MalformedFrame("the derivation path is missing or not a crypto-keypath (tag 304)")
    items = value.value.get(1)
    if not isinstance(items, list) or len(items) % 2:
        raise MalformedFrame("the derivation path's components are not index/hardened pairs")
    pairs = list(zip(items[::2], items[1::2], strict=True))
    if not all(type(i) is int and 0 <= i < HARDENED and isinstance(h, bool) for i, h in pairs):
        raise MalformedFrame(
            "the derivation path holds a wildcard, a range or a bad index; ColdSplit signs one key"
        )
    fingerprint = value.value.get(2)
    if fingerprint is not None and (type(fingerprint) is not int or not 0 < fingerprint <= 0xFFFFFFFF):
        raise MalformedFrame("the derivation path's source fingerprint is not a 32-bit number")
    return tuple((int(i), bool(h)) for i, h in pairs), fingerprint
