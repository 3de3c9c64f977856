"""The PSBT page: build from demo coins, review, sign on the software device, finalize, save, reload."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.services.ports import GuiServices, PsbtDocument
from tests.ui.helpers import approve_until, open_window
from ui.main_window import MainWindow
from wallet.psbt.model import load_psbt
from wallet.psbt.operations import is_finalized

PAY_TO = "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx"  # BIP173's test-vector P2WPKH (testnet)


def _with_cold_account(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.cold_page.account_created, timeout=10_000):
        window.cold_page.create_account()


def test_build_sign_finalize(qtbot: QtBot, gui_services: GuiServices, tmp_path: Path) -> None:
    window = open_window(qtbot, gui_services)
    _with_cold_account(qtbot, window)
    page = window.psbt_page
    window.show_page("psbt")
    page.to_edit.setText(PAY_TO)
    page.amount_edit.setText("0.005")
    page.coins_spin.setValue(3)
    with qtbot.waitSignal(page.loaded, timeout=10_000) as loaded:
        qtbot.mouseClick(page.build_button, Qt.MouseButton.LeftButton)
    document = loaded.args[0]
    assert document.input_count == 3 and document.signed_inputs == 0 and not document.blocking
    outputs = [line for line in document.lines if line.side == "output"]
    assert any(line.address == PAY_TO and line.amount_sat == 500_000 for line in outputs)
    assert page.table.rowCount() == len(document.lines)

    results: list[PsbtDocument] = []
    page.signed.connect(results.append)
    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    titles = approve_until(qtbot, window, lambda: bool(results))
    assert titles, "the device asked for no confirmation"
    assert results[0].signed_inputs == 3

    with qtbot.waitSignal(page.finalized, timeout=10_000) as final:
        qtbot.mouseClick(page.finalize_button, Qt.MouseButton.LeftButton)
    assert final.args[0].document.finalized
    assert page.raw_edit.toPlainText() == final.args[0].raw_hex

    saved = tmp_path / "out.psbt"
    assert gui_services.psbt is not None
    gui_services.psbt.save(final.args[0].document.base64, saved, binary=True)
    assert is_finalized(load_psbt(saved.read_bytes()))
    with qtbot.waitSignal(page.loaded, timeout=10_000) as reloaded:
        page.load_path(saved)
    assert reloaded.args[0].finalized and reloaded.args[0].txid == document.txid


def test_garbage_is_refused_with_a_message(qtbot: QtBot, gui_services: GuiServices) -> None:
    window = open_window(qtbot, gui_services)
    page = window.psbt_page
    with qtbot.waitSignal(page.failed, timeout=10_000) as failed:
        page.load_text("definitely not a psbt")
    assert "PSBT" in failed.args[0]
    assert page.document is None and not page.sign_button.isEnabled()
