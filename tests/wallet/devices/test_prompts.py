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
from wallet.devices.base import HardwareWallet
from wallet.devices.onekey_features import OneKeyDeviceType
from wallet.devices.prompts import (
    MESSAGE_TEXT,
    ONEKEY_1S_OUTPUT_TEXT,
    ONEKEY_ADDRESS_TEXT,
    ONEKEY_CORE_ADDRESS_TEXT,
    ONEKEY_CORE_FINAL_TEXT,
    ONEKEY_CORE_OVERVIEW_TEXT,
    ONEKEY_MESSAGE_TEXT,
    ONEKEY_MINI_ADDRESS_TEXT,
    ONEKEY_OUTPUT_TEXT,
    Operation,
    Screens,
    button_notice,
    screens_of,
)
from wallet.devices.registry import open_wallet
from wallet.devices.thread import DeviceThread
from wallet.devices.trezor_driver import SigningPath
from wallet.emulator.emulator import Emulator
from wallet.psbt.model import load_psbt
from wallet.types import Network, ScriptType

B = messages.ButtonRequestType
TX_TOTAL_TEXT = "check the total and fee, then confirm on the device"


def _open(device_thread: DeviceThread, emulator: Any, user: Any) -> HardwareWallet:
    return device_thread.call(
        open_wallet, emulator.path, device_thread, Network.TESTNET, user, None, SigningPath.TREZORLIB
    )


def test_a_message_is_never_announced_as_a_transaction() -> None:
    for code in (B.SignTx, B.Other, B.ProtectCall):
        for screens in Screens:
            notice = button_notice(code, Operation.SIGN_MESSAGE, screens)
            assert (
                notice.action == "SignMessage" and "total" not in notice.detail and "fee" not in notice.detail
            )


def test_onekey_classic_signing_announces_the_silent_fee_and_total() -> None:
    notice = button_notice(B.SignTx, Operation.SIGN_TX, Screens.ONEKEY_CLASSIC)
    assert notice.detail == ONEKEY_OUTPUT_TEXT and "fee" in notice.detail and "total" in notice.detail
    assert button_notice(B.SignTx, Operation.SIGN_TX, Screens.TREZOR).detail == TX_TOTAL_TEXT
    trezor_output = button_notice(B.ConfirmOutput, Operation.SIGN_TX, Screens.TREZOR)
    assert "recipient" in trezor_output.detail


def test_codes_that_mean_one_thing_keep_their_text_everywhere() -> None:
    notice = button_notice(B.UnknownDerivationPath, Operation.SIGN_MESSAGE, Screens.ONEKEY_CLASSIC)
    assert notice.action == "UnknownDerivationPath" and "unusual derivation path" in notice.detail


def test_sign_message_on_a_onekey_classic_names_its_three_screens(
    make_emulator: EmulatorFactory, make_user: Any, device_thread: DeviceThread
) -> None:
    emulator = make_emulator("onekey-classic")
    user = make_user(emulator)
    wallet = _open(device_thread, emulator, user)
    device_thread.call(wallet.sign_message, "m/84h/1h/0h/0/0", b"hello", ScriptType.WPKH)
    assert [(n.action, n.detail) for n in user.notices] == [("SignMessage", ONEKEY_MESSAGE_TEXT)]
    assert len(user.pages) == 2  # the message and "Sign Message" pages came without a notice


def test_sign_message_on_a_trezor_says_message(
    make_emulator: EmulatorFactory, make_user: Any, device_thread: DeviceThread
) -> None:
    emulator = make_emulator("trezor-t")
    user = make_user(emulator)
    wallet = _open(device_thread, emulator, user)
    device_thread.call(wallet.sign_message, "m/84h/1h/0h/0/0", b"hello", ScriptType.WPKH)
    assert user.notices and {(n.action, n.detail) for n in user.notices} == {("SignMessage", MESSAGE_TEXT)}


