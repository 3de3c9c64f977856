"""The DebugLink as trezorlib's own test harness (TrezorTestContext) and HWI use it,
plus the state it exposes and the other decision sources (auto-confirm, terminal)."""

from __future__ import annotations

import io
import json

import pytest
from trezorlib import btc, messages
from trezorlib.debuglink import LayoutContent, TrezorTestContext
from trezorlib.tools import parse_path
from trezorlib.transport import get_transport

from tests.wallet.conftest import ALL_MNEMONIC, EmulatorFactory
from tests.wallet.emulator.clients import RawLink, connect, open_debuglink
from wallet.emulator.confirm import TerminalPrompt
from wallet.emulator.emulator import Emulator
from wallet.emulator.flow import Confirm, Entry

S = messages.InputScriptType
SHOW_84 = messages.GetAddress(
    address_n=parse_path("m/84h/0h/0h/0/0"), show_display=True, script_type=S.SPENDWITNESS
)


@pytest.mark.parametrize("identity", ["trezor-one", "trezor-t"])
def test_trezorlib_test_context_drives_pin_and_confirmations(
    make_emulator: EmulatorFactory, identity: str
) -> None:
    emulator = make_emulator(identity, pin="1234")
    context = TrezorTestContext(get_transport(emulator.path))  # syncs with Cancel + Ping("SYNC…")
    assert context.model.internal_name == emulator.identity.internal_model
    context.use_pin_sequence(["1234"])
    session = context.get_session()
    address = btc.get_address(
        session, "Bitcoin", SHOW_84.address_n, show_display=True, script_type=S.SPENDWITNESS
    )
    assert address == "bc1qannfxke2tfd4l7vhepehpvt05y83v3qsf6nfkk"
    context.debug.close()


def test_trezor_one_state_has_pin_matrix_mnemonic_and_display_buffer(make_emulator: EmulatorFactory) -> None:
    emulator = make_emulator("trezor-one", pin="1234")
    debug = RawLink(emulator.debug_port)
    state = debug.call(messages.DebugLinkGetState())
    assert isinstance(state, messages.DebugLinkState)
    assert state.pin == "1234"
    assert state.matrix is not None and sorted(state.matrix) == list("123456789")
    assert state.mnemonic_secret == ALL_MNEMONIC.encode()
    assert state.layout is not None and len(state.layout) == 1024
    assert state.tokens == []
    debug.close()


def test_touch_model_state_reports_the_layout_as_json_tokens(make_emulator: EmulatorFactory) -> None:
    emulator = make_emulator("trezor-t")
    wire, debug = RawLink(emulator.port), RawLink(emulator.debug_port)
    assert isinstance(wire.call(SHOW_84), messages.ButtonRequest)
    state = debug.call(messages.DebugLinkGetState())
    assert isinstance(state, messages.DebugLinkState) and state.matrix is None
    layout = LayoutContent(state.tokens)
    assert layout.title() == "Receive address"
    assert "bc1qannfxke2tfd4l7vhepehpvt05y83v3qsf6nfkk" in layout.text_content()
    json.loads("".join(state.tokens))
    wire.close()
    debug.close()


def test_reseed_makes_the_pin_matrix_reproducible(make_emulator: EmulatorFactory) -> None:
    emulator = make_emulator("trezor-one", pin="1234")
    wire, debug = RawLink(emulator.port), RawLink(emulator.debug_port)
    matrices = []
    for _ in range(2):
        assert isinstance(debug.call(messages.DebugLinkReseedRandom(value=42)), messages.Success)
        assert isinstance(wire.call(messages.ApplyFlags(flags=0)), messages.PinMatrixRequest)
        state = debug.call(messages.DebugLinkGetState())
        assert isinstance(state, messages.DebugLinkState)
        matrices.append(state.matrix)
        assert isinstance(wire.call(messages.Cancel()), messages.Failure)
    assert matrices[0] == matrices[1]
    wire.close()
    debug.close()


def test_a_decision_sent_before_the_button_ack_is_kept(trezor_one: Emulator) -> None:
    wire, debug = RawLink(trezor_one.port), RawLink(trezor_one.debug_port)
    assert isinstance(wire.call(SHOW_84), messages.ButtonRequest)
    debug.send(messages.DebugLinkDecision(button=messages.DebugButton.YES))  # no reply, by design
    debug.call(messages.DebugLinkGetState())  # a round trip so the decision is surely processed
    reply = wire.call(messages.ButtonAck())
    assert isinstance(reply, messages.Address) and reply.address.startswith("bc1qannf")
    wire.close()
    debug.close()


