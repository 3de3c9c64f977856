"""The Cold storage page verifies the Ethereum address on the device, and the overlay says
per model what refusing an address means (issue 21, verification honesty)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.advisor.ethereum import eth_withdrawal_targets
from app.services.device_ports import DeviceSummary
from app.services.ports import GuiServices
from app.store import open_store
from tests.ui.helpers import approve_on_device, open_window

ETH_0 = "0x73d0385F4d8E00C5e6504C6030F47BF6212736A8"  # m/44h/60h/0h/0/0 of the demo's "all" seed


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

    window = open_window(qtbot, gui_services)
    window.show_page("cold")
    page = window.cold_page
    with qtbot.waitSignal(page.device_connected, timeout=10_000):
        qtbot.mouseClick(page.connect_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(page.eth_account_created, timeout=10_000) as created:
        qtbot.mouseClick(page.eth_create_button, Qt.MouseButton.LeftButton)
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
    with qtbot.waitSignal(page.failed, timeout=10_000) as refused:  # a second one: one clear line
        qtbot.mouseClick(page.eth_create_button, Qt.MouseButton.LeftButton)
    assert "already exists" in refused.args[0]
    for dialog in window.findChildren(__import__("PySide6.QtWidgets").QtWidgets.QMessageBox):
        dialog.close()
