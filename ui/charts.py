"""The chart library loads after the window's first paint, never while the window is built.

pyqtgraph (and numpy under it) is the largest import of the desktop app: loading it before
the first paint made the launch wait for charts nobody sees yet. The pages lay out a
`ChartHolder` where a chart goes and build the chart itself on first use; the window warms
the import on a worker thread right after it is shown (MainWindow._first_work).
"""

from __future__ import annotations

from types import ModuleType
from typing import cast

from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui.theme import plot_options


def load_pyqtgraph() -> ModuleType:
    """pyqtgraph, configured with the current theme's colours (safe to call from any thread:
    it only imports and sets options, it creates no widget)."""
    import pyqtgraph

    pyqtgraph.setConfigOptions(**plot_options())
    return cast(ModuleType, pyqtgraph)  # pyqtgraph ships no type hints


class ChartHolder(QWidget):
    """The place in a page's layout where a chart goes once it is built."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def put(self, chart: QWidget) -> None:
        self._layout.addWidget(chart)
