"""The CLI's shared device session: actions on the device thread, cancel before close on Ctrl-C."""

from __future__ import annotations

import threading
import time

import pytest

from app.cli import device_session
from app.cli.device_session import DeviceCommandError, opened_device
from app.usecases.devices import signing_path_for
from tests.wallet.devices.conftest import DebugLinkPeer, DebugLinkUser
from tests.wallet.psbt_factory import mixed_psbt
from wallet.devices.errors import DeviceCancelled, OffDeviceThread
from wallet.devices.trezor_driver import SigningPath
from wallet.emulator.emulator import Emulator
from wallet.types import Network

ALL = " ".join(["all"] * 12)


def test_actions_run_on_the_device_thread_and_the_wallet_refuses_any_other() -> None:
    with (
        Emulator("onekey-pro", port=0, mnemonic=ALL, confirm="auto") as onekey,
        opened_device(onekey.path, Network.TESTNET) as session,
    ):
        assert session.call(lambda wallet: wallet.master_fingerprint()).hex() == "5c9e228d"
        assert session.call(lambda _wallet: threading.current_thread()) is not threading.current_thread()
        with pytest.raises(OffDeviceThread):
            session.wallet.master_fingerprint()


@pytest.mark.timeout(60)  # without the cancel, closing would wait for the device's 600 s user deadline
def test_ctrl_c_while_the_device_waits_cancels_it_before_closing(monkeypatch: pytest.MonkeyPatch) -> None:
    with Emulator("trezor-t", port=0, mnemonic=ALL) as trezor:  # waits for DebugLink decisions
        peer = DebugLinkPeer(trezor)
        user = DebugLinkUser(peer, decisions=[None])  # nobody presses anything
        monkeypatch.setattr(device_session, "make_interaction", lambda _on_device: user)
        try:
            with pytest.raises(KeyboardInterrupt), opened_device(trezor.path, Network.TESTNET) as session:
                pending = session.device_thread.submit(session.wallet.sign_psbt, mixed_psbt())
                for _ in range(200):  # until the device asks the user
                    if user.notices:
                        break
                    time.sleep(0.05)
                assert user.notices
                raise KeyboardInterrupt
        finally:
            peer.close()
    assert isinstance(pending.exception(timeout=0), DeviceCancelled)


def test_a_device_that_is_not_there_is_one_line() -> None:
    with Emulator("trezor-one", port=0, mnemonic=ALL) as emulator:
        path = emulator.path
    with pytest.raises(DeviceCommandError, match=r"\[not_connected\]$"), opened_device(path, Network.TESTNET):
        pass


def test_emulators_sign_through_trezorlib_because_hwi_would_press_yes_itself() -> None:
    assert signing_path_for("udp:127.0.0.1:21324") is SigningPath.TREZORLIB
    assert signing_path_for("webusb:001:4") is SigningPath.HWI
