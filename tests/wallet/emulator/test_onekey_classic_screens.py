"""onekey-classic shows its confirmations as OneKey's Classic firmware does (onekey_screens.py).

A person watches the emulator's screen (its screen watcher) and presses; the host is a
stock trezorlib client handed ColdSplit's OneKey model. What each test checks is what
OneKey's own Classic emulator (classic/v3.6.0) was seen to do.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from trezorlib import btc, exceptions, messages
from trezorlib.client import AppManifest, Session, get_client
from trezorlib.tools import parse_path
from trezorlib.transport import get_transport

from tests.wallet.conftest import EmulatorFactory
from tests.wallet.emulator.clients import RawLink
from tests.wallet.emulator.test_signtx_vectors import TESTNET, TESTNET_ONE_TWO_FEE
from wallet.devices.onekey import ONEKEY_CLASSIC, ONEKEY_MAPPING
from wallet.emulator.confirm import ShownPrompt
from wallet.emulator.emulator import Emulator

B = messages.ButtonRequestType


@dataclass
class Person:
    """Presses on every screen as it appears: `decisions` in order (default yes)."""

    decisions: list[bool] = field(default_factory=list)
    seen: list[tuple[str, bool, str]] = field(default_factory=list)  # (code, silent, title)
    emulator: Emulator | None = None

    def __call__(self, shown: ShownPrompt | None) -> None:
        if shown is None or self.emulator is None:
            return
        prompt = shown.prompt
        self.seen.append((B(prompt.code).name, prompt.silent, prompt.title))
        self.emulator.press(shown.prompt_id, self.decisions.pop(0) if self.decisions else True)


@dataclass
class Host:
    session: Session
    button_requests: list[str]


@pytest.fixture
def classic(make_emulator: EmulatorFactory) -> Iterator[tuple[Person, Host]]:
    person = Person()
    emulator = make_emulator("onekey-classic", watcher=person)
    person.emulator = emulator
    codes: list[str] = []
    app = AppManifest(app_name="test", button_callback=lambda br: codes.append(B(br.code).name))
    client = get_client(app, get_transport(emulator.path), model=ONEKEY_CLASSIC, mapping=ONEKEY_MAPPING)
    yield person, Host(client.get_session(passphrase=""), codes)
    client.transport.close()


def test_sign_tx_output_pages_and_silent_fee_and_total(classic: tuple[Person, Host]) -> None:
    person, host = classic
    coin, inputs, outputs, _ = TESTNET_ONE_TWO_FEE  # one external output and one change output
    btc.sign_tx(host.session, coin, inputs, outputs, prev_txes=TESTNET)
    assert [(code, silent) for code, silent, _ in person.seen] == [
        ("SignTx", False),  # the external output: ButtonRequest SignTx, Amount
        ("SignTx", True),  # Send to, without a ButtonRequest; the change output has no screen
        ("SignTx", True),  # Fee: no ButtonRequest, the host only waits on its last TxAck
        ("SignTx", True),  # Total Amount
    ]
    assert host.button_requests == ["SignTx"]
    assert [title for *_, title in person.seen][-2:] == ["Testnet Transaction"] * 2


def test_sign_message_is_one_button_request_and_three_screens(classic: tuple[Person, Host]) -> None:
    person, host = classic
    btc.sign_message(host.session, "Bitcoin", parse_path("m/44h/0h/0h/0/0"), "hello")
    assert [(code, silent) for code, silent, _ in person.seen] == [
        ("SignTx", False),
        ("SignTx", True),
        ("SignTx", True),
    ]
    assert host.button_requests == ["SignTx"]


def test_no_on_the_message_page_goes_back_and_no_on_the_first_refuses(classic: tuple[Person, Host]) -> None:
    person, host = classic
    person.decisions = [True, False, True, True, True]  # address, NO on message → address again
    btc.sign_message(host.session, "Bitcoin", parse_path("m/44h/0h/0h/0/0"), "hello")
    assert len(person.seen) == 5
    person.decisions = [False]
    with pytest.raises(exceptions.Cancelled):
        btc.sign_message(host.session, "Bitcoin", parse_path("m/44h/0h/0h/0/0"), "hello")


def test_show_address_has_a_path_page_and_no_only_toggles_the_qr(classic: tuple[Person, Host]) -> None:
    person, host = classic
    path = parse_path("m/84h/0h/0h/0/0")
    script = messages.InputScriptType.SPENDWITNESS
    address = btc.get_address(host.session, "Bitcoin", path, show_display=True, script_type=script)
    assert address == "bc1qannfxke2tfd4l7vhepehpvt05y83v3qsf6nfkk"
    assert [(c, s, t) for c, s, t in person.seen] == [
        ("Address", False, "Address"),
        ("Address", True, "Path"),
    ]
    person.seen.clear()
    person.decisions = [False, False, False, True]  # NO → QR, NO → address, NO → QR, YES on QR
    address = btc.get_address(host.session, "Bitcoin", path, show_display=True, script_type=script)
    assert address == "bc1qannfxke2tfd4l7vhepehpvt05y83v3qsf6nfkk"  # NO never refused
    assert [title for *_, title in person.seen] == ["Address", "QR code", "Address", "QR code"]
    assert host.button_requests == ["Address", "Address"]  # one ButtonRequest per request


def test_cancel_is_ignored_on_a_screen_and_initialize_leaves_it(make_emulator: EmulatorFactory) -> None:
    emulator = make_emulator("onekey-classic")  # nobody presses
    link = RawLink(emulator.port, timeout=0.5)
    try:
        request = messages.SignMessage(address_n=parse_path("m/44h/0h/0h/0/0"), message=b"hi")
        assert isinstance(link.call(request), messages.ButtonRequest)
        link.send(messages.ButtonAck())
        with pytest.raises(TimeoutError):
            link.receive()  # the screen waits for its person
        link.send(messages.Cancel())
        with pytest.raises(TimeoutError):
            link.receive()  # Cancel is ignored on the screen
        left = link.call(messages.Initialize())  # only Initialize leaves it, answered with Features
        assert isinstance(left, messages.Features)
        assert isinstance(link.call(messages.GetFeatures()), messages.Features)  # home again
    finally:
        link.close()


def test_taproot_message_signing_shows_the_screens_then_fails(classic: tuple[Person, Host]) -> None:
    person, host = classic
    path = parse_path("m/86h/0h/0h/0/0")
    with pytest.raises(exceptions.TrezorFailure, match="Error signing message"):
        btc.sign_message(
            host.session, "Bitcoin", path, "hi", script_type=messages.InputScriptType.SPENDTAPROOT
        )
    assert [silent for _, silent, _ in person.seen] == [False, True, True]


def test_verify_message_is_one_button_request_and_three_screens(classic: tuple[Person, Host]) -> None:
    person, host = classic
    signed = btc.sign_message(
        host.session,
        "Bitcoin",
        parse_path("m/84h/0h/0h/0/0"),
        "hi",
        script_type=messages.InputScriptType.SPENDWITNESS,
    )
    person.seen.clear()
    host.button_requests.clear()
    assert btc.verify_message(host.session, "Bitcoin", signed.address, signed.signature, "hi")
    assert [(code, silent) for code, silent, _ in person.seen] == [
        ("SignTx", False),
        ("SignTx", True),
        ("SignTx", True),
    ]
    assert host.button_requests == ["SignTx"]
