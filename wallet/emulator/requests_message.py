"""Bitcoin message signing and verification (BIP137 signatures), as the firmware shows them.

Flow and failures from trezor-firmware legacy/firmware fsm_msg_coin.h and crypto.c
(`fsm_msgSignMessage`, `fsm_msgVerifyMessage`, `cryptoMessageVerify`): PIN, path policy
(a warning for an unusual path), the address (ButtonRequest Other), the message page by
page (Other each); verification shows the same and then "The signature is valid."
Messages longer than 1,024 bytes are refused, as the firmware's message size limit does.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Generator, Sequence
from typing import TYPE_CHECKING, Any

import coincurve
from bip_utils import Base58Decoder, SegwitBech32Decoder
from trezorlib import messages, protobuf

from wallet.emulator import coins, displays, guards, onekey_core_screens, onekey_screens, paths, scripts
from wallet.emulator.flow import Confirm, DeviceFailure, Flow
from wallet.emulator.identities import OneKeyScreens
from wallet.emulator.keys import KeyStore
from wallet.types import HARDENED

if TYPE_CHECKING:
    from wallet.emulator.device import Device

Failure = messages.FailureType
Show = Generator[Any, Any, None]
Button = messages.ButtonRequestType
ScriptType = messages.InputScriptType
MAX_MESSAGE_BYTES = 1024  # SignMessage.message / VerifyMessage.message max_size (messages-bitcoin.options)
# Header byte of a Bitcoin message signature: 27 + recovery id, +4 compressed key, then
# +4 for p2sh-p2wpkh and +8 for p2wpkh (BIP137, as the firmware signs).
_SIGNATURE_HEADER = {
    ScriptType.SPENDADDRESS: 31,
    ScriptType.SPENDP2SHWITNESS: 35,
    ScriptType.SPENDWITNESS: 39,
}


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


# Core firmware also signs with the key that signs Trezor One firmware, m/10026'/826421588'/2'/i'
# (trezor-firmware test_signmessage.py "t1 firmware path", a core-only vector).
_T1_FW_SIGNING_PREFIX = (10026 | HARDENED, 826421588 | HARDENED, 2 | HARDENED)


def _is_t1_firmware_signing_path(path: Sequence[int]) -> bool:
    return len(path) == 4 and tuple(path[:3]) == _T1_FW_SIGNING_PREFIX and bool(path[3] & HARDENED)


def _check_length(message: bytes) -> None:
    if len(message) > MAX_MESSAGE_BYTES:
        raise DeviceFailure(Failure.DataError, "Message too long")


def on_sign_message(device: Device, msg: protobuf.MessageType) -> Flow:
    assert isinstance(msg, messages.SignMessage)
    _check_length(msg.message)
    keys = yield from guards.keys(device)
    coin = coins.coin_by_name(msg.coin_name)
    script_type = msg.script_type if msg.script_type is not None else ScriptType.SPENDADDRESS
    header = _SIGNATURE_HEADER.get(script_type)
    if header is None and device.identity.is_onekey and script_type == ScriptType.SPENDTAPROOT:
        yield from _onekey_taproot_refusal(device, keys, coin, msg)
    if header is None:
        raise DeviceFailure(Failure.DataError, "Unsupported script type")
    policy = device.path_policy()
    core_fw_path = policy.trezor_core and _is_t1_firmware_signing_path(msg.address_n)
    if not core_fw_path and policy.needs_warning(coin, script_type, msg.address_n):
        yield paths.path_warning()
    address = coins.address_for(coin, script_type, keys.public_key(msg.address_n))
    yield from _message_screens(device, coin, address, msg.message)
    digest = bitcoin_message_hash(msg.message)
    recoverable = coincurve.PrivateKey(keys.private_key(msg.address_n)).sign_recoverable(digest, hasher=None)
    first = _SIGNATURE_HEADER[ScriptType.SPENDADDRESS] if msg.no_script_type else header
    signature = bytes([first + recoverable[64]]) + recoverable[:64]
    return messages.MessageSignature(address=address, signature=signature)


def _message_screens(
    device: Device, coin: coins.Coin, address: str, message: bytes, *, verify: bool = False
) -> Show:
    """The message screens per family: OneKey's Classic line (one ButtonRequest, three pages)
    and Touch/Pro (one screen) as onekey_screens.py / onekey_core_screens.py; Trezor's, and
    the Mini's (branch mini fsm_msg_coin.h: the Trezor One's), the address then each page."""
    family = device.identity.onekey_screens
    text = message.decode("utf-8", errors="replace")
    if family is OneKeyScreens.CORE:
        yield from onekey_core_screens.sign_message(coin.name, address, text, verify=verify)
    elif family is not None:
        button = device.identity.message_button
        yield from onekey_screens.sign_message(coin.name, address, text, verify=verify, button=button)
    else:
        yield Confirm(Button.Other, "Confirm address", (address,))
        yield from displays.show_message(device, "Verified message?" if verify else "Sign message?", message)
        if verify:
            yield Confirm(Button.Other, "Continue", ("The signature is valid.",))


def _onekey_taproot_refusal(
    device: Device, keys: KeyStore, coin: coins.Coin, msg: messages.SignMessage
) -> Show:
    """A OneKey shows its message screens for a taproot address, then cannot sign without
    BIP322: the Classic's cryptoMessageSign fails (ProcessError, as its emulator answers);
    the Touch/Pro's sign_message.py raises ProcessError "Unsupported script type"."""
    address = coins.address_for(coin, ScriptType.SPENDTAPROOT, keys.public_key(msg.address_n))
    yield from _message_screens(device, coin, address, msg.message)
    if device.identity.onekey_screens is OneKeyScreens.CORE:
        raise DeviceFailure(Failure.ProcessError, "Unsupported script type")
    raise DeviceFailure(Failure.ProcessError, "Error signing message")


