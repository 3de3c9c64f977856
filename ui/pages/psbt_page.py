"""PSBT: open, paste or drop a PSBT; review it; sign on the device; save, QR; finalize.

In demo mode a spend from the cold account's demo coins can be built here. Reading,
reviewing and finalizing run on workers; signing is queued on the device thread itself.
What is "ours" depends on the cold accounts: when the core says one was added
(`AccountAdded`), the page reviews the PSBT it shows again by itself.
"""

from __future__ import annotations

import base64
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
)

from app.events import AccountAdded
from app.services.device_ports import DeviceQueue
from app.services.ports import FinalTransaction, PsbtDocument, PsbtTools
from ui.events import QtEvents
from ui.operations import OperationRunner
from ui.qr_animation import AnimatedQrDialog
from ui.qr_scan import FrameSource, ImageFrameSource, QrScanDialog, image_frames
from ui.widgets import Page, show_error

SAT_PER_BTC = 100_000_000
PSBT_MAGIC = b"psbt\xff"


def _btc(sats: int | None) -> str:
    return "—" if sats is None else f"{sats / SAT_PER_BTC:.8f}"


class PsbtPage(Page):
    loaded = Signal(object)  # PsbtDocument
    signed = Signal(object)  # PsbtDocument
    finalized = Signal(object)  # FinalTransaction
    broadcast_done = Signal(str)  # txid
    reviewed_again = Signal(object)  # PsbtDocument, after the cold accounts changed
    failed = Signal(str)

    def __init__(
        self, demo: bool, tools: PsbtTools | None, device: DeviceQueue | None, runner: OperationRunner
    ) -> None:
        super().__init__(self.tr("PSBT"), demo)
        self._tools = tools
        self._device = device
        self._runner = runner
        self._demo = demo
        self.document: PsbtDocument | None = None
        self.final: FinalTransaction | None = None
        self.setAcceptDrops(True)
        self._build_input_row()
        if demo:
            self._build_demo_row()
        self._build_review()
        self._build_actions()

    def _build_input_row(self) -> None:
        row = QHBoxLayout()
        self.open_button = QPushButton(self.tr("Open file…"), self)
        self.open_button.clicked.connect(self.open_file)
        self.paste_edit = QPlainTextEdit(self)
        self.paste_edit.setPlaceholderText(
            self.tr("Paste a PSBT (base64 or hex) here, or drop a file on this page")
        )
        self.paste_edit.setMaximumHeight(60)
        self.load_button = QPushButton(self.tr("Load pasted"), self)
        self.load_button.clicked.connect(lambda: self.load_text(self.paste_edit.toPlainText()))
        row.addWidget(self.open_button)
        row.addWidget(self.paste_edit, 1)
        row.addWidget(self.load_button)
        self.scan_button = QPushButton(self.tr("Scan QR…"), self)
        self.scan_button.setToolTip(
            self.tr("Read a PSBT from QR codes: the camera, or pictures or screenshots of the frames")
        )
        self.scan_button.clicked.connect(self.scan_qr)
        row.addWidget(self.scan_button)
        self.body.addLayout(row)

    def _build_demo_row(self) -> None:
        box = QGroupBox(self.tr("Build a spend from the demo coins"), self)
        row = QHBoxLayout(box)
        self.to_edit = QLineEdit(box)
        self.to_edit.setPlaceholderText(self.tr("pay to (testnet address)"))
        self.amount_edit = QLineEdit("0.01", box)
        self.amount_edit.setAccessibleName(self.tr("Amount in BTC"))
        self.coins_spin = QSpinBox(box)
        self.coins_spin.setRange(1, 200)
        self.coins_spin.setValue(3)
        self.coins_spin.setAccessibleName(self.tr("Number of demo coins to spend"))
        self.build_button = QPushButton(self.tr("Build PSBT"), box)
        self.build_button.clicked.connect(self.build_demo_spend)
        row.addWidget(self.to_edit, 2)
        row.addWidget(QLabel(self.tr("BTC:"), box))
        row.addWidget(self.amount_edit)
        row.addWidget(QLabel(self.tr("coins:"), box))
        row.addWidget(self.coins_spin)
        row.addWidget(self.build_button)
        self.body.addWidget(box)

    def _build_review(self) -> None:
        self.summary_label = QLabel(self.tr("No PSBT loaded."), self)
        self.summary_label.setWordWrap(True)
        self.body.addWidget(self.summary_label)
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Side"),
                self.tr("Address"),
                self.tr("Amount (BTC)"),
                self.tr("Ownership"),
                self.tr("Detail"),
            ]
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAccessibleName(self.tr("PSBT review"))
        self.body.addWidget(self.table, 1)
        self.warnings_list = QListWidget(self)
        self.warnings_list.setMaximumHeight(70)
        self.body.addWidget(self.warnings_list)

    def _build_actions(self) -> None:
        row = QHBoxLayout()
        self.sign_button = QPushButton(self.tr("Sign on device"), self)
        self.sign_button.clicked.connect(self.sign)
        self.save_button = QPushButton(self.tr("Save…"), self)
        self.save_button.clicked.connect(self.save_file)
        self.copy_button = QPushButton(self.tr("Copy base64"), self)
        self.copy_button.clicked.connect(self._copy)
        self.finalize_button = QPushButton(self.tr("Finalize"), self)
        self.finalize_button.clicked.connect(self.finalize)
        self.broadcast_button = QPushButton(self.tr("Broadcast"), self)
        self.broadcast_button.clicked.connect(self.broadcast)
        self.broadcast_button.setVisible(not self._demo)
        self.qr_button = QPushButton(self.tr("QR code"), self)
        self.qr_button.clicked.connect(self.show_qr_code)
        buttons = (
            self.sign_button,
            self.save_button,
            self.copy_button,
            self.finalize_button,
            self.broadcast_button,
            self.qr_button,
        )
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        self.body.addLayout(row)
        self.raw_edit = QPlainTextEdit(self)
        self.raw_edit.setReadOnly(True)
        self.raw_edit.setMaximumHeight(60)
        self.raw_edit.setPlaceholderText(self.tr("The final transaction appears here after Finalize."))
        self.body.addWidget(self.raw_edit)
        self._update_buttons()

    # ---- loading ----

    def _tools_or_error(self) -> PsbtTools | None:
        if self._tools is None:
            show_error(self, self.tr("PSBT tools are not available."))
        return self._tools

    def _fail(self, message: str) -> None:
        self.failed.emit(message)
        show_error(self, message)

    def load_text(self, text: str) -> None:
        tools = self._tools_or_error()
        if tools is not None:
            self._runner.start(lambda: tools.load_text(text), self._show_loaded, self._fail)

    def load_path(self, path: Path) -> None:
        tools = self._tools_or_error()
        if tools is not None:
            self._runner.start(lambda: tools.load_file(path), self._show_loaded, self._fail)

    def open_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open PSBT"), "", self.tr("PSBT (*.psbt);;All files (*)")
        )
        if name:
            self.load_path(Path(name))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if mime.hasUrls() or mime.hasText():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        mime = event.mimeData()
        if mime.hasUrls() and mime.urls()[0].isLocalFile():
            self.load_path(Path(mime.urls()[0].toLocalFile()))
        elif mime.hasText():
            self.load_text(mime.text())
        event.acceptProposedAction()

    def build_demo_spend(self) -> None:
        tools = self._tools_or_error()
        if tools is None:
            return
        try:
            amount = round(float(self.amount_edit.text()) * SAT_PER_BTC)
        except ValueError:
            show_error(self, self.tr("The amount must be a number of BTC, e.g. 0.01"))
            return
        address, coins = self.to_edit.text().strip(), self.coins_spin.value()
        self._runner.start(lambda: tools.demo_spend(address, amount, coins), self._show_loaded, self._fail)

    def follow(self, events: QtEvents) -> None:
        """Refresh from the core's events (see the module docstring)."""
        events.account_added.connect(self._account_added)

    def _account_added(self, event: AccountAdded) -> None:
        """A new cold account may own inputs or change the shown review called not ours."""
        document, tools = self.document, self._tools
        if event.place != "cold" or document is None or tools is None:
            return

        def renewed(fresh: PsbtDocument) -> None:
            if self.document is document:  # nothing else was opened meanwhile
                self._show(fresh)
                self.reviewed_again.emit(fresh)

        self._runner.start(lambda: tools.review(document.base64), renewed, self._fail)

    def show_document(self, document: PsbtDocument) -> None:
        """Show a PSBT prepared elsewhere (a send from the Cold storage page)."""
        self._show_loaded(document)

    def _show_loaded(self, document: PsbtDocument) -> None:
        self.final = None
        self.raw_edit.clear()
        self._show(document)
        self.loaded.emit(document)

    def _show(self, document: PsbtDocument) -> None:
        self.document = document
        self.table.setRowCount(len(document.lines))
        sides = {"input": self.tr("input"), "output": self.tr("output")}
        words = {
            "ours": self.tr("ours"),
            "not ours": self.tr("not ours"),
            "change": self.tr("change"),
            "receive": self.tr("receive"),
            "external": self.tr("external"),
            "signed": self.tr("signed"),
            "final": self.tr("final"),
        }
        for r, line in enumerate(document.lines):
            cells = [
                f"{sides[line.side]} #{line.index}",
                line.address,
                _btc(line.amount_sat),
                words.get(line.ownership, line.ownership),
                " ".join(words.get(part, part) for part in line.detail.split()),
            ]
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        rate = "—" if document.fee_rate is None else f"{document.fee_rate:.2f}"
        self.summary_label.setText(
            self.tr("transaction ID {0} on {1}; fee {2} BTC ({3} sat/vB); {4} of {5} inputs signed").format(
                document.txid,
                document.network,
                _btc(document.fee_sat),
                rate,
                document.signed_inputs,
                document.input_count,
            )
        )
        self.warnings_list.clear()
        self.warnings_list.addItems(list(document.warnings))
        self._update_buttons()

    def _update_buttons(self) -> None:
        document = self.document
        has = document is not None
        self.sign_button.setEnabled(has and self._device is not None and not (document and document.blocking))
        self.save_button.setEnabled(has)
        self.copy_button.setEnabled(has)
        self.qr_button.setEnabled(has)
        self.finalize_button.setEnabled(has)
        self.broadcast_button.setEnabled(self.final is not None)

    # ---- acting ----

    def sign(self) -> None:
        document, device, tools = self.document, self._device, self._tools
        if document is None or device is None or tools is None:
            return
        self.sign_button.setEnabled(False)

        def review(signed_base64: str) -> None:  # the device is done: its review is pool work
            self._runner.start(lambda: tools.review(signed_base64), self._show_signed, self._sign_failed)

        self._runner.on_device(device, lambda d: d.sign_psbt(document.base64), review, self._sign_failed)

    def _show_signed(self, document: PsbtDocument) -> None:
        self._show(document)
        self.signed.emit(document)

    def _sign_failed(self, message: str) -> None:
        self._update_buttons()
        self._fail(message)

    def finalize(self) -> None:
        document, tools = self.document, self._tools
        if document is None or tools is None:
            return
        self._runner.start(lambda: tools.finalize(document.base64), self._show_final, self._fail)

    def _show_final(self, final: FinalTransaction) -> None:
        self.final = final
        self._show(final.document)
        self.raw_edit.setPlainText(final.raw_hex)
        self.finalized.emit(final)

    def broadcast(self) -> None:
        final, tools = self.final, self._tools
        if final is None or tools is None:
            return
        self.broadcast_button.setEnabled(False)
        self._runner.start(lambda: tools.broadcast(final.raw_hex), self._broadcasted, self._fail)

    def _broadcasted(self, txid: str) -> None:
        self.summary_label.setText(
            self.tr("Sent: transaction {0} was handed to the chain backend.").format(txid)
        )
        self.broadcast_done.emit(txid)

    def save_file(self) -> None:
        document, tools = self.document, self._tools
        if document is None or tools is None:
            return
        name, chosen = QFileDialog.getSaveFileName(
            self,
            self.tr("Save PSBT"),
            "transaction.psbt",
            self.tr("Binary PSBT (*.psbt);;Base64 text (*.txt)"),
        )
        if name:
            binary = not chosen.endswith("(*.txt)")
            self._runner.start(
                lambda: tools.save(document.base64, Path(name), binary=binary), lambda _: None, self._fail
            )

    def _copy(self) -> None:
        if self.document is not None:
            QApplication.clipboard().setText(self.document.base64)

    def show_qr_code(self) -> AnimatedQrDialog | None:
        """The PSBT as QR codes in their own window: one still code when it fits, else animated."""
        if self.document is None:
            return None
        psbt = base64.b64decode(self.document.base64)
        dialog = AnimatedQrDialog(psbt, self._runner, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def scan_qr(self) -> None:
        """The camera when there is one, else pictures of the frames."""
        from ui.camera import CameraFrameSource, camera_available  # Qt Multimedia loads on first use

        if camera_available():
            self.open_scan(CameraFrameSource.default_camera(parent=self))
        else:
            self.scan_images()

    def scan_images(self) -> None:
        """Play picked images of QR frames to the scanner, as a camera would show them."""
        names, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Images of QR codes"), "", self.tr("Images (*.png *.jpg *.jpeg *.gif *.bmp)")
        )
        images = [frame for name in names for frame in image_frames(name)]
        if images:
            self.open_scan(ImageFrameSource(images, parent=self))

    def open_scan(self, source: FrameSource) -> QrScanDialog:
        """Scan from `source`; the PSBT it yields is loaded (strict parser, review) like a file."""
        dialog = QrScanDialog(source, self._runner, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.scanned.connect(self._scanned)
        dialog.open()
        return dialog

    def _scanned(self, data: bytes) -> None:
        binary = data.startswith(PSBT_MAGIC)
        self.load_text(base64.b64encode(data).decode("ascii") if binary else data.decode("ascii", "replace"))
