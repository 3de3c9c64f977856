"""Animated QR out and scanning in, on the PSBT page, with a virtual camera.

The virtual camera (`ImageFrameSource`) plays rendered frame images at a frame rate like a
webcam would deliver them; the scan dialog decodes them with zxing-cpp on the worker pool,
shows the parts received, ignores foreign and unusable codes, and the PSBT it yields goes
through the page's normal loading (strict parser, review).
"""

from __future__ import annotations

import base64

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from app.airgap.frames import frame_texts, read_qr_texts_gray, render_png
from app.airgap.settings import AnimationSettings, QrFormat
from app.services.ports import GuiServices
from tests.ui.helpers import open_window
from tests.wallet.psbt_factory import ACCOUNTS, Spend, build_psbt, external_address
from ui.main_window import MainWindow
from ui.pages.psbt_page import PsbtPage
from ui.qr_animation import AnimatedQrDialog
from ui.qr_scan import ImageFrameSource, grey_rows
from wallet.airgap.scan import QrScan
from wallet.types import Network, ScriptType


def _psbt_base64(inputs: int, amount: int = 5_000) -> str:
    account = ACCOUNTS[ScriptType.WPKH]
    spends = [Spend(account, n, 10_000 + n) for n in range(inputs)]
    payment = (external_address(Network.TESTNET), amount * inputs)
    return build_psbt(spends, [payment], None).to_base64()


def _image(text: str) -> QImage:
    image = QImage()
    assert image.loadFromData(render_png(text, scale=3), "PNG")
    return image


def _loaded_page(qtbot: QtBot, window: MainWindow, text: str) -> None:
    with qtbot.waitSignal(window.psbt_page.loaded, timeout=10_000):
        window.psbt_page.load_text(text)


def _decode_shown(dialog: AnimatedQrDialog) -> QrScan:
    scan = QrScan()
    for _text, pixmap in dialog.frames:
        (decoded,) = read_qr_texts_gray(*grey_rows(pixmap.toImage()))
        scan.receive(decoded)
    return scan


def test_large_psbt_is_animated_and_small_one_is_still(qtbot: QtBot, gui_services: GuiServices) -> None:
    window = open_window(qtbot, gui_services)
    window.show_page("psbt")
    large = _psbt_base64(12)
    _loaded_page(qtbot, window, large)
    dialog = window.psbt_page.show_qr_code()
    assert dialog is not None
    qtbot.waitUntil(lambda: len(dialog.frames) > 1, timeout=10_000)
    assert dialog._timer.isActive() and dialog._timer.interval() == 125  # 8 frames/s
    first = dialog.shown
    qtbot.waitUntil(lambda: dialog.shown != first, timeout=5_000)  # it animates
    assert _decode_shown(dialog).result == base64.b64decode(large)  # the pixmaps shown carry it
    first_pass = len(dialog.frames)
    dialog.fps_spin.setValue(30)
    qtbot.waitUntil(lambda: dialog.passes_shown >= 2, timeout=15_000)  # UR: a second loop…
    seq_numbers = [int(text.split("/")[1].split("-")[0]) for text, _ in dialog.frames]
    assert min(seq_numbers) > first_pass  # …of fresh fountain parts, not the same frames again
    assert _decode_shown(dialog).result == base64.b64decode(large)  # mixed parts alone suffice
    dialog.format_combo.setCurrentIndex(1)  # BBQr
    qtbot.waitUntil(lambda: bool(dialog.frames) and dialog.frames[0][0].startswith("B$"), timeout=10_000)
    assert _decode_shown(dialog).result == base64.b64decode(large)
    dialog.fps_spin.setValue(4)
    assert dialog._timer.interval() == 250
    dialog.close()
    small = _psbt_base64(1)
    _loaded_page(qtbot, window, small)
    still = window.psbt_page.show_qr_code()
    assert still is not None
    qtbot.waitUntil(lambda: len(still.frames) == 1, timeout=10_000)
    assert not still._timer.isActive() and "One QR code" in still.status_label.text()
    still.close()


def _code_shown_whole(dialog: AnimatedQrDialog) -> bool:
    code, pixmap, status = dialog.code_label, dialog.frames[0][1], dialog.status_label
    screen = dialog.screen().availableGeometry()
    return (
        code.height() >= pixmap.height()
        and code.width() >= pixmap.width()
        and status.height() >= status.heightForWidth(status.width())
        and dialog.frameGeometry().height() <= screen.height()
    )


