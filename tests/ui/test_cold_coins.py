"""The cold account's coins: demo coins arrive in the watch-only wallet; a send becomes a PSBT."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.services.ports import GuiServices, PsbtDocument
from tests.ui.helpers import approve_until, open_window

PAY_TO = "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx"


def test_demo_coins_then_send_from_the_cold_page(qtbot: QtBot, gui_services: GuiServices) -> None:
    window = open_window(qtbot, gui_services)
    page = window.cold_page
    with qtbot.waitSignal(page.account_created, timeout=15_000):
        page.create_account()
    coins = page.coins
    qtbot.waitUntil(lambda: coins.view is not None, timeout=15_000)  # the empty wallet is shown
    assert coins.view is not None and coins.view.coins == ()
    with qtbot.waitSignal(coins.wallet_shown, timeout=15_000) as shown:
        qtbot.mouseClick(coins.demo_button, Qt.MouseButton.LeftButton)
    view = shown.args[0]
    assert len(view.coins) == 5 and view.pending_sat == 5 * 250_000
    assert len({c.address for c in view.coins}) == 5  # no address is paid twice
    with qtbot.waitSignal(coins.wallet_shown, timeout=15_000) as again:
        coins.receive_demo_coins()
    assert len({c.address for c in again.args[0].coins}) == 10 and len(again.args[0].history) == 2

    coins.send_to.setText(PAY_TO)
    coins.send_amount.setText("0.003")
    with qtbot.waitSignal(window.psbt_page.loaded, timeout=15_000) as loaded:
        qtbot.mouseClick(coins.send_button, Qt.MouseButton.LeftButton)
    assert window.current_page_key() == "psbt"
    document = loaded.args[0]
    assert any(line.address == PAY_TO and line.amount_sat == 300_000 for line in document.lines)
    assert any(line.side == "output" and line.detail == "change" for line in document.lines)

    signed: list[PsbtDocument] = []
    window.psbt_page.signed.connect(signed.append)
    window.psbt_page.sign()
    approve_until(qtbot, window, lambda: bool(signed))
    assert signed[0].signed_inputs == signed[0].input_count


def test_sending_more_than_the_wallet_holds_is_refused(qtbot: QtBot, gui_services: GuiServices) -> None:
    window = open_window(qtbot, gui_services)
    page = window.cold_page
    with qtbot.waitSignal(page.account_created, timeout=15_000):
        page.create_account()
    coins = page.coins
    with qtbot.waitSignal(coins.wallet_shown, timeout=15_000):
        coins.receive_demo_coins()
    coins.send_to.setText(PAY_TO)
    coins.send_amount.setText("5")
    with qtbot.waitSignal(coins.failed, timeout=15_000) as failed:
        coins.prepare_send()
    assert failed.args[0]
    assert window.psbt_page.document is None
    for box in window.findChildren(QMessageBox):
        box.close()
