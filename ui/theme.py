"""Light and dark themes: the Fusion style with a palette, and matching chart colours.

The chart colours are kept here and handed to pyqtgraph when the charts load (ui.charts,
after the window's first paint), so choosing a theme never imports the chart library.
"""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

THEMES = ("light", "dark")
_PLOT_OPTIONS = {
    "light": {"background": "w", "foreground": "#1f2328", "antialias": True},
    "dark": {"background": "#16191d", "foreground": "#e6e6e6", "antialias": True},
}
_chosen = "light"


def plot_options() -> dict[str, Any]:
    """pyqtgraph's configuration options for the theme applied last."""
    return dict(_PLOT_OPTIONS[_chosen])


def choose_theme(setting: str) -> str:
    if setting in THEMES:
        return setting
    hints = QGuiApplication.styleHints()
    return "dark" if hints.colorScheme() == Qt.ColorScheme.Dark else "light"


def _dark_palette() -> QPalette:
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#1f2328",
        QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#16191d",
        QPalette.ColorRole.AlternateBase: "#23272e",
        QPalette.ColorRole.ToolTipBase: "#2b3036",
        QPalette.ColorRole.ToolTipText: "#e6e6e6",
        QPalette.ColorRole.Text: "#e6e6e6",
        QPalette.ColorRole.Button: "#2b3036",
        QPalette.ColorRole.ButtonText: "#e6e6e6",
        QPalette.ColorRole.Highlight: "#3b82f6",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#60a5fa",
        QPalette.ColorRole.PlaceholderText: "#8b949e",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    # Disabled controls must look disabled (a greyed Approve is how the device says "nothing to confirm").
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6b7280"))
    return palette


def apply_theme(app: QApplication, theme: str) -> str:
    """Apply `theme` ("light", "dark" or "system"); return the one applied."""
    global _chosen
    chosen = _chosen = choose_theme(theme)
    app.setStyle("Fusion")
    if chosen == "dark":
        app.setPalette(_dark_palette())
    else:
        app.setPalette(app.style().standardPalette())
    pg = sys.modules.get("pyqtgraph")
    if pg is not None:  # the charts are loaded: new ones take the colours at once
        pg.setConfigOptions(**plot_options())
    return chosen


def restyle_plots(root: QWidget) -> None:
    """Give existing charts the current theme's colours (new ones pick them up by themselves),
    and re-polish widgets that carry a style sheet: they keep the palette they were polished
    with (a page title stayed black on the dark theme) until their sheet is set again."""
    for widget in [root, *root.findChildren(QWidget)]:
        sheet = widget.styleSheet()
        if sheet:
            widget.setStyleSheet(sheet)
    pg = sys.modules.get("pyqtgraph")
    if pg is None:
        return  # no chart exists yet; they take the theme's colours when they are built
    background = pg.getConfigOption("background")
    foreground = pg.getConfigOption("foreground")
    for plot in root.findChildren(pg.PlotWidget):
        plot.setBackground(background)
        item = plot.getPlotItem()
        for name in ("left", "bottom"):
            axis = item.getAxis(name)
            axis.setPen(foreground)
            axis.setTextPen(foreground)
        item.titleLabel.setText(item.titleLabel.text, color=foreground)
