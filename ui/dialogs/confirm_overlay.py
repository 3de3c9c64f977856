"""The "Confirm on your device" overlay: covers the window while the device waits, with Cancel."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget


class ConfirmOverlay(QWidget):
    cancel_requested = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("confirmOverlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("#confirmOverlay { background: rgba(0, 0, 0, 140); }")
        card = QFrame(self)
        card.setObjectName("confirmCard")
        card.setStyleSheet("#confirmCard { background: palette(window); border-radius: 12px; }")
        inner = QVBoxLayout(card)
        heading = QLabel(self.tr("Confirm on your device"), card)
        heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.action = QLabel("", card)
        self.detail = QLabel("", card)
        self.detail.setWordWrap(True)
        self.cancel_button = QPushButton(self.tr("Cancel"), card)
        self.cancel_button.clicked.connect(self.cancel_requested)
        for widget in (heading, self.action, self.detail, self.cancel_button):
            inner.addWidget(widget)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(1)
        self._host = parent
        parent.installEventFilter(self)
        self.hide()

    def show_notice(self, action: str, detail: str) -> None:
        self.action.setText(action)
        self.detail.setText(detail)
        self.setGeometry(self._host.rect())
        self.show()
        self.raise_()
        self.cancel_button.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._host and event.type() == QEvent.Type.Resize:
            self.setGeometry(self._host.rect())
        return False