def test_signing_on_a_onekey_classic_announces_fee_and_total_before_they_appear(
    make_emulator: EmulatorFactory, make_user: Any, device_thread: DeviceThread
) -> None:
    emulator = make_emulator("onekey-classic")
    user = make_user(emulator)
    wallet = _open(device_thread, emulator, user)
    unsigned = _spend(wallet, device_thread, ScriptType.WPKH)
    signed = device_thread.call(wallet.sign_psbt, load_psbt(unsigned))
    assert signatures(signed) != [{}]
    assert user.notices and all(n.detail == ONEKEY_OUTPUT_TEXT for n in user.notices)
    assert [page.lines[0].split(":")[0] for page in user.pages][-2:] == ["Fee", "Total Amount"]


def test_show_address_on_a_onekey_classic_says_no_only_shows_a_qr(
    make_emulator: EmulatorFactory, make_user: Any, device_thread: DeviceThread
) -> None:
    emulator = make_emulator("onekey-classic")
    user = make_user(emulator)
    wallet = _open(device_thread, emulator, user)
    device_thread.call(wallet.display_address, "m/84h/1h/0h/0/0", ScriptType.WPKH, True)
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
        open_wallet, emulator.path, device_thread, Network.TESTNET, user, None, SigningPath.HWI
    )
    unsigned = _spend(wallet, device_thread, ScriptType.WPKH)
    signed = device_thread.call(wallet.sign_psbt, load_psbt(unsigned))
    assert signatures(signed) != [{}]
    assert [(n.action, n.detail) for n in user.notices] == [("SignTx", ONEKEY_OUTPUT_TEXT)]
    assert [page.lines[0].split(":")[0] for page in user.pages][-2:] == ["Fee", "Total Amount"]
    assert user.dismissed >= 1


def test_each_onekey_device_type_has_its_screen_family() -> None:
    kinds = {kind: screens_of(kind) for kind in OneKeyDeviceType}
    assert kinds[OneKeyDeviceType.CLASSIC] is Screens.ONEKEY_CLASSIC
    assert kinds[OneKeyDeviceType.MINI] is Screens.ONEKEY_MINI
    assert kinds[OneKeyDeviceType.CLASSIC1S] is kinds[OneKeyDeviceType.PURE] is Screens.ONEKEY_CLASSIC1S
    assert kinds[OneKeyDeviceType.TOUCH] is kinds[OneKeyDeviceType.PRO] is Screens.ONEKEY_CORE
    assert screens_of(None) is Screens.TREZOR


def test_signing_on_a_classic1s_names_its_screens_and_the_fee_below_the_total(
    make_emulator: EmulatorFactory, make_user: Any, device_thread: DeviceThread
) -> None:
    """firmware-classic1s layoutConfirmOutput/layoutConfirmTx: address, amount, then one
    silent Total screen (the fee on its DOWN page) where YES signs."""
    emulator = make_emulator("onekey-classic1s")
    user = make_user(emulator)
    wallet = _open(device_thread, emulator, user)
    unsigned = _spend(wallet, device_thread, ScriptType.WPKH)
    signed = device_thread.call(wallet.sign_psbt, load_psbt(unsigned))
    assert signatures(signed) != [{}]
    assert user.notices and all(n.detail == ONEKEY_1S_OUTPUT_TEXT for n in user.notices)
    assert "DOWN" in ONEKEY_1S_OUTPUT_TEXT and "address, then its amount" in ONEKEY_1S_OUTPUT_TEXT
    assert [page.lines[0].split(":")[0] for page in user.pages][-2:] == ["Amount", "Total Amount"]
    assert user.pages[-1].details[0].startswith("Fee:")


