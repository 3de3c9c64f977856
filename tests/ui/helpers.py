"""Helpers shared by the GUI tests: open the demo window, approve on the on-screen device."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app.services.ports import GuiServices
from ui.app import application, build_window
from ui.main_window import MainWindow


def open_window(qtbot: QtBot, services: GuiServices) -> MainWindow:
    window = build_window(services, application(["test"]))
    qtbot.addWidget(window)
    window.show()
    if services.demo:  # live mode computes nothing until the person's accounts are loaded
        # a deadline for "never", not a speed check (benchmarks/bench_gui_start.py): on the
        # shared two-core machine under load the first curve has taken more than 10 s
        qtbot.waitUntil(lambda: window.risk_page.curve is not None, timeout=30_000)
    return window


def approve_on_device(qtbot: QtBot, window: MainWindow, times: int = 1) -> list[str]:
    """Press Approve on the software device each time it shows a screen; return the titles seen."""
    panel = window.software_device
    assert panel is not None
    titles = []
    for _ in range(times):
        qtbot.waitUntil(
            lambda: panel.current_screen is not None and panel.approve_button.isEnabled(), timeout=10_000
        )
        assert panel.current_screen is not None
        titles.append(panel.current_screen.title)
        qtbot.mouseClick(panel.approve_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: panel.current_screen is None or not window.screen_bridge.waiting, timeout=5000
        )
    return titles


def approve_until(
    qtbot: QtBot, window: MainWindow, done: Callable[[], bool], timeout_s: float = 30.0
) -> list[str]:
    """Approve every screen the software device shows until `done()`; return the titles seen."""
    panel = window.software_device
    assert panel is not None
    titles: list[str] = []
    deadline = time.monotonic() + timeout_s
    while not done():
        assert time.monotonic() < deadline, f"gave up after approving {titles}"
        if panel.current_screen is not None and panel.approve_button.isEnabled():
            titles.append(panel.current_screen.title)
            qtbot.mouseClick(panel.approve_button, Qt.MouseButton.LeftButton)
        qtbot.wait(10)
    return titles


def qr_text(label: QLabel) -> str:
    """What a camera reads from the label's QR code (zxing-cpp, as the app's own scanner)."""
    import io

    import zxingcpp
    from PIL import Image
    from PySide6.QtCore import QBuffer, QIODevice

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    label.pixmap().save(buffer, "PNG")
    (code,) = zxingcpp.read_barcodes(Image.open(io.BytesIO(bytes(buffer.data()))))
    return str(code.text)
