"""EthereumSignTx (legacy, EIP-155) and EthereumSignTxEIP1559: checks, screens, data streaming, signature.

Order and failures follow trezor-firmware legacy/firmware/fsm_msg_ethereum.h and ethereum.c
(python/v0.20.2): PIN; the network (built in by chain id, else a signed definition) and the
token for the recipient contract; the path policy; then `ethereum_signing_init_common`
(chain id ≥ 1, data length vs initial chunk, at most 16,000,000 bytes of data, a 0/40/42
character recipient, no contract creation without data), the fee-overflow check and the
Wanchain tx_type (1 or 6). The legacy firmware confirms from the initial chunk and then asks
for the rest of the data (EthereumTxRequest.data_length ≤ 1024, answered by EthereumTxAck);
core models ask for all of it first (ethereum_screens.py). The answer is EthereumTxRequest
with r, s and v: for legacy transactions v = 35 + 2·chain_id + recovery id (only the recovery
id above MAX_CHAIN_ID), for EIP-1559 the recovery id.
"""

from __future__ import annotations

from collections.abc import Generator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from trezorlib import messages, protobuf

from wallet.emulator import ethereum_defs, ethereum_screens, guards, paths
from wallet.emulator.ethereum_screens import ERC20_TRANSFER, Review, amount_with_unit
from wallet.emulator.flow import DeviceFailure, Flow
from wallet.eth_tx import (
    MAX_CHAIN_ID_FULL_V,
    AccessEntry,
    TxFields,
    parse_address,
    sign_digest,
    signing_digest,
)
from wallet.types import HARDENED, format_path

if TYPE_CHECKING:
    from wallet.emulator.device import Device

Failure = messages.FailureType
Show = Generator[Any, Any, None]
MAX_DATA_LENGTH = 16_000_000  # "Our encoding only supports transactions up to 2^24 bytes"
MAX_CHUNK = 1024
MAX_FIELD_BYTES = 32  # nonce, gas and value max_size (messages-ethereum.options)
MAX_TO_CHARS = 42  # to max_size 43 includes the terminating zero
MAX_ACCESS_LIST = 12
MAX_PATH = 8
WANCHAIN_TX_TYPES = (1, 6)
# legacy/firmware/ethereum.c: Everstake pool (stake/unstake) and accounting (claim) contracts
_POOLS = tuple(
    bytes.fromhex(pool)
    for pool in ("afa848357154a6a624686b348303ef9a13f63264", "d523794c879d9ec028960a231f866758e405be34")
)
_ACCOUNTING = tuple(
    bytes.fromhex(contract)
    for contract in ("624087dd1904ab122a32878ce9e933c7071f53b9", "7a7f0b3c23c23a31cfcb0c44709be70d4d545c6e")
)
_STAKE, _UNSTAKE, _CLAIM = bytes.fromhex("3a29dbae"), bytes.fromhex("76ec871c"), bytes.fromhex("33986ffa")


def _data_error(text: str) -> DeviceFailure:
    return DeviceFailure(Failure.DataError, text)


def path_slip44(path: Sequence[int]) -> int | None:
    return path[1] & ~HARDENED if len(path) > 1 else None


def check_path(device: Device, path: Sequence[int], network: ethereum_defs.Network) -> Show:
    """fsm_ethereumCheckPath: standard → nothing; otherwise refuse (strict) or warn."""
    if ethereum_defs.path_ok(path, network):
        return
    if device.state.strict:
        raise DeviceFailure(Failure.DataError, "Forbidden key path")
    yield paths.path_warning()


@dataclass(frozen=True)
class Request:
    """EthereumSignTx and EthereumSignTxEIP1559 in one shape."""

    path: Sequence[int]
    nonce: bytes
    gas_limit: bytes
    to: str
    value: bytes
    data_length: int
    initial_chunk: bytes
    chain_id: int
    definitions: messages.EthereumDefinitions | None
    eip1559: bool
    gas_price: bytes = b""
    max_gas_fee: bytes = b""
    max_priority_fee: bytes = b""
    tx_type: int | None = None
    access_list: Sequence[messages.EthereumAccessList] = ()

    def fee_fields(self) -> tuple[bytes, ...]:
        return (self.max_gas_fee, self.max_priority_fee) if self.eip1559 else (self.gas_price,)


