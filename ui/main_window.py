"""The main window: a page list on the left (one place per job) and the pages on the right.

Window geometry, splitter and the current page are kept in QSettings under the app's
config dir and restored on the next start.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QListWidget, QMainWindow, QSplitter, QStackedWidget, QWidget

from app.services.ports import GuiServices
from ui.operations import OperationRunner
from ui.pages.risk_page import RiskPage

WINDOW_STATE_FILE = "window.ini"


class MainWindow(QMainWindow):
    def __init__(self, services: GuiServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("ColdSplit — DEMO") if services.demo else self.tr("ColdSplit"))
        self.runner = OperationRunner(self)
        self.nav = QListWidget(self)
        self.nav.setObjectName("pageList")
        self.nav.setAccessibleName(self.tr("Pages"))
        self.nav.setMaximumWidth(200)
        self.stack = QStackedWidget(self)
        self.pages: dict[str, QWidget] = {}
        self.risk_page = RiskPage(services.demo, services.fragility, self.runner)
        self._add_page("risk", self.risk_page, self.tr("Risk"))
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.setCentralWidget(self.splitter)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self._add_shortcuts()
        self.resize(1280, 860)
        self.restore_state()
        self.risk_page.start()

    def _add_page(self, key: str, page: QWidget, label: str) -> None:
        page.setObjectName(f"page_{key}")
        self.pages[key] = page
        self.stack.addWidget(page)
        self.nav.addItem(label)

    def _add_shortcuts(self) -> None:
        """Ctrl+1…Ctrl+9 jump to a page; the page list itself is reachable with Tab."""
        for index in range(min(9, self.nav.count())):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{index + 1}"), self)
            shortcut.activated.connect(lambda i=index: self.nav.setCurrentRow(i))

    def show_page(self, key: str) -> None:
        self.nav.setCurrentRow(list(self.pages).index(key))

    def current_page_key(self) -> str:
        return list(self.pages)[self.stack.currentIndex()]

    # ---- state ----

    def window_settings(self) -> QSettings:
        path = self.services.config_dir / WINDOW_STATE_FILE
        return QSettings(str(path), QSettings.Format.IniFormat)

    def restore_state(self) -> None:
        state = self.window_settings()
        geometry = state.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        splitter = state.value("splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        page = str(state.value("page", "overview"))
        self.show_page(page if page in self.pages else next(iter(self.pages)))

    def save_state(self) -> None:
        state = self.window_settings()
        state.setValue("geometry", self.saveGeometry())
        state.setValue("splitter", self.splitter.saveState())
        state.setValue("page", self.current_page_key())
        state.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        self.runner.wait()
        super().closeEvent(event)
