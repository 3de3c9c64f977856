"""The Cold storage page verifies the Ethereum address on the device, and the overlay says
per model what refusing an address means (issue 21, verification honesty)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton
from pytestqt.qtbot import QtBot

from app.advisor.ethereum import eth_withdrawal_targets
from app.cli.context import CommandContext
from app.cli.gui_cmd import build_services
from app.services.device_ports import DeviceSummary
from app.services.eth_ports import NewEthAccountRow
from app.services.ports import GuiServices
from app.settings import Settings
from app.store import open_store
from tests.ui.helpers import approve_on_device, open_window, qr_text
from ui.dialogs.eth_account_dialog import EthAccountDialog
from ui.main_window import MainWindow
from ui.pages.cold_page import ColdStoragePage
from wallet.types import Network

ETH_0 = "0x73d0385F4d8E00C5e6504C6030F47BF6212736A8"  # m/44h/60h/0h/0/0 of the demo's "all" seed


def _ok(dialog: QDialog) -> QPushButton:
    button = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    assert button is not None and button.isVisible()
    return button


def test_the_ethereum_address_is_shown_on_the_device_and_recorded(
    qtbot: QtBot, gui_services: GuiServices
) -> None:
    window = open_window(qtbot, gui_services)
    window.show_page("cold")
    page = window.cold_page
    with qtbot.waitSignal(page.device_connected, timeout=10_000):
        qtbot.mouseClick(page.connect_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(page.eth_address_verified, timeout=10_000) as verified:
        qtbot.mouseClick(page.eth_button, Qt.MouseButton.LeftButton)
        approve_on_device(qtbot, window)
    assert (verified.args[0].address, verified.args[0].path) == (ETH_0, "m/44h/60h/0h/0/0")
    assert page.eth_label.isVisible() and ETH_0 in page.eth_label.text()
    # Listed with the verified addresses, picked, and shown as an EIP-681 QR a phone wallet reads.
    assert [t.address for t in page.targets] == [ETH_0] and page.selected_target() == page.targets[0]
    assert qr_text(page.qr_label) == f"ethereum:{ETH_0}"
    with open_store(gui_services.data_dir / "coldsplit.sqlite3") as store:
        assert [(v.account, v.address) for v in eth_withdrawal_targets(store)] == [("Trezor T ETH", ETH_0)]


def test_rejecting_the_ethereum_address_on_the_device_records_nothing(
    qtbot: QtBot, gui_services: GuiServices
) -> None:
    window = open_window(qtbot, gui_services)
    page = window.cold_page
    panel = window.software_device
    assert panel is not None
    with qtbot.waitSignal(page.failed, timeout=10_000):
        page.verify_eth_address()
        qtbot.waitUntil(lambda: panel.current_screen is not None, timeout=10_000)
        qtbot.mouseClick(panel.reject_button, Qt.MouseButton.LeftButton)
    assert not page.eth_label.isVisible()
    with open_store(gui_services.data_dir / "coldsplit.sqlite3") as store:
        assert eth_withdrawal_targets(store) == []
    for dialog in window.findChildren(__import__("PySide6.QtWidgets").QtWidgets.QMessageBox):
        dialog.close()


def test_the_overlay_says_per_model_what_refusing_means(qtbot: QtBot, gui_services: GuiServices) -> None:
    window = open_window(qtbot, gui_services)
    # Only Trezor's screens refuse on the device; OneKey's address screens (the Classic line's
    # and, in firmware-pro's lvgl layouts, the Touch's and Pro's) only toggle a QR code on NO.
    models = (("OneKey Classic", True), ("OneKey Mini", True), ("OneKey Pro", True), ("Trezor T", False))
    for model, host_only in models:
        window.cold_page.device_connected.emit(
            DeviceSummary(model.split()[0], model, "", "5c9e228d", "", "udp:x")
        )
        note = window.overlay.refuse_note_text
        assert ("QR code" in note and model in note and "confirm here" in note) is host_only
        assert ("reject it on the device" in note) is not host_only


def test_the_ethereum_account_is_created_from_the_device_then_its_addresses_verified(
    qtbot: QtBot, gui_services: GuiServices
) -> None:
    from app.eth.accounts import list_eth_accounts

    window, page = _connect(qtbot, gui_services)
    dialog = _open_account_dialog(qtbot, page)
    assert dialog.name_edit.text() == "Trezor T ETH" and dialog.number_edit.text() == "0"
    with qtbot.waitSignal(page.eth_account_created, timeout=10_000) as created:
        with qtbot.waitSignal(dialog.chosen, timeout=10_000):  # checked on a worker first
            qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)  # the defaults: account 0, BIP-44
        assert not page.eth_button.isEnabled()  # busy while the device works, the window is not
    assert (created.args[0].first_address, created.args[0].first_path) == (ETH_0, "m/44h/60h/0h/0/0")
    assert ETH_0 in page.eth_label.text() and page.eth_create_button.isEnabled()
    paths = []
    for _ in range(2):  # the account's next address each time
        with qtbot.waitSignal(page.eth_address_verified, timeout=10_000) as verified:
            qtbot.mouseClick(page.eth_button, Qt.MouseButton.LeftButton)
            approve_on_device(qtbot, window)
        paths.append(verified.args[0].path)
    assert paths == ["m/44h/60h/0h/0/0", "m/44h/60h/0h/0/1"]
    with open_store(gui_services.data_dir / "coldsplit.sqlite3") as store:
        assert [(a.name, a.first_address) for a in list_eth_accounts(store)] == [("Trezor T ETH", ETH_0)]
    again = _open_account_dialog(qtbot, page)
    with qtbot.waitSignal(again.refused, timeout=10_000) as refused:  # a second one: one clear line
        qtbot.mouseClick(_ok(again), Qt.MouseButton.LeftButton)
    assert "already exists" in refused.args[0] and again.isVisible()  # said in the dialog, before the device
    assert again.error_label.text() == refused.args[0]
    for dialog in window.findChildren(__import__("PySide6.QtWidgets").QtWidgets.QMessageBox):
        dialog.close()


def _ledger_live_address(number: int) -> str:
    """m/44h/60h/Nh/0/0 of the demo's "all" seed, derived by bip-utils (not by the device)."""
    from bip_utils import Bip32Secp256k1, Bip39SeedGenerator, EthAddrEncoder

    root = Bip32Secp256k1.FromSeed(Bip39SeedGenerator(" ".join(["all"] * 12)).Generate())
    node = root.DerivePath(f"m/44'/60'/{number}'/0/0")
    return str(EthAddrEncoder.EncodeKey(node.PublicKey().KeyObject()))


