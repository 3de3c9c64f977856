"""The DebugLink (port P+1): decisions, state with the PIN matrix, reseeding, sync pings.

What goes into DebugLinkState follows the firmware: the Trezor One (legacy) fills the
raw display buffer, PIN, matrix, mnemonic, root node and passphrase setting; core
models fill the layout as JSON tokens, the mnemonic and the passphrase setting. A
DebugLinkDecision has no reply; the host reads the state afterwards if it wants to.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from trezorlib import messages, protobuf

from wallet.emulator import t1_screen
from wallet.emulator.confirm import decision_from_debuglink
from wallet.emulator.device import Device
from wallet.emulator.flow import DeviceFailure
from wallet.emulator.requests_device import features, load_device


@dataclass
class DebugResult:
    """What one DebugLink message produces: a reply there, replies on the wire link, or a wait."""

    reply: protobuf.MessageType | None = None
    wire_replies: list[protobuf.MessageType] = field(default_factory=list)
    wait_for_layout: bool = False


def layout_tokens(device: Device) -> list[str]:
    """The screen as core firmware reports it: JSON a trezorlib LayoutContent can read."""
    text = device.screen_text()
    layout = {
        "component": "SimplePage" if device.menu_depth else "Frame",
        "title": text.title,
        "content": {"component": "Paragraphs", "paragraphs": [[row] for row in text.rows]},
    }
    return [json.dumps(layout)]


def debug_state(device: Device, *, empty: bool = False) -> messages.DebugLinkState:
    if empty:
        return messages.DebugLinkState()
    state = device.state
    text = device.screen_text()
    mnemonic = state.mnemonic.encode() if state.mnemonic is not None else None
    if not device.identity.is_model_one:
        return messages.DebugLinkState(
            tokens=layout_tokens(device),
            mnemonic_secret=mnemonic,
            mnemonic_type=messages.BackupType.Bip39 if mnemonic else None,
            passphrase_protection=state.passphrase_protection,
        )
    return messages.DebugLinkState(
        layout=t1_screen.render_rows((text.title, *text.rows)),
        pin=state.pin,
        matrix=state.matrix,
        mnemonic_secret=mnemonic,
        passphrase_protection=state.passphrase_protection,
    )


def _management(device: Device, msg: protobuf.MessageType) -> protobuf.MessageType:
    """Non-debug messages the debug interface serves (trezorlib wipes through it)."""
    if isinstance(msg, messages.Ping):
        return messages.Success(message=msg.message or "")
    if isinstance(msg, messages.Initialize | messages.GetFeatures):
        return features(device, with_session=isinstance(msg, messages.Initialize))
    if isinstance(msg, messages.WipeDevice):
        device.state.wipe()
        return messages.Success(message="Device wiped")
    if isinstance(msg, messages.LoadDevice):
        try:
            return load_device(device, msg)
        except DeviceFailure as failure:
            return messages.Failure(code=failure.code, message=failure.message)
    return messages.Failure(code=messages.FailureType.UnexpectedMessage, message="Unexpected message")


def handle_debug(device: Device, msg: protobuf.MessageType) -> DebugResult:
    """Process one DebugLink message."""
    if isinstance(msg, messages.DebugLinkDecision):
        if device.navigate(msg):
            return DebugResult()
        decision = decision_from_debuglink(msg)
        return DebugResult(wire_replies=device.decide(decision) if decision is not None else [])
    if isinstance(msg, messages.DebugLinkGetState):
        if msg.wait_layout == messages.DebugWaitType.NEXT_LAYOUT:
            return DebugResult(wait_for_layout=True)
        return DebugResult(reply=debug_state(device, empty=bool(msg.return_empty_state)))
    if isinstance(msg, messages.DebugLinkReseedRandom):
        device.state.reseed(msg.value or 0)
        return DebugResult(reply=messages.Success())
    if isinstance(msg, messages.DebugLinkWatchLayout | messages.DebugLinkResetDebugEvents):
        return DebugResult(reply=messages.Success())
    return DebugResult(reply=_management(device, msg))
