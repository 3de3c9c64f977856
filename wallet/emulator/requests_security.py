"""GetEntropy and ChangePin, as the legacy firmware answers them (Trezor One, OneKey Classic).

Facts from OneKeyHQ/firmware classic/v3.6.0 legacy/firmware fsm_msg_common.h
(`fsm_msgGetEntropy`, `fsm_msgChangePin`) and protect.c (`protectChangePin`), which
follow trezor-firmware's legacy code:

- GetEntropy: PIN first, then "Do you really want to send entropy?" (ButtonRequest
  ProtectCall); at most 1,024 bytes are returned, whatever size is asked.
- ChangePin: NotInitialized without a seed; removing a PIN that is not set is Success
  "PIN removed" at once; otherwise a ProtectCall confirmation, the current PIN
  (PinMatrixRequest Current; a wrong one is PinInvalid), then the new PIN twice
  (NewFirst, NewSecond; different entries are PinMismatch), then Success "PIN changed".
  A touch model takes the PINs on its screen instead of the host's matrix.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import TYPE_CHECKING, Any

from trezorlib import messages, protobuf

from wallet.emulator import guards
from wallet.emulator.flow import Confirm, DeviceFailure, Entry, Flow
from wallet.emulator.identities import PinEntry
from wallet.emulator.state import StateError, validate_pin

if TYPE_CHECKING:
    from wallet.emulator.device import Device

Failure = messages.FailureType
Button = messages.ButtonRequestType
PinType = messages.PinMatrixRequestType
MAX_ENTROPY_BYTES = 1024


def on_get_entropy(device: Device, msg: protobuf.MessageType) -> Flow:
    assert isinstance(msg, messages.GetEntropy)
    yield from guards.unlock(device)
    yield Confirm(Button.ProtectCall, "Entropy", ("Do you really want to", "send entropy?"))
    size = min(msg.size, MAX_ENTROPY_BYTES)
    return messages.Entropy(entropy=device.state.rng.randbytes(size))


def _ask_pin(device: Device, kind: PinType, title: str) -> Generator[Any, Any, str | None]:
    """One PIN, from the host's scrambled matrix (model "1") or the touch screen."""
    state = device.state
    if device.identity.pin_entry is PinEntry.HOST_MATRIX:
        state.scramble_matrix()
        device.set_screen_pin_matrix()
        reply = yield messages.PinMatrixRequest(type=kind)
        if not isinstance(reply, messages.PinMatrixAck):
            raise guards.unexpected()
        return state.decode_matrix_pin(reply.pin)
    typed = yield Entry(Button.PinEntry, title, default=state.pin or "")
    return typed if isinstance(typed, str) else None


def on_change_pin(device: Device, msg: protobuf.MessageType) -> Flow:
    assert isinstance(msg, messages.ChangePin)
    state = device.state
    guards.require_initialized(device)
    removal = bool(msg.remove)
    if removal and state.pin is None:
        return messages.Success(message="PIN removed")
    if removal:
        question = "Disable PIN protection?"
    else:
        question = "Change current PIN?" if state.pin else "Set new PIN?"
    yield Confirm(Button.ProtectCall, "PIN", (question,))
    if state.pin is not None:
        current = yield from _ask_pin(device, PinType.Current, "Enter PIN")
        if current != state.pin:
            raise DeviceFailure(Failure.PinInvalid, "PIN invalid")
    if removal:
        state.pin = None
        state.unlocked = True
        return messages.Success(message="PIN removed")
    first = yield from _ask_pin(device, PinType.NewFirst, "Enter New PIN")
    if not first:  # protectChangePin stops at a malformed first entry (test_msg_changepin_t1.py)
        raise DeviceFailure(Failure.PinCancelled, "PIN cancelled")
    second = yield from _ask_pin(device, PinType.NewSecond, "Enter New PIN Again")
    if second is None:
        raise DeviceFailure(Failure.PinCancelled, "PIN cancelled")
    if first != second:
        raise DeviceFailure(Failure.PinMismatch, "PIN mismatch")
    try:
        state.pin = validate_pin(first)
    except StateError as exc:
        raise DeviceFailure(Failure.PinInvalid, str(exc)) from exc
    state.unlocked = True
    return messages.Success(message="PIN changed")


HANDLERS: dict[type[protobuf.MessageType], Callable[[Device, protobuf.MessageType], Flow]] = {
    messages.GetEntropy: on_get_entropy,
    messages.ChangePin: on_change_pin,
}
