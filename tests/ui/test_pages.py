"""Settings, themes, keyboard navigation, and the DEMO banner on every page."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.services.ports import GuiServices
from app.settings import ChainBackendSetting, load_settings
from tests.ui.helpers import open_window
from wallet.types import Network

PAGES = ["overview", "trading", "cold", "risk", "advice", "psbt", "settings"]


def test_every_page_is_there_with_the_demo_banner(qtbot: QtBot, gui_services: GuiServices) -> None:
    window = open_window(qtbot, gui_services)
    assert list(window.pages) == PAGES
    for page in window.pages.values():
        banner = getattr(page, "banner", None)
        assert banner is not None and "DEMO" in banner.text()


def test_ctrl_number_switches_pages(qtbot: QtBot, gui_services: GuiServices) -> None:
    window = open_window(qtbot, gui_services)
    window.activateWindow()
    for number, key in enumerate(PAGES, start=1):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier)
        assert window.current_page_key() == key


def test_page_list_moves_with_the_arrow_keys(qtbot: QtBot, gui_services: GuiServices) -> None:
    window = open_window(qtbot, gui_services)
    window.show_page("overview")
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_Down)
    assert window.current_page_key() == "trading"


def test_settings_are_saved_and_the_theme_applies(qtbot: QtBot, gui_services: GuiServices) -> None:
    window = open_window(qtbot, gui_services)
    page = window.settings_page
    page.network_box.setCurrentIndex(page.network_box.findData("signet"))
    page.theme_box.setCurrentIndex(page.theme_box.findData("dark"))
    page.language_box.setCurrentIndex(page.language_box.findData("ja"))
    page.mode_box.setCurrentIndex(page.mode_box.findData("live"))
    page.backend_edit.setText("ssl://electrum.example:50002")
    with qtbot.waitSignal(page.saved, timeout=2000):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    saved = load_settings(gui_services.config_dir / "settings.json")
    assert saved.network is Network.SIGNET and saved.theme == "dark" and saved.language == "ja"
    assert saved.gui_mode == "live"
    assert saved.chain_backends == {
        Network.SIGNET: ChainBackendSetting("electrum", "ssl://electrum.example:50002")
    }
    window_colour = QApplication.palette().color(QPalette.ColorRole.Window)
    assert window_colour.lightness() < 80
    chart = window.risk_page.share_plot.backgroundBrush().color()
    assert chart.lightness() < 80, "the existing charts follow the theme"
    page.theme_box.setCurrentIndex(page.theme_box.findData("light"))
    page.save()
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() > 180
