"""Import a holdings CSV: which account it is, and on which venue."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from app.services.ports import KNOWN_VENUES


class ImportCsvDialog(QDialog):
    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importCsvDialog")
        self.setWindowTitle(self.tr("Import holdings CSV"))
        form = QFormLayout(self)
        form.addRow(self.tr("File:"), QLabel(path.name, self))
        self.name_edit = QLineEdit(path.stem, self)
        self.venue_box = QComboBox(self)
        self.venue_box.addItems(list(KNOWN_VENUES))
        self.venue_box.setEditable(True)
        form.addRow(self.tr("Account name:"), self.name_edit)
        form.addRow(self.tr("Venue:"), self.venue_box)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        form.addRow(box)

    def choice(self) -> tuple[str, str]:
        return self.name_edit.text().strip(), self.venue_box.currentText().strip()
