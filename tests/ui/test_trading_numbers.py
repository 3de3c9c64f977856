"""The Trading page shows a trader's numbers (issue 14, item 6) in cells a person can read.

The demo's isolated Binance BTC long, worked by hand: 0.3 BTC at 95,000 with 4,000 of
isolated margin, mark 92,000, Binance's BTCUSDT bracket 1 (MMR 0.4%, cum 0):
notional 27,600; PnL 0.3 × (92,000 − 95,000) = −900; leverage 27,600 / 4,000 = 6.9;
maintenance 0.004 × 27,600 = 110.4; liquidation (4,000 − 0.3 × 95,000) / (0.3 × 0.004 − 0.3)
= 81,994.65, which is (92,000 − 81,994.65) / 92,000 = 10.9% below the mark.
The Hyperliquid account: 25,000 USDC + PnL 20 × 200 + 0.2 × 2,000 = 29,400 of equity;
maintenance 62,000 / 50 + 18,400 / 80 = 1,470; margin ratio 1,470 / 29,400 = 5.0%.
"""

from __future__ import annotations

from PySide6.QtWidgets import QStyle, QTableWidget
from pytestqt.qtbot import QtBot

from app.services.ports import GuiServices
from tests.ui.helpers import open_window


def _row(table: QTableWidget, *leading: str) -> list[str]:
    for r in range(table.rowCount()):
        cells = [table.item(r, c).text() for c in range(table.columnCount())]
        if cells[: len(leading)] == list(leading):
            return cells
    raise AssertionError(f"no row starting {leading}")


def _headers(table: QTableWidget) -> list[str]:
    return [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]


def _assert_readable(qtbot: QtBot, table: QTableWidget) -> None:
    """Scrolled to, every cell lies inside the viewport and is wide enough for its text."""
    metrics = table.fontMetrics()
    # The item delegate draws text inside the focus frame margin on each side (QCommonStyle).
    padding = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1)
    header = table.horizontalHeader()
    for c in range(table.columnCount()):
        title = table.horizontalHeaderItem(c).text()
        assert header.sectionSize(c) >= metrics.horizontalAdvance(title), f"header {title!r} is cut"
        for r in range(table.rowCount()):
            item = table.item(r, c)
            table.scrollToItem(item)
            qtbot.wait(1)
            rect = table.visualItemRect(item)
            assert table.viewport().rect().contains(rect.center()), (r, c, item.text())
            assert table.columnWidth(c) >= metrics.horizontalAdvance(item.text()) + padding, item.text()


def test_positions_and_accounts_show_the_trader_numbers(qtbot: QtBot, gui_services: GuiServices) -> None:
    window = open_window(qtbot, gui_services)
    window.resize(1280, 800)
    page = window.trading_page
    window.show_page("trading")
    with qtbot.waitSignal(page.holdings_loaded, timeout=30_000):
        page.load_sample()
    positions = page.positions_table
    assert _headers(positions) == [
        "Account", "Asset", "Side", "Mode", "Size", "Notional", "Leverage", "Entry", "Mark",
        "Liq. price", "To liq.", "Unrealised PnL", "Margin", "Maint. margin",
    ]  # fmt: skip
    isolated = _row(positions, "Binance USDⓈ-M", "BTC", "long", "isolated")
    assert isolated[4:] == [
        "0.3", "$27,600", "6.9×", "95,000.00", "92,000.00", "81,994.65", "10.9%", "-$900", "$4,000", "$110",
    ]  # fmt: skip
    accounts = page.accounts_table
    assert _headers(accounts)[3:] == ["Equity", "Maint. margin", "Margin ratio"]
    assert _row(accounts, "exchange", "Hyperliquid")[3:] == ["$29,400", "$1,470", "5.0%"]
    assert positions.rowCount() == sum(len(a.positions) for a in page.holdings.margin_accounts) > 5
    _assert_readable(qtbot, positions)
    _assert_readable(qtbot, accounts)
