"""The demo, end to end, as a person would click through it (issue #10's first "Done when").

Connect the software device → create the cold account → verify an address on the
device → load the sample trading accounts → run the 2025-10-10 preset → compute and
accept the advice → prepare the transfer to the verified address → build, sign and
finalize a PSBT. Every device confirmation is pressed on the on-screen device.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.services.device_ports import AddressRow
from app.services.ports import AdviceView, FinalTransaction, GuiServices, PsbtDocument
from tests.ui.helpers import approve_until, open_window
from ui.main_window import MainWindow

PAY_TO = "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx"  # BIP173's testnet P2WPKH vector


click = Qt.MouseButton.LeftButton


def test_demo_end_to_end(qtbot: QtBot, gui_services: GuiServices) -> None:
    window = open_window(qtbot, gui_services)
    assert window.windowTitle() == "ColdSplit — DEMO"
    address = _device_and_cold_account(qtbot, window)
    _sample_accounts_under_the_preset(qtbot, window)
    _accept_advice(qtbot, window, address)
    _build_sign_finalize(qtbot, window)
    errors = [box.text() for box in window.findChildren(QMessageBox) if box.isVisible()]
    assert errors == [], f"the demo showed errors: {errors}"


def _device_and_cold_account(qtbot: QtBot, window: MainWindow) -> str:
    cold = window.cold_page
    window.show_page("cold")
    with qtbot.waitSignal(cold.device_connected, timeout=15_000):
        qtbot.mouseClick(cold.connect_button, click)
    with qtbot.waitSignal(cold.account_created, timeout=15_000):
        qtbot.mouseClick(cold.create_button, click)
    verified: list[AddressRow] = []
    cold.address_verified.connect(verified.append)
    qtbot.mouseClick(cold.verify_button, click)
    assert approve_until(qtbot, window, lambda: bool(verified)) == ["Receive address"]
    return verified[0].address


def _sample_accounts_under_the_preset(qtbot: QtBot, window: MainWindow) -> None:
    trading = window.trading_page
    window.show_page("trading")
    with qtbot.waitSignal(trading.holdings_loaded, timeout=15_000):
        qtbot.mouseClick(trading.sample_button, click)
    assert trading.positions_table.rowCount() > 0
    risk = window.risk_page
    window.show_page("risk")
    with qtbot.waitSignal(risk.curve_ready, timeout=30_000):
        risk.preset_picker.setCurrentText("2020-03-12")  # switch away and back: the preset is run anew
    with qtbot.waitSignal(risk.curve_ready, timeout=30_000):
        risk.preset_picker.setCurrentText("2025-10-10")
    assert risk.session is not None and risk.session.preset.name == "2025-10-10"
    assert risk.session.portfolio.name == "Demo portfolio"


def _accept_advice(qtbot: QtBot, window: MainWindow, address: str) -> None:
    """Compute the advice and prepare its Bitcoin transfer: it must go to the verified address."""
    advice = window.advice_page
    window.show_page("advice")
    results: list[AdviceView] = []
    advice.advice_ready.connect(results.append)
    qtbot.mouseClick(advice.run_button, click)
    qtbot.waitUntil(lambda: bool(results), timeout=120_000)
    assert "2025-10-10" in results[0].stress
    index = advice.transfer_for_cold()
    assert index is not None
    advice.transfers_table.selectRow(index)
    with qtbot.waitSignal(advice.transfer_prepared, timeout=5000) as prepared:
        qtbot.mouseClick(advice.prepare_button, click)
    assert prepared.args[0].to_address == address
    assert address in advice.prepared_label.text()
    assert window.overview_page.advice_label.text() != ""


def _build_sign_finalize(qtbot: QtBot, window: MainWindow) -> None:
    psbt = window.psbt_page
    window.show_page("psbt")
    psbt.to_edit.setText(PAY_TO)
    psbt.amount_edit.setText("0.004")
    with qtbot.waitSignal(psbt.loaded, timeout=15_000):
        qtbot.mouseClick(psbt.build_button, click)
    signed: list[PsbtDocument] = []
    psbt.signed.connect(signed.append)
    qtbot.mouseClick(psbt.sign_button, click)
    approve_until(qtbot, window, lambda: bool(signed))
    assert signed[0].signed_inputs == signed[0].input_count
    finals: list[FinalTransaction] = []
    psbt.finalized.connect(finals.append)
    qtbot.mouseClick(psbt.finalize_button, click)
    qtbot.waitUntil(lambda: bool(finals), timeout=15_000)
    assert finals[0].document.finalized and len(finals[0].raw_hex) > 200
