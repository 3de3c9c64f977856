"""GUI test fixtures: offscreen Qt for logic, a services bundle on temp dirs, and a leak guard.

The leak guard (after napari's) fails a test that leaves work behind: a running
QThread, an active QTimer owned by a live widget, a busy thread pool, or a Python
thread the test started and did not stop.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

# Logic tests never need a display; the screenshot test starts its own process on Xvfb.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
import shiboken6
from PySide6.QtCore import QEvent, QThread, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from app.cli.context import CommandContext
from app.cli.gui_cmd import build_services
from app.services.ports import GuiServices
from app.settings import Settings
from wallet.types import Network


@pytest.fixture
def gui_services(tmp_path: Path) -> GuiServices:
    """What `coldsplit gui --demo` builds (the composition root), on temp dirs."""
    config, data = tmp_path / "config", tmp_path / "data"
    config.mkdir()
    data.mkdir()
    ctx = CommandContext(data, config, Settings(language="en", theme="light"), Network.TESTNET, False)
    services = build_services(ctx, demo=True)
    services.data_dir.mkdir(parents=True, exist_ok=True)
    return services


def _running_qthreads(app: QApplication) -> list[QThread]:
    return [t for t in app.findChildren(QThread) if t.isRunning()]


def _active_timers() -> list[QTimer]:
    timers: list[QTimer] = []
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible():
            continue  # an open window may own timers; closed ones may not
        timers.extend(t for t in widget.findChildren(QTimer) if t.isActive())
    return timers


def _close_top_level_widgets() -> None:
    """Close every top-level widget, asking Qt for the live list again after each close.

    A close can run a nested event loop (a window waiting for its device thread), and
    deferred deletes then destroy other top-level widgets (tooltips, popups, dialogs Qt
    created in C++). Their wrappers in a list taken before the first close point at freed
    memory, and closing one crashed the process ("Segmentation fault" in this fixture,
    seen once under load). Only wrappers fresh from Qt's own list are touched here.
    """
    closed: set[int] = set()
    for _ in range(1000):  # more than any test opens; a widget reopening itself ends here
        fresh = [w for w in QApplication.topLevelWidgets() if shiboken6.getCppPointer(w)[0] not in closed]
        if not fresh:
            return
        widget = fresh[0]
        closed.add(shiboken6.getCppPointer(widget)[0])
        if shiboken6.isValid(widget):
            widget.close()


def _delete_top_level_widgets() -> None:
    """Delete what the test closed, once its work has reported: closed but kept, top-level
    widgets piled up over the suite (2,800 by the middle of tests/ui), every teardown walked
    them all once per close (7 s a test), and past 1,000 the close loop's bound stopped before
    it reached the current test's windows."""
    for widget in QApplication.topLevelWidgets():
        widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(autouse=True)
def leak_guard(qapp: QApplication) -> Iterator[None]:
    before = set(threading.enumerate())
    yield
    _close_top_level_widgets()
    assert QThreadPool.globalInstance().waitForDone(5000), "the global thread pool is still busy"
    for pool in qapp.findChildren(QThreadPool):
        assert pool.waitForDone(5000), "a thread pool is still busy"
    qapp.processEvents()
    assert not _running_qthreads(qapp), "a QThread is still running"
    assert not _active_timers(), "a QTimer is still active in a closed window"
    _delete_top_level_widgets()
    # Qt's pool threads show up as "Dummy-N" threads once they run Python code; the pools
    # are checked above. Every other new thread (the emulator's server, the device
    # thread) must have ended, daemon or not.
    started = {t for t in set(threading.enumerate()) - before if not t.name.startswith("Dummy-")}
    for thread in started:  # executors and servers finish their last loop after shutdown
        thread.join(timeout=3)
    left = [t for t in started if t.is_alive()]
    assert not left, f"threads left running: {[t.name for t in left]}"


def find_widget(root: QWidget, kind: type[QWidget], name: str) -> QWidget:
    found = root.findChild(kind, name)
    assert found is not None, f"no {kind.__name__} named {name!r}"
    return found
