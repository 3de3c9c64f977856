"""A device that waits for its person is alive; a device left on a screen is freed.

The person here is the emulator's screen watcher: it reads each screen for a while and
presses a button from another thread, as the GUI's on-screen device does. The device
layer must wait for as long as the person reads (no reply deadline after a ButtonAck or
a TxAck), judge "not answering" only by the link's liveness, and free a device whose
confirmation screen ignores Cancel (OneKey) with a bare Initialize.
"""

from __future__ import annotations

import io
import threading
import time
from typing import Any

import bdkpython as bdk
import pytest
from trezorlib import messages

from tests.wallet.conftest import EmulatorFactory
from tests.wallet.devices.psbts import signatures
from tests.wallet.devices.test_contract import _spend
from tests.wallet.emulator.clients import RawLink
from wallet.devices.base import HardwareWallet
from wallet.devices.errors import DeviceCancelled, DeviceTimeout
from wallet.devices.interaction import TerminalInteraction
from wallet.devices.registry import open_wallet
from wallet.devices.thread import DeviceThread
from wallet.devices.transport import Deadlines
from wallet.devices.trezor_driver import SigningPath
from wallet.emulator.confirm import ShownPrompt
from wallet.emulator.emulator import Emulator
from wallet.psbt.model import load_psbt
from wallet.types import Network, ScriptType

RECEIVE_0 = "tb1qkvwu9g3k2pdxewfqr7syz89r3gj557l3uuf9r9"  # m/84h/1h/0h/0/0 of the "all" seed
SHORT_REPLY = Deadlines(reply_timeout=1.5)  # far shorter than any read below; probes as shipped


class Person:
    """Reads each screen for `read_for` seconds, then presses yes (or no); None: never presses."""

    def __init__(self, read_for: float | None, accept: bool = True) -> None:
        self.read_for = read_for
        self.accept = accept
        self.emulator: Emulator | None = None
        self.titles: list[str] = []
        self.screen_now: ShownPrompt | None = None

    def __call__(self, shown: ShownPrompt | None) -> None:
        self.screen_now = shown
        if shown is None:
            return
        self.titles.append(shown.prompt.title)
        if self.read_for is None or self.emulator is None:
            return
        timer = threading.Timer(self.read_for, self.emulator.press, (shown.prompt_id, self.accept))
        timer.daemon = True
        timer.start()


def _device(make_emulator: EmulatorFactory, identity: str, person: Person) -> Emulator:
    emulator = make_emulator(identity, watcher=person)
    person.emulator = emulator
    return emulator


def _open(device_thread: DeviceThread, emulator: Emulator, deadlines: Deadlines) -> HardwareWallet:
    user = TerminalInteraction(out=io.StringIO())
    return device_thread.call(
        open_wallet, emulator.path, device_thread, Network.TESTNET, user, deadlines, SigningPath.TREZORLIB
    )


def _show_receive_0(device_thread: DeviceThread, wallet: HardwareWallet) -> str:
    return device_thread.call(wallet.display_address, "m/84h/1h/0h/0/0", ScriptType.WPKH, True)


@pytest.mark.parametrize("identity", ["trezor-t", "onekey-classic"])
def test_a_person_reading_the_address_for_4_s_is_waited_for(
    make_emulator: EmulatorFactory, device_thread: DeviceThread, identity: str
) -> None:
    person = Person(read_for=4.0)
    wallet = _open(device_thread, _device(make_emulator, identity, person), SHORT_REPLY)
    started = time.monotonic()
    assert _show_receive_0(device_thread, wallet) == RECEIVE_0
    assert time.monotonic() - started >= 4.0  # longer than the reply deadline and the 1 s + 2 s probe
    assert person.titles and person.screen_now is None


def test_a_silent_screen_after_a_tx_request_is_waited_for(
    make_emulator: EmulatorFactory, device_thread: DeviceThread
) -> None:
    """OneKey Classic shows Fee and Total with no ButtonRequest, right after a TxRequest."""
    person = Person(read_for=0.2)
    emulator = _device(make_emulator, "onekey-classic", person)
    wallet = _open(device_thread, emulator, SHORT_REPLY)
    unsigned = _spend(wallet, device_thread, ScriptType.WPKH)
    emulator.faults.hold_reply(messages.MessageType.TxRequest, 4.0, skip=3)
    started = time.monotonic()
    signed = device_thread.call(wallet.sign_psbt, load_psbt(unsigned))
    assert time.monotonic() - started >= 4.0
    assert signatures(signed) != [{}] and bdk.Psbt(signed).finalize().could_finalize


