"""Scanning animated or still QR codes: a frame source (a camera, or images played as one)
feeds a scan dialog that shows the parts received and hands over the PSBT's bytes.

`FrameSource` is what a camera and the test's virtual camera both are: an object that,
once started, emits `frame_ready(QImage)` until stopped. `ImageFrameSource` plays images
(files a person picked, or rendered frames in the tests) at a frame rate, looping. Reading
a frame (zxing-cpp) runs on the worker pool; while one is being read, newer frames are
dropped, as a real scanner does, so the GUI thread never waits on the decoder.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal, SignalInstance
from PySide6.QtGui import QCloseEvent, QImage, QImageReader
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.airgap.scan import ForeignFrame, QrScan, QrTransportError, ScanProgress
from ui.operations import OperationRunner


class FrameSource(Protocol):
    frame_ready: SignalInstance

    def start(self) -> None: ...

    def stop(self) -> None: ...


class ImageFrameSource(QObject):
    """A virtual camera: the given images, one per tick at `fps`, round and round."""

    frame_ready = Signal(QImage)

    def __init__(self, images: list[QImage], fps: float = 8.0, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._images = images
        self._next = 0
        self._timer = QTimer(self)
        self._timer.setInterval(round(1000 / fps))
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        if self._images:
            self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        image = self._images[self._next % len(self._images)]
        self._next += 1
        self.frame_ready.emit(image)


def grey_rows(image: QImage) -> tuple[bytes, int, int]:
    """The frame as tightly packed 8-bit grey rows (QImage pads rows to 4 bytes)."""
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    width, height, stride = grey.width(), grey.height(), grey.bytesPerLine()
    raw = bytes(grey.constBits())[: stride * height]
    if stride == width:
        return raw, width, height
    return b"".join(raw[row * stride : row * stride + width] for row in range(height)), width, height


def _read_texts(pixels: bytes, width: int, height: int) -> list[str]:
    """The QR codes' texts in one grey frame (on a worker: zxing-cpp and numpy load here, on
    the first frame, not while the window is built)."""
    from app.airgap.frames import read_qr_texts_gray

    return read_qr_texts_gray(pixels, width, height)


class QrScanDialog(QDialog):
    scanned = Signal(bytes)  # the PSBT's bytes (binary, or base64/hex text of a single code)

    def __init__(
        self,
        source: FrameSource,
        runner: OperationRunner,
        parent: QWidget | None = None,
        *,
        wanted: str = "P",
        title: str | None = None,
    ) -> None:
        """`wanted`: what the scan accepts (QrScan's: "P" a PSBT, or an ERC-4527 UR type, whose
        CBOR message `scanned` then carries)."""
        super().__init__(parent)
        self.setObjectName("qrScanDialog")
        self.setWindowTitle(title or self.tr("Scan a PSBT QR code"))
        self._source, self._runner = source, runner
        self._scan = QrScan(wanted)
        self._reading = False
        self.refused: list[str] = []
        layout = QVBoxLayout(self)
        self.progress_label = QLabel(self.tr("Show the QR code to the camera."), self)
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setRange(0, 0)
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.restart_button = QPushButton(self.tr("Start over"), self)
        self.restart_button.clicked.connect(self.restart)
        for widget in (self.progress_label, self.progress_bar, self.status_label, self.restart_button):
            layout.addWidget(widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.finished.connect(lambda _code: self._source.stop())
        source.frame_ready.connect(self._on_frame)
        source.start()

    def restart(self) -> None:
        self._scan.restart()
        self.status_label.clear()
        self._show(self._scan.progress())

    def _on_frame(self, image: QImage) -> None:
        if self._reading or self._scan.result is not None:
            return  # still reading the previous frame: this one is dropped
        self._reading = True
        pixels, width, height = grey_rows(image)
        self._runner.start(lambda: _read_texts(pixels, width, height), self._on_texts, self._on_error)

    def _on_error(self, message: str) -> None:
        self._reading = False
        self.status_label.setText(message)

    def _on_texts(self, texts: list[str]) -> None:
        self._reading = False
        for text in texts:
            if self._scan.result is not None:
                break
            try:
                self._show(self._scan.receive(text))
            except ForeignFrame as exc:
                self._refuse(
                    self.tr(
                        "Ignored a frame of another QR series ({0}). Start over to scan that one."
                    ).format(exc)
                )
            except QrTransportError as exc:
                self._refuse(self.tr("Ignored an unusable QR code: {0}").format(exc))
        if self._scan.result is not None:
            self._source.stop()
            self.scanned.emit(self._scan.result)
            self.accept()

    def _refuse(self, message: str) -> None:
        self.refused.append(message)
        self.status_label.setText(message)

    def _show(self, progress: ScanProgress) -> None:
        if progress.needed is None:
            self.progress_bar.setRange(0, 0)
            self.progress_label.setText(self.tr("Show the QR code to the camera."))
            return
        self.progress_bar.setRange(0, progress.needed)
        self.progress_bar.setValue(progress.received)
        self.progress_label.setText(
            self.tr("{0}: {1} of {2} parts ({3} frames read)").format(
                progress.kind, progress.received, progress.needed, progress.frames_seen
            )
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self._source.stop()
        super().closeEvent(event)


def image_frames(name: str) -> list[QImage]:
    """Every frame of an image file (all of an animated GIF)."""
    reader = QImageReader(name)
    frames = []
    while True:
        image = reader.read()
        if image.isNull():
            break
        frames.append(image)
        if not reader.supportsAnimation() or not reader.jumpToNextImage():
            break
    return frames
