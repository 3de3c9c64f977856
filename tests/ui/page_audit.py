"""Find text a person cannot read whole, and visible English in a Japanese window.

`clipped_text(root)` walks the visible widgets under `root` and reports every label,
button, check box, combo box, list item, table cell, table header, group box, dock and
chart title whose text needs more room than the widget has (as laid out, and as cut by
its parents up to the nearest scroll area, which a person can scroll). The room a
text needs comes from the widget's own size hints and from QFontMetrics of the text,
honouring word wrap; a table cell's from its delegate (text width plus the style's
padding), compared with its column's width and its row's height.

`english_words(root, allowed)` lists the Latin words in the visible text that are not
in `allowed` (tickers, venue names, units, protocol names) and are not part of an
address, a path or a number.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

import pyqtgraph as pg
from PySide6.QtCore import QAbstractListModel, QModelIndex, QPoint, QRect, Qt
from PySide6.QtGui import QFontMetrics, QTextDocument
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSlider,
    QCheckBox,
    QComboBox,
    QDockWidget,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QRadioButton,
    QScrollBar,
    QStyle,
    QStyleOptionButton,
    QStyleOptionComboBox,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QWidget,
)

SLACK_PX = 1  # rounding between the font engine and the layout
MIN_SLIDER_PX = 120


def _plain(text: str, rich: bool) -> str:
    if not rich:
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


def _is_rich(label: QLabel) -> bool:
    fmt = label.textFormat()
    if fmt == Qt.TextFormat.RichText:
        return True
    return fmt == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(label.text())


def _viewport_of(widget: QWidget) -> QWidget | None:
    area = widget.parentWidget()
    return area.viewport() if isinstance(area, QAbstractScrollArea) else None


def _room(widget: QWidget) -> QRect:
    """Where the widget can draw: its rect cut by every ancestor (scroll areas scroll)."""
    top_left = widget.mapTo(widget.window(), QPoint(0, 0))
    room = QRect(top_left, widget.size())
    ancestor = widget.parentWidget()
    while ancestor is not None and not ancestor.isWindow():
        if _viewport_of(ancestor) is ancestor:
            return QRect(QPoint(0, 0), widget.size())  # inside a scroll area: a person scrolls
        room = room.intersected(QRect(ancestor.mapTo(widget.window(), QPoint(0, 0)), ancestor.size()))
        ancestor = ancestor.parentWidget()
    window = widget.window()
    room = room.intersected(window.rect())
    return room.translated(-top_left)


def _name(widget: QWidget) -> str:
    page = widget
    while page is not None and not page.objectName().startswith("page_"):
        page = page.parentWidget()
    where = page.objectName() if page is not None else widget.window().objectName()
    return f"{where}/{type(widget).__name__}"


def _wrapped_size(text: str, label: QLabel, width: int) -> tuple[int, int]:
    """The widest line and the height of `text` wrapped at `width` as Qt breaks it (CJK anywhere)."""
    document = QTextDocument()
    document.setDefaultFont(label.font())
    document.setDocumentMargin(0)
    document.setPlainText(text)
    document.setTextWidth(max(1, width))
    return math.ceil(document.idealWidth()), math.ceil(document.size().height())


def _label_problem(label: QLabel, room: QRect) -> str | None:
    if not label.text() or (label.pixmap() is not None and not label.pixmap().isNull()):
        return None
    text = _plain(label.text(), _is_rich(label))
    margins = label.contentsMargins()
    width = room.width() - margins.left() - margins.right() - 2 * label.margin()
    height = room.height() - margins.top() - margins.bottom() - 2 * label.margin()
    metrics = QFontMetrics(label.font())
    if label.wordWrap():
        widest, need_h = _wrapped_size(text, label, width)
        if widest > width + SLACK_PX:
            return f"an unbreakable run is {widest}px wide in {width}px"
        if need_h > height + SLACK_PX:
            return f"wrapped text needs {need_h}px height, has {height}px"
        return None
    need_w = max((metrics.horizontalAdvance(line) for line in text.split("\n")), default=0)
    need_h = metrics.height() * max(1, text.count("\n") + 1)
    if label.sizeHint().width() > room.width() + SLACK_PX or need_w > width + SLACK_PX:
        return f"needs {max(need_w, label.sizeHint().width())}px width, has {room.width()}px"
    if need_h > height + SLACK_PX + metrics.leading():
        return f"needs {need_h}px height, has {height}px"
    return None


def _button_problem(button: QAbstractButton, room: QRect) -> str | None:
    text = button.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    if not text:
        return None
    metrics = QFontMetrics(button.font())
    advance = metrics.horizontalAdvance(text)
    if isinstance(button, QPushButton):
        option = QStyleOptionButton()
        option.initFrom(button)
        margin = button.style().pixelMetric(QStyle.PixelMetric.PM_ButtonMargin, option, button)
        frame = button.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, option, button)
        icon = button.iconSize().width() + 4 if not button.icon().isNull() else 0
        need = advance + icon + margin + 2 * frame
    elif isinstance(button, QCheckBox | QRadioButton):
        need = button.sizeHint().width()
    else:
        return None
    if need > room.width() + SLACK_PX:
        return f"needs {need}px width, has {room.width()}px"
    if metrics.height() > room.height() + SLACK_PX:
        return f"needs {metrics.height()}px height, has {room.height()}px"
    return None


def _combo_problem(combo: QComboBox, room: QRect) -> str | None:
    """The current text against the edit field the style draws it in (Qt clips it there)."""
    text = combo.currentText()
    if not text or room.width() >= combo.sizeHint().width():
        return None  # as wide as Qt sizes it for its widest item: nothing is cut
    option = QStyleOptionComboBox()
    option.initFrom(combo)
    field = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    need = QFontMetrics(combo.font()).horizontalAdvance(text) + 2  # CE_ComboBoxLabel's 1px each side
    have = field.width() - (combo.width() - room.width())
    if need > have + SLACK_PX:
        return f"needs {need}px in its field, has {have}px"
    return None


def _cells(view: QAbstractItemView) -> Iterator[QModelIndex]:
    model = view.model()
    if model is None:
        return
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount()
    for row in range(model.rowCount()):
        for column in range(columns):
            index = model.index(row, column)
            if isinstance(view, QTableView) and (view.isColumnHidden(column) or view.isRowHidden(row)):
                continue
            if model.data(index, Qt.ItemDataRole.DisplayRole):
                yield index


def _view_problems(view: QAbstractItemView) -> Iterator[str]:
    """Each cell's text against its column and row: one line unless the view wraps words."""
    delegate = view.itemDelegate()
    for index in _cells(view):
        if isinstance(view, QTableView):
            width, height = view.columnWidth(index.column()), view.rowHeight(index.row())
        else:
            width, height = view.viewport().width(), view.visualRect(index).height()
        option = QStyleOptionViewItem()
        option.initFrom(view)
        option.font = view.font()
        if view.wordWrap():
            option.rect = QRect(0, 0, width, height)
            option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
        need = delegate.sizeHint(option, index)
        text = str(index.data(Qt.ItemDataRole.DisplayRole))[:60]
        if need.width() > width + SLACK_PX:
            yield f"cell {index.row()},{index.column()} {text!r} needs {need.width()}px, column has {width}px"
        elif need.height() > height + SLACK_PX:
            yield f"cell {index.row()},{index.column()} {text!r} needs {need.height()}px height, has {height}px"


