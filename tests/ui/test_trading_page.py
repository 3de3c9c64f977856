"""Trading: a venue account imported from a holdings CSV becomes the portfolio the pages use."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.exchanges.csv_io import COLUMNS
from app.exchanges.repository import list_accounts
from app.services.ports import GuiServices
from app.store import open_store
from tests.ui.helpers import open_window

CSV = (
    ",".join(COLUMNS)
    + """
balance,futures,USDT,12500.5,,,,,,,,,
balance,spot,BTC,0.75,,,,,,,,,
position,,,,BTC/USDT:USDT,long,0.2,102500,100000,10,cross,,
position,,,,ETH/USDT:USDT,short,3,3000,3100,,isolated,1100,
"""
)


def test_csv_account_is_stored_and_export_gaps_are_named(
    qtbot: QtBot, gui_services: GuiServices, tmp_path: Path
) -> None:
    """A CSV account is stored as the CLI stores it; the engine needs the venue's maintenance
    tiers for its positions, which only an API refresh brings, and the message says so."""
    path = tmp_path / "my-binance.csv"
    path.write_text(CSV, encoding="utf-8")
    window = open_window(qtbot, gui_services)
    page = window.trading_page
    with qtbot.waitSignal(page.failed, timeout=30_000) as failed:
        page.import_csv(path, "My Binance", "binance")
    assert "no maintenance tiers for BTC/USDT:USDT" in failed.args[0]
    with open_store(gui_services.data_dir / "coldsplit.sqlite3") as store:
        assert [(a.name, a.venue) for a in list_accounts(store)] == [("My Binance", "binance")]
    for box in window.findChildren(QMessageBox):
        box.close()


def test_a_bad_csv_is_refused_with_its_line(qtbot: QtBot, gui_services: GuiServices, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(CSV.replace("0.75", "lots"), encoding="utf-8")
    window = open_window(qtbot, gui_services)
    page = window.trading_page
    shown = page.holdings  # the demo portfolio, loaded at start
    with qtbot.waitSignal(page.failed, timeout=30_000) as failed:
        page.import_csv(path, "Bad", "binance")
    assert "line 3" in failed.args[0]
    assert page.holdings is shown and shown is not None  # what was shown stays
    for box in window.findChildren(QMessageBox):
        box.close()
