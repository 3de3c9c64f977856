"""`coldsplit emulator --auto-confirm` says yes by itself, but a DebugLink decision always wins."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from trezorlib import btc, exceptions, messages
from trezorlib.tools import parse_path

from tests.wallet.emulator.clients import connect, open_debuglink
from wallet.emulator.emulator import Emulator
from wallet.emulator.patient_yes import PatientYes

ALL = " ".join(["all"] * 12)
SPENDWITNESS = messages.InputScriptType.SPENDWITNESS


@pytest.fixture
def auto_confirming() -> Iterator[Emulator]:
    patient = PatientYes()
    emulator = Emulator("trezor-t", port=0, mnemonic=ALL, confirm="debuglink", watcher=patient)
    patient.emulator = emulator
    with emulator:
        yield emulator


def test_screens_are_confirmed_without_anyone_pressing(auto_confirming: Emulator) -> None:
    session = connect(auto_confirming).get_session()
    path = parse_path("m/84h/0h/0h/0/0")
    address = btc.get_address(session, "Bitcoin", path, show_display=True, script_type=SPENDWITNESS)
    assert address == "bc1qannfxke2tfd4l7vhepehpvt05y83v3qsf6nfkk"


def test_a_debuglink_no_is_never_overridden(auto_confirming: Emulator) -> None:
    debug = open_debuglink(auto_confirming)

    def refuse(_request: messages.ButtonRequest) -> None:
        debug.press_no()

    try:
        session = connect(auto_confirming, button=refuse).get_session()
        with pytest.raises(exceptions.Cancelled):
            btc.get_address(session, "Bitcoin", parse_path("m/44h/0h/0h/0/0"), show_display=True)
    finally:
        debug.close()
