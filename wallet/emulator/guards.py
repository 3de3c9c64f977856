"""Sub-flows every seed-using request runs first: initialized? unlocked (PIN)? passphrase?

PIN entry follows the identity: a model "1" asks the host for positions on a
scrambled 3x3 matrix (PinMatrixRequest), a touch model takes the PIN on its screen.
The passphrase is asked once per session with PassphraseRequest; a model that offers
on-device entry accepts PassphraseAck(on_device=True) and takes it on its screen.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING, Any

from trezorlib import messages, protobuf

from wallet.emulator.flow import Confirm, DeviceFailure, Entry
from wallet.emulator.identities import PinEntry
from wallet.emulator.keys import KeyStore

if TYPE_CHECKING:
    from wallet.emulator.device import Device

Failure = messages.FailureType
Button = messages.ButtonRequestType
SubFlow = Generator[protobuf.MessageType | Confirm, Any, None]
MAX_PASSPHRASE_LENGTH = 50


def unexpected() -> DeviceFailure:
    return DeviceFailure(Failure.UnexpectedMessage, "Unexpected message")


def require_initialized(device: Device) -> None:
    if not device.state.initialized:
        raise DeviceFailure(Failure.NotInitialized, device.identity.not_initialized_text)


def unlock(device: Device) -> SubFlow:
    """Ask for the PIN if the device is locked; PinInvalid on a wrong one."""
    state = device.state
    if state.pin is None or state.unlocked:
        return
    entered = yield from ask_pin(device, messages.PinMatrixRequestType.Current, default=state.pin)
    if entered != state.pin:
        raise DeviceFailure(Failure.PinInvalid, "PIN invalid")  # same text in legacy and core
    state.unlocked = True


def ask_pin(
    device: Device, kind: messages.PinMatrixRequestType, *, default: str = ""
) -> Generator[protobuf.MessageType | Confirm, Any, str | None]:
    """A PIN from the host's scrambled matrix (model "1") or the touch screen; None if malformed."""
    state = device.state
    if device.identity.pin_entry is PinEntry.HOST_MATRIX:
        state.scramble_matrix()
        device.set_screen_pin_matrix()
        reply = yield messages.PinMatrixRequest(type=kind)
        if not isinstance(reply, messages.PinMatrixAck):
            raise unexpected()
        return state.decode_matrix_pin(reply.pin)
    typed = yield Entry(Button.PinEntry, "Enter PIN", default=default)
    return typed if isinstance(typed, str) and typed else None


def passphrase(device: Device) -> Generator[protobuf.MessageType | Confirm, Any, str]:
    """The session's passphrase, asking the host (or the screen) once per session."""
    state = device.state
    if not state.passphrase_protection:
        return ""
    session = state.ensure_session()
    if session.passphrase is not None:
        return session.passphrase
    reply = yield messages.PassphraseRequest()
    if not isinstance(reply, messages.PassphraseAck):
        raise unexpected()
    if reply.on_device and reply.passphrase is not None:
        raise DeviceFailure(Failure.DataError, "Passphrase provided when it should not be")
    if reply.on_device:
        if not device.identity.passphrase_on_device:
            raise DeviceFailure(Failure.DataError, "Passphrase entry on device is not supported")
        typed = yield Entry(Button.PassphraseEntry, "Enter passphrase", default="")
        value = typed if isinstance(typed, str) else ""
    else:
        value = reply.passphrase or ""
    if len(value.encode()) > MAX_PASSPHRASE_LENGTH:
        raise DeviceFailure(Failure.DataError, "Too long passphrase")
    session.passphrase = value
    return value


def keys(device: Device) -> Generator[protobuf.MessageType | Confirm, Any, KeyStore]:
    """Initialized + unlocked + passphrase → the key tree for this session."""
    require_initialized(device)
    yield from unlock(device)
    phrase = yield from passphrase(device)
    return device.state.keys(phrase)