def on_sign_tx(device: Device, msg: protobuf.MessageType) -> Flow:
    assert isinstance(msg, messages.EthereumSignTx)
    request = Request(
        msg.address_n, msg.nonce or b"", msg.gas_limit, msg.to or "", msg.value or b"", msg.data_length or 0,
        msg.data_initial_chunk or b"", msg.chain_id, msg.definitions, eip1559=False,
        gas_price=msg.gas_price, tx_type=msg.tx_type,
    )  # fmt: skip
    return (yield from _sign(device, request))


def on_sign_tx_eip1559(device: Device, msg: protobuf.MessageType) -> Flow:
    assert isinstance(msg, messages.EthereumSignTxEIP1559)
    request = Request(
        msg.address_n, msg.nonce, msg.gas_limit, msg.to or "", msg.value, msg.data_length,
        msg.data_initial_chunk or b"", msg.chain_id, msg.definitions, eip1559=True,
        max_gas_fee=msg.max_gas_fee, max_priority_fee=msg.max_priority_fee, access_list=msg.access_list,
    )  # fmt: skip
    return (yield from _sign(device, request))


def _check_field_sizes(request: Request) -> None:
    """The limits of the firmware's decoder (nanopb's own error texts)."""
    if len(request.path) > MAX_PATH or len(request.access_list) > MAX_ACCESS_LIST:
        raise _data_error("array overflow")
    numbers = (request.nonce, request.gas_limit, request.value, *request.fee_fields())
    if any(len(field) > MAX_FIELD_BYTES for field in numbers) or len(request.initial_chunk) > MAX_CHUNK:
        raise _data_error("bytes overflow")
    if len(request.to) > MAX_TO_CHARS:
        raise _data_error("string overflow")


def _sign(device: Device, request: Request) -> Flow:
    _check_field_sizes(request)
    keys = yield from guards.keys(device)
    network, token = _definitions(request)
    yield from check_path(device, request.path, network)
    _check_common(request)
    review = _review(request, network, token)
    if device.identity.is_model_one:
        yield from ethereum_screens.legacy_screens(review)
        data = yield from _collect_data(request)
    else:
        data = yield from _collect_data(request)
        yield from ethereum_screens.core_screens(review, data, _account_details(request.path))
    fields = _tx_fields(request, review.recipient, data)
    r, s, recovery_id = sign_digest(keys.private_key(request.path), signing_digest(fields))
    v = recovery_id
    if not request.eip1559 and request.chain_id <= MAX_CHAIN_ID_FULL_V:
        v += 2 * request.chain_id + 35  # EIP-155
    return messages.EthereumTxRequest(signature_v=v, signature_r=r, signature_s=s)


def _account_details(path: Sequence[int]) -> tuple[str, ...]:
    """The address screen's info page on core: the account number and the derivation path."""
    account = f"#{(path[2] & ~HARDENED) + 1}" if len(path) > 2 else "-"
    return (f"Account: {account}", f"Derivation path: {format_path(path)}")


def _definitions(request: Request) -> tuple[ethereum_defs.Network, ethereum_defs.Token]:
    """ethereum_get_definitions: the network by chain id, and the token the recipient contract is."""
    encoded = request.definitions
    network = ethereum_defs.resolve_network(
        encoded.encoded_network if encoded else None, request.chain_id, None
    )
    if network is ethereum_defs.UNKNOWN_NETWORK:
        return network, ethereum_defs.UNKNOWN_TOKEN
    token = ethereum_defs.resolve_token(
        encoded.encoded_token if encoded else None, network.chain_id, parse_address(request.to)
    )
    return network, token


