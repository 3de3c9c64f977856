"""Start the desktop app: QApplication, translation, theme, the main window."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from PySide6.QtWidgets import QApplication

from app.services.ports import GuiServices
from ui.i18n import choose_language, install_translators
from ui.main_window import MainWindow
from ui.theme import apply_theme


def application(argv: Sequence[str]) -> QApplication:
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
