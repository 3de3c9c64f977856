"""The main window: a page list on the left (one place per job) and the pages on the right.

Device prompts arrive here as signals from the device thread and open the PIN and
passphrase dialogs or the confirm overlay. In demo mode the software device is drawn
in a dock. Window geometry, splitter and the current page are kept in QSettings under
the app's config dir and restored on the next start.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, QSize, Qt, QTimer, QTranslator
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence, QPaintEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.cold.refusal import Refusal, refusal_for
from app.events import SettingsChanged
from app.services.device_ports import DeviceQueue, DeviceSummary
from app.services.ports import GuiServices, PsbtDocument
from ui.charts import load_pyqtgraph
from ui.device_bridge import QtDevicePrompts, ScreenBridge
from ui.dialogs.confirm_overlay import ConfirmOverlay
from ui.dialogs.passphrase_dialog import PassphraseDialog
from ui.dialogs.pin_dialog import PinMatrixDialog
from ui.events import QtEvents
from ui.i18n import remove_translators
from ui.operations import OperationRunner
from ui.pages.advice_page import AdvicePage
from ui.pages.cold_page import ColdStoragePage
from ui.pages.overview_page import OverviewPage
from ui.pages.psbt_page import PsbtPage
from ui.pages.risk_page import RiskPage
from ui.pages.settings_page import SettingsPage
from ui.pages.trading_page import TradingPage
from ui.software_device import SoftwareDevicePanel
from ui.theme import apply_theme, restyle_plots

WINDOW_STATE_FILE = "window.ini"
FIRST_WORK_FALLBACK_MS = 1000


class MainWindow(QMainWindow):
    def __init__(self, services: GuiServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.translators: list[QTranslator] = []
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("ColdSplit — DEMO") if services.demo else self.tr("ColdSplit"))
        self.runner = OperationRunner(self)
        self.events = QtEvents(services.events, self)
        self.prompts = QtDevicePrompts(self)
        self.screen_bridge = ScreenBridge(self)
        self.device = self._make_device()
        self.nav = QListWidget(self)
        self.nav.setObjectName("pageList")
        self.nav.setAccessibleName(self.tr("Pages"))
        self.stack = QStackedWidget(self)
        self.pages: dict[str, QWidget] = {}
        self._build_pages()
        # As wide as the longest page name (Japanese ones included), never squeezed below it.
        nav_width = self.nav.sizeHintForColumn(0) + 2 * self.nav.frameWidth() + 12
        self.nav.setMinimumWidth(nav_width)
        self.nav.setMaximumWidth(nav_width + 40)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(0, False)
        self.splitter.setSizes([nav_width, 10_000])  # the page list at its width, no gap beside it
        # The pages sit in a plain container so the overlay can cover them alone: the docked
        # software device beside them must stay visible and clickable while it asks.
        self.pages_area = QWidget(self)
        area_layout = QVBoxLayout(self.pages_area)
        area_layout.setContentsMargins(0, 0, 0, 0)
        area_layout.addWidget(self.splitter)
        self.setCentralWidget(self.pages_area)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.overlay = ConfirmOverlay(self.pages_area)
        self._wire_prompts()
        self.software_device = self._add_software_device() if services.demo else None
        self._add_shortcuts()
        self.resize(self._first_size())
        self.restore_state()
        self._started = False

    def showEvent(self, event: QShowEvent) -> None:
        """Start the first work once the window has painted, so no worker (importing the charts,
        the engine, the advisor; each holding the GIL for long stretches) delays that paint.
        A window that is never painted (minimised at start) still starts after a while."""
        super().showEvent(event)
        QTimer.singleShot(FIRST_WORK_FALLBACK_MS, self._start_first_work)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._started:
            QTimer.singleShot(0, self._start_first_work)

    def _start_first_work(self) -> None:
        if not self._started:
            self._started = True
            self._first_work()

    def _first_work(self) -> None:
        """Demo: the Trading page loads the one demo portfolio and every page follows it, so the
        Overview, Trading, Risk and Advice pages all speak of the same accounts from the start.
        Live: the same with the person's stored accounts (never the demo's)."""
        self.runner.start(load_pyqtgraph, lambda _pg: self._build_charts(), lambda _message: None)
        if self.services.demo and self.services.advice is not None:
            self.risk_page.choose_default_preset()
            self.trading_page.load_sample()
        else:  # live: the person's own stored accounts (the Risk page says so until they come)
            self.risk_page.start()
            self.trading_page.accounts_bar.load_stored_once()

    def _build_charts(self) -> None:
        """The charts, once their library has loaded on a worker (after the first paint)."""
        self.overview_page.build_charts()
        self.risk_page.build_charts()
        restyle_plots(self)

    def _make_device(self) -> DeviceQueue | None:
        factory = self.services.device_factory
        if factory is None:
            return None
        return factory(self.prompts, self.screen_bridge if self.services.demo else None)

    def _build_pages(self) -> None:
        services, demo = self.services, self.services.demo
        self.overview_page = OverviewPage(demo)
        self.trading_page = TradingPage(demo, services.advice, self.runner, services.trading)
        self.cold_page = ColdStoragePage(
            demo, self.device, self.runner, services.cold_wallet, services.eth_wallet
        )
        self.risk_page = RiskPage(demo, services.fragility, self.runner)
        self.advice_page = AdvicePage(demo, services.advice, self.runner, services.eth_wallet)
        self.psbt_page = PsbtPage(demo, services.psbt, self.device, self.runner)
        self.settings_page = SettingsPage(services)
        self._add_page("overview", self.overview_page, self.tr("Overview"))
        self._add_page("trading", self.trading_page, self.tr("Trading"))
        self._add_page("cold", self.cold_page, self.tr("Cold storage"))
        self._add_page("risk", self.risk_page, self.tr("Risk"))
        self._add_page("advice", self.advice_page, self.tr("Advice"))
        self._add_page("psbt", self.psbt_page, self.tr("PSBT"))
        self._add_page("settings", self.settings_page, self.tr("Settings"))
        self._connect_pages()

    def _connect_pages(self) -> None:
        """Pages share what they learn: loaded holdings, the preset, the curve, the advice."""
        trading, risk, advice, overview = (
            self.trading_page,
            self.risk_page,
            self.advice_page,
            self.overview_page,
        )
        trading.holdings_loaded.connect(overview.show_holdings)
        trading.holdings_loaded.connect(lambda h: advice.set_holdings(h.source))
        trading.holdings_loaded.connect(lambda h: risk.set_portfolio(h.source))
        risk.shock_changed.connect(advice.set_shock)
        risk.curve_ready.connect(overview.show_curve)
        advice.advice_ready.connect(overview.show_advice)
        advice.arrival_expected.connect(lambda _expected: self.cold_page.eth.refresh(quiet=True))
        advice.follow(self.events)
        self.events.cold_balances_changed.connect(lambda _event: trading.reload_holdings())
        trading.accounts_bar.follow(self.events)
        self.psbt_page.follow(self.events)
        self.cold_page.coins.psbt_built.connect(self._open_psbt)
        self.events.settings_changed.connect(self._settings_changed)

    def _settings_changed(self, event: SettingsChanged) -> None:
        """The theme applies at once, the charts included (the rest waits for the next start)."""
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, event.settings.theme)
        restyle_plots(self)

    def _open_psbt(self, document: PsbtDocument) -> None:
        """A spend prepared on the Cold storage page continues on the PSBT page (review, sign)."""
        self.psbt_page.show_document(document)
        self.show_page("psbt")

    def _add_page(self, key: str, page: QWidget, label: str) -> None:
        page.setObjectName(f"page_{key}")
        self.pages[key] = page
        self.stack.addWidget(page)
        self.nav.addItem(label)

    def _add_software_device(self) -> SoftwareDevicePanel:
        dock = QDockWidget(self.tr("Software device"), self)
        dock.setObjectName("softwareDeviceDock")
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        panel = SoftwareDevicePanel(self.screen_bridge, dock)
        panel.setMinimumWidth(240)
        dock.setWidget(panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        return panel

    def _wire_prompts(self) -> None:
        self.prompts.pin_requested.connect(self._ask_pin)
        self.prompts.passphrase_requested.connect(self._ask_passphrase)
        self.prompts.match_requested.connect(self._ask_match)
        self.prompts.confirm_shown.connect(self.overlay.show_notice)
        self.prompts.confirm_hidden.connect(self.overlay.hide)
        self.overlay.cancel_requested.connect(self.cancel_device)
        self.cold_page.device_connected.connect(self._device_connected)

    def _device_connected(self, summary: DeviceSummary) -> None:
        """Say on the overlay what refusing an address means on this model."""
        if refusal_for(summary.model) is Refusal.HOST_ONLY:
            note = self.tr(
                "On a {0}, NO on the address screen only shows a QR code. If the address"
                " differs, press Cancel here. The address is recorded only when the device"
                " answers YES to this request and you then confirm here that it showed exactly"
                " this address."
            ).format(summary.model)
        else:
            note = self.tr(
                "If anything differs, reject it on the device or press Cancel here: nothing is recorded then."
            )
        self.overlay.set_refuse_note(note)

    def _ask_pin(self, attempt: int, kind: str) -> None:
        dialog = PinMatrixDialog(attempt, kind, self)
        dialog.finished.connect(
            lambda code: self.prompts.answer_pin(
                dialog.positions if code == QDialog.DialogCode.Accepted else None
            )
        )
        dialog.open()

    def _ask_passphrase(self, on_device_possible: bool) -> None:
        dialog = PassphraseDialog(on_device_possible, self)
        dialog.finished.connect(
            lambda code: self.prompts.answer_passphrase(
                dialog.answer() if code == QDialog.DialogCode.Accepted else None
            )
        )
        dialog.open()

    def _ask_match(self, address: str, path: str) -> None:
        """After a device that cannot refuse on its screen answered: did it show this address?"""
        box = QMessageBox(self)
        box.setObjectName("addressMatchQuestion")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Does the address match?"))
        box.setText(self.tr("Did the device show exactly this address at %1?").replace("%1", path))
        box.setInformativeText(address)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("It matches"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("It differs"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.finished.connect(
            lambda _code: self.prompts.answer_match(
                box.clickedButton() is box.button(QMessageBox.StandardButton.Yes)
            )
        )
        box.open()

    def cancel_device(self) -> None:
        """The overlay's Cancel: the device gets Cancel on the wire (and the demo device a Reject)."""
        if self.device is not None:
            self.device.cancel()
        self.screen_bridge.press(False)

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

    def _first_size(self) -> QSize:
        """1280×860, or the screen's free area where that is smaller (a 1280×800 or 1366×768
        laptop): the pages scroll, so the window never has to be bigger than the screen."""
        wanted = QSize(1280, 860)
        screen = self.screen() or QGuiApplication.primaryScreen()
        return wanted if screen is None else wanted.boundedTo(screen.availableGeometry().size())

    def restore_state(self) -> None:
        state = self.window_settings()
        geometry = state.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        splitter = state.value("splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        docks = state.value("docks")
        if docks is not None:
            self.restoreState(docks)
        page = str(state.value("page", "overview"))
        self.show_page(page if page in self.pages else next(iter(self.pages)))

    def save_state(self) -> None:
        state = self.window_settings()
        state.setValue("geometry", self.saveGeometry())
        state.setValue("splitter", self.splitter.saveState())
        state.setValue("docks", self.saveState())
        state.setValue("page", self.current_page_key())
        state.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        self.events.detach()
        self.prompts.abandon()
        self.screen_bridge.close()
        if self.device is not None:
            self.device.cancel()
        self.runner.wait()
        if self.device is not None:
            self.device.close()
            self.device = None
        if self.services.eth_wallet is not None:
            self.services.eth_wallet.close()  # the demo's local chain stops with the window
        app = QApplication.instance()
        if isinstance(app, QApplication):
            remove_translators(app, self.translators)
        self.translators = []
        super().closeEvent(event)
