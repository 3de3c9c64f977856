"""The Ethereum panel of the Cold storage page in the demo: the local chain (anvil) pays the
device-verified address, the panel shows the balances, the history and a pending deposit,
and a send is reviewed, signed on the software device, checked and broadcast."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.services.eth_ports import EthPanelView, EthSendReview
from app.services.ports import GuiServices
from tests.ui.helpers import approve_on_device, open_window
from ui.main_window import MainWindow

EXCHANGE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
ETH_0 = "0x73d0385F4d8E00C5e6504C6030F47BF6212736A8"  # m/44h/60h/0h/0/0 of the demo seed


def _tx_hashes(table: object) -> list[str]:
    """The whole hash of each history row (the cell shows its head and tail)."""
    from PySide6.QtWidgets import QTableWidget

    from ui.pages.cold_eth import TX_HASH_ROLE

    assert isinstance(table, QTableWidget)
    return [table.item(r, 4).data(TX_HASH_ROLE) for r in range(table.rowCount())]  # type: ignore[union-attr]


def _cells(table: object) -> list[list[str]]:
    from PySide6.QtWidgets import QTableWidget

    assert isinstance(table, QTableWidget)
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]  # type: ignore[union-attr]
        for r in range(table.rowCount())
    ]


def _verified_window(qtbot: QtBot, gui_services: GuiServices) -> MainWindow:
    window = open_window(qtbot, gui_services)
    window.show_page("cold")
    page = window.cold_page
    with qtbot.waitSignal(page.device_connected, timeout=10_000):
        qtbot.mouseClick(page.connect_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(page.eth.shown, timeout=30_000):
        qtbot.mouseClick(page.eth_button, Qt.MouseButton.LeftButton)
        approve_on_device(qtbot, window)
    return window


def test_the_demo_shows_a_cold_eth_balance_and_a_pending_deposit_then_sends(
    qtbot: QtBot, gui_services: GuiServices
) -> None:
    window = _verified_window(qtbot, gui_services)
    box = window.cold_page.eth
    with qtbot.waitSignal(box.shown, timeout=30_000) as shown:
        qtbot.mouseClick(box.demo_button, Qt.MouseButton.LeftButton)
    view: EthPanelView = shown.args[0]
    assert view.notice is None and view.network == "local"
    assert _cells(box.balances_table) == [["ETH", "2"], ["USDC", "1000"]]
    status = box.status_label.text()  # the network in words, the time to the minute
    assert f"{ETH_0} on local test chain on this machine — balances read " in status, status
    assert re.search(r"balances read \d{4}-\d\d-\d\d \d\d:\d\d UTC$", status), status
    history = _cells(box.history_table)
    assert history[0][:2] == ["pending", "+0.5 ETH"]
    assert {tuple(row[:2]) for row in history[1:]} == {("confirmed", "+2 ETH"), ("confirmed", "+1000 USDC")}

    reviewed: list[EthSendReview] = []
    box.confirm_send = lambda review: reviewed.append(review) is None
    box.send_to.setText(EXCHANGE)
    box.send_amount.setText("0.25")
    box.asset_picker.setCurrentText("ETH")
    with qtbot.waitSignal(box.sent, timeout=60_000) as sent:
        qtbot.mouseClick(box.send_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(reviewed), timeout=30_000)
        panel = window.software_device
        assert panel is not None
        while not sent.signal_triggered:  # every confirmation screen the device shows for it
            qtbot.waitUntil(
                lambda: (
                    sent.signal_triggered
                    or (panel.current_screen is not None and panel.approve_button.isEnabled())
                ),
                timeout=30_000,
            )
            if not sent.signal_triggered:
                qtbot.mouseClick(panel.approve_button, Qt.MouseButton.LeftButton)
                qtbot.wait(50)
    assert "send      0.25 ETH" in reviewed[0].lines and "NOT a verified address" in reviewed[0].lines[1]
    tx_hash = sent.args[0]
    qtbot.waitUntil(lambda: tx_hash in _tx_hashes(box.history_table), timeout=30_000)
    row = _cells(box.history_table)[_tx_hashes(box.history_table).index(tx_hash)]
    assert row[-1] == f"{tx_hash[:10]}…{tx_hash[-8:]}"
    assert row[1] == "−0.25 ETH" and row[2] == f"{EXCHANGE[:10]}…{EXCHANGE[-8:]}"


def test_without_a_verified_address_the_panel_says_so(qtbot: QtBot, gui_services: GuiServices) -> None:
    window = open_window(qtbot, gui_services)
    box = window.cold_page.eth
    with qtbot.waitSignal(box.shown, timeout=30_000):
        box.refresh()
    assert "no device-verified Ethereum address yet" in box.status_label.text()


def test_the_settings_page_saves_the_ethereum_endpoint_for_the_cli_too(
    qtbot: QtBot, gui_services: GuiServices
) -> None:
    from app.eth.networks import EthNetwork
    from app.settings import SETTINGS_FILE, load_settings

    window = open_window(qtbot, gui_services)
    page = window.settings_page
    page.eth_edit.setText("http://127.0.0.1:8545")
    page.eth_network_box.setCurrentIndex(page.eth_network_box.findData("sepolia"))
    with qtbot.waitSignal(page.saved, timeout=5_000):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    endpoint = load_settings(gui_services.config_dir / SETTINGS_FILE).eth_endpoint
    assert endpoint is not None and (endpoint.network, endpoint.url) == (
        EthNetwork.SEPOLIA,
        "http://127.0.0.1:8545",
    )
    page.eth_edit.setText("")
    with qtbot.waitSignal(page.saved, timeout=5_000):
        page.save()
    assert load_settings(gui_services.config_dir / SETTINGS_FILE).eth_endpoint is None