def test_the_code_and_its_status_are_shown_whole_at_every_density(
    qtbot: QtBot, gui_services: GuiServices
) -> None:
    """A cropped code does not scan: the window grows to the code, a dense one is shrunk to the screen."""
    window = open_window(qtbot, gui_services)
    window.show_page("psbt")
    _loaded_page(qtbot, window, _psbt_base64(12))
    dialog = window.psbt_page.show_qr_code()
    assert dialog is not None
    for version in (dialog.density_spin.minimum(), 20, dialog.density_spin.maximum()):
        dialog.density_spin.setValue(version)
        qtbot.waitUntil(lambda: dialog._passes is not None, timeout=30_000)  # this density's frames
        assert _code_shown_whole(dialog), (version, dialog.size(), dialog.frames[0][1].size())
    dialog.close()


def _close_while_drawing(qtbot: QtBot, window: MainWindow, after_first_pass: bool) -> None:
    dialog = window.psbt_page.show_qr_code()
    assert dialog is not None and dialog.isVisible()
    if after_first_pass:  # UR draws its next pass of fountain parts while the first one plays
        qtbot.waitUntil(lambda: len(dialog.frames) > 1, timeout=30_000)
    close = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: not window.psbt_page._runner.busy, timeout=30_000)
    qtbot.wait(200)  # deferred deletes run; a late result would now reach a deleted window


def test_closing_the_qr_window_while_it_draws_drops_the_drawing(
    qtbot: QtBot, gui_services: GuiServices
) -> None:
    """A person closes the window before the frames are drawn: the drawing ends unseen, no error."""
    window = open_window(qtbot, gui_services)
    window.show_page("psbt")
    _loaded_page(qtbot, window, _psbt_base64(40))
    _close_while_drawing(qtbot, window, after_first_pass=False)
    _close_while_drawing(qtbot, window, after_first_pass=True)
    still_works = window.psbt_page.show_qr_code()
    assert still_works is not None
    qtbot.waitUntil(lambda: len(still_works.frames) > 1, timeout=30_000)
    still_works.close()


class SteppedCamera(QObject):
    """A frame source the test advances one frame at a time (each read before the next)."""

    frame_ready = Signal(QImage)

    def start(self) -> None:
        return None

    def stop(self) -> None:
        return None


def test_scanning_shows_progress_ignores_bad_codes_and_starts_over(
    qtbot: QtBot, gui_services: GuiServices
) -> None:
    window = open_window(qtbot, gui_services)
    window.show_page("psbt")
    page = window.psbt_page
    ours = base64.b64decode(_psbt_base64(12))
    theirs = base64.b64decode(_psbt_base64(12, amount=7_000))
    frames = frame_texts(ours, AnimationSettings(QrFormat.UR, 12))
    camera = SteppedCamera(page)
    dialog = page.open_scan(camera)

    def show(text: str) -> None:
        camera.frame_ready.emit(_image(text))
        qtbot.waitUntil(lambda: not dialog._reading, timeout=10_000)

    show(frames[0])
    assert f"UR: 1 of {frames[0].split('/')[1].split('-')[1]} parts" in dialog.progress_label.text()
    show(frame_texts(theirs, AnimationSettings(QrFormat.UR, 12))[1])  # another PSBT mid-scan
    assert "another QR series" in dialog.status_label.text()
    show("WIFI:S:cafe;T:WPA;P:secret;;")
    assert "no PSBT" in dialog.status_label.text() and len(dialog.refused) == 2
    assert "UR: 1 of" in dialog.progress_label.text()  # the scan kept its part
    qtbot.mouseClick(dialog.restart_button, Qt.MouseButton.LeftButton)
    assert "Show the QR code" in dialog.progress_label.text()
    with qtbot.waitSignal(page.loaded, timeout=30_000) as loaded:
        for number, text in enumerate(frames):
            if number % 4 != 1:  # a quarter missed: the mixed parts make up for them
                camera.frame_ready.emit(_image(text))
                qtbot.waitUntil(lambda: not dialog._reading, timeout=10_000)
    document = loaded.args[0]
    assert base64.b64decode(document.base64) == ours and document.input_count == 12
    assert page.table.rowCount() == len(document.lines)  # the review is on the page


def test_a_virtual_camera_at_10_frames_per_second_loads_the_psbt(
    qtbot: QtBot, gui_services: GuiServices
) -> None:
    """Frames arrive on a timer whether or not the reader keeps up: busy ones are dropped."""
    window = open_window(qtbot, gui_services)
    page = window.psbt_page
    ours = base64.b64decode(_psbt_base64(12))
    source = ImageFrameSource(
        [_image(t) for t in frame_texts(ours, AnimationSettings(QrFormat.UR, 12))], 30, page
    )
    with qtbot.waitSignal(page.loaded, timeout=30_000) as loaded:
        page.open_scan(source)
    assert base64.b64decode(loaded.args[0].base64) == ours
    qtbot.waitUntil(lambda: not source._timer.isActive(), timeout=2_000)


