"""The GUI keeps running while the device signs and while the drawdown slider moves (issue #10).

Functional, not timed: how long the event loop stalls is measured in
benchmarks/bench_gui_stall.py (speed is measured in benchmarks, not timed tests). Here a
QTimer on the GUI thread must keep firing while the work runs: a job done on the GUI thread
(device I/O or the engine) would leave it silent until the job ended.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from app.services.ports import GuiServices, PsbtDocument
from tests.ui.helpers import open_window

PAY_TO = "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx"


class TickCounter:
    """Counts the GUI thread's timer ticks that come while `busy()` is true."""

    def __init__(self, busy: Callable[[], bool]) -> None:
        self.busy = busy
        self.during = 0
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        if self.busy():
            self.during += 1


def test_the_event_loop_runs_while_a_50_input_psbt_is_signed(qtbot: QtBot, gui_services: GuiServices) -> None:
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
    screens: list[object] = []
    window.screen_bridge.screen_shown.connect(screens.append)
    window.screen_bridge.screen_shown.connect(
        lambda _s: QTimer.singleShot(20, lambda: window.screen_bridge.press(True))
    )
    signed: list[PsbtDocument] = []
    page.signed.connect(signed.append)
    counter = TickCounter(lambda: not signed)
    counter.timer.start()
    page.sign()
    qtbot.waitUntil(lambda: bool(signed), timeout=120_000)
    counter.timer.stop()
    assert signed[0].signed_inputs == 50
    # each screen came to the GUI and was answered there while the device worked
    assert screens and counter.during > len(screens)


def test_the_slider_answers_each_move_and_lands_on_its_last_value(
    qtbot: QtBot, gui_services: GuiServices
) -> None:
    window = open_window(qtbot, gui_services)
    page = window.risk_page
    labels: list[str] = []
    for value in range(0, page.slider.maximum() + 1, 2):
        page.slider.setValue(value)
        labels.append(page.drawdown_label.text())  # the label follows at once, on the GUI thread
        qtbot.wait(8)
    target = page.drawdown()
    assert labels[0] == "0.0%" and labels[-1] == f"{target * 100:.1f}%"
    qtbot.waitUntil(lambda: page.point is not None and page.point.drawdown == target, timeout=10_000)
    assert page.share_marker.value() == target * 100
