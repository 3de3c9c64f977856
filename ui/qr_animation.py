"""A PSBT as an animated QR code: UR or BBQr, density and frame rate settable. With `ur_type`,
any UR message instead (an Ethereum eth-sign-request or eth-signature): UR only.

Frames are drawn off the GUI thread (segno takes tens of milliseconds a frame); the dialog
only swaps ready pixmaps on a timer. One frame (a small PSBT) is shown still.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.airgap.settings import (
    DEFAULT_FPS,
    DEFAULT_VERSION,
    MAX_VERSION,
    MIN_VERSION,
    AnimationSettings,
    QrFormat,
)
from ui.operations import OperationRunner

if TYPE_CHECKING:  # numpy, segno and zxing-cpp load with the first animation, on its worker
    from app.airgap.frames import FramePasses


class AnimatedQrDialog(QDialog):
    def __init__(
        self,
        psbt: bytes,
        runner: OperationRunner,
        parent: QWidget | None = None,
        *,
        ur_type: str | None = None,
        title: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("animatedQrDialog")
        self.setWindowTitle(title or self.tr("PSBT as QR codes"))
        self._psbt, self._runner, self._ur_type = psbt, runner, ur_type
        self._generation = 0
        self.frames: list[tuple[str, QPixmap]] = []
        self.shown = 0
        self.passes_shown = 0
        self._passes: FramePasses | None = None
        self._next_pass: list[tuple[str, QPixmap]] | None = None
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._next_frame)
        layout = QVBoxLayout(self)
        self._build_settings(layout)
        self.code_label = QLabel(self)
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label.setMinimumSize(360, 360)
        layout.addWidget(self.code_label)
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        # The status grows from "Drawing…" to a two-line frame count (longer in Japanese); a
        # shown dialog does not grow with it, so the room for two lines is kept from the start.
        self.status_label.setMinimumHeight(2 * self.status_label.fontMetrics().lineSpacing() + 4)
        layout.addWidget(self.status_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.finished.connect(self._stop)
        self.redraw()

    def _build_settings(self, layout: QVBoxLayout) -> None:
        form = QFormLayout()
        self.format_combo = QComboBox(self)
        self.format_combo.addItem(self.tr("UR (Sparrow, Keystone, Passport, SeedSigner, Jade)"), QrFormat.UR)
        self.format_combo.addItem(self.tr("BBQr (Coldcard)"), QrFormat.BBQR)
        self.density_spin = QSpinBox(self)
        self.density_spin.setRange(MIN_VERSION, MAX_VERSION)
        self.density_spin.setValue(DEFAULT_VERSION)
        self.density_spin.setToolTip(self.tr("QR version: higher means fewer but denser frames"))
        self.fps_spin = QDoubleSpinBox(self)
        self.fps_spin.setRange(0.5, 30.0)
        self.fps_spin.setSingleStep(1.0)
        self.fps_spin.setValue(DEFAULT_FPS)
        if self._ur_type is None:  # a UR message has one format
            form.addRow(self.tr("Format"), self.format_combo)
        else:
            self.format_combo.setVisible(False)
        form.addRow(self.tr("Density (QR version)"), self.density_spin)
        form.addRow(self.tr("Frames per second"), self.fps_spin)
        layout.addLayout(form)
        self.format_combo.currentIndexChanged.connect(self.redraw)
        self.density_spin.valueChanged.connect(self.redraw)
        self.fps_spin.valueChanged.connect(self._set_rate)

    def settings(self) -> AnimationSettings:
        chosen = self.format_combo.currentData()
        assert isinstance(chosen, QrFormat)
        return AnimationSettings(chosen, self.density_spin.value(), self.fps_spin.value())

    def redraw(self) -> None:
        """Draw the frames for the current settings in the background; older drawings are dropped."""
        self._generation += 1
        generation, psbt, settings, ur_type = self._generation, self._psbt, self.settings(), self._ur_type
        self._timer.stop()
        self._passes, self._next_pass = None, None
        self.status_label.setText(self.tr("Drawing the QR codes…"))

        def first_pass() -> tuple[FramePasses, list[tuple[str, bytes]]]:
            from app.airgap.frames import FramePasses

            passes = FramePasses(psbt, settings, ur_type=ur_type)
            return passes, passes.next_pass()

        self._runner.start(
            first_pass,
            lambda done: self._show_frames(generation, *done),
            lambda message: self._say(generation, message),
        )

    def _prepare_next_pass(self) -> None:
        """UR: draw the next pass of fresh fountain parts while this one plays."""
        passes, generation = self._passes, self._generation
        if passes is None or not passes.fresh_each_pass:
            return
        self._runner.start(
            passes.next_pass,
            lambda frames: self._pass_ready(generation, frames),
            lambda message: self._say(generation, message),
        )

    def _current(self, generation: int) -> bool:
        """Whether a drawing started as `generation` may still touch this window.

        Drawings finish on the pool after the person may have closed the dialog, which
        deletes it (WA_DeleteOnClose): closing makes every drawing stale, and a deleted
        window is never touched.
        """
        return generation == self._generation and shiboken6.isValid(self)

    def _say(self, generation: int, message: str) -> None:
        if self._current(generation):
            self.status_label.setText(message)

    def _pass_ready(self, generation: int, frames: list[tuple[str, bytes]]) -> None:
        if self._current(generation):
            self._next_pass = _pixmaps(frames, self._room_for_code())

    def _show_frames(self, generation: int, passes: FramePasses, frames: list[tuple[str, bytes]]) -> None:
        if not self._current(generation):
            return
        self._passes = passes
        self.frames = _pixmaps(frames, self._room_for_code())
        self._show_whole_code()
        self.passes_shown = 1
        self._prepare_next_pass()
        self.shown = -1
        self._next_frame()
        if len(self.frames) == 1:
            self.status_label.setText(
                self.tr("One QR code holds this PSBT.")
                if self._ur_type is None
                else self.tr("One QR code holds it: show it to the other machine's camera.")
            )
        else:
            self._set_rate()
            self._timer.start()

    def _room_for_code(self) -> int:
        """The tallest code that fits on this screen beside the settings, status and buttons."""
        screen = self.screen().availableGeometry()
        return max(240, min(screen.width(), screen.height()) - 300)

    def _show_whole_code(self) -> None:
        """Grow the window so the code is shown whole: a cropped code does not scan."""
        side = self.frames[0][1].height()
        self.code_label.setMinimumSize(side, side)
        wanted = self.sizeHint()
        self.resize(max(self.width(), wanted.width()), max(self.height(), wanted.height()))

    def _set_rate(self) -> None:
        self._timer.setInterval(round(1000 / self.fps_spin.value()))

    def _next_frame(self) -> None:
        if not self.frames:
            return
        self.shown = (self.shown + 1) % len(self.frames)
        if self.shown == 0 and self._next_pass is not None:  # a loop is over: fresh parts
            self.frames, self._next_pass = self._next_pass, None
            self.passes_shown += 1
            self._prepare_next_pass()
        self.code_label.setPixmap(self.frames[self.shown][1])
        if len(self.frames) > 1:
            self.status_label.setText(
                self.tr("Frame {0} of {1}; keep the camera on it until the other side has it all.").format(
                    self.shown + 1, len(self.frames)
                )
            )

    def _stop(self) -> None:
        """The dialog is done: no more frames, and drawings still running are stale."""
        self._timer.stop()
        self._generation += 1

    def closeEvent(self, event: QCloseEvent) -> None:
        self._stop()
        super().closeEvent(event)


def _pixmaps(frames: list[tuple[str, bytes]], room: int) -> list[tuple[str, QPixmap]]:
    """Each frame as a pixmap no taller than `room` (a dense code is shrunk, edges kept sharp)."""
    shown = []
    for text, png in frames:
        pixmap = QPixmap()
        pixmap.loadFromData(png, "PNG")
        if pixmap.height() > room:
            pixmap = pixmap.scaled(
                room, room, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation
            )
        shown.append((text, pixmap))
    return shown