def _header_problems(header: QHeaderView) -> Iterator[str]:
    model = header.model()
    if model is None or not header.isVisible():
        return
    for section in range(header.count()):
        if header.isSectionHidden(section):
            continue
        text = model.headerData(section, header.orientation(), Qt.ItemDataRole.DisplayRole)
        if not text:
            continue
        need = header.sectionSizeFromContents(section)
        have = header.sectionSize(section)
        wanted = need.width() if header.orientation() == Qt.Orientation.Horizontal else need.height()
        if wanted > have + SLACK_PX:
            yield f"header {text!r} needs {wanted}px, section has {have}px"


def _plot_problems(plot: pg.PlotWidget) -> Iterator[str]:
    item = plot.getPlotItem()
    title = item.titleLabel
    if title.text:
        need = title.item.boundingRect().width()
        have = item.sceneBoundingRect().width()
        if need > have + SLACK_PX:
            yield f"chart title {title.text!r} needs {need:.0f}px, chart has {have:.0f}px"
    for side in ("left", "bottom"):
        axis = item.getAxis(side)
        label = axis.label.toPlainText() if axis.label.isVisible() else ""
        if not label:
            continue
        need = axis.label.boundingRect().width()
        have = axis.boundingRect().height() if side == "left" else axis.boundingRect().width()
        if need > have + SLACK_PX:
            yield f"axis label {label!r} needs {need:.0f}px, axis has {have:.0f}px"


def _titled_problem(widget: QGroupBox | QDockWidget, room: QRect) -> str | None:
    title = widget.title() if isinstance(widget, QGroupBox) else widget.windowTitle()
    if not title:
        return None
    need = QFontMetrics(widget.font()).horizontalAdvance(title) + 16
    if need > room.width() + SLACK_PX:
        return f"title {title!r} needs {need}px, has {room.width()}px"
    return None


def _tab_problems(tabs: QTabWidget) -> Iterator[str]:
    bar = tabs.tabBar()
    for i in range(bar.count()):
        need = bar.tabSizeHint(i).width()
        have = bar.tabRect(i).width()
        if need > have + SLACK_PX:
            yield f"tab {bar.tabText(i)!r} needs {need}px, has {have}px"


def visible_widgets(root: QWidget) -> Iterator[QWidget]:
    if root.isVisible():
        yield root
    for child in root.findChildren(QWidget):
        if child.isVisible() and child.window() is root.window():
            yield child


