"""Seed-using requests: public keys, Bitcoin and Ethereum addresses, message signing, SignTx.

Addresses, script types, coins and path rules come from coins.py; signatures from
libsecp256k1 (coincurve); Keccak-256 from pycryptodome.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from bip_utils import Base58Encoder
from trezorlib import messages, protobuf

from wallet.emulator import coins, descriptors, displays, guards, multisig, paths, signtx
from wallet.emulator.flow import Confirm, DeviceFailure, Flow
from wallet.emulator.keys import KeyStore
from wallet.types import format_path

if TYPE_CHECKING:
    from wallet.emulator.device import Device

Failure = messages.FailureType
Button = messages.ButtonRequestType
ScriptType = messages.InputScriptType
MAX_PATH_LENGTH = 8  # the firmware's protobuf limit on address_n


# GetPublicKey serves these (legacy fsm_msgGetPublicKey); others get "Invalid combination ..."
_XPUB_SCRIPT_TYPES = (
    ScriptType.SPENDADDRESS,
    ScriptType.SPENDMULTISIG,
    ScriptType.SPENDP2SHWITNESS,
    ScriptType.SPENDWITNESS,
    ScriptType.SPENDTAPROOT,
)


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
    keys = yield from guards.keys(device)  # the firmware asks for the PIN first
    coin = coins.coin_by_name(msg.coin_name)
    if msg.address_n and msg.address_n[0] == paths.SLIP25_PURPOSE and device.path_unlock is None:
        raise DeviceFailure(Failure.DataError, "Forbidden key path")  # SLIP-25 needs UnlockPath
    script_type = msg.script_type if msg.script_type is not None else ScriptType.SPENDADDRESS
    if script_type not in _XPUB_SCRIPT_TYPES:
        raise DeviceFailure(Failure.DataError, "Invalid combination of coin and script_type")
    magic = coin.xpub_magic if msg.ignore_xpub_magic else coin.xpub_magic_for(script_type)
    node, xpub = serialize_xpub(keys, msg.address_n, magic)
    root = int.from_bytes(keys.fingerprint, "big")
    plain_xpub = xpub if magic == coin.xpub_magic else serialize_xpub(keys, msg.address_n, coin.xpub_magic)[1]
    descriptor = descriptors.account_descriptor(script_type, root, msg.address_n, plain_xpub)
    if msg.show_display:
        shown = descriptor if script_type == ScriptType.SPENDTAPROOT and descriptor else xpub
        yield from displays.show_xpub(device, shown)
    return messages.PublicKey(node=node, xpub=xpub, root_fingerprint=root, descriptor=descriptor)


def on_get_address(device: Device, msg: protobuf.MessageType) -> Flow:
    assert isinstance(msg, messages.GetAddress)
    keys = yield from guards.keys(device)  # the firmware asks for the PIN before it looks at the path
    coin = coins.coin_by_name(msg.coin_name)
    script_type = msg.script_type if msg.script_type is not None else ScriptType.SPENDADDRESS
    has_multisig = msg.multisig is not None
    if check_path(device, coin, script_type, msg.address_n, multisig=has_multisig) and msg.show_display:
        yield paths.path_warning()
    if msg.multisig is not None:
        return (yield from _multisig_address(device, keys, coin, msg, msg.multisig))
    address = coins.address_for(coin, script_type, keys.public_key(msg.address_n))
    if msg.show_display:
        yield from displays.show_address(device, "Address:", address, format_path(msg.address_n))
    return messages.Address(address=address)


def _multisig_address(
    device: Device,
    keys: KeyStore,
    coin: coins.Coin,
    msg: messages.GetAddress,
    redeem: messages.MultisigRedeemScriptType,
) -> Flow:
    """A multisig address the device is a cosigner of (legacy compute_address / fsm_msgGetAddress)."""
    script_type = msg.script_type if msg.script_type is not None else ScriptType.SPENDADDRESS
    wallet = multisig.parse(redeem)
    if keys.public_key(msg.address_n) not in wallet.pubkeys:
        legacy = device.identity.is_model_one
        text = "Can't encode address" if legacy else "Pubkey not found in multisig script"
        raise DeviceFailure(Failure.DataError, text)
    address = wallet.address(coin.p2sh_version, coin.hrp, script_type)
    if not msg.show_display:
        return messages.Address(address=address)
    if not wallet.single_path:
        if device.state.strict:
            raise DeviceFailure(Failure.DataError, "Using different paths for different xpubs is not allowed")
        yield Confirm(Button.UnknownDerivationPath, "Using different paths", ("for different XPUBs.",))
    magic = coin.xpub_magic if msg.ignore_xpub_magic else coin.xpub_magic_for(script_type)
    xpubs = tuple(multisig.node_xpub(node, magic) for node in wallet.nodes)
    sorted_note = " (sorted)" if redeem.pubkeys_order == messages.MultisigPubkeysOrder.LEXICOGRAPHIC else ""
    title = f"Multisig {wallet.m} of {len(wallet.pubkeys)}{sorted_note}:"
    yield from displays.show_address(device, title, address, format_path(msg.address_n), xpubs)
    return messages.Address(address=address)


def check_path(
    device: Device, coin: coins.Coin, script_type: ScriptType, path: Sequence[int], *, multisig: bool = False
) -> bool:
    """The firmware's path policy for this request: True if the user must confirm a warning."""
    return device.path_policy().needs_warning(coin, script_type, path, multisig=multisig)


def on_unlock_path(device: Device, msg: protobuf.MessageType) -> Flow:
    """UnlockPath (SLIP-25): a MAC over the path proves an earlier confirmation, else the user confirms."""
    assert isinstance(msg, messages.UnlockPath)
    keys = yield from guards.keys(device)
    if list(msg.address_n) != [paths.SLIP25_PURPOSE]:
        raise DeviceFailure(Failure.DataError, "Invalid path")
    # legacy fsm_msgUnlockPath: HMAC-SHA256 under the SLIP-21 key "TREZOR"/"Keychain MAC key"
    # over each path element as a little-endian uint32
    key = keys.slip21_key([b"TREZOR", b"Keychain MAC key"])
    mac = hmac.new(key, b"".join(i.to_bytes(4, "little") for i in msg.address_n), hashlib.sha256).digest()
    if msg.mac is not None:
        if not hmac.compare_digest(bytes(msg.mac), mac):
            raise DeviceFailure(Failure.DataError, "Invalid MAC")
    else:
        yield Confirm(Button.Other, "Coinjoin", ("Access your coinjoin account?",))
    device.grant_path_unlock(msg.address_n[0])
    return messages.UnlockedPathRequest(mac=mac)


def on_sign_tx(device: Device, msg: protobuf.MessageType) -> Flow:
    """SignTx runs the signing flow of signtx.py (the streaming protocol lives there)."""
    assert isinstance(msg, messages.SignTx)
    coin = coins.coin_by_name(msg.coin_name)
    keys = yield from guards.keys(device)
    policy = device.path_policy(signing=True)
    onekey = device.identity.onekey_screens
    return (yield from signtx.sign_tx_flow(keys, coin, msg, policy, onekey=onekey))


HANDLERS: dict[type[protobuf.MessageType], Callable[[Device, protobuf.MessageType], Flow]] = {
    messages.GetPublicKey: on_get_public_key,
    messages.GetAddress: on_get_address,
    messages.SignTx: on_sign_tx,
    messages.UnlockPath: on_unlock_path,
}
