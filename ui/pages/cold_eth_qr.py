"""The air-gapped ways of the Ethereum box, by QR code (ERC-4527; app.usecases.eth_qr):

- online: the transfer built from the send form is reviewed, then shown as an animated
  ``ur:eth-sign-request``; the signature is scanned back, joined to the kept transfer, checked
  and broadcast;
- offline: a scanned request gets the same review as a transaction file, is signed on the
  device, and the signature is shown as ``ur:eth-signature``.

The PSBT page's widgets do the drawing (AnimatedQrDialog) and the scanning (QrScanDialog,
from the camera or from pictures of the frames); this row only wires them to the service.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPushButton, QWidget

from app.airgap.scan import ETH_SIGN_REQUEST, ETH_SIGNATURE
from app.services.device_ports import DeviceQueue
from app.services.eth_ports import EthSendReview, EthWallet
from ui.operations import OperationRunner
from ui.qr_animation import AnimatedQrDialog
from ui.qr_scan import FrameSource, ImageFrameSource, QrScanDialog, image_frames


class EthQrRow(QWidget):
    broadcast_done = Signal(str)  # the transaction hash
    request_shown = Signal(object)  # the AnimatedQrDialog of the request
    answer_shown = Signal(object)  # the AnimatedQrDialog of the signature
    scan_opened = Signal(object)  # the QrScanDialog

    def __init__(
        self,
        wallet: EthWallet | None,
        device: DeviceQueue | None,
        runner: OperationRunner,
        prepare: Callable[[], Callable[[], EthSendReview] | None],
        confirm: tuple[Callable[[EthSendReview], bool], Callable[[EthSendReview], bool]],
        fail: Callable[[str], None],
        parent: QWidget,
    ) -> None:
        """`confirm`: the question before showing the request (online: another machine signs)
        and the one before signing on this machine's device (offline)."""
        super().__init__(parent)
        self._wallet, self._device, self._runner = wallet, device, runner
        self._prepare, self._fail = prepare, fail
        self._confirm_request, self._confirm_signing = confirm
        self.pending: EthSendReview | None = None  # shown for signing; its signature not back yet
        # Where scanned frames come from; the tests give a virtual camera.
        self.frame_source: Callable[[], FrameSource | None] = self._camera_or_pictures
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.show_request_button = QPushButton(self.tr("Sign air-gapped: show as QR…"), self)
        self.show_request_button.setToolTip(
            self.tr("Review the transfer, then show it as QR codes to a signing machine that has no network")
        )
        self.show_request_button.clicked.connect(self.show_request)
        self.scan_answer_button = QPushButton(self.tr("Scan the signature…"), self)
        self.scan_answer_button.setEnabled(False)
        self.scan_answer_button.clicked.connect(self.scan_answer)
        self.scan_request_button = QPushButton(self.tr("Scan a transfer to sign…"), self)
        self.scan_request_button.setToolTip(
            self.tr("On the signing machine: read a transfer from QR codes, review it, sign on the device")
        )
        self.scan_request_button.clicked.connect(self.scan_request)
        row.addStretch(1)
        for button in (self.show_request_button, self.scan_answer_button, self.scan_request_button):
            row.addWidget(button)

    # ---- online: request out, signature in ----

    def show_request(self) -> None:
        work = self._prepare()
        if work is not None:
            self._runner.start(work, self._reviewed_online, self._fail)

    def _reviewed_online(self, review: EthSendReview) -> None:
        wallet = self._wallet
        if wallet is None or not self._confirm_request(review):
            return
        self._runner.start(
            lambda: wallet.qr_request(review), lambda m: self._show_request(review, m), self._fail
        )

    def _show_request(self, review: EthSendReview, message: bytes) -> None:
        self.pending = review
        self.scan_answer_button.setEnabled(True)
        title = self.tr("Ethereum transfer to sign, as QR codes")
        self.request_shown.emit(self._show(message, ETH_SIGN_REQUEST, title))

    def scan_answer(self) -> None:
        title = self.tr("Scan the signature (ur:eth-signature)")
        self._scan(ETH_SIGNATURE, title, self._answer_scanned)

    def _answer_scanned(self, answer: bytes) -> None:
        wallet, review = self._wallet, self.pending
        if wallet is None or review is None:
            return
        self._runner.start(lambda: wallet.broadcast_qr_answer(review, answer), self._broadcast, self._fail)

    def _broadcast(self, tx_hash: str) -> None:
        self.pending = None
        self.scan_answer_button.setEnabled(False)
        self.broadcast_done.emit(tx_hash)

    # ---- offline: request in, review, sign, signature out ----

    def scan_request(self) -> None:
        title = self.tr("Scan a transfer to sign (ur:eth-sign-request)")
        self._scan(ETH_SIGN_REQUEST, title, self._request_scanned)

    def _request_scanned(self, request: bytes) -> None:
        wallet = self._wallet
        if wallet is not None:
            self._runner.start(
                lambda: wallet.review_qr_request(request),
                lambda r: self._reviewed_offline(request, r),
                self._fail,
            )

    def _reviewed_offline(self, request: bytes, review: EthSendReview) -> None:
        if not self._confirm_signing(review):
            return
        if self._device is None:
            self._fail(self.tr("Connect the device first."))
            return
        self._runner.on_device(
            self._device,
            lambda d: d.sign_eth_transfer(review.handle),
            lambda signed: self._signed_offline(request, signed),
            self._fail,
        )

    def _signed_offline(self, request: bytes, signed: object) -> None:
        wallet = self._wallet
        if wallet is not None:
            self._runner.start(lambda: wallet.qr_answer(request, signed), self._show_answer, self._fail)

    def _show_answer(self, answer: bytes) -> None:
        title = self.tr("Signature, as QR codes: show it to the online machine")
        self.answer_shown.emit(self._show(answer, ETH_SIGNATURE, title))

    # ---- the PSBT page's widgets ----

    def _show(self, message: bytes, ur_type: str, title: str) -> AnimatedQrDialog:
        dialog = AnimatedQrDialog(message, self._runner, self, ur_type=ur_type, title=title)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _scan(self, wanted: str, title: str, scanned: Callable[[bytes], None]) -> None:
        source = self.frame_source()
        if source is None:
            return
        dialog = QrScanDialog(source, self._runner, self, wanted=wanted, title=title)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.scanned.connect(scanned)
        dialog.open()
        self.scan_opened.emit(dialog)

    def _camera_or_pictures(self) -> FrameSource | None:
        from ui.camera import CameraFrameSource, camera_available  # Qt Multimedia loads on first use

        if camera_available():
            return CameraFrameSource.default_camera(parent=self)
        names, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Images of QR codes"), "", self.tr("Images (*.png *.jpg *.jpeg *.gif *.bmp)")
        )
        images = [frame for name in names for frame in image_frames(name)]
        return ImageFrameSource(images, parent=self) if images else None