def clipped_text(root: QWidget) -> list[str]:
    """Every text under `root` that shows cut off or elided, as '<page>/<class> <text>: why'."""
    problems: list[str] = []
    for widget in visible_widgets(root):
        room = _room(widget)
        found: list[str] = []
        if isinstance(widget, QLabel):
            found = [p for p in [_label_problem(widget, room)] if p]
            subject = _plain(widget.text(), _is_rich(widget))[:60]
        elif isinstance(widget, QAbstractButton):
            found = [p for p in [_button_problem(widget, room)] if p]
            subject = widget.text()
        elif isinstance(widget, QComboBox):
            found = [p for p in [_combo_problem(widget, room)] if p]
            subject = widget.currentText()
        elif isinstance(widget, QGroupBox | QDockWidget):
            found = [p for p in [_titled_problem(widget, room)] if p]
            subject = widget.windowTitle()
        elif isinstance(widget, QHeaderView):
            found, subject = list(_header_problems(widget)), ""
        elif isinstance(widget, QTableView | QListWidget):
            found, subject = list(_view_problems(widget)), widget.accessibleName()
        elif isinstance(widget, pg.PlotWidget):
            found, subject = list(_plot_problems(widget)), ""
        elif isinstance(widget, QTabWidget):
            found, subject = list(_tab_problems(widget)), ""
        elif isinstance(widget, QAbstractSlider) and not isinstance(widget, QScrollBar):
            # no text, but a slider squeezed to its handle cannot be read or set either
            found = [f"squeezed to {room.width()}px"] if room.width() < MIN_SLIDER_PX else []
            subject = widget.accessibleName()
        else:
            continue
        problems.extend(f"{_name(widget)} {subject!r}: {why}" for why in found)
    return problems


# ---- visible words ----


def visible_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for every text a person sees under `root` (not tooltips)."""
    for widget in visible_widgets(root):
        where = _name(widget)
        if isinstance(widget, QLabel):
            yield where, _plain(widget.text(), _is_rich(widget))
        elif isinstance(widget, QAbstractButton):
            yield where, widget.text()
        elif isinstance(widget, QComboBox):
            yield where, widget.currentText()
        elif isinstance(widget, QLineEdit):
            yield where, widget.text() or widget.placeholderText()
        elif isinstance(widget, QGroupBox | QDockWidget):
            yield where, widget.title() if isinstance(widget, QGroupBox) else widget.windowTitle()
        elif isinstance(widget, QHeaderView) and widget.model() is not None:
            model = widget.model()
            for section in range(widget.count()):
                yield where, str(model.headerData(section, widget.orientation()) or "")
        elif isinstance(widget, QAbstractItemView) and not isinstance(widget, QHeaderView):
            for index in _cells(widget):
                yield where, str(index.data(Qt.ItemDataRole.DisplayRole))
        elif isinstance(widget, pg.PlotWidget):
            yield from _plot_texts(where, widget)
        elif isinstance(widget, QTabWidget):
            for i in range(widget.count()):
                yield where, widget.tabText(i)


def _plot_texts(where: str, plot: pg.PlotWidget) -> Iterator[tuple[str, str]]:
    item = plot.getPlotItem()
    yield where, _plain(item.titleLabel.text, True)
    for side in ("left", "bottom"):
        axis = item.getAxis(side)
        if axis.label.isVisible():
            yield where, axis.label.toPlainText()
        ticks = getattr(axis, "_tickLevels", None)
        for level in ticks or []:
            for _, text in level:
                yield where, str(text)
    legend = item.legend
    if legend is not None:
        for _, label in legend.items:
            yield where, label.text


# A name quoted 「like this」 (a device's label), a URL, a file name or path, an address, a derivation
# path (or its template, a letter for a number), a hex string, or a number with a unit or a code like P10 or BIP84.
_NOT_WORDS = re.compile(
    r"「[^」]*」"
    r"|\b[a-z]+://\S+"
    r"|\b[\w.-]+\.(?:csv|json|psbt|txt|png)\b"  # a file name
    r"|(?:^|\s)(?:/[^\s/]+)+/?"
    r"|\b(?:tb1|bc1|bcrt1)[0-9a-z]{8,}\b"
    r"|\b(?:tb1|bc1|bcrt1)[0-9a-z]? [0-9a-z]{4}(?: [0-9a-z]{1,4})+\b"  # as a device screen groups it
    r"|\b[mM](?:/(?:[0-9]+|[A-Za-z])[hH']?)+"  # m/84h/1h/0h/0/5, or a template: m/44h/60h/Nh/0/i
    r"|\b[0-9a-fA-F]{16,}\b"
    r"|\b[A-Za-z]*[0-9]+[A-Za-z0-9]*\b"
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")


def english_words(texts: Iterator[tuple[str, str]], allowed: frozenset[str]) -> list[str]:
    """'<where> <text>: <word>' for each Latin word in the texts that is not allowed."""
    found: list[str] = []
    for where, text in texts:
        stripped = _NOT_WORDS.sub(" ", text)
        words = [w for w in _WORD.findall(stripped) if w not in allowed and len(w) > 1]
        if words:
            found.append(f"{where} {text[:80]!r}: {', '.join(sorted(set(words)))}")
    return found
