"""PIN, passphrase, cancel, unplug and silence, driven through the emulator and its fault injection."""

from __future__ import annotations

import threading
import time
from typing import Any

import bdkpython as bdk
import pytest
from trezorlib import messages

from tests.wallet.conftest import ALL_FINGERPRINT, EmulatorFactory
from tests.wallet.devices.psbts import signatures
from tests.wallet.devices.test_contract import _spend
from wallet.devices.base import HardwareWallet
from wallet.devices.errors import (
    DeviceCancelled,
    DeviceGone,
    DeviceTimeout,
    OffDeviceThread,
    WrongPassphraseWallet,
    WrongPin,
)
from wallet.devices.interaction import PassphraseAnswer
from wallet.devices.registry import open_wallet
from wallet.devices.thread import DeviceThread
from wallet.devices.transport import Deadlines
from wallet.devices.trezor_driver import SigningPath
from wallet.emulator.emulator import Emulator
from wallet.psbt.model import load_psbt
from wallet.types import Network, ScriptType

FAST = Deadlines(reply_timeout=1.5, user_timeout=30, probe_interval=0.5, probe_wait=1.0)
ALL_FP = bytes.fromhex(ALL_FINGERPRINT)


def _open(device_thread: DeviceThread, emulator: Any, user: Any, **kwargs: Any) -> HardwareWallet:
    deadlines = kwargs.pop("deadlines", FAST)
    signing = kwargs.pop("signing_path", SigningPath.TREZORLIB)
    return device_thread.call(
        open_wallet, emulator.path, device_thread, Network.TESTNET, user, deadlines, signing
    )


def _later(seconds: float, action: Any) -> threading.Timer:
    timer = threading.Timer(seconds, action)
    timer.start()
    return timer


# ---- PIN ----


def test_wrong_host_matrix_pin_is_retried(
    make_emulator: EmulatorFactory, make_user: Any, device_thread: DeviceThread
) -> None:
    emulator = make_emulator("onekey-classic", pin="1234")
    user = make_user(emulator, pins=["9999", "1234"])
    wallet = _open(device_thread, emulator, user)
    assert device_thread.call(wallet.master_fingerprint) == ALL_FP
    assert [r.attempt for r in user.pin_requests] == [1, 2]
    assert device_thread.call(wallet.info).unlocked


def test_wrong_pin_every_time_is_a_clear_error(
    make_emulator: EmulatorFactory, make_user: Any, device_thread: DeviceThread
) -> None:
    emulator = make_emulator("trezor-one", pin="1234")
    wallet = _open(device_thread, emulator, make_user(emulator, pins=["1111", "2222", "3333"]))
    with pytest.raises(WrongPin) as caught:
        device_thread.call(wallet.get_xpub, "m/84h/1h/0h")
    assert caught.value.code == "wrong_pin" and "3 times" in caught.value.message


def test_pin_on_device_for_touch_models(
    make_emulator: EmulatorFactory, make_user: Any, device_thread: DeviceThread
) -> None:
    emulator = make_emulator("onekey-pro", pin="1234")
    user = make_user(emulator, device_pin="1234")
    wallet = _open(device_thread, emulator, user)
    assert device_thread.call(wallet.master_fingerprint) == ALL_FP
    assert user.pin_requests == [] and any(n.action == "PinEntry" for n in user.notices)


def test_wrong_pin_on_device_is_refused(
    make_emulator: EmulatorFactory, make_user: Any, device_thread: DeviceThread
) -> None:
    emulator = make_emulator("trezor-t", pin="1234")
    wallet = _open(device_thread, emulator, make_user(emulator, device_pin="4321"))
    with pytest.raises(WrongPin):
        device_thread.call(wallet.master_fingerprint)


