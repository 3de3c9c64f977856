"""GUI operations and the core's events (issue 17, point 5).

- An operation has success, failure and progress, each delivered on the GUI thread.
- The core's events reach the pages as Qt signals on the GUI thread.
- A verify on the Cold storage page refreshes the Advice page by itself: its transfer gets
  the device-verified address with no new engine run.
- Device work is queued on the device's own thread; while the device waits for its person,
  no thread of the shared pool is taken and ordinary work still runs.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QThread
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.events import AddressVerified, EventBus, HoldingsRefreshed
from app.services.device_ports import AddressRow
from app.services.device_queue import GUI_DEVICE_THREAD
from app.services.ports import AdviceSource, AdviceView, GuiServices, ShockChoice
from tests.ui.helpers import approve_until, open_window
from ui.events import QtEvents
from ui.main_window import MainWindow
from ui.operations import LatestOnly, OperationRunner, QueryOp

click = Qt.MouseButton.LeftButton


def _on_gui_thread() -> bool:
    app = QApplication.instance()
    return app is not None and QThread.currentThread() is app.thread()


def test_an_operation_reports_progress_then_success_on_the_gui_thread(qtbot: QtBot) -> None:
    runner = OperationRunner()
    lines: list[tuple[str, bool]] = []
    results: list[tuple[int, bool]] = []

    def op(report: object) -> int:
        assert callable(report) and not _on_gui_thread()
        report("step 1 of 2")
        report("step 2 of 2")
        return 42

    operation = QueryOp(runner, op, lambda value: results.append((value, _on_gui_thread())))
    operation.progress(lambda line: lines.append((line, _on_gui_thread())))
    operation.run()
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    assert lines == [("step 1 of 2", True), ("step 2 of 2", True)]
    assert results == [(42, True)]
    assert runner.wait()


def test_an_operation_that_raises_reports_one_line_to_its_failure_callback(qtbot: QtBot) -> None:
    runner = OperationRunner()
    failures: list[str] = []

    def op(_report: object) -> int:
        raise ValueError("no such thing")

    QueryOp(runner, op, lambda _value: None).failure(failures.append).run()
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    assert failures == ["internal error (ValueError: no such thing); please report it"]
    assert runner.wait()


def test_a_latest_only_result_for_a_deleted_page_is_dropped(qtbot: QtBot) -> None:
    """The Risk page's slider evaluations: a result that arrives after the page was deleted
    (the window closed while the engine ran) is dropped, not handed to dead widgets."""
    runner = OperationRunner()
    page = QObject()
    latest = LatestOnly(runner, page)
    release = threading.Event()
    delivered: list[object] = []
    latest.request(lambda: release.wait(5), delivered.append, delivered.append)
    page.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    release.set()
    assert runner.wait()
    qtbot.wait(200)  # the queued outcome is delivered (and must be dropped) here
    assert delivered == []


def test_events_published_on_a_worker_arrive_as_signals_on_the_gui_thread(qtbot: QtBot) -> None:
    bus = EventBus()
    bridge = QtEvents(bus)
    arrived: list[tuple[object, bool]] = []
    bridge.holdings_refreshed.connect(lambda event: arrived.append((event, _on_gui_thread())))
    event = HoldingsRefreshed(("Binance",))
    worker = threading.Thread(target=bus.publish, args=(event,))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: bool(arrived), timeout=5000)
    assert arrived == [(event, True)]
    bridge.detach()
    bus.publish(event)
    qtbot.wait(50)
    assert len(arrived) == 1  # detached: nothing relayed to a closing window


class CountingAdvice:
    """The window's own advice service (as `coldsplit gui` builds it); counts the engine runs
    the page asks for."""

    def __init__(self, services: GuiServices) -> None:
        assert services.advice is not None
        self._real: AdviceSource = services.advice
        self.runs = 0

    def __getattr__(self, name: str) -> object:
        return getattr(self._real, name)

    def advise(
        self, path: Path, shock: ShockChoice, report: Callable[[str], None] | None = None
    ) -> AdviceView:
        self.runs += 1
        return self._real.advise(path, shock, report)


def _connect_and_create(qtbot: QtBot, window: MainWindow) -> None:
    cold = window.cold_page
    window.show_page("cold")
    with qtbot.waitSignal(cold.device_connected, timeout=30_000):
        qtbot.mouseClick(cold.connect_button, click)
    with qtbot.waitSignal(cold.account_created, timeout=30_000):
        qtbot.mouseClick(cold.create_button, click)


def test_a_verify_on_the_cold_page_fills_the_advice_pages_transfer_without_a_new_engine_run(
    qtbot: QtBot, gui_services: GuiServices
) -> None:
    advice_service = CountingAdvice(gui_services)
    window = open_window(qtbot, GuiServices(**{**vars(gui_services), "advice": advice_service}))
    _connect_and_create(qtbot, window)
    window.show_page("trading")
    with qtbot.waitSignal(window.trading_page.holdings_loaded, timeout=30_000):
        qtbot.mouseClick(window.trading_page.sample_button, click)
    page = window.advice_page
    window.show_page("advice")
    with qtbot.waitSignal(page.advice_ready, timeout=120_000):
        qtbot.mouseClick(page.run_button, click)
    assert page.advice is not None and advice_service.runs == 1
    waiting = [i for i, t in enumerate(page.advice.transfers) if t.asset == "BTC" and not t.to_address]
    assert waiting, "the demo advice moves BTC to a cold account that has no verified address yet"
    row = waiting[0]
    cell = page.transfers_table.item(row, 3)
    assert cell is not None and cell.text() == "no verified address yet"

    verified: list[AddressRow] = []
    window.cold_page.address_verified.connect(verified.append)
    window.show_page("cold")
    qtbot.mouseClick(window.cold_page.verify_button, click)
    approve_until(qtbot, window, lambda: bool(verified))
    address = verified[0].address
    qtbot.waitUntil(
        lambda: page.advice is not None and page.advice.transfers[row].to_address == address, timeout=5000
    )
    cell = page.transfers_table.item(row, 3)
    assert cell is not None and cell.toolTip() == address  # whole on hover, head and tail in the cell
    assert cell.text() == f"{address[:10]}…{address[-8:]}"
    assert advice_service.runs == 1  # filled from the event, not by running the engine again
    assert page.transfer_for_cold() is not None


def test_device_work_runs_on_the_device_thread_and_never_takes_a_pool_thread(
    qtbot: QtBot, gui_services: GuiServices
) -> None:
    window = open_window(qtbot, gui_services)
    assert window.device is not None
    names: list[str] = []
    window.runner.on_device(window.device, lambda _d: threading.current_thread().name, names.append, print)
    qtbot.waitUntil(lambda: bool(names), timeout=30_000)
    assert names[0].startswith(GUI_DEVICE_THREAD)
    _connect_and_create(qtbot, window)

    verified: list[AddressVerified] = []
    window.events.address_verified.connect(verified.append)
    qtbot.mouseClick(window.cold_page.verify_button, click)
    panel = window.software_device
    assert panel is not None
    qtbot.waitUntil(lambda: panel.current_screen is not None, timeout=30_000)
    # the device waits for its person, yet the pool runs dry (no thread of it waits on the
    # device: the old way held one until the person pressed), and both its threads still work
    assert window.runner.pool.waitForDone(20_000)
    assert window.runner.pool.activeThreadCount() == 0 and panel.current_screen is not None
    done: list[int] = []
    for value in (1, 2):
        window.runner.start(lambda v=value: v, done.append, print)
    qtbot.waitUntil(lambda: sorted(done) == [1, 2], timeout=5000)
    assert panel.current_screen is not None and not verified  # still waiting on the device
    approve_until(qtbot, window, lambda: bool(verified))
    assert verified[0].account == window.cold_page.accounts[0].name
