"""Device management as the Trezor One firmware does it: ChangePin, GetEntropy, ApplySettings, Features.

Flows and texts from trezor-firmware legacy/firmware fsm_msg_common.h and protect.c
(python/v0.20.2) and its tests test_msg_changepin_t1.py, test_protection_levels.py and
test_msg_applysettings.py. Driven by trezorlib over udp:, PINs typed on the DebugLink's matrix.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from trezorlib import btc, device, exceptions, messages, misc
from trezorlib.client import Session
from trezorlib.debuglink import DebugLink, LayoutContent
from trezorlib.tools import parse_path

from tests.wallet.conftest import EmulatorFactory
from tests.wallet.emulator.clients import RawLink, connect, open_debuglink
from wallet.emulator.emulator import Emulator

B = messages.ButtonRequestType
F = messages.FailureType
S = messages.InputScriptType


@contextmanager
def driven(emulator: Emulator, pins: list[str]) -> Iterator[tuple[Session, list[object], DebugLink]]:
    """A session whose buttons are pressed yes and whose PIN requests type `pins` in turn."""
    debug = open_debuglink(emulator)
    seen: list[object] = []

    def press(request: messages.ButtonRequest) -> None:
        seen.append(request.code)
        debug.press_yes()

    def type_pin(request: messages.PinMatrixRequest) -> str:
        seen.append(request.type)
        matrix = debug.state().matrix or "123456789"
        return "".join(str(matrix.index(digit) + 1) for digit in pins.pop(0))

    client = connect(emulator, button=press, pin=type_pin)
    try:
        yield client.get_session(), seen, debug
    finally:
        debug.close()


def test_set_then_change_then_remove_the_pin(trezor_one: Emulator) -> None:
    Kind = messages.PinMatrixRequestType
    with driven(trezor_one, ["1234", "1234"]) as (session, seen, _debug):
        device.change_pin(session)
        assert seen == [B.ProtectCall, Kind.NewFirst, Kind.NewSecond]
    assert trezor_one.device.state.pin == "1234"
    with driven(trezor_one, ["1234", "789456", "789456"]) as (session, seen, _debug):
        device.change_pin(session)
        assert seen == [B.ProtectCall, Kind.Current, Kind.NewFirst, Kind.NewSecond]
    assert trezor_one.device.state.pin == "789456"
    with driven(trezor_one, ["789456"]) as (session, seen, _debug):
        device.change_pin(session, remove=True)
        assert seen == [B.ProtectCall, Kind.Current]
    assert trezor_one.device.state.pin is None


def test_new_pins_that_differ_are_refused_and_nothing_changes(trezor_one: Emulator) -> None:
    with (
        driven(trezor_one, ["1234", "4321"]) as (session, _seen, _debug),
        pytest.raises(exceptions.TrezorFailure) as info,
    ):
        device.change_pin(session)
    assert (info.value.code, info.value.message) == (F.PinMismatch, "PIN mismatch")
    assert trezor_one.device.state.pin is None


def test_get_entropy_asks_and_returns_the_requested_size(trezor_one: Emulator) -> None:
    with driven(trezor_one, []) as (session, seen, _debug):
        assert len(misc.get_entropy(session, 10)) == 10
        assert len(misc.get_entropy(session, 5000)) == 1024  # fsm_msgGetEntropy caps it
        assert seen == [B.ProtectCall, B.ProtectCall]


def test_relaxed_safety_checks_turn_a_forbidden_path_into_a_warning(trezor_one: Emulator) -> None:
    """test_msg_applysettings.py::test_safety_checks with the T1's PromptTemporarily."""
    with driven(trezor_one, []) as (session, seen, _debug):
        with pytest.raises(exceptions.TrezorFailure, match="Forbidden key path"):
            btc.get_address(session, "Bitcoin", parse_path("m/44h"), show_display=True)
        device.apply_settings(session, safety_checks=messages.SafetyCheckLevel.PromptTemporarily)
        assert session.client.features.safety_checks == messages.SafetyCheckLevel.PromptTemporarily
        seen.clear()
        btc.get_address(session, "Bitcoin", parse_path("m/44h"), show_display=True)
        assert seen == [B.UnknownDerivationPath, B.Address]
        with pytest.raises(exceptions.TrezorFailure, match="Unsupported safety-checks setting"):
            device.apply_settings(session, safety_checks=messages.SafetyCheckLevel.PromptAlways)
        with pytest.raises(exceptions.TrezorFailure, match="Auto-lock delay too short"):
            device.apply_settings(session, auto_lock_delay_ms=1_000)


def test_features_say_emulator_and_the_settings(trezor_one: Emulator) -> None:
    features = connect(trezor_one).features
    assert features.fw_vendor == "EMULATOR"  # what trezorlib's emulator helpers look for
    assert features.safety_checks == messages.SafetyCheckLevel.Strict
    assert features.auto_lock_delay_ms == 600_000 and features.wipe_code_protection is False


def test_a_malformed_new_pin_ends_the_change_at_once(trezor_one: Emulator) -> None:
    """test_msg_changepin_t1.py::test_set_invalid: a '0' (no such matrix position) is PIN cancelled."""
    link = RawLink(trezor_one.port, timeout=5)
    debug = open_debuglink(trezor_one)
    try:
        assert isinstance(link.call(messages.ChangePin()), messages.ButtonRequest)
        debug.press_yes()
        assert isinstance(link.call(messages.ButtonAck()), messages.PinMatrixRequest)
        reply = link.call(messages.PinMatrixAck(pin="1204"))
    finally:
        debug.close()
        link.close()
    assert isinstance(reply, messages.Failure) and reply.code == F.PinCancelled
    assert trezor_one.device.state.pin is None


def test_core_signs_with_the_t1_firmware_signing_key(make_emulator: EmulatorFactory) -> None:
    """test_signmessage.py "t1 firmware path" (core models): address and signature as published."""
    emulator = make_emulator("trezor-t")
    with driven(emulator, []) as (session, seen, _debug):
        signed = btc.sign_message(
            session, "Bitcoin", parse_path("m/10026h/826421588h/2h/0h"), b"B" * 32, script_type=S.SPENDADDRESS
        )
        assert B.UnknownDerivationPath not in seen
    assert signed.address == "1FoHjQT6bAEu2FQGzTgqj4PBneoiCAk4ZN"
    assert signed.signature.hex() == (
        "1f40ae58dd68480a2f39eecf4decfe79ceacde3f865502db67c083b8465b33535c0750d5377b7ac62e534f71c922cd029"
        "f659761f8ac99e859df36322c5b320eff"
    )


def test_core_message_screen_reports_its_pages(make_emulator: EmulatorFactory) -> None:
    """InputFlowSignMessagePagination (Bolt) reads ButtonRequest.pages; the page shows the message."""
    emulator = make_emulator("trezor-t")
    debug = open_debuglink(emulator)
    requests: list[messages.ButtonRequest] = []
    texts: list[str] = []

    def read(request: messages.ButtonRequest) -> None:
        requests.append(request)
        texts.append(LayoutContent(debug.state().tokens).text_content())
        debug.press_yes()

    try:
        session = connect(emulator, button=read).get_session()
        btc.sign_message(session, "Bitcoin", parse_path("m/44h/0h/0h/0/0"), "first line\nsecond line")
    finally:
        debug.close()
    assert [r.code for r in requests] == [B.Other, B.Other]
    assert requests[1].pages == 1 and "first line second line" in texts[1]