def test_the_ethereum_account_dialog_takes_a_name_number_and_layout_then_verify_uses_it(
    qtbot: QtBot, gui_services: GuiServices
) -> None:
    from app.eth.accounts import list_eth_accounts

    window, page = _connect(qtbot, gui_services)
    dialog = _open_account_dialog(qtbot, page)
    assert dialog.isVisible()  # opened with open(): the click returned, no nested event loop
    dialog.name_edit.clear()
    qtbot.keyClicks(dialog.name_edit, "Ledger three")
    qtbot.keyClick(dialog.layout_box, Qt.Key.Key_Down)  # BIP-44 → Ledger Live
    assert dialog.layout_box.currentData() == "ledger-live"
    for typed, said in (("x3", "whole number from 0 to 2147483647"), ("2147483648", "got '2147483648'")):
        dialog.number_edit.clear()
        qtbot.keyClicks(dialog.number_edit, typed)
        with qtbot.waitSignal(dialog.refused, timeout=10_000):
            qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
        assert dialog.isVisible() and dialog.error_label.isVisible()
        assert said in dialog.error_label.text() and "\n" not in dialog.error_label.text()
    dialog.number_edit.clear()
    qtbot.keyClicks(dialog.number_edit, "3")
    with qtbot.waitSignal(page.eth_account_created, timeout=10_000) as created:
        qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    address = _ledger_live_address(3)
    row = created.args[0]
    assert (row.name, row.layout, row.key_path) == ("Ledger three", "ledger-live", "m/44h/60h/3h")
    assert (row.first_address, row.first_path) == (address, "m/44h/60h/3h/0/0") and address != ETH_0
    with qtbot.waitSignal(page.eth_address_verified, timeout=10_000) as verified:
        qtbot.mouseClick(page.eth_button, Qt.MouseButton.LeftButton)
        approve_on_device(qtbot, window)
    shown = verified.args[0]
    assert (shown.account, shown.address, shown.path) == ("Ledger three", address, "m/44h/60h/3h/0/0")
    with open_store(gui_services.data_dir / "coldsplit.sqlite3") as store:
        accounts = [(a.name, a.layout, a.number) for a in list_eth_accounts(store)]
        assert accounts == [("Ledger three", "ledger-live", 3)]
        assert [(v.account, v.address) for v in eth_withdrawal_targets(store)] == [("Ledger three", address)]


