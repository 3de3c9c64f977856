"""Requests about the device itself: features, sessions, ping, lock, settings, wipe, load."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from trezorlib import messages, protobuf

from wallet.emulator import guards
from wallet.emulator.flow import Confirm, DeviceFailure, Flow
from wallet.emulator.onekey_identity import onekey_features
from wallet.emulator.state import StateError

if TYPE_CHECKING:
    from wallet.emulator.device import Device

Failure = messages.FailureType
Button = messages.ButtonRequestType
MAX_LABEL_LENGTH = 32


def features(device: Device, *, with_session: bool = False) -> messages.Features:
    """Features as the identity's firmware reports them for the current state.

    A OneKey puts session_id only in its answer to Initialize (`with_session`)."""
    if device.identity.is_onekey:
        return onekey_features(device, with_session=with_session)
    state = device.state
    session = state.current
    fields = device.identity.base_features()
    fields.update(
        device_id=device.state.device_id,
        pin_protection=state.pin is not None,
        passphrase_protection=state.passphrase_protection,
        label=state.label,
        initialized=state.initialized,
        unlocked=state.unlocked,
        flags=state.flags,
        no_backup=False if state.initialized else None,
        session_id=session.session_id if session is not None else None,
        safety_checks=state.safety_checks,
    )
    if state.unlocked:  # legacy reports these only while unlocked
        fields.update(wipe_code_protection=False, auto_lock_delay_ms=state.auto_lock_delay_ms)
    if device.identity.is_model_one:
        fields["_passphrase_cached"] = session is not None and session.passphrase is not None
    else:
        fields["passphrase_always_on_device"] = False
        fields["backup_type"] = messages.BackupType.Bip39 if state.initialized else None
    cls = device.identity.features_class()
    return cls(**{name: value for name, value in fields.items() if value is not None})


def on_initialize(device: Device, msg: protobuf.MessageType) -> Flow:
    assert isinstance(msg, messages.Initialize)
    device.state.start_session(msg.session_id)
    return features(device, with_session=True)
    yield  # a flow that answers at once


def on_get_features(device: Device, msg: protobuf.MessageType) -> Flow:
    return features(device)
    yield


def on_ping(device: Device, msg: protobuf.MessageType) -> Flow:
    assert isinstance(msg, messages.Ping)
    if msg.button_protection:
        yield Confirm(Button.ProtectCall, "Confirm", (msg.message or "",))
    return messages.Success(message=msg.message or "")


def on_lock(device: Device, msg: protobuf.MessageType) -> Flow:
    device.state.lock()
    return messages.Success(message="Locked")
    yield


def on_end_session(device: Device, msg: protobuf.MessageType) -> Flow:
    device.state.end_session()
    return messages.Success(message="Session ended")
    yield


def on_apply_flags(device: Device, msg: protobuf.MessageType) -> Flow:
    assert isinstance(msg, messages.ApplyFlags)
    guards.require_initialized(device)
    yield from guards.unlock(device)
    device.state.flags |= msg.flags
    return messages.Success(message="Flags applied")


def on_apply_settings(device: Device, msg: protobuf.MessageType) -> Flow:
    assert isinstance(msg, messages.ApplySettings)
    guards.require_initialized(device)
    changes: list[tuple[str | DeviceFailure, Callable[[], None]]] = []
    if msg.label is not None:
        if len(msg.label.encode()) > MAX_LABEL_LENGTH:
            raise DeviceFailure(Failure.DataError, "Label too long")
        label = msg.label
        changes.append((f"Change label to {label}?", lambda: setattr(device.state, "label", label)))
    if msg.use_passphrase is not None:
        use = msg.use_passphrase
        text = "Enable passphrase protection?" if use else "Disable passphrase protection?"
        changes.append((text, lambda: setattr(device.state, "passphrase_protection", use)))
    changes += _more_settings(device, msg)
    if not changes:
        raise DeviceFailure(Failure.DataError, "No setting provided")
    yield from guards.unlock(device)
    for question, _apply in changes:
        if isinstance(question, DeviceFailure):  # refused where the firmware reaches it
            raise question
        yield Confirm(Button.ProtectCall, "Settings", (question,))
    for _question, apply in changes:
        apply()
    return messages.Success(message="Settings applied")


# legacy config.c: MIN_AUTOLOCK_DELAY_MS 10 s, MAX_AUTOLOCK_DELAY_MS 0x20000000 ms
MIN_AUTO_LOCK_MS = 10_000
MAX_AUTO_LOCK_MS = 0x2000_0000
_SETTABLE_SAFETY = (messages.SafetyCheckLevel.Strict, messages.SafetyCheckLevel.PromptTemporarily)


def _more_settings(
    device: Device, msg: messages.ApplySettings
) -> list[tuple[str | DeviceFailure, Callable[[], None]]]:
    """Homescreen, auto-lock delay and safety checks (legacy fsm_msgApplySettings)."""
    state = device.state
    changes: list[tuple[str | DeviceFailure, Callable[[], None]]] = []
    if msg.homescreen is not None:
        image = bytes(msg.homescreen)
        changes.append(("Change the home screen?", lambda: setattr(state, "homescreen", image)))
    if msg.auto_lock_delay_ms is not None:
        delay = msg.auto_lock_delay_ms
        if delay < MIN_AUTO_LOCK_MS:
            changes.append((DeviceFailure(Failure.ProcessError, "Auto-lock delay too short"), lambda: None))
        elif delay > MAX_AUTO_LOCK_MS:
            changes.append((DeviceFailure(Failure.ProcessError, "Auto-lock delay too long"), lambda: None))
        else:
            question = f"Auto-lock after {delay // 1000} s?"
            changes.append((question, lambda: setattr(state, "auto_lock_delay_ms", delay)))
    if msg.safety_checks is not None:
        level = msg.safety_checks
        allowed = level in _SETTABLE_SAFETY or not device.identity.is_model_one
        if not allowed:
            failure = DeviceFailure(Failure.ProcessError, "Unsupported safety-checks setting")
            changes.append((failure, lambda: None))
        else:
            strict = level == messages.SafetyCheckLevel.Strict
            text = "Enforce strict safety checks?" if strict else "Relax safety checks?"
            changes.append((text, lambda: setattr(state, "safety_checks", level)))
    return changes


def on_wipe(device: Device, msg: protobuf.MessageType) -> Flow:
    yield Confirm(Button.WipeDevice, "Wipe device", ("All data will be erased.",))
    device.state.wipe()
    return messages.Success(message="Device wiped")


def load_device(device: Device, msg: messages.LoadDevice) -> messages.Success:
    """LoadDevice as the debug firmware does it; shared with the DebugLink."""
    if device.state.initialized:
        raise DeviceFailure(Failure.UnexpectedMessage, "Already initialized")
    if len(msg.mnemonics) != 1:
        raise DeviceFailure(Failure.DataError, "Only one mnemonic (BIP39) is supported")
    if msg.label is not None and len(msg.label.encode()) > MAX_LABEL_LENGTH:
        raise DeviceFailure(Failure.DataError, "Label too long")
    try:
        device.state.load(
            msg.mnemonics[0],
            pin=msg.pin or None,
            passphrase_protection=bool(msg.passphrase_protection),
            label=msg.label,
            skip_checksum=bool(msg.skip_checksum),
        )
    except StateError as exc:
        raise DeviceFailure(Failure.DataError, f"Invalid mnemonic or PIN: {exc}") from exc
    return messages.Success(message="Device loaded")


def on_load(device: Device, msg: protobuf.MessageType) -> Flow:
    assert isinstance(msg, messages.LoadDevice)
    return load_device(device, msg)
    yield


HANDLERS: dict[type[protobuf.MessageType], Callable[[Device, protobuf.MessageType], Flow]] = {
    messages.Initialize: on_initialize,
    messages.GetFeatures: on_get_features,
    messages.Ping: on_ping,
    messages.LockDevice: on_lock,
    messages.EndSession: on_end_session,
    messages.ApplyFlags: on_apply_flags,
    messages.ApplySettings: on_apply_settings,
    messages.WipeDevice: on_wipe,
    messages.LoadDevice: on_load,
}
