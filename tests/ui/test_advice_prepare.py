"""Advice page: "Prepare transfer" works from any selected cell and from the keyboard (issue 14, 7).

Real input events on the real widgets: a mouse click on a cell of the "Why" column, then the
button; arrow keys and Enter on the table. The page gets its advice from a fixed AdviceView
(the advisor itself is tested in tests/app/advisor), through a runner that reports at once.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.events import EventBus, HoldingsRefreshed
from app.messages import Message, MessageKey
from app.services.ports import AdviceView, HoldingsView, PreparedTransferView, ShockChoice, TransferLine
from app.usecases.advice import prepare_transfer
from ui.events import QtEvents
from ui.operations import OperationRunner
from ui.pages.advice_page import AdvicePage

ADDRESS = "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx"


def _transfer(amount: float, account: str, first: tuple[str, ...] = ()) -> TransferLine:
    why = Message(MessageKey.TRANSFER_STABLE_EXCESS, (), "why")
    return TransferLine("BTC", amount, amount * 100_000, account, "binance", ADDRESS, why, first)


VIEW = AdviceView(
    stress_message=Message(MessageKey.STRESS_CUSTOM, (), "a stress"),
    exchange_share_before=0.5,
    exchange_share_after=0.3,
    survival_before=0.05,
    survival_after=0.1,
    liquidated_share_before=0.2,
    liquidated_share_after=0.0,
    transfers=(
        _transfer(0.4, "Binance Spot"),
        _transfer(0.25, "Bybit Unified", first=("Bybit Unified: SOL long 300 (cross)",)),
    ),
    cuts=(),
    flags=(),
    still_falling=(),
    notes=(Message(MessageKey.NOTE_ADD_COLD_ACCOUNT, (("asset", "ETH"), ("chain", "Ethereum"), ("usd", 100.0)),
                   "Add a cold account for ETH."),),
)  # fmt: skip


class _Source:
    def sample_holdings_path(self) -> Path:
        return Path("/nonexistent")

    def holdings(self, path: Path) -> HoldingsView:
        raise AssertionError("not used")

    def advise(
        self, path: Path, shock: ShockChoice, report: Callable[[str], None] | None = None
    ) -> AdviceView:
        if report is not None:  # what the real service reports (app.usecases.advice.AdviceStage)
            report("stress")
            report("engine")
        return VIEW

    def retarget(self, shown: AdviceView) -> AdviceView:
        return shown

    def prepare(self, transfer: TransferLine) -> PreparedTransferView:  # the real use case
        prepared = prepare_transfer(transfer.asset, transfer.amount, transfer.to_address)
        return PreparedTransferView(prepared.asset, prepared.amount, prepared.address, prepared.uri)


def _page(qtbot: QtBot) -> AdvicePage:
    page = AdvicePage(True, _Source(), OperationRunner())
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    page.set_holdings(Path("/nonexistent/holdings.json"))
    with qtbot.waitSignal(page.advice_ready, timeout=5000):
        qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    assert page.transfers_table.rowCount() == 2
    return page


def _click_cell(qtbot: QtBot, page: AdvicePage, row: int, column: int) -> None:
    table = page.transfers_table
    rect = table.visualRect(table.model().index(row, column))
    assert table.viewport().childAt(rect.center()) is None  # nothing covers the cell
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_prepare_transfer_from_a_cell_of_the_why_column(qtbot: QtBot) -> None:
    page = _page(qtbot)
    _click_cell(qtbot, page, 1, 4)
    with qtbot.waitSignal(page.transfer_prepared, timeout=2000) as prepared:
        qtbot.mouseClick(page.prepare_button, Qt.MouseButton.LeftButton)
    assert prepared.args[0].from_account == "Bybit Unified"
    assert "0.25 BTC from Bybit Unified" in page.prepared_label.text()


def test_prepare_transfer_from_the_keyboard(qtbot: QtBot) -> None:
    page = _page(qtbot)
    table = page.transfers_table
    table.setFocus()
    qtbot.waitUntil(table.hasFocus, timeout=2000)
    qtbot.keyClick(table, Qt.Key.Key_Down)
    with qtbot.waitSignal(page.transfer_prepared, timeout=2000) as prepared:
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert prepared.args[0].from_account == "Bybit Unified"
    # The cell did not open for editing: Enter prepares, it does not edit.
    assert table.state() is not table.State.EditingState


def test_the_advisors_notes_are_listed(qtbot: QtBot) -> None:
    page = _page(qtbot)
    texts = [page.notes.item(i).text() for i in range(page.notes.count())]
    assert any(t.startswith("Note: Add a cold account for ETH") for t in texts)


def test_a_transfer_that_needs_a_cut_first_says_so_in_its_row(qtbot: QtBot) -> None:
    page = _page(qtbot)
    why = page.transfers_table.item(1, 4)
    assert why is not None and why.text().startswith("After cutting Bybit Unified: SOL long 300 (cross): ")
    first_row = page.transfers_table.item(0, 4)
    assert first_row is not None and not first_row.text().startswith("After cutting")


def test_advice_computed_before_the_trading_accounts_changed_says_it_is_stale(qtbot: QtBot) -> None:
    page = _page(qtbot)
    bus = EventBus()
    bridge = QtEvents(bus)
    page.follow(bridge)
    bus.publish(HoldingsRefreshed(("Bybit Unified",)))
    assert page.stress_label.text() == (
        "The trading accounts changed (Bybit Unified): compute the advice again."
    )
    with qtbot.waitSignal(page.advice_ready, timeout=5000):
        qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)  # computed again: fresh
    assert page.stale_note is None and page.stress_label.text() == "a stress"
    bridge.detach()


def test_the_computation_reports_its_stages_on_the_page(qtbot: QtBot) -> None:
    """The advice operation's progress callback: each stage the use case starts is shown."""
    page = _page(qtbot)
    shown: list[str] = []
    original = page._show_stage

    def record(stage: str, preset: str) -> None:
        original(stage, preset)
        shown.append(page.stress_label.text())

    page._show_stage = record  # type: ignore[method-assign]
    with qtbot.waitSignal(page.advice_ready, timeout=5000):
        qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    assert shown == [
        "Loading the 2025-10-10 stress and its ensemble…",
        "Running the engine under 2025-10-10 (this takes a few seconds)…",
    ]
    assert page.stress_label.text() == "a stress"  # the result replaces the progress line
