"""Seed-using requests: public keys, Bitcoin and Ethereum addresses, message signing, SignTx.

Addresses, script types, coins and path rules come from coins.py; signatures from
libsecp256k1 (coincurve); Keccak-256 from pycryptodome.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import coincurve
from bip_utils import Base58Encoder
from Crypto.Hash import keccak
from trezorlib import messages, protobuf

from wallet.emulator import coins, guards, signtx
from wallet.emulator.flow import Confirm, DeviceFailure, Flow
from wallet.emulator.keys import HARDENED, KeyStore

if TYPE_CHECKING:
    from wallet.emulator.device import Device

Failure = messages.FailureType
Button = messages.ButtonRequestType
ScriptType = messages.InputScriptType
MAX_PATH_LENGTH = 8  # the firmware's protobuf limit on address_n
ETH_COIN_TYPES = (60 | HARDENED, 1 | HARDENED)  # Ethereum and its testnets (SLIP-44)
# Header byte of a Bitcoin message signature: 27 + recovery id, +4 compressed key, then
# +4 for p2sh-p2wpkh and +8 for p2wpkh (BIP137, as the firmware signs).
_SIGNATURE_HEADER = {
    ScriptType.SPENDADDRESS: 31,
    ScriptType.SPENDP2SHWITNESS: 35,
    ScriptType.SPENDWITNESS: 39,
}


def format_path(path: Sequence[int]) -> str:
    return "m/" + "/".join(f"{i & ~HARDENED}h" if i & HARDENED else str(i) for i in path)


def _check_path_length(path: Sequence[int]) -> None:
    if len(path) > MAX_PATH_LENGTH:
        raise DeviceFailure(Failure.DataError, "Forbidden key path")


def serialize_xpub(keys: KeyStore, path: Sequence[int], magic: int) -> tuple[messages.HDNodeType, str]:
    """The HDNodeType and the base58check extended public key of `path`."""
    node = keys.node(path)
    raw = (
        magic.to_bytes(4, "big")
        + bytes([node.depth])
        + node.parent_fingerprint.to_bytes(4, "big")
        + node.child_num.to_bytes(4, "big")
        + node.chain_code
        + node.public_key
    )
    hd_node = messages.HDNodeType(
        depth=node.depth,
        fingerprint=node.parent_fingerprint,
        child_num=node.child_num,
        chain_code=node.chain_code,
        public_key=node.public_key,
    )
    return hd_node, str(Base58Encoder.CheckEncode(raw))


def on_get_public_key(device: Device, msg: protobuf.MessageType) -> Flow:
    assert isinstance(msg, messages.GetPublicKey)
    if msg.ecdsa_curve_name not in (None, "secp256k1"):
        raise DeviceFailure(Failure.DataError, "Unsupported curve")
    _check_path_length(msg.address_n)
    coin = coins.coin_by_name(msg.coin_name)
    keys = yield from guards.keys(device)
    script_type = msg.script_type if msg.script_type is not None else ScriptType.SPENDADDRESS
    magic = coin.xpub_magic if msg.ignore_xpub_magic else coin.xpub_magic_for(script_type)
    node, xpub = serialize_xpub(keys, msg.address_n, magic)
    if msg.show_display:
        yield Confirm(Button.PublicKey, "Public key", (format_path(msg.address_n), xpub))
    root = int.from_bytes(keys.fingerprint, "big")
    return messages.PublicKey(node=node, xpub=xpub, root_fingerprint=root)


def on_get_address(device: Device, msg: protobuf.MessageType) -> Flow:
    assert isinstance(msg, messages.GetAddress)
    if msg.multisig is not None:
        raise DeviceFailure(Failure.DataError, "Multisig is not supported by this device")
    coin = coins.coin_by_name(msg.coin_name)
    script_type = msg.script_type if msg.script_type is not None else ScriptType.SPENDADDRESS
    coins.validate_path(coin, script_type, msg.address_n)
    keys = yield from guards.keys(device)
    address = coins.address_for(coin, script_type, keys.public_key(msg.address_n))
    if msg.show_display:
        yield Confirm(Button.Address, "Receive address", (address, format_path(msg.address_n)))
    return messages.Address(address=address)


def bitcoin_message_hash(message: bytes) -> bytes:
    """Double SHA-256 of the "Bitcoin Signed Message" preimage with a compact-size length."""
    length = len(message)
    if length < 0xFD:
        size = bytes([length])
    elif length <= 0xFFFF:
        size = b"\xfd" + length.to_bytes(2, "little")
    else:
        size = b"\xfe" + length.to_bytes(4, "little")
    preimage = b"\x18Bitcoin Signed Message:\n" + size + message
    return hashlib.sha256(hashlib.sha256(preimage).digest()).digest()


def on_sign_message(device: Device, msg: protobuf.MessageType) -> Flow:
    assert isinstance(msg, messages.SignMessage)
    coin = coins.coin_by_name(msg.coin_name)
    script_type = msg.script_type if msg.script_type is not None else ScriptType.SPENDADDRESS
    header = _SIGNATURE_HEADER.get(script_type)
    if header is None:
        raise DeviceFailure(Failure.DataError, "Unsupported script type")
    coins.validate_path(coin, script_type, msg.address_n)
    keys = yield from guards.keys(device)
    address = coins.address_for(coin, script_type, keys.public_key(msg.address_n))
    text = msg.message.decode("utf-8", errors="replace")
    yield Confirm(Button.ProtectCall, "Sign message", (address, text))
    digest = bitcoin_message_hash(msg.message)
    recoverable = coincurve.PrivateKey(keys.private_key(msg.address_n)).sign_recoverable(digest, hasher=None)
    first = _SIGNATURE_HEADER[ScriptType.SPENDADDRESS] if msg.no_script_type else header
    signature = bytes([first + recoverable[64]]) + recoverable[:64]
    return messages.MessageSignature(address=address, signature=signature)


def ethereum_address(pubkey33: bytes) -> str:
    """EIP-55 checksummed address: last 20 bytes of Keccak-256 of the uncompressed key."""
    uncompressed = coincurve.PublicKey(pubkey33).format(compressed=False)[1:]
    hex_address = keccak.new(digest_bits=256, data=uncompressed).hexdigest()[-40:]
    checksum = keccak.new(digest_bits=256, data=hex_address.encode()).hexdigest()
    return "0x" + "".join(c.upper() if int(checksum[i], 16) >= 8 else c for i, c in enumerate(hex_address))


def validate_ethereum_path(path: Sequence[int]) -> None:
    """The paths the firmware's Ethereum keychain allows (trezor-firmware common/tests fixtures):
    m/44'/60'/account'/0/index (BIP44), m/44'/60'/account' (SEP-5) and m/44'/60'/0'/account
    (Ledger Live legacy); coin type 1 for testnets."""
    if len(path) < 3 or path[0] != 44 | HARDENED or path[1] not in ETH_COIN_TYPES:
        raise DeviceFailure(Failure.DataError, "Forbidden key path")
    hardened_account = HARDENED <= path[2] <= coins.MAX_ACCOUNT | HARDENED
    rest = tuple(path[3:])
    allowed = (
        (hardened_account and rest == ())
        or (path[2] == HARDENED and len(rest) == 1 and rest[0] <= coins.MAX_ACCOUNT)
        or (hardened_account and len(rest) == 2 and rest[0] == 0 and rest[1] <= coins.MAX_ADDRESS_INDEX)
    )
    if not allowed:
        raise DeviceFailure(Failure.DataError, "Forbidden key path")


def on_ethereum_get_address(device: Device, msg: protobuf.MessageType) -> Flow:
    assert isinstance(msg, messages.EthereumGetAddress)
    validate_ethereum_path(msg.address_n)
    keys = yield from guards.keys(device)
    address = ethereum_address(keys.public_key(msg.address_n))
    if msg.show_display:
        yield Confirm(Button.Address, "Receive address", (address, format_path(msg.address_n)))
    return messages.EthereumAddress(address=address)


def on_sign_tx(device: Device, msg: protobuf.MessageType) -> Flow:
    """SignTx runs the signing flow of signtx.py (the streaming protocol lives there)."""
    assert isinstance(msg, messages.SignTx)
    coin = coins.coin_by_name(msg.coin_name)
    keys = yield from guards.keys(device)
    return (yield from signtx.sign_tx_flow(keys, coin, msg))


HANDLERS: dict[type[protobuf.MessageType], Callable[[Device, protobuf.MessageType], Flow]] = {
    messages.GetPublicKey: on_get_public_key,
    messages.GetAddress: on_get_address,
    messages.SignMessage: on_sign_message,
    messages.EthereumGetAddress: on_ethereum_get_address,
    messages.SignTx: on_sign_tx,
}