def test_cancelling_pin_entry_cancels(
    make_emulator: EmulatorFactory, make_user: Any, device_thread: DeviceThread
) -> None:
    emulator = make_emulator("trezor-one", pin="1234")
    wallet = _open(device_thread, emulator, make_user(emulator, pins=[]))
    with pytest.raises(DeviceCancelled):
        device_thread.call(wallet.master_fingerprint)


# ---- passphrase ----


@pytest.mark.parametrize(
    ("identity", "answer", "on_device_possible"),
    [
        ("trezor-one", PassphraseAnswer("correct horse"), False),
        ("onekey-classic", PassphraseAnswer("correct horse"), False),
        ("onekey-pro", PassphraseAnswer(on_device=True), True),
    ],
)
def test_a_passphrase_opens_another_wallet_and_signing_for_the_account_is_refused(
    make_emulator: EmulatorFactory,
    make_user: Any,
    device_thread: DeviceThread,
    identity: str,
    answer: PassphraseAnswer,
    on_device_possible: bool,
) -> None:
    emulator = make_emulator(identity, passphrase_protection=True)
    standard = _open(device_thread, emulator, make_user(emulator, passphrases=[PassphraseAnswer("")]))
    assert device_thread.call(standard.master_fingerprint) == ALL_FP
    unsigned = _spend(standard, device_thread, ScriptType.WPKH)  # an account registered under 5c9e228d
    device_thread.call(standard.close)

    user = make_user(emulator, passphrases=[answer], device_pin=None, device_passphrase="correct horse")
    hidden = _open(device_thread, emulator, user)
    other = device_thread.call(hidden.master_fingerprint)
    assert other != ALL_FP
    assert user.passphrase_requests[0].on_device_possible is on_device_possible
    with pytest.raises(WrongPassphraseWallet) as caught:
        device_thread.call(hidden.sign_psbt, load_psbt(unsigned), ALL_FP)
    assert caught.value.code == "wrong_wallet" and other.hex() in caught.value.message
    assert signatures(unsigned) == [{}]


# ---- cancel ----


def test_no_on_the_device_mid_sign_cancels_and_leaves_the_psbt_unsigned(
    make_emulator: EmulatorFactory, make_user: Any, device_thread: DeviceThread
) -> None:
    emulator = make_emulator("onekey-pro")
    user = make_user(emulator, decisions=[False])
    wallet = _open(device_thread, emulator, user)
    unsigned = _spend(wallet, device_thread, ScriptType.WPKH)
    before = str(unsigned)
    with pytest.raises(DeviceCancelled) as caught:
        device_thread.call(wallet.sign_psbt, load_psbt(unsigned))
    assert caught.value.code == "cancelled"
    assert unsigned == before and signatures(unsigned) == [{}]
    assert user.notices  # the user was told to look at the device


def test_cancel_from_another_thread_sends_cancel_on_the_wire(
    make_emulator: EmulatorFactory, make_user: Any, device_thread: DeviceThread
) -> None:
    emulator = make_emulator("trezor-t")
    wallet = _open(device_thread, emulator, make_user(emulator, decisions=[None]))  # nobody presses
    unsigned = _spend(wallet, device_thread, ScriptType.TR)
    timer = _later(0.5, device_thread.cancel)
    started = time.monotonic()
    with pytest.raises(DeviceCancelled):
        device_thread.call(wallet.sign_psbt, load_psbt(unsigned))
    timer.join()
    assert time.monotonic() - started < 5
    # the device is idle again and answers the next request
    assert device_thread.call(wallet.master_fingerprint) == ALL_FP


# ---- unplug and silence ----


def test_emulator_killed_mid_sign_is_disconnected_within_5_s(
    make_emulator: EmulatorFactory, make_user: Any, device_thread: DeviceThread
) -> None:
    emulator = make_emulator("onekey-classic")
    wallet = _open(device_thread, emulator, make_user(emulator, decisions=[None]), deadlines=Deadlines())
    unsigned = _spend(wallet, device_thread, ScriptType.WPKH)
    timer = _later(0.5, emulator.stop)
    started = time.monotonic()
    with pytest.raises(DeviceGone) as caught:
        device_thread.call(wallet.sign_psbt, load_psbt(unsigned))
    timer.join()
    assert time.monotonic() - started < 5
    assert caught.value.code == "disconnected"