def test_a_person_reading_the_classic1s_silent_total_screen_is_waited_for(
    make_emulator: EmulatorFactory, device_thread: DeviceThread
) -> None:
    """The Classic 1S's Total screen (the fee on its DOWN page) comes with no ButtonRequest,
    right after a TxRequest (firmware-classic1s layoutConfirmTx): reading it for 4 s, far
    past the 1.5 s reply deadline, signs fine; every other screen is pressed at once."""
    person = Person(read_for=0.2)
    emulator = _device(make_emulator, "onekey-classic1s", person)
    wallet = _open(device_thread, emulator, SHORT_REPLY)
    unsigned = _spend(wallet, device_thread, ScriptType.WPKH)
    slow_on_total = Person(read_for=4.0)
    slow_on_total.emulator = emulator

    def watch(shown: ShownPrompt | None) -> None:
        on_total = shown is not None and shown.prompt.silent and bool(shown.prompt.details)
        (slow_on_total if on_total else person)(shown)

    emulator.device.watcher = watch
    started = time.monotonic()
    signed = device_thread.call(wallet.sign_psbt, load_psbt(unsigned))
    assert time.monotonic() - started >= 4.0 and slow_on_total.titles == ["Testnet Transaction"]
    assert signatures(signed) != [{}] and bdk.Psbt(signed).finalize().could_finalize


def test_time_a_person_reads_does_not_count_against_the_call_deadline(
    make_emulator: EmulatorFactory,
) -> None:
    person = Person(read_for=3.0)
    emulator = _device(make_emulator, "trezor-t", person)
    with DeviceThread(name="short-call", call_timeout=2.0) as device_thread:
        wallet = _open(device_thread, emulator, SHORT_REPLY)
        assert _show_receive_0(device_thread, wallet) == RECEIVE_0


def test_cancel_on_a_screen_that_ignores_it_frees_the_device(
    make_emulator: EmulatorFactory, device_thread: DeviceThread
) -> None:
    person = Person(read_for=None)  # reads and never presses
    emulator = _device(make_emulator, "onekey-classic", person)
    wallet = _open(device_thread, emulator, SHORT_REPLY)
    timer = threading.Timer(0.5, device_thread.cancel)
    timer.start()
    started = time.monotonic()
    with pytest.raises(DeviceCancelled):
        _show_receive_0(device_thread, wallet)
    timer.join()
    assert time.monotonic() - started < 0.5 + SHORT_REPLY.cancel_grace + 3
    assert person.screen_now is None  # the Initialize left the screen
    person.read_for = 0.2
    assert _show_receive_0(device_thread, wallet) == RECEIVE_0  # and the device works on


def test_a_timed_out_prompt_is_followed_by_freeing_the_device(
    make_emulator: EmulatorFactory, device_thread: DeviceThread
) -> None:
    person = Person(read_for=None)
    emulator = _device(make_emulator, "onekey-classic", person)
    wallet = _open(device_thread, emulator, Deadlines(reply_timeout=1.5, user_timeout=1.0))
    with pytest.raises(DeviceTimeout):
        _show_receive_0(device_thread, wallet)
    assert person.screen_now is not None  # a OneKey stays on its screen: the host gave up
    person.read_for = 0.2
    assert _show_receive_0(device_thread, wallet) == RECEIVE_0


def test_a_new_session_frees_a_device_left_on_a_confirmation_screen(
    make_emulator: EmulatorFactory, device_thread: DeviceThread
) -> None:
    person = Person(read_for=None)
    emulator = _device(make_emulator, "onekey-classic", person)
    abandoned = RawLink(emulator.port)  # another program asked, then went away
    assert isinstance(abandoned.call(_show_message()), messages.ButtonRequest)
    abandoned.send(messages.ButtonAck())
    abandoned.close()
    deadline = time.monotonic() + 5
    while person.screen_now is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert person.screen_now is not None
    started = time.monotonic()
    wallet = _open(device_thread, emulator, SHORT_REPLY)  # trezorlib's Cancel alone would hang here
    assert device_thread.call(wallet.master_fingerprint).hex() == "5c9e228d"
    assert time.monotonic() - started < SHORT_REPLY.reply_timeout
    assert person.screen_now is None


