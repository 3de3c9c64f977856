"""Passphrase entry: typed here (twice, they must match) or on the device when it has a keyboard."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)


class PassphraseDialog(QDialog):
    def __init__(self, on_device_possible: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("passphraseDialog")
        self.setWindowTitle(self.tr("Passphrase"))
        layout = QVBoxLayout(self)
        note = QLabel(
            self.tr("A passphrase opens a different wallet. An empty passphrase opens the standard one."),
            self,
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        form = QFormLayout()
        self.first = QLineEdit(self)
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.second = QLineEdit(self)
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Passphrase:"), self.first)
        form.addRow(self.tr("Again:"), self.second)
        layout.addLayout(form)
        self.on_device = QCheckBox(self.tr("Type it on the device instead"), self)
        self.on_device.setVisible(on_device_possible)
        self.on_device.toggled.connect(self._toggle)
        layout.addWidget(self.on_device)
        self.mismatch = QLabel(self.tr("The two entries differ."), self)
        self.mismatch.setStyleSheet("color: #dc2626;")
        self.mismatch.hide()
        layout.addWidget(self.mismatch)
        self.box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, parent=self
        )
        self.box.accepted.connect(self._accept_if_matching)
        self.box.rejected.connect(self.reject)
        layout.addWidget(self.box)

    def _toggle(self, on_device: bool) -> None:
        self.first.setEnabled(not on_device)
        self.second.setEnabled(not on_device)

    def _accept_if_matching(self) -> None:
        if not self.on_device.isChecked() and self.first.text() != self.second.text():
            self.mismatch.show()
            return
        self.accept()

    def answer(self) -> tuple[str, bool]:
        on_device = self.on_device.isChecked()
        return ("" if on_device else self.first.text(), on_device)
