"""Start the desktop app: QApplication, translation, theme, the main window."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from PySide6.QtWidgets import QApplication

from app.services.ports import GuiServices
from ui.i18n import choose_language, install_translators
from ui.main_window import MainWindow
from ui.theme import apply_theme

# The GUI thread shares the GIL with the workers (advice, curves, the software device): by
# default a thread waiting for it asks after 5 ms, and at each hand-over the GUI may wait
# that long again. 1 ms halved the event-loop stalls while the advice was computed
# (benchmarks/bench_gui_stall.py pairs at load 4.7: p99 39/25 ms → 20/16 ms, worst
# 79/64 ms → 50/32 ms) at no visible cost to the advice's own time.
GUI_SWITCH_INTERVAL_S = 0.001


def application(argv: Sequence[str]) -> QApplication:
    sys.setswitchinterval(GUI_SWITCH_INTERVAL_S)
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(list(argv))
    app.setApplicationName("ColdSplit")
    app.setOrganizationName("ColdSplit")
    return app


def build_window(services: GuiServices, app: QApplication) -> MainWindow:
    """Translation and theme from the settings, then the window (not yet shown)."""
    translators = install_translators(app, choose_language(services.settings.language))
    apply_theme(app, services.settings.theme)
    window = MainWindow(services)
    window.translators = translators  # removed when the window closes
    return window


def run(services: GuiServices, argv: Sequence[str] = ()) -> int:
    app = application(argv or sys.argv[:1])
    window = build_window(services, app)
    window.show()
    return app.exec()
