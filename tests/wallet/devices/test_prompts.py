"""The notice shown for a ButtonRequest matches what the device's screen shows (issue 21, point 5)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from trezorlib import messages

from app.cli.main import run
from tests.wallet.conftest import ALL_MNEMONIC, EmulatorFactory
from tests.wallet.devices.psbts import signatures
from tests.wallet.devices.test_contract import _spend
from wallet.devices.base import Chain, HardwareWallet, ScriptType
from wallet.devices.prompts import (
    MESSAGE_TEXT,
    ONEKEY_ADDRESS_TEXT,
    ONEKEY_MESSAGE_TEXT,
    ONEKEY_OUTPUT_TEXT,
    Operation,
    button_notice,
)
from wallet.devices.registry import open_wallet
from wallet.devices.thread import DeviceThread
from wallet.devices.trezor_driver import SigningPath
from wallet.emulator.emulator import Emulator

B = messages.ButtonRequestType
TX_TOTAL_TEXT = "check the total and fee, then confirm on the device"


def _open(device_thread: DeviceThread, emulator: Any, user: Any) -> HardwareWallet:
    return device_thread.call(
        open_wallet, emulator.path, device_thread, Chain.TEST, user, None, SigningPath.TREZORLIB
    )


def test_a_message_is_never_announced_as_a_transaction() -> None:
    for code in (B.SignTx, B.Other, B.ProtectCall):
        for legacy in (False, True):
            notice = button_notice(code, Operation.SIGN_MESSAGE, legacy)
            assert (
                notice.action == "SignMessage" and "total" not in notice.detail and "fee" not in notice.detail
            )


def test_onekey_classic_signing_announces_the_silent_fee_and_total() -> None:
    notice = button_notice(B.SignTx, Operation.SIGN_TX, onekey_legacy=True)
    assert notice.detail == ONEKEY_OUTPUT_TEXT and "fee" in notice.detail and "total" in notice.detail
    assert button_notice(B.SignTx, Operation.SIGN_TX, onekey_legacy=False).detail == TX_TOTAL_TEXT
    trezor_output = button_notice(B.ConfirmOutput, Operation.SIGN_TX, onekey_legacy=False)
    assert "recipient" in trezor_output.detail


def test_codes_that_mean_one_thing_keep_their_text_everywhere() -> None:
    notice = button_notice(B.UnknownDerivationPath, Operation.SIGN_MESSAGE, onekey_legacy=True)
    assert notice.action == "UnknownDerivationPath" and "unusual derivation path" in notice.detail


def test_sign_message_on_a_onekey_classic_names_its_three_screens(
    make_emulator: EmulatorFactory, make_user: Any, device_thread: DeviceThread
) -> None:
    emulator = make_emulator("onekey-classic")
    user = make_user(emulator)
    wallet = _open(device_thread, emulator, user)
    device_thread.call(wallet.sign_message, "m/84h/1h/0h/0/0", b"hello", ScriptType.P2WPKH)
    assert [(n.action, n.detail) for n in user.notices] == [("SignMessage", ONEKEY_MESSAGE_TEXT)]
    assert len(user.pages) == 2  # the message and "Sign Message" pages came without a notice


def test_sign_message_on_a_trezor_says_message(
    make_emulator: EmulatorFactory, make_user: Any, device_thread: DeviceThread
) -> None:
    emulator = make_emulator("trezor-t")
    user = make_user(emulator)
    wallet = _open(device_thread, emulator, user)
    device_thread.call(wallet.sign_message, "m/84h/1h/0h/0/0", b"hello", ScriptType.P2WPKH)
    assert user.notices and {(n.action, n.detail) for n in user.notices} == {("SignMessage", MESSAGE_TEXT)}


def test_signing_on_a_onekey_classic_announces_fee_and_total_before_they_appear(
    make_emulator: EmulatorFactory, make_user: Any, device_thread: DeviceThread
) -> None:
    emulator = make_emulator("onekey-classic")
    user = make_user(emulator)
    wallet = _open(device_thread, emulator, user)
    unsigned = _spend(wallet, device_thread, ScriptType.P2WPKH)
    signed = device_thread.call(wallet.sign_psbt, unsigned)
    assert signatures(signed) != [{}]
    assert user.notices and all(n.detail == ONEKEY_OUTPUT_TEXT for n in user.notices)
    assert [page.lines[0].split(":")[0] for page in user.pages][-2:] == ["Fee", "Total Amount"]


def test_show_address_on_a_onekey_classic_says_no_only_shows_a_qr(
    make_emulator: EmulatorFactory, make_user: Any, device_thread: DeviceThread
) -> None:
    emulator = make_emulator("onekey-classic")
    user = make_user(emulator)
    wallet = _open(device_thread, emulator, user)
    device_thread.call(wallet.display_address, "m/84h/1h/0h/0/0", ScriptType.P2WPKH, True)
    assert [(n.action, n.detail) for n in user.notices] == [("Address", ONEKEY_ADDRESS_TEXT)]


def test_cli_sign_message_does_not_print_the_transaction_hint(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Emulator("onekey-classic", port=0, mnemonic=ALL_MNEMONIC, confirm="auto") as emulator:
        argv = ["--data-dir", str(data_dir), "--network", "mainnet", "device", "sign-message"]
        argv += ["--device", emulator.path, "--path", "m/84h/0h/0h/0/0", "--message", "hi"]
        assert run(argv) == 0
    err = capsys.readouterr().err
    assert "SignMessage" in err and "three screens" in err
    assert "check the total and fee" not in err and "SignTx" not in err


def test_signing_through_hwi_announces_the_screens_up_front(
    make_emulator: EmulatorFactory, make_user: Any, device_thread: DeviceThread
) -> None:
    emulator = make_emulator("onekey-classic")
    user = make_user(emulator)
    wallet = device_thread.call(
        open_wallet, emulator.path, device_thread, Chain.TEST, user, None, SigningPath.HWI
    )
    unsigned = _spend(wallet, device_thread, ScriptType.P2WPKH)
    signed = device_thread.call(wallet.sign_psbt, unsigned)
    assert signatures(signed) != [{}]
    assert [(n.action, n.detail) for n in user.notices] == [("SignTx", ONEKEY_OUTPUT_TEXT)]
    assert [page.lines[0].split(":")[0] for page in user.pages][-2:] == ["Fee", "Total Amount"]
    assert user.dismissed >= 1