@pytest.mark.parametrize("identity", ["onekey-touch", "onekey-pro"])
def test_signing_on_a_touch_or_pro_announces_each_screen_and_the_slide_to_sign(
    make_emulator: EmulatorFactory, make_user: Any, device_thread: DeviceThread, identity: str
) -> None:
    emulator = make_emulator(identity)
    user = make_user(emulator)
    wallet = _open(device_thread, emulator, user)
    unsigned = _spend(wallet, device_thread, ScriptType.WPKH)
    signed = device_thread.call(wallet.sign_psbt, load_psbt(unsigned))
    assert signatures(signed) != [{}] and user.pages == []  # nothing silent on the core firmware
    actions = [(n.action, n.detail) for n in user.notices]
    assert actions[-2:] == [("SignTx", TX_TOTAL_TEXT), ("Other", ONEKEY_CORE_FINAL_TEXT)]
    assert {action for action, _ in actions[:-2]} == {"ConfirmOutput"}


@pytest.mark.parametrize("identity", ["onekey-touch", "onekey-pro"])
def test_show_address_on_a_touch_or_pro_says_its_qr_button_cannot_refuse(
    make_emulator: EmulatorFactory, make_user: Any, device_thread: DeviceThread, identity: str
) -> None:
    emulator = make_emulator(identity)
    user = make_user(emulator)
    wallet = _open(device_thread, emulator, user)
    device_thread.call(wallet.display_address, "m/84h/1h/0h/0/0", ScriptType.WPKH, True)
    assert [(n.action, n.detail) for n in user.notices] == [("Address", ONEKEY_CORE_ADDRESS_TEXT)]


@pytest.mark.parametrize("identity", ["onekey-touch", "onekey-pro"])
def test_sign_message_on_a_touch_or_pro_is_one_screen(
    make_emulator: EmulatorFactory, make_user: Any, device_thread: DeviceThread, identity: str
) -> None:
    emulator = make_emulator(identity)
    user = make_user(emulator)
    wallet = _open(device_thread, emulator, user)
    device_thread.call(wallet.sign_message, "m/84h/1h/0h/0/0", b"hello", ScriptType.WPKH)
    assert [(n.action, n.detail) for n in user.notices] == [("SignMessage", MESSAGE_TEXT)]
    assert user.pages == []


@pytest.mark.parametrize(
    ("identity", "overview"),
    [("onekey-classic1s", ONEKEY_1S_OUTPUT_TEXT), ("onekey-pro", ONEKEY_CORE_OVERVIEW_TEXT)],
)
def test_signing_through_hwi_announces_each_models_screens_up_front(
    make_emulator: EmulatorFactory, make_user: Any, device_thread: DeviceThread, identity: str, overview: str
) -> None:
    emulator = make_emulator(identity)
    user = make_user(emulator)
    wallet = device_thread.call(
        open_wallet, emulator.path, device_thread, Network.TESTNET, user, None, SigningPath.HWI
    )
    unsigned = _spend(wallet, device_thread, ScriptType.WPKH)
    signed = device_thread.call(wallet.sign_psbt, load_psbt(unsigned))
    assert signatures(signed) != [{}]
    assert [(n.action, n.detail) for n in user.notices] == [("SignTx", overview)]


def test_the_mini_announces_the_trezor_ones_screens_and_its_qr_only_address(
    make_emulator: EmulatorFactory, make_user: Any, device_thread: DeviceThread
) -> None:
    emulator = make_emulator("onekey-mini")
    user = make_user(emulator)
    wallet = _open(device_thread, emulator, user)
    unsigned = _spend(wallet, device_thread, ScriptType.WPKH)
    assert signatures(device_thread.call(wallet.sign_psbt, load_psbt(unsigned))) != [{}] and user.pages == []
    assert [n.action for n in user.notices] == ["ConfirmOutput", "SignTx"]
    assert user.notices[-1].detail == TX_TOTAL_TEXT
    user.notices.clear()
    device_thread.call(wallet.display_address, "m/84h/1h/0h/0/0", ScriptType.WPKH, True)
    assert [(n.action, n.detail) for n in user.notices] == [("Address", ONEKEY_MINI_ADDRESS_TEXT)]