def _check_common(request: Request) -> None:
    """ethereum_signing_init_common, the fee-overflow check and the Wanchain tx_type."""
    if request.chain_id < 1:
        raise _data_error("Chain ID out of bounds")
    total = request.data_length
    if total > 0 and not request.initial_chunk:
        raise _data_error("Data length provided, but no initial chunk")
    if total > MAX_DATA_LENGTH:
        raise _data_error("Data length exceeds limit")
    if len(request.initial_chunk) > total:
        raise _data_error("Invalid size of initial chunk")
    if len(request.to) not in (0, 40, 42) or (not request.to and total == 0):
        raise _data_error("Safety check failed")
    if any(len(fee) + len(request.gas_limit) > 30 for fee in request.fee_fields()):
        raise _data_error("Safety check failed")
    if request.tx_type is not None and request.tx_type not in WANCHAIN_TX_TYPES:
        raise _data_error("Txtype out of bounds")


def _review(request: Request, network: ethereum_defs.Network, token: ethereum_defs.Token) -> Review:
    recipient = parse_address(request.to) or b""
    chunk = request.initial_chunk
    is_transfer = (
        bool(recipient)
        and not request.value
        and request.data_length == len(chunk) == 68
        and chunk.startswith(ERC20_TRANSFER)
    )
    return Review(
        network=network,
        recipient=recipient,
        value=int.from_bytes(request.value, "big"),
        data_total=request.data_length,
        initial_chunk=chunk,
        token=token if is_transfer else None,
        eip1559=request.eip1559,
        gas_limit=int.from_bytes(request.gas_limit, "big"),
        gas_price=int.from_bytes(request.gas_price, "big"),
        max_gas_fee=int.from_bytes(request.max_gas_fee, "big"),
        max_priority_fee=int.from_bytes(request.max_priority_fee, "big"),
        staking=_staking_lines(recipient, chunk, int.from_bytes(request.value, "big"), network.symbol),
    )


def _staking_lines(recipient: bytes, chunk: bytes, value: int, symbol: str) -> tuple[str, ...] | None:
    """isEthereumStakingTx + layoutEthereumConfirmStakingTx; a malformed call is refused."""
    selector, args = chunk[:4], chunk[4:]
    if len(chunk) < 4:
        return None
    if recipient in _POOLS and selector in (_STAKE, _UNSTAKE):
        stake = selector == _STAKE
        if len(args) != (32 if stake else 96):
            raise _data_error("Invalid staking transaction call")
        amount = amount_with_unit(value if stake else int.from_bytes(args[:32], "big"), symbol)
        number, unit = amount.rsplit(" ", 1)
        if stake:
            return ("Stake", number, f"{unit} on Everstake?")
        return ("Unstake", number, f"{unit} from Everstake?")
    if recipient in _ACCOUNTING and selector == _CLAIM:
        if args:
            raise _data_error("Invalid staking transaction call")
        return ("Claim ETH", "from Everstake?")
    return None


def _collect_data(request: Request) -> Generator[Any, Any, bytes]:
    """The rest of the data, at most 1,024 bytes per EthereumTxRequest."""
    data = bytearray(request.initial_chunk)
    left = request.data_length - len(data)
    while left > 0:
        reply = yield messages.EthereumTxRequest(data_length=min(left, MAX_CHUNK))
        if not isinstance(reply, messages.EthereumTxAck):
            raise DeviceFailure(Failure.UnexpectedMessage, "Unexpected message")
        chunk = reply.data_chunk
        if len(chunk) > MAX_CHUNK:
            raise _data_error("bytes overflow")
        if len(chunk) > left:
            raise _data_error("Too much data")
        if not chunk:
            raise _data_error("Empty data chunk received")
        data += chunk
        left -= len(chunk)
    return bytes(data)


def _tx_fields(request: Request, recipient: bytes, data: bytes) -> TxFields:
    access = []
    for entry in request.access_list:
        address = parse_address(entry.address)
        if address is None:
            raise _data_error("Malformed address")
        access.append(AccessEntry(address, tuple(entry.storage_keys)))
    return TxFields(
        nonce=request.nonce,
        gas_limit=request.gas_limit,
        to=recipient,
        value=request.value,
        data=data,
        chain_id=request.chain_id,
        gas_price=request.gas_price,
        max_gas_fee=request.max_gas_fee,
        max_priority_fee=request.max_priority_fee,
        tx_type=request.tx_type,
        access_list=tuple(access),
        eip1559=request.eip1559,
    )
