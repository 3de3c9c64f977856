"""Issue 21, point 2, literally: a person reading OneKey Classic's silent Fee screen (and the
Classic 1S's silent Total screen, whose DOWN page holds the fee) for 60 s signs fine with the deadlines ColdSplit ships (a 20 s reply deadline), over UDP through the
trezorlib signing path, the one the GUI and `--passphrase-on-device` use. Before the fix a
25 s read ended in "device stopped answering… nothing was written". Slow: run by make test/CI.
"""

from __future__ import annotations

import threading
import time

import bdkpython as bdk
import pytest
from trezorlib import client as trezorlib_client

from tests.wallet.conftest import EmulatorFactory
from tests.wallet.devices.psbts import signatures
from tests.wallet.devices.test_contract import _spend
from tests.wallet.devices.test_waiting_for_person import _open
from wallet.devices.thread import DeviceThread
from wallet.devices.transport import Deadlines
from wallet.emulator.confirm import ShownPrompt
from wallet.emulator.emulator import Emulator
from wallet.psbt.model import load_psbt
from wallet.types import ScriptType

READ_S = 60.0


class FeeReader:
    """Presses yes at once on every screen but the Fee screen, which it reads for a minute."""

    def __init__(self) -> None:
        self.emulator: Emulator | None = None
        self.fee_screens = 0

    def __call__(self, shown: ShownPrompt | None) -> None:
        if shown is None or self.emulator is None:
            return
        is_fee = any(line.startswith("Fee:") for line in (*shown.prompt.lines, *shown.prompt.details))
        self.fee_screens += is_fee
        timer = threading.Timer(READ_S if is_fee else 0.1, self.emulator.press, (shown.prompt_id, True))
        timer.daemon = True
        timer.start()


@pytest.mark.slow
@pytest.mark.parametrize("identity", ["onekey-classic", "onekey-classic1s"])
def test_a_person_reading_the_classics_silent_fee_screen_for_a_minute_signs_fine(
    make_emulator: EmulatorFactory,
    device_thread: DeviceThread,
    monkeypatch: pytest.MonkeyPatch,
    identity: str,
) -> None:
    # trezorlib's own read timeout as shipped (None); tests/wallet/conftest.py bounds it to 15 s
    # for third-party clients, which would cut this read short.
    monkeypatch.setattr(trezorlib_client, "_DEFAULT_READ_TIMEOUT", None)
    shipped = Deadlines()
    assert shipped.reply_timeout < READ_S and shipped.user_timeout is None
    reader = FeeReader()
    emulator = make_emulator(identity, watcher=reader)
    reader.emulator = emulator
    wallet = _open(device_thread, emulator, shipped)
    unsigned = _spend(wallet, device_thread, ScriptType.WPKH)
    started = time.monotonic()
    signed = device_thread.call(wallet.sign_psbt, load_psbt(unsigned))
    assert time.monotonic() - started >= READ_S and reader.fee_screens == 1
    assert signatures(signed) != [{}] and bdk.Psbt(signed).finalize().could_finalize
