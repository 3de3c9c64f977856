"""onekey-classic answers what OneKey's legacy firmware answers: path policy, VerifyMessage,
GetEntropy and ChangePin (issue 21, point 6), with a stock trezorlib client handed
ColdSplit's OneKey model and a person who presses yes on every screen."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from trezorlib import btc, device, exceptions, messages, misc
from trezorlib.client import AppManifest, Session, get_client
from trezorlib.tools import parse_path
from trezorlib.transport import get_transport

from tests.wallet.conftest import EmulatorFactory
from tests.wallet.emulator.clients import RawLink
from wallet.devices.onekey import ONEKEY_CLASSIC, ONEKEY_MAPPING
from wallet.emulator.confirm import ShownPrompt
from wallet.emulator.emulator import Emulator

B = messages.ButtonRequestType
S = messages.InputScriptType


class Host:
    def __init__(self, emulator: Emulator, pins: list[str]) -> None:
        self.codes: list[str] = []
        self.pins = pins
        self.emulator = emulator
        app = AppManifest(
            app_name="test",
            button_callback=lambda br: self.codes.append(B(br.code).name),
            pin_callback=self._pin,
        )
        self.client = get_client(
            app, get_transport(emulator.path), model=ONEKEY_CLASSIC, mapping=ONEKEY_MAPPING
        )

    def _pin(self, _request: messages.PinMatrixRequest) -> str:
        matrix = self.emulator.device.state.matrix  # the person reads the scrambled keypad
        return "".join(str(matrix.index(digit) + 1) for digit in self.pins.pop(0))

    def session(self) -> Session:
        return self.client.get_session(passphrase="")


@pytest.fixture
def classic(make_emulator: EmulatorFactory) -> Iterator[Host]:
    holder: dict[str, Emulator] = {}

    def press_yes(shown: ShownPrompt | None) -> None:
        if shown is not None:
            holder["emulator"].press(shown.prompt_id, True)

    holder["emulator"] = emulator = make_emulator("onekey-classic", watcher=press_yes)
    host = Host(emulator, [])
    yield host
    host.client.transport.close()


def test_wpkh_at_a_bip44_path_is_given_with_a_warning_only_when_shown(classic: Host) -> None:
    path = parse_path("m/44h/0h/0h/0/0")
    quiet = btc.get_address(classic.session(), "Bitcoin", path, script_type=S.SPENDWITNESS)
    assert quiet.startswith("bc1q") and classic.codes == []
    shown = btc.get_address(classic.session(), "Bitcoin", path, show_display=True, script_type=S.SPENDWITNESS)
    assert shown == quiet and classic.codes[0] == "UnknownDerivationPath"


def test_hwi_style_signmessage_p2pkh_at_a_bip84_path_is_signed_after_a_warning(classic: Host) -> None:
    signed = btc.sign_message(classic.session(), "Bitcoin", parse_path("m/84h/0h/0h/0/0"), "hi")
    assert signed.address.startswith("1") and len(signed.signature) == 65
    assert classic.codes[0] == "UnknownDerivationPath"


def test_verify_message_accepts_its_own_signature(classic: Host) -> None:
    path = parse_path("m/44h/0h/0h/0/0")
    signed = btc.sign_message(classic.session(), "Bitcoin", path, "hello")
    assert btc.verify_message(classic.session(), "Bitcoin", signed.address, signed.signature, "hello")


def test_get_entropy_asks_and_gives_at_most_1024_bytes(classic: Host) -> None:
    assert len(misc.get_entropy(classic.session(), 32)) == 32
    assert len(misc.get_entropy(classic.session(), 5000)) == 1024
    assert classic.codes == ["ProtectCall", "ProtectCall"]


def test_change_pin_sets_changes_and_removes_it(classic: Host) -> None:
    classic.pins = ["1234", "1234"]
    device.change_pin(classic.session())  # set: new PIN twice
    assert classic.emulator.device.state.pin == "1234"
    classic.pins = ["1234", "5678", "5678"]
    device.change_pin(classic.session())  # change: current, then new twice
    assert classic.emulator.device.state.pin == "5678"
    classic.pins = ["5678"]
    device.change_pin(classic.session(), remove=True)
    assert classic.emulator.device.state.pin is None


def test_change_pin_refuses_a_mismatch_and_a_wrong_current_pin(classic: Host) -> None:
    classic.pins = ["1234", "4321"]
    with pytest.raises(exceptions.TrezorFailure, match="PIN mismatch"):
        device.change_pin(classic.session())
    classic.emulator.device.state.pin = "1234"
    classic.pins = ["9999"]
    with pytest.raises(exceptions.PinException, match="PIN invalid"):
        device.change_pin(classic.session())


def test_a_nine_level_path_is_refused(make_emulator: EmulatorFactory) -> None:
    emulator = make_emulator("onekey-classic")
    link = RawLink(emulator.port)
    try:
        reply: Any = link.call(messages.GetAddress(address_n=parse_path("m/44h/0h/0h/0/0/0/0/0/0")))
    finally:
        link.close()
    assert isinstance(reply, messages.Failure) and reply.code == messages.FailureType.DataError
    assert reply.message == "array overflow"  # OneKey's debug build prefixes "messages.c:251:"


@pytest.mark.parametrize(
    "name", ["onekey-classic", "onekey-classic1s", "onekey-mini", "onekey-touch", "onekey-pro"]
)
def test_stock_trezorctl_get_features_refuses_the_onekey_vendor_but_ping_works(
    make_emulator: EmulatorFactory, name: str
) -> None:
    """What stock trezorctl 0.20.2 prints for OneKey's own Classic emulator too (README)."""
    emulator = make_emulator(name)
    trezorctl = str(Path(sys.executable).parent / "trezorctl")
    features = subprocess.run(
        [trezorctl, "-p", emulator.path, "get-features"], capture_output=True, text=True, timeout=60
    )
    assert features.returncode == 1 and "Unrecognized vendor: onekey.so" in features.stdout + features.stderr
    ping = subprocess.run(
        [trezorctl, "-p", emulator.path, "ping", "hi"], capture_output=True, text=True, timeout=60
    )
    assert ping.returncode == 0 and ping.stdout.strip() == "hi"