class _Mismatch(Exception):
    """The signature does not verify for this address and message."""


def _address_kind(coin: coins.Coin, address: str) -> tuple[ScriptType, bytes]:
    """The script type an address implies and its 20-byte hash; DataError for anything else."""
    if address.lower().startswith(coin.hrp + "1"):
        try:
            version, program = SegwitBech32Decoder.Decode(coin.hrp, address)
        except Exception:  # bip-utils raises several types for bad strings
            raise DeviceFailure(Failure.DataError, "Invalid address") from None
        return ScriptType.SPENDWITNESS, bytes(program) if version == 0 else b""
    try:
        raw = bytes(Base58Decoder.CheckDecode(address))
    except Exception:
        raise DeviceFailure(Failure.DataError, "Invalid address") from None
    if len(raw) == 21 and raw[0] == coin.p2pkh_version:
        return ScriptType.SPENDADDRESS, raw[1:]
    if len(raw) == 21 and raw[0] == coin.p2sh_version:
        return ScriptType.SPENDP2SHWITNESS, raw[1:]
    raise DeviceFailure(Failure.DataError, "Invalid address")


_HASH_OF: dict[ScriptType, Callable[[bytes], bytes]] = {
    ScriptType.SPENDADDRESS: scripts.hash160,
    ScriptType.SPENDP2SHWITNESS: lambda key: scripts.hash160(scripts.p2sh_p2wpkh_redeem_script(key)),
    ScriptType.SPENDWITNESS: scripts.hash160,
}


def verify_signature(coin: coins.Coin, address: str, message: bytes, signature: bytes) -> None:
    """cryptoMessageVerify: ProcessError "Invalid signature" unless it signs `message` for `address`."""
    script_type, expected = _address_kind(coin, address)
    header = signature[0] if len(signature) == 65 else 0
    allowed = {
        range(27, 35): None,
        range(35, 39): ScriptType.SPENDP2SHWITNESS,
        range(39, 43): ScriptType.SPENDWITNESS,
    }
    try:
        kind = next(required for span, required in allowed.items() if header in span)
        if kind is not None and kind != script_type:
            raise _Mismatch
        recid = (header - 27) % 4
        compact = signature[1:] + bytes([recid])
        public = coincurve.PublicKey.from_signature_and_message(
            compact, bitcoin_message_hash(message), hasher=None
        )
        key = public.format(compressed=header >= 31)
        if script_type != ScriptType.SPENDADDRESS and header < 31:
            raise _Mismatch  # segwit needs a compressed key
        if _HASH_OF[script_type](key) != expected:
            raise _Mismatch
    except (StopIteration, _Mismatch, ValueError):
        raise DeviceFailure(Failure.ProcessError, "Invalid signature") from None


def on_verify_message(device: Device, msg: protobuf.MessageType) -> Flow:
    assert isinstance(msg, messages.VerifyMessage)
    _check_length(msg.message)
    coin = coins.coin_by_name(msg.coin_name)
    if len(msg.signature) != 65:
        raise DeviceFailure(Failure.ProcessError, "Invalid signature")
    verify_signature(coin, msg.address, msg.message, msg.signature)
    yield from _message_screens(device, coin, msg.address, msg.message, verify=True)
    return messages.Success(message="Message verified")


HANDLERS: dict[type[protobuf.MessageType], Callable[[Device, protobuf.MessageType], Flow]] = {
    messages.SignMessage: on_sign_message,
    messages.VerifyMessage: on_verify_message,
}
