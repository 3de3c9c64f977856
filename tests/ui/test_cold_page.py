"""Cold storage on the demo's software device: connect, create the account, verify an address."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.cold.accounts import withdrawal_targets
from app.services.ports import GuiServices
from app.store import open_store
from tests.ui.helpers import approve_on_device, open_window, qr_text


def test_connect_create_and_verify_on_the_software_device(qtbot: QtBot, gui_services: GuiServices) -> None:
    window = open_window(qtbot, gui_services)
    window.show_page("cold")
    page = window.cold_page
    with qtbot.waitSignal(page.device_connected, timeout=10_000):
        qtbot.mouseClick(page.connect_button, Qt.MouseButton.LeftButton)
    assert page.summary is not None and page.summary.model == "Trezor T"
    assert page.summary.fingerprint == "5c9e228d"  # the "all all …" test seed's master fingerprint

    with qtbot.waitSignal(page.account_created, timeout=10_000) as created:
        qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    assert created.args[0].name == "Cold storage" and created.args[0].kind == "wpkh"
    assert page.accounts_table.rowCount() == 1

    with qtbot.waitSignal(page.address_verified, timeout=10_000) as verified:
        qtbot.mouseClick(page.verify_button, Qt.MouseButton.LeftButton)
        titles = approve_on_device(qtbot, window)
    assert titles == ["Receive address"]
    address = verified.args[0].address
    assert address.startswith("tb1q")
    with open_store(gui_services.data_dir / "coldsplit.sqlite3") as store:
        assert [t.address for t in withdrawal_targets(store)] == [address]
    assert qr_text(page.qr_label) == f"bitcoin:{address}"  # BIP-21, the verified row picked


def test_rejecting_on_the_device_records_nothing(qtbot: QtBot, gui_services: GuiServices) -> None:
    window = open_window(qtbot, gui_services)
    page = window.cold_page
    with qtbot.waitSignal(page.account_created, timeout=10_000):
        page.create_account()
    panel = window.software_device
    assert panel is not None
    with qtbot.waitSignal(page.failed, timeout=10_000) as failed:
        page.verify_address()
        qtbot.waitUntil(lambda: panel.current_screen is not None, timeout=10_000)
        qtbot.mouseClick(panel.reject_button, Qt.MouseButton.LeftButton)
    assert "cancel" in failed.args[0].lower() or "reject" in failed.args[0].lower()
    assert page.targets == []
    for dialog in window.findChildren(__import__("PySide6.QtWidgets").QtWidgets.QMessageBox):
        dialog.close()