def _services(tmp_path: Path) -> GuiServices:
    """`coldsplit gui --demo` on the same directories: the app started again."""
    ctx = CommandContext(
        tmp_path / "data", tmp_path / "config", Settings(language="en", theme="light"), Network.TESTNET, False
    )
    return build_services(ctx, demo=True)


def _connect(qtbot: QtBot, services: GuiServices) -> tuple[MainWindow, ColdStoragePage]:
    window = open_window(qtbot, services)
    window.show_page("cold")
    with qtbot.waitSignal(window.cold_page.device_connected, timeout=10_000):
        qtbot.mouseClick(window.cold_page.connect_button, Qt.MouseButton.LeftButton)
    return window, window.cold_page


def _open_account_dialog(qtbot: QtBot, page: ColdStoragePage) -> EthAccountDialog:
    with qtbot.waitSignal(page.eth_account_dialog_opened, timeout=10_000) as opened:
        qtbot.mouseClick(page.eth_create_button, Qt.MouseButton.LeftButton)
    dialog: EthAccountDialog = opened.args[0]
    return dialog


def test_after_a_restart_verify_offers_the_stored_ethereum_accounts(
    qtbot: QtBot, gui_services: GuiServices, tmp_path: Path
) -> None:
    window, page = _connect(qtbot, gui_services)
    assert not page.eth_picker.isVisible()  # no Ethereum account yet: the default name's addresses
    for name, number, layout in (("Ledger three", 3, "ledger-live"), ("Main", 0, "bip44")):
        with qtbot.waitSignal(page.eth_account_created, timeout=10_000):
            page._create_chosen_eth_account(NewEthAccountRow(name, number, layout))  # the dialog's tests
        assert page.eth_picker.currentData() == name  # the one just created is picked
    window.close()

    window, page = _connect(qtbot, _services(tmp_path))
    picker = page.eth_picker
    assert picker.isVisible() and window.isVisible()
    items = [picker.itemText(i) for i in range(picker.count())]
    assert items == ["Ledger three (m/44h/60h/3h)", "Main (m/44h/60h/0h)"]  # by name
    picker.setFocus()
    qtbot.keyClick(picker, Qt.Key.Key_Home)  # the person picks the Ledger Live account
    assert picker.currentData() == "Ledger three"
    with qtbot.waitSignal(page.eth_address_verified, timeout=10_000) as verified:
        qtbot.mouseClick(page.eth_button, Qt.MouseButton.LeftButton)
        approve_on_device(qtbot, window)
    shown = verified.args[0]
    assert (shown.account, shown.address, shown.path) == (
        "Ledger three",
        _ledger_live_address(3),
        "m/44h/60h/3h/0/0",
    )
    qtbot.keyClick(picker, Qt.Key.Key_End)
    with qtbot.waitSignal(page.eth_address_verified, timeout=10_000) as verified:
        qtbot.mouseClick(page.eth_button, Qt.MouseButton.LeftButton)
        approve_on_device(qtbot, window)
    assert (verified.args[0].account, verified.args[0].address) == ("Main", ETH_0)
