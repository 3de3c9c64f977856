"""The host-side PIN matrix: nine blank buttons; the device shows which digit sits where.

The device scrambles digits 1-9 on a 3x3 grid; the person clicks the *positions*, which
travel as keypad numbers (7 8 9 on top, 1 2 3 at the bottom), so the host never learns
the PIN. The buttons therefore carry no digits.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

# Keypad numbering of the positions, top row first (trezorlib's PIN_MATRIX_DESCRIPTION).
KEYPAD_ROWS = ((7, 8, 9), (4, 5, 6), (1, 2, 3))
MAX_PIN_LENGTH = 50


class PinMatrixDialog(QDialog):
    def __init__(self, attempt: int, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pinDialog")
        self.setWindowTitle(self.tr("Enter PIN"))
        layout = QVBoxLayout(self)
        prompts = {
            "current": self.tr("Enter the PIN: click the positions of its digits as the device shows them."),
            "new": self.tr("Choose a new PIN: click the positions of its digits as the device shows them."),
            "new_again": self.tr("Enter the new PIN again."),
            "wipe_code": self.tr("Enter the wipe code."),
        }
        text = prompts.get(kind, prompts["current"])
        if attempt > 1:
            text += " " + self.tr("(attempt {0})").format(attempt)
        label = QLabel(text, self)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.positions = ""
        self.display = QLineEdit(self)
        self.display.setReadOnly(True)
        self.display.setEchoMode(QLineEdit.EchoMode.Password)
        self.display.setAccessibleName(self.tr("PIN entered so far"))
        layout.addWidget(self.display)
        grid = QGridLayout()
        self.buttons: dict[int, QPushButton] = {}
        for row, numbers in enumerate(KEYPAD_ROWS):
            for column, number in enumerate(numbers):
                button = QPushButton("•", self)
                button.setMinimumSize(56, 56)
                button.setAccessibleName(self.tr("position {0}").format(number))
                button.clicked.connect(lambda _=False, n=number: self.press(n))
                grid.addWidget(button, row, column)
                self.buttons[number] = button
        layout.addLayout(grid)
        backspace = QPushButton(self.tr("Delete last"), self)
        backspace.clicked.connect(self.delete_last)
        layout.addWidget(backspace)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout.addWidget(box)

    def press(self, number: int) -> None:
        if len(self.positions) < MAX_PIN_LENGTH:
            self.positions += str(number)
            self.display.setText("•" * len(self.positions))

    def delete_last(self) -> None:
        self.positions = self.positions[:-1]
        self.display.setText("•" * len(self.positions))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Keypad digits press the position with the same number (full keyboard entry)."""
        text = event.text()
        if text and text in "123456789":
            self.press(int(text))
        elif event.key() == Qt.Key.Key_Backspace:
            self.delete_last()
        else:
            super().keyPressEvent(event)