def test_device_vanishing_on_a_request_is_disconnected_within_5_s(
    make_emulator: EmulatorFactory, make_user: Any, device_thread: DeviceThread
) -> None:
    emulator = make_emulator("trezor-one")
    wallet = _open(device_thread, emulator, make_user(emulator), deadlines=Deadlines())
    unsigned = _spend(wallet, device_thread, ScriptType.WPKH)
    emulator.faults.disconnect_on(messages.MessageType.TxAck)
    started = time.monotonic()
    with pytest.raises(DeviceGone):
        device_thread.call(wallet.sign_psbt, load_psbt(unsigned))
    assert time.monotonic() - started < 5


def test_a_dropped_reply_times_out_instead_of_hanging(
    make_emulator: EmulatorFactory, make_user: Any, device_thread: DeviceThread
) -> None:
    emulator = make_emulator("trezor-t")
    wallet = _open(device_thread, emulator, make_user(emulator))
    device_thread.call(wallet.master_fingerprint)
    emulator.faults.drop_next_reply(msg_type=messages.MessageType.PublicKey)
    started = time.monotonic()
    with pytest.raises(DeviceTimeout) as caught:
        device_thread.call(wallet.get_xpub, "m/84h/1h/0h")
    assert FAST.reply_timeout <= time.monotonic() - started < 5
    assert caught.value.code == "timeout"


def test_a_slow_device_is_waited_for(
    make_emulator: EmulatorFactory, make_user: Any, device_thread: DeviceThread
) -> None:
    emulator = make_emulator("onekey-pro")
    wallet = _open(device_thread, emulator, make_user(emulator))
    emulator.faults.answer_slowly(0.4)  # every reply late, each within the reply deadline
    key = device_thread.call(wallet.get_xpub, "m/44h/1h/0h")
    assert key.to_base58().startswith(
        "tpubDDKn3FtHc74CaRrRbi1WFdJNaaenZkDWqq9NsEhcafnDZ4VuKeuLG2aKHm5SuwuLgAhRkkfHqcCxpnVNSrs5kJYZXwa6Ud431VnevzzzK3U"[
            :20
        ]
    )


def test_an_opened_driver_refuses_calls_off_the_device_thread(
    make_emulator: EmulatorFactory, make_user: Any, device_thread: DeviceThread
) -> None:
    emulator = make_emulator("onekey-classic")
    wallet = _open(device_thread, emulator, make_user(emulator))
    with pytest.raises(OffDeviceThread):
        wallet.get_xpub("m/84h/1h/0h")
    with pytest.raises(OffDeviceThread):
        wallet.sign_message("m/84h/1h/0h/0/0", b"x", ScriptType.WPKH)
    assert device_thread.call(wallet.master_fingerprint) == ALL_FP  # still fine on its own thread


@pytest.mark.parametrize(
    ("identity", "answer"),
    [("trezor-one", PassphraseAnswer("correct horse")), ("onekey-pro", PassphraseAnswer(on_device=True))],
)
def test_a_passphrase_wallet_signs_its_own_psbt(
    make_emulator: EmulatorFactory,
    make_user: Any,
    device_thread: DeviceThread,
    identity: str,
    answer: PassphraseAnswer,
) -> None:
    emulator = make_emulator(identity, passphrase_protection=True)
    user = make_user(emulator, passphrases=[answer], device_passphrase="correct horse")
    wallet = _open(device_thread, emulator, user, signing_path=SigningPath.HWI)
    hidden = device_thread.call(wallet.master_fingerprint)
    unsigned = _spend(wallet, device_thread, ScriptType.WPKH)
    signed = device_thread.call(wallet.sign_psbt, load_psbt(unsigned), hidden)
    assert bdk.Psbt(signed).finalize().could_finalize
    assert len(user.passphrase_requests) == 1  # asked once per session


