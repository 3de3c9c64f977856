"""The GUI never blocks: event-loop latency stays under 100 ms while a 50-input PSBT is
signed on the software device, and while the drawdown slider moves (issue #10).

A 5 ms QTimer ticks on the GUI thread; each gap between two ticks, less the interval,
is a time the event loop could not run. The latency asserted is the 99th percentile of
those delays (under 100 ms), with the single worst delay held under 250 ms: on a shared
two-core machine the OS alone sometimes deschedules the whole process for ~100 ms, which
no application can prevent, while a real freeze (device I/O or the engine on the GUI
thread) shows up in both figures.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer
from pytestqt.qtbot import QtBot

from app.services.ports import GuiServices, PsbtDocument
from tests.ui.helpers import open_window

PAY_TO = "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx"
LIMIT_S = 0.100
WORST_LIMIT_S = 0.250
TICK_MS = 5


class LoopMonitor(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.delays: list[float] = []

    def start(self) -> None:
        self.last = time.perf_counter()
        self.delays = []
        self.timer.start()

    def stop(self) -> tuple[float, float]:
        """(99th percentile, worst) delay in seconds."""
        self.timer.stop()
        ordered = sorted(self.delays)
        return ordered[int(0.99 * (len(ordered) - 1))], ordered[-1]

    def _tick(self) -> None:
        now = time.perf_counter()
        self.delays.append(max(0.0, now - self.last - TICK_MS / 1000))
        self.last = now


def check(what: str, figures: tuple[float, float]) -> None:
    p99, worst = figures
    print(f"event-loop delay while {what}: p99 {p99 * 1000:.1f} ms, worst {worst * 1000:.1f} ms")
    assert p99 < LIMIT_S, f"p99 event-loop delay {p99 * 1000:.0f} ms while {what}"
    assert worst < WORST_LIMIT_S, f"the event loop stalled {worst * 1000:.0f} ms while {what}"


def test_loop_stays_responsive_while_a_50_input_psbt_is_signed(
    qtbot: QtBot, gui_services: GuiServices
) -> None:
    window = open_window(qtbot, gui_services)
    with qtbot.waitSignal(window.cold_page.account_created, timeout=15_000):
        window.cold_page.create_account()
    page = window.psbt_page
    page.to_edit.setText(PAY_TO)
    page.amount_edit.setText("0.1")  # 50 demo coins hold 0.125 BTC
    page.coins_spin.setValue(50)
    with qtbot.waitSignal(page.loaded, timeout=30_000) as loaded:
        page.build_demo_spend()
    assert loaded.args[0].input_count == 50
    # the person presses Approve as each screen appears (through the GUI's own event loop)
    window.screen_bridge.screen_shown.connect(
        lambda _s: QTimer.singleShot(20, lambda: window.screen_bridge.press(True))
    )
    signed: list[PsbtDocument] = []
    page.signed.connect(signed.append)
    monitor = LoopMonitor()
    monitor.start()
    page.sign()
    qtbot.waitUntil(lambda: bool(signed), timeout=120_000)
    figures = monitor.stop()
    assert signed[0].signed_inputs == 50
    check("signing 50 inputs on the software device", figures)


def test_loop_stays_responsive_while_the_slider_moves(qtbot: QtBot, gui_services: GuiServices) -> None:
    window = open_window(qtbot, gui_services)
    page = window.risk_page
    monitor = LoopMonitor()
    monitor.start()
    for value in range(0, page.slider.maximum() + 1, 2):
        page.slider.setValue(value)
        qtbot.wait(8)
    target = page.slider.maximum() / 200
    qtbot.waitUntil(lambda: page.point is not None and page.point.drawdown == target, timeout=10_000)
    check("moving the drawdown slider", monitor.stop())
