"""Ethereum requests: addresses, public keys, EIP-191 messages; SignTx lives in ethereum_signing.py.

Flows and failures follow trezor-firmware legacy/firmware/fsm_msg_ethereum.h (python/v0.20.2):
PIN first, then the network (built in by the path's SLIP-44, or a signed definition), then
the path policy (ethereum_defs.path_ok; a non-standard path is "Forbidden key path" while
safety checks are strict, otherwise a warning screen). EthereumGetPublicKey only serves the
m/44' and m/45' subtrees. Messages are shown and signed as the Bitcoin ones are (address
screen, then the message pages), with v = 27 + recovery id.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import TYPE_CHECKING, Any

from trezorlib import messages, protobuf

from wallet.emulator import displays, ethereum_defs, ethereum_signing, ethereum_typed_data, guards
from wallet.emulator.ethereum_signing import check_path, path_slip44
from wallet.emulator.flow import Confirm, DeviceFailure, Flow
from wallet.emulator.requests_coin import serialize_xpub
from wallet.eth_tx import (
    checksum_address,
    keccak256,
    message_digest,
    parse_address,
    pubkeyhash_of,
    recover_pubkeyhash,
    sign_digest,
)
from wallet.types import HARDENED, format_path

if TYPE_CHECKING:
    from wallet.emulator.device import Device

Failure = messages.FailureType
Button = messages.ButtonRequestType
Show = Generator[Any, Any, None]
BITCOIN_XPUB_MAGIC = 0x0488B21E  # the firmware serializes Ethereum xpubs with Bitcoin's version
MAX_MESSAGE_BYTES = 1024  # EthereumSignMessage/VerifyMessage.message max_size (messages-ethereum.options)
# fsm_msgEthereumGetAddress: RSK's SLIP-44 types use RSKIP-60 checksums with their chain ids
_RSKIP60_CHAIN_BY_SLIP44 = {137: 30, 37310: 31}


def _network_for_path(msg: Any) -> ethereum_defs.Network:
    unknown_chain = ethereum_defs.CHAIN_ID_UNKNOWN
    return ethereum_defs.resolve_network(msg.encoded_network, unknown_chain, path_slip44(msg.address_n))


def on_get_address(device: Device, msg: protobuf.MessageType) -> Flow:
    assert isinstance(msg, messages.EthereumGetAddress)
    keys = yield from guards.keys(device)
    yield from check_path(device, msg.address_n, _network_for_path(msg))
    chain_id = _RSKIP60_CHAIN_BY_SLIP44.get(path_slip44(msg.address_n) or 0, 0)
    address = checksum_address(pubkeyhash_of(keys.public_key(msg.address_n)), chain_id)
    if msg.show_display:
        yield from displays.show_address(device, "Address:", address, format_path(msg.address_n))
    return messages.EthereumAddress(address=address)


def on_get_public_key(device: Device, msg: protobuf.MessageType) -> Flow:
    assert isinstance(msg, messages.EthereumGetPublicKey)
    keys = yield from guards.keys(device)
    path = msg.address_n
    if device.identity.is_model_one:
        if not path or path[0] not in (44 | HARDENED, 45 | HARDENED):
            raise DeviceFailure(Failure.DataError, "Invalid path for EthereumGetPublicKey")
    else:
        network = ethereum_defs.network_by_slip44(path_slip44(path) or 0)
        if not ethereum_defs.path_ok(path, network, pubkey_export=True):
            raise DeviceFailure(Failure.DataError, "Forbidden key path")
    node, xpub = serialize_xpub(keys, path, BITCOIN_XPUB_MAGIC)
    if msg.show_display:
        yield Confirm(Button.PublicKey, "Public key", (node.public_key.hex(),))
    return messages.EthereumPublicKey(node=node, xpub=xpub)


def _check_message_length(message: bytes) -> None:
    if len(message) > MAX_MESSAGE_BYTES:
        raise DeviceFailure(Failure.DataError, "bytes overflow")  # nanopb's decoder refuses it


def on_sign_message(device: Device, msg: protobuf.MessageType) -> Flow:
    assert isinstance(msg, messages.EthereumSignMessage)
    _check_message_length(msg.message)
    keys = yield from guards.keys(device)
    yield from check_path(device, msg.address_n, _network_for_path(msg))
    address = checksum_address(pubkeyhash_of(keys.public_key(msg.address_n)))
    yield Confirm(Button.Other, "Confirm address", (address,))
    yield from displays.show_message(device, "Sign message?", msg.message)
    r, s, recovery_id = sign_digest(keys.private_key(msg.address_n), message_digest(msg.message))
    return messages.EthereumMessageSignature(signature=r + s + bytes([27 + recovery_id]), address=address)


def on_verify_message(device: Device, msg: protobuf.MessageType) -> Flow:
    assert isinstance(msg, messages.EthereumVerifyMessage)
    _check_message_length(msg.message)
    if len(msg.signature) != 65:
        raise DeviceFailure(Failure.DataError, "Malformed signature")
    expected = parse_address(msg.address)
    if expected is None:
        raise DeviceFailure(Failure.DataError, "Malformed address")
    if recover_pubkeyhash(msg.signature, message_digest(msg.message)) != expected:
        raise DeviceFailure(Failure.DataError, "Invalid signature")
    yield Confirm(Button.Other, "Confirm address", (msg.address,))
    yield from displays.show_message(device, "Verified message?", msg.message)
    yield Confirm(Button.Other, "Continue", ("The signature is valid.",))
    return messages.Success(message="Message verified")


def on_sign_typed_hash(device: Device, msg: protobuf.MessageType) -> Flow:
    """EIP-712 by hashes, which only the legacy firmware offers (fsm_msgEthereumSignTypedHash):
    a blind-signing warning, the address, then each hash; the digest is
    Keccak-256(0x19 0x01 || domain separator hash || message hash, if any)."""
    assert isinstance(msg, messages.EthereumSignTypedHash)
    if not device.identity.is_model_one:
        raise DeviceFailure(Failure.UnexpectedMessage, "Unexpected message")
    keys = yield from guards.keys(device)
    message_hash = msg.message_hash or b""
    if len(msg.domain_separator_hash) != 32 or (msg.message_hash is not None and len(message_hash) != 32):
        raise DeviceFailure(Failure.DataError, "Invalid hash length")
    yield from check_path(device, msg.address_n, _network_for_path(msg))
    unable = ("Unable to show", "EIP-712 data.", "Sign at your own risk.")
    yield Confirm(Button.ProtectCall, "Warning", unable)
    address = checksum_address(pubkeyhash_of(keys.public_key(msg.address_n)))
    yield Confirm(Button.Other, "Confirm address", (address,))
    yield Confirm(Button.Other, "EIP-712 domain hash", (msg.domain_separator_hash.hex(),))
    if msg.message_hash is not None:
        yield Confirm(Button.Other, "EIP-712 message hash", (message_hash.hex(),))
    digest = keccak256(b"\x19\x01" + msg.domain_separator_hash + message_hash)
    r, s, recovery_id = sign_digest(keys.private_key(msg.address_n), digest)
    return messages.EthereumTypedDataSignature(signature=r + s + bytes([27 + recovery_id]), address=address)


def on_stray_tx_ack(device: Device, msg: protobuf.MessageType) -> Flow:
    """EthereumTxAck with no signing in progress (ethereum_signing_txack)."""
    raise DeviceFailure(Failure.UnexpectedMessage, "Not in Ethereum signing mode")
    yield  # a generator, like every flow


HANDLERS: dict[type[protobuf.MessageType], Callable[[Device, protobuf.MessageType], Flow]] = {
    messages.EthereumGetAddress: on_get_address,
    messages.EthereumGetPublicKey: on_get_public_key,
    messages.EthereumSignMessage: on_sign_message,
    messages.EthereumVerifyMessage: on_verify_message,
    messages.EthereumSignTx: ethereum_signing.on_sign_tx,
    messages.EthereumSignTxEIP1559: ethereum_signing.on_sign_tx_eip1559,
    messages.EthereumTxAck: on_stray_tx_ack,
    messages.EthereumSignTypedHash: on_sign_typed_hash,
    **ethereum_typed_data.HANDLERS,
}
