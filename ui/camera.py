"""Camera frames for the QR scanner through Qt Multimedia.

A `QMediaCaptureSession` delivers video frames to a `QVideoSink`; `CameraFrameSource` turns
them into `QImage`s on `frame_ready` (the scan dialog's `FrameSource`). The session's input
is a webcam (`QCamera`) in use, or a `QVideoFrameInput` — Qt's own way to push frames into
a capture session — for a virtual camera fed from images, which is how the tests drive the
same path without hardware. Frames are thinned to `max_fps` before conversion: the decoder
reads a few per second and a webcam may deliver 30 or 60.
"""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QObject, Signal
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import (
    QCamera,
    QMediaCaptureSession,
    QMediaDevices,
    QVideoFrame,
    QVideoFrameInput,
    QVideoSink,
)


def camera_available() -> bool:
    return bool(QMediaDevices.videoInputs())


class CameraFrameSource(QObject):
    frame_ready = Signal(QImage)

    def __init__(self, max_fps: float = 15.0, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = QMediaCaptureSession(self)
        self._sink = QVideoSink(self)
        self.session.setVideoSink(self._sink)
        self._sink.videoFrameChanged.connect(self._on_frame)
        self._camera: QCamera | None = None
        self.frame_input: QVideoFrameInput | None = None
        self._active = False
        self._min_interval_ms = round(1000 / max_fps)
        self._since_last = QElapsedTimer()

    @classmethod
    def default_camera(cls, parent: QObject | None = None) -> CameraFrameSource:
        source = cls(parent=parent)
        source._camera = QCamera(QMediaDevices.defaultVideoInput(), source)
        source.session.setCamera(source._camera)
        return source

    @classmethod
    def frame_input_source(cls, parent: QObject | None = None) -> CameraFrameSource:
        """A capture session fed by `frame_input.sendVideoFrame(...)` instead of a camera."""
        source = cls(parent=parent)
        source.frame_input = QVideoFrameInput(source)
        source.session.setVideoFrameInput(source.frame_input)
        return source

    def start(self) -> None:
        self._active = True
        if self._camera is not None:
            self._camera.start()

    def stop(self) -> None:
        self._active = False
        if self._camera is not None:
            self._camera.stop()

    def _on_frame(self, frame: QVideoFrame) -> None:
        if not self._active or not frame.isValid():
            return
        if self._since_last.isValid() and self._since_last.elapsed() < self._min_interval_ms:
            return
        self._since_last.start()
        image = frame.toImage()
        if not image.isNull():
            self.frame_ready.emit(image)
