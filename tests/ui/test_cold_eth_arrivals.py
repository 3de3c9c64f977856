"""Expected ETH and stablecoin deposits in the demo window, on the demo's real local chain (anvil):
"Prepare transfer" on the Advice page expects the deposit, the Ethereum tab's form expects one
typed by hand (each mistake refused in one line), and Sync moves them waiting → received →
confirmed after the demo's 3 blocks while the exchange (the chain's funded account) pays.

Everything is done as a person does it: clicks on visible widgets, typing, waiting for the
labels. Only the exchange's payment is made on the chain directly: there is no exchange here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableWidget
from pytestqt.qtbot import QtBot

from app.eth.tokens import parse_units
from app.services.eth_wallet import EthWalletService
from app.services.ports import GuiServices
from app.usecases.advice import amount_text
from tests.ui.helpers import open_window
from tests.ui.test_cold_eth import _verified_window
from ui.main_window import MainWindow
from ui.pages.cold_eth import EthBox
from wallet.eth_chain.anvil import LocalEthChain

ETHER = 10**18


def _chain(services: GuiServices) -> LocalEthChain:
    service = services.eth_wallet
    assert isinstance(service, EthWalletService) and service.demo_chain is not None
    return service.demo_chain


def _click(qtbot: QtBot, button: object) -> None:
    from PySide6.QtWidgets import QPushButton

    assert isinstance(button, QPushButton) and button.isVisible() and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _sync(qtbot: QtBot, box: EthBox) -> str:
    """Click Sync (the demo's chain moves one block) and return the arrivals as shown, once the
    page has finished what it was doing (a refresh still under way would answer first)."""
    window = box.window()
    assert isinstance(window, MainWindow)
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=60_000)
    with qtbot.waitSignal(box.shown, timeout=30_000):
        _click(qtbot, box.sync_button)
    return box.arrivals_label.text()


def _demo_deposits(qtbot: QtBot, window: MainWindow) -> EthBox:
    """Receive the demo's ETH and USDC, then sync once so its pending deposit is mined."""
    box = window.cold_page.eth
    with qtbot.waitSignal(box.shown, timeout=30_000):
        _click(qtbot, box.demo_button)
    _sync(qtbot, box)
    return box


def _type_and_expect(qtbot: QtBot, box: EthBox, amount: str, asset: str) -> str:
    form = box.expect_form
    form.amount_edit.clear()
    qtbot.keyClicks(form.amount_edit, amount)
    form.asset_picker.lineEdit().clear()
    qtbot.keyClicks(form.asset_picker.lineEdit(), asset)
    answers: list[object] = []
    form.expected.connect(answers.append)
    form.refused.connect(answers.append)
    _click(qtbot, form.expect_button)
    qtbot.waitUntil(lambda: bool(answers), timeout=30_000)
    form.expected.disconnect(answers.append)
    form.refused.disconnect(answers.append)
    return form.message_label.text()


def test_without_a_verified_address_the_form_says_so(qtbot: QtBot, gui_services: GuiServices) -> None:
    window = open_window(qtbot, gui_services)
    window.show_page("cold")
    bar = window.cold_page.asset_bar
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())  # the Ethereum tab
    box = window.cold_page.eth
    assert box.isVisible()
    with qtbot.waitSignal(box.shown, timeout=30_000):
        _click(qtbot, box.refresh_button)
    qtbot.keyClicks(box.expect_form.amount_edit, "1")
    _click(qtbot, box.expect_form.expect_button)
    assert (
        box.expect_form.message_label.text() == "Verify the Ethereum address on the device and refresh first."
    )