def test_scanning_through_a_qt_multimedia_capture_session(qtbot: QtBot, gui_services: GuiServices) -> None:
    """The camera path: QVideoFrameInput → QMediaCaptureSession → QVideoSink → scanner, as
    a webcam's frames would travel, fed with rendered BBQr frames at 30 frames/s."""
    from PySide6.QtCore import QTimer
    from PySide6.QtMultimedia import QVideoFrame

    from ui.camera import CameraFrameSource

    window = open_window(qtbot, gui_services)
    window.show_page("psbt")
    page = window.psbt_page
    psbt = base64.b64decode(_psbt_base64(12))
    images = [_image(text) for text in frame_texts(psbt, AnimationSettings(QrFormat.BBQR, 10))]
    source = CameraFrameSource.frame_input_source(parent=page)
    frame_input = source.frame_input
    assert frame_input is not None
    shown = [0]

    def send_next() -> None:
        if frame_input.sendVideoFrame(QVideoFrame(images[shown[0] % len(images)])):
            shown[0] += 1

    feeder = QTimer(page)
    feeder.timeout.connect(send_next)
    with qtbot.waitSignal(page.loaded, timeout=30_000) as loaded:
        page.open_scan(source)
        feeder.start(33)
    feeder.stop()
    assert base64.b64decode(loaded.args[0].base64) == psbt
    assert page.table.rowCount() == len(loaded.args[0].lines)
    assert shown[0] >= len(images)


def _show_each(qtbot: QtBot, page: PsbtPage, pictures: list[QImage]) -> None:
    """Each picture once, in order, each read before the next (a steady hand)."""
    camera = SteppedCamera(page)
    dialog = page.open_scan(camera)
    done: list[bytes] = []
    dialog.scanned.connect(done.append)
    for picture in pictures:
        if done:
            break  # the dialog has closed (and is gone)
        camera.frame_ready.emit(picture)
        qtbot.waitUntil(lambda: not dialog._reading, timeout=10_000)


def _camera_on(dialog: AnimatedQrDialog, qtbot: QtBot) -> list[QImage]:
    """What a camera pointed at the dialog would see: every frame it cycles through."""
    qtbot.waitUntil(lambda: bool(dialog.frames), timeout=10_000)
    return [pixmap.toImage() for _text, pixmap in dialog.frames]


def test_air_gapped_round_trip_in_the_gui_on_the_software_device(
    qtbot: QtBot, gui_services: GuiServices
) -> None:
    """Online: build, show as animated UR. Offline: scan those pictures, review, sign on the
    device, show the signed PSBT animated. Online: scan it back, finalize."""
    from tests.ui.helpers import approve_until

    window = open_window(qtbot, gui_services)
    with qtbot.waitSignal(window.cold_page.account_created, timeout=10_000):
        window.cold_page.create_account()
    window.show_page("psbt")
    page = window.psbt_page
    page.to_edit.setText("tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx")
    page.amount_edit.setText("0.005")
    page.coins_spin.setValue(8)
    with qtbot.waitSignal(page.loaded, timeout=10_000) as built:
        page.build_button.click()
    unsigned = built.args[0]
    shown = page.show_qr_code()
    assert shown is not None and shown.settings().format is QrFormat.UR
    pictures = _camera_on(shown, qtbot)
    assert len(pictures) > 2  # animated: eight inputs do not fit one code at the default density
    shown.close()

    with qtbot.waitSignal(page.loaded, timeout=30_000) as scanned:  # the offline machine
        _show_each(qtbot, page, pictures[1:] + pictures)  # the first frame missed; the loop goes on
    assert scanned.args[0].base64 == unsigned.base64 and scanned.args[0].signed_inputs == 0
    signed: list[object] = []
    page.signed.connect(signed.append)
    page.sign_button.click()
    approve_until(qtbot, window, lambda: bool(signed))
    back = page.show_qr_code()
    assert back is not None
    signed_pictures = _camera_on(back, qtbot)
    back.close()

    with qtbot.waitSignal(page.loaded, timeout=30_000) as returned:  # online again
        _show_each(qtbot, page, signed_pictures)
    assert returned.args[0].signed_inputs == unsigned.input_count
    with qtbot.waitSignal(page.finalized, timeout=10_000) as final:
        page.finalize_button.click()
    assert final.args[0].document.finalized and final.args[0].raw_hex