def test_next_layout_waits_for_the_screen_to_change(make_emulator: EmulatorFactory) -> None:
    emulator = make_emulator("trezor-t")
    wire, debug = RawLink(emulator.port), RawLink(emulator.debug_port)
    debug.send(messages.DebugLinkGetState(wait_layout=messages.DebugWaitType.NEXT_LAYOUT))
    assert isinstance(wire.call(SHOW_84), messages.ButtonRequest)
    state = debug.receive()
    assert isinstance(state, messages.DebugLinkState)
    assert LayoutContent(state.tokens).title() == "Receive address"
    wire.close()
    debug.close()


def test_auto_confirm_answers_without_a_debuglink(make_emulator: EmulatorFactory) -> None:
    emulator = make_emulator("trezor-one", confirm="auto")
    wire = RawLink(emulator.port)
    assert isinstance(wire.call(SHOW_84), messages.ButtonRequest)
    assert isinstance(wire.call(messages.ButtonAck()), messages.Address)
    wire.close()


def test_terminal_prompt_asks_and_reads_answers() -> None:
    answers = iter(["y", "no", ""])
    out = io.StringIO()
    prompt = TerminalPrompt(read_line=lambda _q: next(answers), read_secret=lambda _q: "hunter2", out=out)
    confirm = Confirm(messages.ButtonRequestType.Address, "Receive address", ("bc1q…",))
    assert prompt.decide(confirm).accepted is True  # type: ignore[union-attr]
    assert prompt.decide(confirm).accepted is False  # type: ignore[union-attr]
    assert prompt.decide(confirm).accepted is False  # type: ignore[union-attr]  # empty means no
    entry = Entry(messages.ButtonRequestType.PassphraseEntry, "Enter passphrase")
    assert prompt.decide(entry).text == "hunter2"  # type: ignore[union-attr]
    assert "Receive address" in out.getvalue() and "bc1q…" in out.getvalue()


def test_terminal_prompt_shows_a_screens_next_page_too() -> None:
    """The Classic 1S's Total screen holds the fee on its DOWN page: the terminal shows both."""
    out = io.StringIO()
    prompt = TerminalPrompt(read_line=lambda _q: "y", out=out)
    total = Confirm(messages.ButtonRequestType.SignTx, "Bitcoin Transaction", ("Total Amount: 1 BTC",))
    total = Confirm(total.code, total.title, total.lines, silent=True, details=("Fee: 0.0001 BTC",))
    assert prompt.decide(total).accepted is True  # type: ignore[union-attr]
    assert "Total Amount: 1 BTC" in out.getvalue() and "next page: Fee: 0.0001 BTC" in out.getvalue()


def test_terminal_prompt_end_of_input_is_no() -> None:
    def closed(_question: str) -> str:
        raise EOFError

    prompt = TerminalPrompt(read_line=closed, read_secret=closed, out=io.StringIO())
    decision = prompt.decide(Confirm(messages.ButtonRequestType.Other, "Sign message"))
    assert decision is not None and decision.accepted is False


def test_core_menu_clicks_open_details_and_no_steps_back(make_emulator: EmulatorFactory) -> None:
    """trezor-firmware input_flows.py InputFlowShowAddressQRCode (Bolt): menu click, "SimplePage",
    swipes, another click, NO twice back out of the menus, YES confirms the address."""
    emulator = make_emulator("trezor-t")
    debug = open_debuglink(emulator)
    seen: list[str] = []

    def walk(_request: messages.ButtonRequest) -> None:
        debug.click((215, 25))
        seen.append(LayoutContent(debug.state().tokens).json_str)
        debug.swipe_left()
        debug.click((215, 25))
        debug.press_no()
        debug.press_no()
        debug.press_yes()

    try:
        session = connect(emulator, button=walk).get_session()
        address = btc.get_address(session, "Bitcoin", parse_path("m/44h/0h/0h/0/0"), show_display=True)
    finally:
        debug.close()
    assert address == "1JAd7XCBzGudGpJQSDSfpmJhiygtLQWaGL"
    assert "SimplePage" in seen[0]
