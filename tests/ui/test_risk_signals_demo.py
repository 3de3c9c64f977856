"""Demo mode's Risk page shows the fragility signals read from the preset's recorded pre-crash market."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.services.ports import GuiServices
from ui.app import application, build_window


def test_demo_signals_table_reads_every_signal(qtbot: QtBot, gui_services: GuiServices) -> None:
    window = build_window(gui_services, application(["test"]))
    qtbot.addWidget(window)
    window.show()
    table = window.risk_page.signals_table
    qtbot.waitUntil(lambda: table.rowCount() == 5, timeout=10_000)

    def cell(row: int, column: int) -> str:
        item = table.item(row, column)
        assert item is not None
        return item.text()

    rows = {cell(r, 0): (cell(r, 1), cell(r, 2)) for r in range(5)}
    assert all(status in ("ok", "warning", "calibrated, not data") for status, _ in rows.values()), rows
    # Its spot volume is calibrated, not data: that signal is marked and warns of nothing.
    assert rows["open interest rising without spot volume"][0] == "calibrated, not data"
    # The default 2025-10-10 preset: CoinDesk's $20M within 1% against $70B of open interest.
    status, reading = rows["thin depth at ±1%"]
    assert status == "warning" and "$20.0M" in reading
    # Its funding (CoinGlass: "neutral but leaned toward bearish", no figure) is calibrated too.
    assert rows["one-sided funding"][0] == "calibrated, not data"
