"""The parts of ERC-20 (EIP-20) ColdSplit uses: transfer call data, balanceOf/symbol/decimals
calls, and the Transfer event's topic. ABI encoding comes from eth-abi."""

from __future__ import annotations

from eth_abi.abi import decode, encode

from wallet import eth_tx

# The first four bytes of keccak256 of each signature (checked in tests/wallet/eth_chain).
TRANSFER_SELECTOR = eth_tx.keccak256(b"transfer(address,uint256)")[:4]
BALANCE_OF_SELECTOR = eth_tx.keccak256(b"balanceOf(address)")[:4]
DECIMALS_SELECTOR = eth_tx.keccak256(b"decimals()")[:4]
SYMBOL_SELECTOR = eth_tx.keccak256(b"symbol()")[:4]
TRANSFER_TOPIC = eth_tx.keccak256(b"Transfer(address,address,uint256)")
TRANSFER_GAS_FALLBACK = 100_000  # when the node cannot estimate (USDT's transfer uses ~63k)


def _address_bytes(address: str) -> bytes:
    raw = eth_tx.parse_address(address)
    if raw is None:
        raise ValueError(f"not an Ethereum address: {address!r}")
    return raw


def transfer_calldata(to: str, amount: int) -> bytes:
    return TRANSFER_SELECTOR + encode(["address", "uint256"], ["0x" + _address_bytes(to).hex(), amount])


def decode_transfer_calldata(data: bytes) -> tuple[str, int] | None:
    """(recipient, amount) of a transfer(address,uint256) call; None for anything else."""
    if len(data) != 68 or data[:4] != TRANSFER_SELECTOR:
        return None
    try:
        to, amount = decode(["address", "uint256"], data[4:])
    except Exception:  # eth-abi raises several unrelated types for malformed words
        return None
    return eth_tx.checksum_address(bytes.fromhex(str(to)[2:])), int(amount)


def balance_of_calldata(owner: str) -> bytes:
    return BALANCE_OF_SELECTOR + encode(["address"], ["0x" + _address_bytes(owner).hex()])


def address_topic(address: str) -> str:
    """An address as an indexed event topic (32 bytes, left-padded)."""
    return "0x" + _address_bytes(address).rjust(32, b"\x00").hex()


def topic_address(topic: bytes) -> str:
    return eth_tx.checksum_address(topic[-20:])


def decode_uint(data: bytes) -> int:
    return int(decode(["uint256"], data)[0])


def decode_symbol(data: bytes) -> str:
    """symbol() as a string; a few old tokens return bytes32 instead."""
    if len(data) == 32:
        return data.rstrip(b"\x00").decode("utf-8", "replace")
    return str(decode(["string"], data)[0])
