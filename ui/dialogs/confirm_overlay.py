"""The "Confirm on your device" overlay: covers the pages (never the device) while it waits.

It names the device's screen in the user's language ("Confirm output", not the protocol's
"ConfirmOutput"), lists in full what to compare with the device (address and path, each
payment, the change, the fee), says what refusing means on the connected model, and
offers Cancel. It covers only the page area it is given, so the demo's software device,
docked beside it, stays visible and clickable.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QFormLayout, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.services.device_ports import CompareLines

CARD_WIDTH = 560


def _words(code_name: str) -> str:
    """A code name the overlay has no sentence for, as words ("FirmwareCheck" → "Firmware check")."""
    parts = re.findall(r"[A-Z][a-z0-9]*|[a-z0-9]+", code_name) or [code_name]
    return " ".join([parts[0], *(p.lower() for p in parts[1:])])


class ConfirmOverlay(QWidget):
    cancel_requested = Signal()

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.setObjectName("confirmOverlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("#confirmOverlay { background: rgba(0, 0, 0, 140); }")
        self.refuse_note_text = ""
        card = QFrame(self)
        card.setObjectName("confirmCard")
        card.setStyleSheet("#confirmCard { background: palette(window); border-radius: 12px; }")
        # A fixed width (not only a maximum): the wrapped lines then get the height they need;
        # an aligned, shrink-to-hint card lost its height-for-width and cut the last lines.
        card.setFixedWidth(CARD_WIDTH)
        inner = QVBoxLayout(card)
        heading = QLabel(self.tr("Confirm on your device"), card)
        heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.action = QLabel("", card)
        self.action.setStyleSheet("font-size: 12pt; font-weight: bold;")
        self.detail = QLabel("", card)
        self.detail.setWordWrap(True)
        self.compare_form = QFormLayout()
        self.refuse_note = QLabel("", card)
        self.refuse_note.setWordWrap(True)
        self.cancel_button = QPushButton(self.tr("Cancel"), card)
        self.cancel_button.clicked.connect(self.cancel_requested)
        inner.addWidget(heading)
        inner.addWidget(self.action)
        inner.addWidget(self.detail)
        inner.addLayout(self.compare_form)
        inner.addWidget(self.refuse_note)
        inner.addWidget(self.cancel_button)
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(card)
        centred.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(centred)
        outer.addStretch(1)
        self._host = host
        host.installEventFilter(self)
        self.hide()

    # ---- words ----

    def _screen_names(self) -> dict[str, tuple[str, str]]:
        """ButtonRequest code → (the screen's name, what to do), in the user's language."""
        return {
            "Address": (
                self.tr("Check the address"),
                self.tr("Compare the whole address on the device with the one below."),
            ),
            "PublicKey": (self.tr("Check the public key"), self.tr("Check the public key on the device.")),
            "ConfirmOutput": (
                self.tr("Confirm output"),
                self.tr("Check each recipient and amount on the device."),
            ),
            "SignTx": (
                self.tr("Confirm the transaction"),
                self.tr("Check the amounts and the fee, then confirm on the device."),
            ),
            "FeeOverThreshold": (
                self.tr("High fee"),
                self.tr("The fee is unusually high; check it on the device."),
            ),
            "ProtectCall": (self.tr("Confirm the request"), self.tr("Confirm the request on the device.")),
            "PinEntry": (self.tr("Enter the PIN"), self.tr("Enter your PIN on the device.")),
            "PassphraseEntry": (
                self.tr("Type the passphrase"),
                self.tr("Type the passphrase on the device."),
            ),
            "UnknownDerivationPath": (
                self.tr("Unusual derivation path"),
                self.tr("The device warns about an unusual derivation path."),
            ),
            "Warning": (self.tr("Warning"), self.tr("Read the warning on the device.")),
            "Other": (self.tr("Confirm"), self.tr("Confirm on the device.")),
        }

    def _compare_names(self) -> dict[str, str]:
        return {
            "address": self.tr("Address"),
            "path": self.tr("Path"),
            "pay": self.tr("Send"),
            "change": self.tr("Change (back to you)"),
            "fee": self.tr("Fee"),
        }

    # ---- showing ----

    def set_refuse_note(self, text: str) -> None:
        """What refusing means on the connected device (set when it is connected)."""
        self.refuse_note_text = text

    def _device_layer_details(self) -> dict[str, str]:
        """The device layer's per-model sentences (wallet/devices/prompts.py), in the user's
        language; one not listed here is shown as the device layer wrote it."""
        return {
            "check this recipient's address and amount on the device": self.tr(
                "Check this recipient's address and amount on the device."
            ),
            "check the signing address and the message on the device, then confirm": self.tr(
                "Check the signing address and the message on the device, then confirm."
            ),
            "three screens on the device: the signing address, the message, then 'Sign Message';"
            " press YES on each": self.tr(
                "Three screens on the device: the signing address, the message, then 'Sign Message';"
                " press YES on each."
            ),
            "check the device: a recipient shows its amount, then its address (YES on each; the "
            "lock time, if set, is one more screen). After the last one the device shows the fee "
            "and then the total with no further notice here: check both and press YES on each": self.tr(
                "Check the device: a recipient shows its amount, then its address (YES on each; the"
                " lock time, if set, is one more screen). After the last one the device shows the fee"
                " and then the total with no further notice here: check both and press YES on each."
            ),
            "check the device: a recipient shows its address, then its amount (YES on each; the "
            "lock time, if set, is one more screen). After the last one the device shows the total "
            "with no further notice here: press DOWN to see the fee, then YES to sign": self.tr(
                "Check the device: a recipient shows its address, then its amount (YES on each; the"
                " lock time, if set, is one more screen). After the last one the device shows the total"
                " with no further notice here: press DOWN to see the fee, then YES to sign."
            ),
            "compare the address on the device with the one shown here and tap Done; the device's "
            "QR code button only shows a QR code, so to refuse, cancel here": self.tr(
                "Compare the address on the device with the one below and tap Done. The device's QR"
                " code button only shows a QR code: to refuse, press Cancel here."
            ),
            "compare the address on the device with the one shown here and press YES; NO on the "
            "device only shows a QR code, so to refuse, cancel here": self.tr(
                "Compare the address on the device with the one below and press YES. NO on the"
                " device only shows a QR code: to refuse, press Cancel here."
            ),
            "the last screen: slide to sign on the device (or reject there)": self.tr(
                "The last screen: slide to sign on the device (or reject there)."
            ),
            "check each recipient's address and amount on the device, then the amount, fee and "
            "total, and slide to sign on the last screen": self.tr(
                "Check each recipient's address and amount on the device, then the amount, fee and"
                " total, and slide to sign on the last screen."
            ),
            "compare the address on the device with the one shown here and press YES, then YES on "
            "the path screen; NO on the device only shows a QR code, so to refuse, cancel here": self.tr(
                "Compare the address on the device with the one below and press YES, then YES on"
                " the path screen. NO on the device only shows a QR code: to refuse, press Cancel here."
            ),
        }

    def show_notice(self, action: str, detail: str, compare: CompareLines = ()) -> None:
        names, details = self._screen_names(), self._device_layer_details()
        name, generic = names.get(action, (_words(action), detail))
        if action == "SignMessage":
            name = self.tr("Sign the message")
        # the device layer's sentence for this request and model, else the code's own sentence,
        # else the device layer's words as they are
        todo = details.get(detail) or (generic if action in names else detail)
        self.action.setText(name)
        self.detail.setText(todo)
        self._fill_compare(compare)
        self.refuse_note.setText(self.refuse_note_text)
        self.refuse_note.setVisible(bool(self.refuse_note_text))
        self.setGeometry(self._host.rect())
        self.show()
        self.raise_()
        self.cancel_button.setFocus()

    def _fill_compare(self, compare: CompareLines) -> None:
        while self.compare_form.rowCount():
            self.compare_form.removeRow(0)
        names = self._compare_names()
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        for what, value in compare:
            shown = QLabel(value)
            shown.setFont(mono)
            shown.setWordWrap(True)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.compare_form.addRow(names.get(what, what), shown)

    def compared_text(self) -> list[str]:
        """The values listed to compare, in order (for tests and screen readers)."""
        found = []
        for row in range(self.compare_form.rowCount()):
            item = self.compare_form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            widget = item.widget() if item is not None else None
            if isinstance(widget, QLabel):
                found.append(widget.text())
        return found

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._host and event.type() == QEvent.Type.Resize:
            self.setGeometry(self._host.rect())
        return False