def test_a_cancel_after_the_operation_does_not_abort_the_next_one(
    make_emulator: EmulatorFactory, make_user: Any, device_thread: DeviceThread
) -> None:
    emulator = make_emulator("trezor-t")
    wallet = _open(device_thread, emulator, make_user(emulator))
    device_thread.call(wallet.master_fingerprint)
    device_thread.cancel()  # nothing is running: the click came too late
    assert device_thread.call(wallet.get_xpub, "m/84h/1h/0h").origin.fingerprint == ALL_FP
    address = device_thread.call(wallet.display_address, "m/84h/1h/0h/0/0", ScriptType.WPKH, True)
    assert address == "tb1qkvwu9g3k2pdxewfqr7syz89r3gj557l3uuf9r9"


def test_a_psbt_whose_previous_transaction_is_not_the_spent_one_never_reaches_the_device(
    make_emulator: EmulatorFactory, make_user: Any, device_thread: DeviceThread
) -> None:
    """Our parser refuses it, and a device is only ever handed a PSBT our parser accepted
    (`HardwareWallet.sign_psbt` takes the parsed PSBT), so the driver's own check is a
    second line that user input no longer reaches."""
    from hwilib.psbt import PSBT

    from wallet.psbt.errors import PsbtError

    emulator = make_emulator("trezor-one")
    wallet = _open(device_thread, emulator, make_user(emulator))
    psbt = PSBT()
    psbt.deserialize(_spend(wallet, device_thread, ScriptType.WPKH))
    forged = psbt.inputs[0].non_witness_utxo
    assert forged is not None
    forged.vout[0].nValue += 1  # claims a different amount: no longer the transaction the input spends
    with pytest.raises(PsbtError, match="previous transaction does not match"):
        load_psbt(psbt.serialize())


def test_opening_a_path_where_nothing_answers_is_not_connected(
    device_thread: DeviceThread, make_user: Any
) -> None:
    from wallet.devices.errors import DeviceNotConnected
    from wallet.devices.interaction import TerminalInteraction

    with Emulator("trezor-one", port=0) as gone:
        path = gone.path
    started = time.monotonic()
    with pytest.raises(DeviceNotConnected) as caught:
        device_thread.call(open_wallet, path, device_thread, Network.TESTNET, TerminalInteraction(), FAST)
    assert caught.value.code == "not_connected" and time.monotonic() - started < 5


def test_deadlines_hold_with_trezorlibs_own_default_of_waiting_forever(
    make_emulator: EmulatorFactory,
    make_user: Any,
    device_thread: DeviceThread,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from trezorlib import client as trezorlib_client

    monkeypatch.setattr(trezorlib_client, "_DEFAULT_READ_TIMEOUT", None)  # undo the suite-wide safety net
    emulator = make_emulator("onekey-classic")
    wallet = _open(device_thread, emulator, make_user(emulator))
    device_thread.call(wallet.master_fingerprint)
    emulator.faults.drop_next_reply(msg_type=messages.MessageType.Address)
    with pytest.raises(DeviceTimeout):
        device_thread.call(wallet.display_address, "m/84h/1h/0h/0/0", ScriptType.WPKH, False)


def test_cancel_pressed_next_to_the_confirm_notice_cancels_on_the_device(
    make_emulator: EmulatorFactory, make_user: Any, device_thread: DeviceThread
) -> None:
    emulator = make_emulator("onekey-pro")
    wallet = _open(device_thread, emulator, make_user(emulator, decisions=["cancel"]))
    with pytest.raises(DeviceCancelled):
        device_thread.call(wallet.display_address, "m/84h/1h/0h/0/0", ScriptType.WPKH, True)
    assert device_thread.call(wallet.get_xpub, "m/84h/1h/0h").origin.fingerprint == ALL_FP
