"""onekey-classic1s, onekey-mini, onekey-touch and onekey-pro show their confirmations as
OneKey's sources say (wallet/emulator/onekey_screens.py for the Classic 1S,
onekey_core_screens.py for the Touch and Pro, the Trezor One's screens for the Mini as its
branch `mini` draws them): which screens, which ButtonRequest each sends, which are silent,
what NO and a host Cancel do.

A person watches the emulator's screen and presses; the host is stock trezorlib over UDP,
handed ColdSplit's OneKey model. Every count below is a press the person makes.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from trezorlib import btc, exceptions, messages
from trezorlib.client import AppManifest, get_client
from trezorlib.tools import parse_path
from trezorlib.transport import get_transport

from tests.wallet.conftest import EmulatorFactory
from tests.wallet.emulator.clients import RawLink
from tests.wallet.emulator.test_onekey_classic_screens import Host, Person
from tests.wallet.emulator.test_signtx_vectors import TESTNET, TESTNET_ONE_TWO_FEE
from wallet.devices.onekey import ONEKEY_CLASSIC, ONEKEY_MAPPING, ONEKEY_MINI, ONEKEY_PRO, ONEKEY_TOUCH
from wallet.emulator.confirm import ShownPrompt

B = messages.ButtonRequestType
CORE_IDENTITIES = ("onekey-touch", "onekey-pro")
TREZORLIB_MODEL = {
    "onekey-classic1s": ONEKEY_CLASSIC,
    "onekey-mini": ONEKEY_MINI,
    "onekey-touch": ONEKEY_TOUCH,
    "onekey-pro": ONEKEY_PRO,
}
PATH = parse_path("m/84h/0h/0h/0/0")
WPKH = messages.InputScriptType.SPENDWITNESS
ADDRESS = "bc1qannfxke2tfd4l7vhepehpvt05y83v3qsf6nfkk"  # m/84h/0h/0h/0/0 of the "all" seed


def _device(make_emulator: EmulatorFactory, identity: str, person: Person) -> Iterator[tuple[Person, Host]]:
    emulator = make_emulator(identity, watcher=person)
    person.emulator = emulator
    codes: list[str] = []
    app = AppManifest(app_name="test", button_callback=lambda br: codes.append(B(br.code).name))
    transport = get_transport(emulator.path)
    client = get_client(app, transport, model=TREZORLIB_MODEL[identity], mapping=ONEKEY_MAPPING)
    yield person, Host(client.get_session(passphrase=""), codes)
    client.transport.close()


@pytest.fixture
def classic1s(make_emulator: EmulatorFactory) -> Iterator[tuple[Person, Host]]:
    yield from _device(make_emulator, "onekey-classic1s", Person())


@pytest.fixture
def mini(make_emulator: EmulatorFactory) -> Iterator[tuple[Person, Host]]:
    yield from _device(make_emulator, "onekey-mini", Person())


@pytest.fixture(params=CORE_IDENTITIES)
def core(make_emulator: EmulatorFactory, request: pytest.FixtureRequest) -> Iterator[tuple[Person, Host]]:
    yield from _device(make_emulator, request.param, Person())


def _sign_one_output_and_change(host: Host) -> None:
    coin, inputs, outputs, _ = TESTNET_ONE_TWO_FEE  # one external output and one change output
    btc.sign_tx(host.session, coin, inputs, outputs, prev_txes=TESTNET)


# ---- Classic 1S (firmware-classic1s legacy/firmware) ----


def test_classic1s_signs_one_output_and_the_fee_in_three_presses(classic1s: tuple[Person, Host]) -> None:
    person, host = classic1s
    _sign_one_output_and_change(host)
    assert [(code, silent) for code, silent, _ in person.seen] == [
        ("SignTx", False),  # the external output: ButtonRequest SignTx, Send to
        ("SignTx", True),  # Amount, without a ButtonRequest; change has no screen
        ("SignTx", True),  # Total Amount (fee on its DOWN page): no ButtonRequest, YES signs
    ]
    assert host.button_requests == ["SignTx"]


def test_classic1s_output_shows_the_address_before_the_amount(classic1s: tuple[Person, Host]) -> None:
    person, host = classic1s
    lines: list[str] = []
    assert person.emulator is not None
    emulator = person.emulator

    def watch(shown: ShownPrompt | None) -> None:
        if shown is not None:
            lines.append(shown.prompt.lines[0].split(":")[0])
            emulator.press(shown.prompt_id, True)

    emulator.device.watcher = watch
    _sign_one_output_and_change(host)
    assert lines == ["Send to", "Amount", "Total Amount"]


@pytest.mark.parametrize("refused_at", [0, 1, 2])
def test_classic1s_no_on_any_signing_screen_refuses(classic1s: tuple[Person, Host], refused_at: int) -> None:
    person, host = classic1s
    person.decisions = [True] * refused_at + [False]
    with pytest.raises(exceptions.Cancelled):
        _sign_one_output_and_change(host)
    assert len(person.seen) == refused_at + 1


def test_classic1s_down_shows_the_fee_below_the_total(classic1s: tuple[Person, Host]) -> None:
    """The DOWN key (a DebugLink swipe down) turns the silent Total screen to its Fee page."""
    person, host = classic1s
    assert person.emulator is not None
    emulator = person.emulator
    pages: list[tuple[str, ...]] = []

    def read_both_pages(prompt_id: int) -> None:
        debug = RawLink(emulator.debug_port)
        try:
            pages.append(emulator.device.screen_text().rows)
            debug.send(messages.DebugLinkDecision(swipe=messages.DebugSwipeDirection.DOWN))
            debug.call(messages.DebugLinkGetState())  # a round trip: the swipe is processed
            pages.append(emulator.device.screen_text().rows)
        finally:
            debug.close()
        emulator.press(prompt_id, True)  # YES on the fee page signs too

    def watch(shown: ShownPrompt | None) -> None:
        if shown is None:
            return
        if shown.prompt.details:
            threading.Thread(target=read_both_pages, args=(shown.prompt_id,), daemon=True).start()
        else:
            emulator.press(shown.prompt_id, True)

    emulator.device.watcher = watch
    _sign_one_output_and_change(host)
    assert pages == [("Total Amount: 0.301 TEST",), ("Fee: 0.0001 TEST",)]


def test_classic1s_message_is_protectcall_and_three_screens(classic1s: tuple[Person, Host]) -> None:
    person, host = classic1s
    btc.sign_message(host.session, "Bitcoin", PATH, "hello", script_type=WPKH)
    assert [(code, silent) for code, silent, _ in person.seen] == [
        ("ProtectCall", False),
        ("ProtectCall", True),
        ("ProtectCall", True),
    ]
    assert host.button_requests == ["ProtectCall"]


# ---- Touch and Pro (OneKey's core firmware) ----


def test_core_signs_with_one_screen_per_output_the_total_and_slide_to_sign(core: tuple[Person, Host]) -> None:
    person, host = core
    _sign_one_output_and_change(host)
    assert [(code, silent) for code, silent, _ in person.seen] == [
        ("ConfirmOutput", False),  # "Send <amount>" to the address: one screen
        ("SignTx", False),  # amount, fee and total on one screen
        ("Other", False),  # "Slide to sign", before TXFINISHED
    ]
    assert host.button_requests == ["ConfirmOutput", "SignTx", "Other"]
    total = person.seen[1]
    assert total[2].startswith("Sign Testnet")


@pytest.mark.parametrize("refused_at", [0, 1, 2])
def test_core_reject_on_any_signing_screen_refuses(core: tuple[Person, Host], refused_at: int) -> None:
    person, host = core
    person.decisions = [True] * refused_at + [False]
    with pytest.raises(exceptions.Cancelled):
        _sign_one_output_and_change(host)
    assert len(person.seen) == refused_at + 1


def test_core_message_is_one_screen(core: tuple[Person, Host]) -> None:
    person, host = core
    signed = btc.sign_message(host.session, "Bitcoin", PATH, "hello", script_type=WPKH)
    assert signed.address == ADDRESS
    assert [(code, silent) for code, silent, _ in person.seen] == [("Other", False)]
    person.seen.clear()
    assert btc.verify_message(host.session, "Bitcoin", signed.address, signed.signature, "hello")
    assert [code for code, _, _ in person.seen] == ["Other", "Success"]


def test_core_message_reject_refuses(core: tuple[Person, Host]) -> None:
    person, host = core
    person.decisions = [False]
    with pytest.raises(exceptions.Cancelled):
        btc.sign_message(host.session, "Bitcoin", PATH, "hello", script_type=WPKH)


def test_core_address_screen_cannot_refuse_its_left_button_toggles_the_qr(core: tuple[Person, Host]) -> None:
    person, host = core
    person.decisions = [False, False, False, True]  # QR, address, QR, Done
    address = btc.get_address(host.session, "Bitcoin", PATH, show_display=True, script_type=WPKH)
    assert address == ADDRESS  # NO never refused
    assert [(code, silent) for code, silent, _ in person.seen] == [
        ("Address", False),
        ("Address", True),
        ("Address", True),
        ("Address", True),
    ]
    assert [title for *_, title in person.seen][1] == "QR code"
    assert host.button_requests == ["Address"]


def test_core_taproot_message_shows_the_screen_then_fails(core: tuple[Person, Host]) -> None:
    person, host = core
    path = parse_path("m/86h/0h/0h/0/0")
    taproot = messages.InputScriptType.SPENDTAPROOT
    with pytest.raises(exceptions.TrezorFailure, match="Unsupported script type"):
        btc.sign_message(host.session, "Bitcoin", path, "hi", script_type=taproot)
    assert [code for code, _, _ in person.seen] == ["Other"]


# ---- Mini (OneKeyHQ/firmware branch mini: the Trezor One's screens) ----


def test_mini_signs_with_a_confirm_output_and_a_sign_tx_screen(mini: tuple[Person, Host]) -> None:
    """signing.c: layoutConfirmOutput + protectButton(ConfirmOutput), layoutConfirmTx +
    protectButton(SignTx); nothing silent."""
    person, host = mini
    _sign_one_output_and_change(host)
    assert [(code, silent) for code, silent, _ in person.seen] == [
        ("ConfirmOutput", False),
        ("SignTx", False),
    ]
    assert host.button_requests == ["ConfirmOutput", "SignTx"]


def test_mini_message_announces_the_address_and_each_page(mini: tuple[Person, Host]) -> None:
    _person, host = mini
    signed = btc.sign_message(host.session, "Bitcoin", PATH, "hello", script_type=WPKH)
    assert signed.address == ADDRESS
    assert host.button_requests == ["Other", "Other"]  # the address, then the one message page
    host.button_requests.clear()
    assert btc.verify_message(host.session, "Bitcoin", signed.address, signed.signature, "hello")
    assert host.button_requests == ["Other", "Other", "Other"]  # address, message, "valid"


def test_mini_address_screens_each_announced_and_no_only_shows_the_qr(mini: tuple[Person, Host]) -> None:
    person, host = mini
    person.decisions = [False, True]  # NO: the QR code (a new ButtonRequest Address), YES there
    address = btc.get_address(host.session, "Bitcoin", PATH, show_display=True, script_type=WPKH)
    assert address == ADDRESS
    assert host.button_requests == ["Address", "Address"]


def test_mini_reads_a_host_cancel_on_its_message_screen(make_emulator: EmulatorFactory) -> None:
    """protectButton (branch mini protect.c) reads Cancel; only the address screen's
    protectWaitKey ignores it (tests/wallet/devices/test_onekey_models.py)."""
    link = RawLink(make_emulator("onekey-mini").port, timeout=0.5)
    try:
        request = messages.SignMessage(address_n=PATH, message=b"hi", script_type=WPKH)
        assert isinstance(link.call(request), messages.ButtonRequest)
        link.send(messages.ButtonAck())
        link.send(messages.Cancel())
        reply = link.receive()
        assert isinstance(reply, messages.Failure) and reply.code == messages.FailureType.ActionCancelled
    finally:
        link.close()


def test_classic1s_shows_the_path_of_an_external_output_given_by_path(classic1s: tuple[Person, Host]) -> None:
    """layoutConfirmOutput's extra line: an output by derivation path that is not the wallet's
    change (here another account) gets a page of its own between the address and the amount."""
    person, host = classic1s
    assert person.emulator is not None
    emulator = person.emulator
    lines: list[str] = []

    def watch(shown: ShownPrompt | None) -> None:
        if shown is not None:
            lines.append(shown.prompt.lines[0])
            emulator.press(shown.prompt_id, True)

    emulator.device.watcher = watch
    coin, inputs, outputs, _ = TESTNET_ONE_TWO_FEE
    other_account = messages.TxOutputType(
        address_n=parse_path("m/44h/1h/1h/0/0"), amount=outputs[1].amount, script_type=outputs[1].script_type
    )
    btc.sign_tx(host.session, coin, inputs, [outputs[0], other_account], prev_txes=TESTNET)
    pages = [line.split(":")[0] for line in lines]
    assert pages == ["Send to", "Amount", "Send to", "Send to", "Amount", "Total Amount"]
    assert lines[3] == "Send to: m/44h/1h/1h/0/0"
