"""Shared widgets: the DEMO banner and the page frame every page sits in."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QFrame,
    QHeaderView,
    QLabel,
    QListWidget,
    QMessageBox,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.errors import split_detail


class DemoBanner(QLabel):
    """A strip across the top of every page in demo mode: nothing here is real money."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("demoBanner")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setStyleSheet(
            "#demoBanner { background: #b45309; color: white; font-weight: bold; padding: 6px; }"
        )
        self.setText(
            self.tr("DEMO — software device on testnet and a sample portfolio; nothing is sent anywhere")
        )


class Page(QWidget):
    """A page: optional DEMO banner, a title, then the page's own content in `body`."""

    def __init__(self, title: str, demo: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.banner: DemoBanner | None = DemoBanner(self) if demo else None
        if self.banner is not None:
            outer.addWidget(self.banner)
        heading = QLabel(title, self)
        heading.setObjectName("pageTitle")
        heading.setStyleSheet("#pageTitle { font-size: 18pt; font-weight: bold; padding: 8px 12px; }")
        outer.addWidget(heading)
        # The content scrolls up and down when the window is shorter than it (a 1366×768 laptop,
        # the Ethereum tab's tables and forms) instead of forcing the window past the screen;
        # never sideways: the page is as wide as its content needs (minimumSizeHint).
        self._content = QFrame()
        self.body = QVBoxLayout(self._content)
        self.body.setContentsMargins(12, 0, 12, 12)
        self._scroll = QScrollArea(self)
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._scroll.setWidget(self._content)
        self._content.installEventFilter(self)  # its layout changed: so may the width it needs
        outer.addWidget(self._scroll, 1)
        self.page_title = title

    def show_in_view(self, widget: QWidget) -> None:
        """Scroll the page so `widget` (one of its own) is in view, its top first if it is taller."""
        self._scroll.ensureWidgetVisible(widget, 0, 0)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        needed = self._content.minimumSizeHint().width() + self._scroll.verticalScrollBar().sizeHint().width()
        return QSize(max(hint.width(), needed), hint.height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._content and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().eventFilter(watched, event)


def minute_text(stamp: str) -> str:
    """An ISO timestamp to the minute, in UTC ("2026-12-03 00:09 UTC"): short enough for a column
    or a status line; a stamp that is not ISO is shown as it is."""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def head_tail(text: str, head: int = 10, tail: int = 8) -> str:
    """A long address or hash as its head and tail (tb1qkvwu9g…l3uuf9r9), enough to match it
    at a glance; the cell's tooltip or the place it is used shows it whole."""
    return text if len(text) <= head + tail + 2 else f"{text[:head]}…{text[-tail:]}"


def whole_on_hover(table: QTableWidget, rows: list[list[str]], columns: tuple[int, ...]) -> None:
    """Give the cells of `columns` their whole text as a tooltip (the cells show head…tail)."""
    for r, row in enumerate(rows):
        for c in columns:
            item = table.item(r, c)
            if item is not None:
                item.setToolTip(row[c])


def show_error(parent: QWidget, message: str) -> None:
    """An error dialog with the (already translated where possible) one-line message."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("Errors", "ColdSplit — error"))
    sentence, detail = split_detail(message)
    box.setText(sentence)
    if detail:
        box.setDetailedText(detail)  # the driver's own English words, one click away
    box.open()


def wrap_column(table: QTableWidget, column: int) -> None:
    """Every column as wide as its text except `column`, which takes the rest and wraps its
    words; rows grow to their wrapped text (kept up to date when the table is resized)."""
    header = table.horizontalHeader()
    for index in range(table.columnCount()):
        mode = QHeaderView.ResizeMode.Stretch if index == column else QHeaderView.ResizeMode.ResizeToContents
        header.setSectionResizeMode(index, mode)
    table.setWordWrap(True)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    # The rows follow the wrapping column's width: Qt does not redo them when a column resizes,
    # and doing it inside the resize reads the widths before the header has settled.
    settle = QTimer(table)
    settle.setSingleShot(True)
    settle.setInterval(0)
    settle.timeout.connect(table.resizeRowsToContents)
    header.sectionResized.connect(lambda index, _old, _new: settle.start() if index == column else None)


def wrap_items(view: QListWidget) -> None:
    """A list whose long items wrap at the view's width instead of running off its edge."""
    view.setWordWrap(True)
    view.setUniformItemSizes(False)
    view.setResizeMode(QListWidget.ResizeMode.Adjust)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)


def fill_table(table: QTableWidget, rows: list[list[str]]) -> None:
    """Replace a read-only table's contents with rows of text and fit the columns."""
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(text))
    table.resizeColumnsToContents()
