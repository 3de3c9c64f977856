"""A QR code in its own window, large enough to scan, or why there is none.

The PSBT page used to show its QR code beside the buttons, where a version-40 code took
the height of the review table. Here it has room; a PSBT too large for one code gets
the sentence that says so and what to do instead (save it to a file).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from ui.qr import show_qr


class QrDialog(QDialog):
    def __init__(self, title: str, text: str, too_large: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("qrDialog")
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        self.code_label = QLabel(self)
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label.setMinimumWidth(320)
        self.fits = show_qr(self.code_label, text, 3, too_large)
        layout.addWidget(self.code_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
