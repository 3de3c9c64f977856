"""Checking a signed Ethereum transaction against the one that was reviewed, independently of
the code that built it: eth-account decodes the raw bytes and recovers the sender. A signed
transaction is accepted only when every signed field equals the reviewed one and the
signature recovers the cold address — so what is broadcast is exactly what was reviewed,
signed by the key the device showed.
"""

from __future__ import annotations

from typing import Any

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
    if not raw or raw[0] != eth_tx.EIP1559_TX_TYPE:
        raise SignedTransactionMismatch("the signed transaction is not an EIP-1559 (type 2) transaction")
    try:
        return dict(TypedTransaction.from_bytes(HexBytes(raw)).as_dict())
    except Exception as exc:  # eth-account raises rlp and validation errors of several types
        raise SignedTransactionMismatch(f"the signed transaction does not decode ({exc})") from None


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
    signed = {
        "chain id": int(fields["chainId"]),
        "nonce": int(fields["nonce"]),
        "gas limit": int(fields["gas"]),
        "max fee per gas": int(fields["maxFeePerGas"]),
        "max priority fee": int(fields["maxPriorityFeePerGas"]),
        "recipient": bytes(HexBytes(to)).hex(),
        "value": int(fields["value"]),
        "data": bytes(HexBytes(fields.get("data") or b"")).hex(),
        "access list": len(fields.get("accessList") or ()),
    }
    expected = {
        "chain id": reviewed.chain_id,
        "nonce": reviewed.nonce,
        "gas limit": reviewed.gas_limit,
        "max fee per gas": reviewed.max_fee_per_gas,
        "max priority fee": reviewed.max_priority_fee_per_gas,
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
