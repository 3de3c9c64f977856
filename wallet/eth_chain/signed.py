"""Checking a signed Ethereum transaction against the one that was reviewed, independently of
the code that built it: eth-account decodes the raw bytes and recovers the sender. A signed
transaction is accepted only when every signed field equals the reviewed one and the
signature recovers the cold address — so what is broadcast is exactly what was reviewed,
signed by the key the device showed.
"""

from __future__ import annotations

from typing import Any

import rlp
from eth_account import Account
from eth_account.typed_transactions.typed_transaction import TypedTransaction
from hexbytes import HexBytes

from wallet import eth_tx
from wallet.devices.eth import EthTransaction


class SignedTransactionMismatch(Exception):
    """The signed transaction is not the reviewed one, or not signed by the expected address."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _decoded(raw: bytes) -> dict[str, Any]:
    """The signed fields, named as eth-account names a typed transaction's."""
    if raw and raw[0] >= LEGACY_RLP_LIST:
        return _decoded_legacy(raw)
    if not raw or raw[0] != eth_tx.EIP1559_TX_TYPE:
        raise SignedTransactionMismatch(
            "the signed transaction is neither EIP-1559 (type 2) nor legacy (EIP-155)"
        )
    try:
        return dict(TypedTransaction.from_bytes(HexBytes(raw)).as_dict())
    except Exception as exc:  # eth-account raises rlp and validation errors of several types
        raise SignedTransactionMismatch(f"the signed transaction does not decode ({exc})") from None


LEGACY_RLP_LIST = 0xC0  # a legacy transaction is a bare RLP list; typed ones start with their type < 0x80
_LEGACY_FIELDS = ("nonce", "gasPrice", "gas", "to", "value", "data", "v", "r", "s")


def _decoded_legacy(raw: bytes) -> dict[str, Any]:
    """A legacy transaction by rlp alone; only EIP-155 ones (v = 35 + 2·chain id + parity) pass,
    since a signature without the chain id could be replayed on every chain."""
    try:
        items = rlp.decode(raw)
    except rlp.exceptions.DecodingError as exc:
        raise SignedTransactionMismatch(f"the signed transaction does not decode ({exc})") from None
    if (
        not isinstance(items, list)
        or len(items) != len(_LEGACY_FIELDS)
        or not all(isinstance(i, bytes) for i in items)
    ):
        raise SignedTransactionMismatch("the signed legacy transaction does not have its nine fields")
    fields: dict[str, Any] = dict(zip(_LEGACY_FIELDS, items, strict=True))
    for name in ("nonce", "gasPrice", "gas", "value", "v"):
        fields[name] = int.from_bytes(fields[name], "big")
    if fields["v"] < 35:
        raise SignedTransactionMismatch("the signed legacy transaction has no chain id (not EIP-155)")
    fields["chainId"] = (fields["v"] - 35) // 2
    return fields


def _fees(fields: dict[str, Any], reviewed: EthTransaction) -> tuple[dict[str, Any], dict[str, Any]]:
    """(signed, reviewed) fee fields, by each side's own transaction type."""
    signed = (
        {
            "max fee per gas": int(fields["maxFeePerGas"]),
            "max priority fee": int(fields["maxPriorityFeePerGas"]),
        }
        if "maxFeePerGas" in fields
        else {"gas price": int(fields["gasPrice"])}
    )
    expected = (
        {"max fee per gas": reviewed.max_fee_per_gas, "max priority fee": reviewed.max_priority_fee_per_gas}
        if reviewed.is_eip1559
        else {"gas price": reviewed.gas_price}
    )
    if signed.keys() != expected.keys():
        kinds = {True: "EIP-1559", False: "legacy"}
        raise SignedTransactionMismatch(
            f"the signed transaction is {kinds['maxFeePerGas' in fields]}, the reviewed one "
            f"{kinds[reviewed.is_eip1559]}"
        )
    return signed, expected


def signed_sender(raw: bytes) -> str:
    _decoded(raw)
    try:
        sender = Account.recover_transaction(raw)
    except Exception as exc:
        raise SignedTransactionMismatch(f"the signature recovers no key ({exc})") from None
    return eth_tx.checksum_address(bytes.fromhex(str(sender)[2:]))


def check_signed(raw: bytes, reviewed: EthTransaction, signer: str) -> str:
    """The transaction hash of `raw` if it is `reviewed` signed by `signer`; else raise."""
    fields = _decoded(raw)
    to = fields.get("to") or b""
    signed_fees, reviewed_fees = _fees(fields, reviewed)
    signed = {
        "chain id": int(fields["chainId"]),
        "nonce": int(fields["nonce"]),
        "gas limit": int(fields["gas"]),
        **signed_fees,
        "recipient": bytes(HexBytes(to)).hex(),
        "value": int(fields["value"]),
        "data": bytes(HexBytes(fields.get("data") or b"")).hex(),
        "access list": len(fields.get("accessList") or ()),
    }
    expected = {
        "chain id": reviewed.chain_id,
        "nonce": reviewed.nonce,
        "gas limit": reviewed.gas_limit,
        **reviewed_fees,
        "recipient": (eth_tx.parse_address(reviewed.to) or b"").hex(),
        "value": reviewed.value,
        "data": reviewed.data.hex(),
        "access list": len(reviewed.access_list),
    }
    differing = [name for name in expected if signed[name] != expected[name]]
    if differing:
        raise SignedTransactionMismatch(
            f"the signed transaction differs from the reviewed one in: {', '.join(differing)}"
        )
    sender = signed_sender(raw)
    if sender.lower() != signer.lower():
        raise SignedTransactionMismatch(f"the signature recovers {sender}, not the cold address {signer}")
    return "0x" + eth_tx.keccak256(raw).hex()