def test_a_deposit_expected_by_hand_is_checked_then_confirmed_after_three_blocks(
    qtbot: QtBot, gui_services: GuiServices
) -> None:
    window = _verified_window(qtbot, gui_services)
    box = _demo_deposits(qtbot, window)
    form = box.expect_form
    assert (
        form.isVisible()
        and form.address_picker.currentText() == window.cold_page.eth.view.accounts[0].address
    )
    assert form.confirmations_spin.value() == 3  # the demo's chain moves a block per sync
    _click(qtbot, form.expect_button)
    assert form.message_label.text() == "Type the amount you expect, e.g. 1.5."
    assert _type_and_expect(qtbot, box, "1.2.3", "ETH") == "'1.2.3' is not an amount (use digits and one '.')"
    assert _type_and_expect(qtbot, box, "0", "ETH") == "the expected amount must be more than zero"
    refused = _type_and_expect(qtbot, box, "5", "USDT")
    assert refused.startswith("no watched token 'USDT' on chain 31337")
    assert _type_and_expect(qtbot, box, "1.0000001", "USDC") == "'1.0000001' has more than 6 decimal places"
    assert box.arrivals_label.text() == ""  # nothing was recorded

    shown = _type_and_expect(qtbot, box, "1.5", "ETH")
    address = box.view.accounts[0].address if box.view else ""
    assert shown == f"Expecting #1 waiting: 0/1.5 ETH at {address}, 3 blocks deep"
    assert box.arrivals_label.text() == f"#1 waiting: 0/1.5 ETH at {address}, 3 blocks deep"
    assert form.amount_edit.text() == ""

    _chain(gui_services).send_eth(address, 3 * ETHER // 2)  # the exchange pays: in the pool
    assert _sync(qtbot, box).startswith("#1 received: 1.5/1.5 ETH")  # mined: 1 block deep
    assert _sync(qtbot, box).startswith("#1 received: 1.5/1.5 ETH")  # 2 blocks deep
    assert _sync(qtbot, box) == f"#1 confirmed: 1.5/1.5 ETH at {address}"


def _row_of(table: QTableWidget, asset: str) -> int:
    for row in range(table.rowCount()):
        item = table.item(row, 0)
        if item is not None and item.text().split("\n")[0].endswith(f" {asset}"):
            return row
    raise AssertionError(f"no {asset} transfer in the advice")


def _prepare_row(qtbot: QtBot, window: MainWindow, asset: str, tracked: bool = True) -> str:
    page = window.advice_page
    table = page.transfers_table
    row = _row_of(table, asset)
    table.scrollTo(table.model().index(row, 3))
    rect = table.visualRect(table.model().index(row, 3))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    page.arrival_label.clear()
    _click(qtbot, page.prepare_button)
    done = "tracked on the Cold storage page" if tracked else "not tracked"
    qtbot.waitUntil(lambda: done in page.arrival_label.text(), timeout=30_000)
    return page.arrival_label.text()


def test_prepare_transfer_of_eth_and_usdc_expects_their_deposits(
    qtbot: QtBot, gui_services: GuiServices
) -> None:
    window = _verified_window(qtbot, gui_services)
    box = _demo_deposits(qtbot, window)  # USDC becomes a watched token on the demo's chain
    address = box.view.accounts[0].address if box.view else ""
    window.show_page("advice")
    page = window.advice_page
    with qtbot.waitSignal(page.advice_ready, timeout=240_000):
        _click(qtbot, page.run_button)
    assert page.advice is not None
    moves = {t.asset: t for t in page.advice.transfers if t.to_address == address}
    assert {"ETH", "USDC"} <= set(moves)

    eth_line = _prepare_row(qtbot, window, "ETH")
    eth, usdc = amount_text(moves["ETH"].amount), amount_text(moves["USDC"].amount)
    assert f"Withdraw {eth} ETH from {moves['ETH'].from_account}" in page.prepared_label.text()
    assert eth_line == (
        "Its arrival is tracked on the Cold storage page (Ethereum): "
        f"#1 waiting: 0/{eth} ETH at {address}, 3 blocks deep"
    )
    usdc_line = _prepare_row(qtbot, window, "USDC")
    assert usdc_line.endswith(f"#2 waiting: 0/{usdc} USDC at {address}, 3 blocks deep")
    usdt = _prepare_row(qtbot, window, "USDT", tracked=False)  # no USDT contract on the demo's chain
    assert usdt.startswith("Its arrival is not tracked: no watched token 'USDT' on chain 31337")
    _prepare_row(qtbot, window, "ETH")  # prepared again: the same arrival, not a second one
    assert page.arrival_label.text() == eth_line

    window.show_page("cold")
    qtbot.waitUntil(lambda: box.arrivals_label.text().count("waiting") == 2, timeout=30_000)
    assert box.isVisible()
    _chain(gui_services).send_eth(address, parse_units(eth, 18))  # the exchange pays the ETH only
    lines = _sync(qtbot, box).split("\n")
    assert lines[0].startswith(f"#1 received: {eth}/{eth} ETH") and lines[1].startswith("#2 waiting: 0/")
    _sync(qtbot, box)
    lines = _sync(qtbot, box).split("\n")
    assert lines == [
        f"#1 confirmed: {eth}/{eth} ETH at {address}",
        f"#2 waiting: 0/{usdc} USDC at {address}, 3 blocks deep",
    ]


def test_the_arrival_lines_read_in_japanese(qapp: QApplication) -> None:
    from app.services.eth_ports import EthArrivalRow
    from ui.i18n import install_translators, remove_translators
    from ui.pages.cold_eth_expect import arrival_text

    waiting = EthArrivalRow(1, "waiting", "0", "1.5", "ETH", "0xabc", 3)
    confirmed = EthArrivalRow(2, "confirmed", "2", "2", "USDC", "0xabc", 3)
    assert arrival_text(waiting) == "#1 waiting: 0/1.5 ETH at 0xabc, 3 blocks deep"
    translators = install_translators(qapp, "ja")
    try:
        assert arrival_text(waiting) == "#1 入金待ち: 0xabc に 0/1.5 ETH（3 ブロックで確定）"
        assert arrival_text(confirmed) == "#2 承認済み: 0xabc に 2/2 USDC"
    finally:
        remove_translators(qapp, translators)
