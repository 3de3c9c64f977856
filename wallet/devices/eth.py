"""What the device layer's Ethereum calls take and give, and how their results are checked.

A transaction is EIP-1559 when it carries max fees, legacy (EIP-155) when it carries a gas
price. After signing, the driver recovers the signer from the signature over the digest it
computed itself (wallet.eth_tx) and refuses a result that is not from the device's own
address: the signed payload is then provably the one that was reviewed.
"""

from __future__ import annotations

from dataclasses import dataclass

from wallet import eth_tx
from wallet.devices.errors import BadDeviceRequest, DeviceProtocolError

MAX_UINT256 = 2**256 - 1
MAX_CHAIN_ID = 2**64 - 1  # the devices' chain_id field is a uint64
MAX_DATA_BYTES = 16_000_000  # trezor-firmware's limit on a transaction's data


@dataclass(frozen=True)
class EthAccessEntry:
    address: str
    storage_keys: tuple[bytes, ...] = ()


@dataclass(frozen=True)
class EthTransaction:
    """An unsigned transaction; amounts in wei. `to` is "0x" + 40 hex digits, or "" to create a contract."""

    chain_id: int
    nonce: int
    gas_limit: int
    to: str
    value: int
    data: bytes = b""
    max_fee_per_gas: int | None = None
    max_priority_fee_per_gas: int | None = None
    gas_price: int | None = None
    access_list: tuple[EthAccessEntry, ...] = ()

    @property
    def is_eip1559(self) -> bool:
        return self.max_fee_per_gas is not None

    def validate(self) -> None:
        """BadDeviceRequest for a transaction no device should be asked to sign."""
        if not 1 <= self.chain_id <= MAX_CHAIN_ID:
            raise BadDeviceRequest(f"chain id {self.chain_id} is out of range")
        fees = (self.max_fee_per_gas, self.max_priority_fee_per_gas)
        eip1559_complete = None not in fees and self.gas_price is None
        legacy_complete = fees == (None, None) and self.gas_price is not None
        if not (eip1559_complete or legacy_complete):
            raise BadDeviceRequest("give either max fee and priority fee (EIP-1559) or a gas price (legacy)")
        if self.access_list and not self.is_eip1559:
            raise BadDeviceRequest("an access list needs an EIP-1559 transaction")
        given_fees = [fee for fee in (*fees, self.gas_price) if fee is not None]
        numbers = (self.nonce, self.gas_limit, self.value, *given_fees)
        if any(not 0 <= n <= MAX_UINT256 for n in numbers):
            raise BadDeviceRequest("nonce, gas, fees and value must be whole numbers from 0 to 2^256-1")
        if self.to and eth_tx.parse_address(self.to) is None:
            raise BadDeviceRequest(f"not an Ethereum address: {self.to!r}")
        if not self.to and not self.data:
            raise BadDeviceRequest("a contract creation (no recipient) needs data")
        if len(self.data) > MAX_DATA_BYTES:
            raise BadDeviceRequest(f"data longer than {MAX_DATA_BYTES:,} bytes")
        if any(eth_tx.parse_address(entry.address) is None for entry in self.access_list):
            raise BadDeviceRequest("an access-list entry has a malformed address")

    def fields(self) -> eth_tx.TxFields:
        access = tuple(
            eth_tx.AccessEntry(eth_tx.parse_address(entry.address) or b"", entry.storage_keys)
            for entry in self.access_list
        )
        number = eth_tx.int_bytes
        return eth_tx.TxFields(
            nonce=number(self.nonce),
            gas_limit=number(self.gas_limit),
            to=eth_tx.parse_address(self.to) or b"",
            value=number(self.value),
            data=self.data,
            chain_id=self.chain_id,
            gas_price=number(self.gas_price or 0),
            max_gas_fee=number(self.max_fee_per_gas or 0),
            max_priority_fee=number(self.max_priority_fee_per_gas or 0),
            access_list=access,
            eip1559=self.is_eip1559,
        )


@dataclass(frozen=True)
class EthSignature:
    """v is the y-parity (0/1) for EIP-1559 and 35 + 2·chain_id + parity (EIP-155) for legacy."""

    v: int
    r: bytes
    s: bytes

    @property
    def recovery_id(self) -> int:
        return self.v if self.v <= 1 else (self.v - 35) % 2

    def raw_transaction(self, tx: EthTransaction) -> bytes:
        """The signed transaction, ready for eth_sendRawTransaction."""
        return eth_tx.signed_raw_transaction(tx.fields(), self.v, self.r, self.s)


@dataclass(frozen=True)
class EthSignedMessage:
    """An EIP-191 signature: 65 bytes r || s || v with v = 27 + parity."""

    address: str
    signature: bytes


def transaction_signer(tx: EthTransaction, signature: EthSignature) -> str | None:
    """The EIP-55 address that made `signature` over `tx`, or None if it recovers no key."""
    compact = signature.r.rjust(32, b"\x00") + signature.s.rjust(32, b"\x00") + bytes([signature.recovery_id])
    signer = eth_tx.recover_pubkeyhash(compact, eth_tx.signing_digest(tx.fields()))
    return None if signer is None else eth_tx.checksum_address(signer)


def message_signer(message: bytes, signature: bytes) -> str | None:
    if len(signature) != 65:
        return None
    signer = eth_tx.recover_pubkeyhash(signature, eth_tx.message_digest(message))
    return None if signer is None else eth_tx.checksum_address(signer)


def require_signer(signer: str | None, address: str, what: str) -> None:
    if signer is None or signer.lower() != address.lower():
        raise DeviceProtocolError(f"the device's {what} signature does not come from its address {address}")