def _show_message() -> Any:
    return messages.GetAddress(
        address_n=[84 | 0x80000000, 1 | 0x80000000, 0x80000000, 0, 0],
        coin_name="Testnet",
        script_type=messages.InputScriptType.SPENDWITNESS,
        show_display=True,
    )


def test_a_late_approve_of_an_abandoned_request_is_never_taken_for_the_next(
    make_emulator: EmulatorFactory, device_thread: DeviceThread
) -> None:
    """The person approves index 0 after the host gave up on it: that Address must not be read
    as the answer to the next request (index 1). The host frees the device and drops stale
    packets before asking again."""
    person = Person(read_for=None)
    emulator = _device(make_emulator, "trezor-t", person)
    wallet = _open(device_thread, emulator, Deadlines(reply_timeout=1.5, user_timeout=1.0))
    with pytest.raises(DeviceTimeout):
        _show_receive_0(device_thread, wallet)
    abandoned = person.screen_now
    assert abandoned is not None
    emulator.press(abandoned.prompt_id, True)  # the Address for index 0 goes out, unread
    time.sleep(0.5)
    person.read_for = 0.2
    shown = device_thread.call(wallet.display_address, "m/84h/1h/0h/0/1", ScriptType.WPKH, True)
    assert shown != RECEIVE_0 and shown.startswith("tb1q")


def test_passphrase_typed_on_the_device_then_a_silent_screen_while_signing(
    make_emulator: EmulatorFactory, device_thread: DeviceThread
) -> None:
    """--passphrase-on-device signs through our own trezorlib session: the same waits apply."""
    person = Person(read_for=0.3)  # types nothing (the standard wallet) and approves each screen
    emulator = make_emulator("onekey-pro", watcher=person, passphrase_protection=True)
    person.emulator = emulator
    user = TerminalInteraction(out=io.StringIO(), passphrase_on_device=True)
    wallet = device_thread.call(
        open_wallet, emulator.path, device_thread, Network.TESTNET, user, SHORT_REPLY, SigningPath.HWI
    )
    unsigned = _spend(wallet, device_thread, ScriptType.WPKH)
    emulator.faults.hold_reply(messages.MessageType.TxRequest, 3.0, skip=2)
    started = time.monotonic()
    signed = device_thread.call(wallet.sign_psbt, load_psbt(unsigned))
    assert time.monotonic() - started >= 3.0
    assert signatures(signed) != [{}] and bdk.Psbt(signed).finalize().could_finalize
    assert any("passphrase" in title.lower() for title in person.titles), person.titles


def test_a_cancel_that_reaches_the_device_after_its_reject_does_not_cancel_the_next_request(
    make_emulator: EmulatorFactory, device_thread: DeviceThread
) -> None:
    """The person presses Reject on the device as the host's Cancel goes out (the GUI's Cancel
    sends both): the device ends the flow on the Reject and then answers the Cancel, idle, with
    a Failure of its own. That second Failure must not be read as the next request's reply.
    The order is made certain here: the Reject's Failure is held until the Cancel went out."""
    person = Person(read_for=None)
    emulator = _device(make_emulator, "trezor-t", person)
    wallet = _open(device_thread, emulator, SHORT_REPLY)
    failure = messages.MessageType.Failure

    def reject_then_cancel() -> None:
        while person.screen_now is None:
            time.sleep(0.01)
        emulator.faults.hold_reply(failure, 1.0)  # the Reject's Failure, still on its way …
        emulator.press(person.screen_now.prompt_id, False)
        while person.screen_now is not None:  # … once the flow has ended on the device
            time.sleep(0.01)
        device_thread.cancel()  # the host's Cancel reaches an idle device

    presser = threading.Thread(target=reject_then_cancel)
    presser.start()
    with pytest.raises(DeviceCancelled):
        _show_receive_0(device_thread, wallet)
    presser.join()
    person.read_for = 0.2
    assert _show_receive_0(device_thread, wallet) == RECEIVE_0
    xpub = device_thread.call(wallet.get_xpub, "m/84h/1h/0h")
    assert xpub.origin.fingerprint == device_thread.call(wallet.master_fingerprint)
