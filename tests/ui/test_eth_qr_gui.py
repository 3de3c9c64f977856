"""The air-gapped Ethereum round trip by QR in the GUI, with real clicks and a virtual camera.

One demo window plays both machines: the online Ethereum panel shows the reviewed transfer
as an animated ur:eth-sign-request; the pixmaps it shows are played to the offline side's
scan (ImageFrameSource, decoded by zxing-cpp on the worker pool), which reviews it like a
file, signs it on the software device and shows ur:eth-signature; that is played back to the
online side, which joins it to the kept transfer, checks it and broadcasts to the demo's
local chain. Then the refusals: a PSBT's code, a frame of another transfer, a corrupted frame.
"""

from __future__ import annotations

import coincurve
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from app.airgap.frames import frame_texts, render_png, ur_message_frame_texts
from app.airgap.settings import AnimationSettings
from app.eth.send import UnsignedTransfer
from app.services.eth_ports import EthSendReview
from app.services.ports import GuiServices
from app.usecases.eth_qr import sign_request
from tests.ui.helpers import approve_on_device, approve_until, open_window
from tests.ui.test_cold_eth import _tx_hashes
from ui.main_window import MainWindow
from ui.qr_animation import AnimatedQrDialog
from ui.qr_scan import ImageFrameSource, QrScanDialog
from wallet import eth_tx
from wallet.devices.eth import EthTransaction

EXCHANGE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"


def _verified_window(qtbot: QtBot, gui_services: GuiServices) -> MainWindow:
    window = open_window(qtbot, gui_services)
    window.show_page("cold")
    page = window.cold_page
    with qtbot.waitSignal(page.device_connected, timeout=10_000):
        qtbot.mouseClick(page.connect_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(page.eth.shown, timeout=30_000):
        qtbot.mouseClick(page.eth_button, Qt.MouseButton.LeftButton)
        approve_on_device(qtbot, window)
    return window


def _shown_images(qtbot: QtBot, dialog: AnimatedQrDialog) -> list[QImage]:
    qtbot.waitUntil(lambda: bool(dialog.frames), timeout=20_000)
    return [pixmap.toImage() for _text, pixmap in dialog.frames]


def test_send_by_qr_sign_offline_and_broadcast_the_scanned_signature(
    qtbot: QtBot, gui_services: GuiServices
) -> None:
    window = _verified_window(qtbot, gui_services)
    box = window.cold_page.eth
    with qtbot.waitSignal(box.shown, timeout=30_000):
        qtbot.mouseClick(box.demo_button, Qt.MouseButton.LeftButton)
    reviews: list[EthSendReview] = []
    box.confirm_qr_request = box.confirm_send = lambda review: reviews.append(review) is None
    box.send_to.setText(EXCHANGE)
    box.send_amount.setText("0.25")
    box.asset_picker.setCurrentText("ETH")
    with qtbot.waitSignal(box.qr.request_shown, timeout=30_000) as shown:
        qtbot.mouseClick(box.qr.show_request_button, Qt.MouseButton.LeftButton)
    request_dialog: AnimatedQrDialog = shown.args[0]
    request_images = _shown_images(qtbot, request_dialog)
    assert request_dialog.frames[0][0].startswith("UR:ETH-SIGN-REQUEST/")
    assert not request_dialog.format_combo.isVisible()  # UR only for Ethereum
    assert box.qr.scan_answer_button.isEnabled()
    request_dialog.close()

    # the offline machine: scan, the same review, sign on the device, show the signature
    box.qr.frame_source = lambda: ImageFrameSource(request_images, 10, box)
    answers: list[AnimatedQrDialog] = []
    box.qr.answer_shown.connect(answers.append)
    qtbot.mouseClick(box.qr.scan_request_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(reviews) == 2, timeout=30_000)
    assert reviews[1].lines[0] == "send      0.25 ETH" and reviews[1].lines[:3] == reviews[0].lines[:3]
    assert reviews[1].lines[-1] == reviews[0].lines[-1] and reviews[1].lines[-1].startswith("digest")
    approve_until(qtbot, window, lambda: bool(answers), timeout_s=60)
    answer_images = _shown_images(qtbot, answers[0])
    assert answers[0].frames[0][0].startswith("UR:ETH-SIGNATURE/") and len(answers[0].frames) == 1
    answers[0].close()

    # back online: scan the signature, broadcast
    box.qr.frame_source = lambda: ImageFrameSource(answer_images, 10, box)
    with qtbot.waitSignal(box.sent, timeout=60_000) as sent:
        qtbot.mouseClick(box.qr.scan_answer_button, Qt.MouseButton.LeftButton)
    tx_hash = sent.args[0]
    assert not box.qr.scan_answer_button.isEnabled() and box.qr.pending is None
    table = box.history_table
    qtbot.waitUntil(
        lambda: tx_hash in _tx_hashes(table),
        timeout=30_000,
    )


class SteppedCamera(QObject):
    """A frame source the test advances one frame at a time."""

    frame_ready = Signal(QImage)

    def start(self) -> None:
        return None

    def stop(self) -> None:
        return None


def _request(amount: int) -> bytes:
    sender = eth_tx.checksum_address(
        eth_tx.pubkeyhash_of(coincurve.PrivateKey(bytes(31) + b"\x05").public_key.format())
    )
    tx = EthTransaction(31337, 0, 21_000, EXCHANGE, amount, b"", 2 * 10**9, 10**9)
    return sign_request(UnsignedTransfer(sender, "m/44h/60h/0h/0/0", tx, EXCHANGE, amount, None))


def _image(text: str) -> QImage:
    image = QImage()
    assert image.loadFromData(render_png(text, scale=3), "PNG")
    return image


def test_the_offline_scan_refuses_a_psbt_another_transfer_and_a_corrupted_frame(
    qtbot: QtBot, gui_services: GuiServices
) -> None:
    window = open_window(qtbot, gui_services)
    window.show_page("cold")
    box = window.cold_page.eth
    reviews: list[EthSendReview] = []
    box.confirm_send = lambda review: reviews.append(review) is not None  # seen, then declined
    camera = SteppedCamera(box)
    box.qr.frame_source = lambda: camera
    with qtbot.waitSignal(box.qr.scan_opened, timeout=10_000) as opened:
        qtbot.mouseClick(box.qr.scan_request_button, Qt.MouseButton.LeftButton)
    dialog: QrScanDialog = opened.args[0]

    def show(text: str) -> None:
        camera.frame_ready.emit(_image(text))
        qtbot.waitUntil(lambda: not dialog._reading, timeout=10_000)

    ours = ur_message_frame_texts("eth-sign-request", _request(10**17), 5)
    theirs = ur_message_frame_texts("eth-sign-request", _request(2 * 10**17), 5)
    assert len(ours) > 3
    show(frame_texts(b"psbt\xff" + bytes(300), AnimationSettings(version=10))[0])
    assert "ur:crypto-psbt, not an Ethereum transaction" in dialog.status_label.text()
    show(ours[0])
    show(theirs[1])  # another transfer mid-scan
    assert "another QR series" in dialog.status_label.text()
    head, body = ours[1].rsplit("/", 1)
    middle = len(body) // 4 * 2
    show(f"{head}/{body[:middle]}{'AD' if body[middle : middle + 2] != 'AD' else 'AE'}{body[middle + 2 :]}")
    assert "unusable QR code" in dialog.status_label.text() and len(dialog.refused) == 3
    assert "UR: 1 of" in dialog.progress_label.text()  # the scan kept its part
    done: list[bytes] = []
    dialog.scanned.connect(done.append)
    for text in ours[1:]:
        if not done:
            show(text)
    qtbot.waitUntil(lambda: bool(reviews), timeout=30_000)
    assert reviews[0].lines[0] == "send      0.1 ETH"
    qtbot.wait(300)
    assert box.qr.pending is None  # declined: nothing signed, nothing shown


def test_the_offline_side_refuses_a_request_the_device_does_not_hold_before_any_screen(
    qtbot: QtBot, gui_services: GuiServices
) -> None:
    """The request names another sender than the demo device's address at its path: the device
    is read silently, nothing is shown on it and the refusal is one line (app.usecases.eth_send)."""
    window = open_window(qtbot, gui_services)
    window.show_page("cold")
    box = window.cold_page.eth
    box.confirm_send = lambda review: True
    screens: list[object] = []
    window.screen_bridge.screen_shown.connect(screens.append)
    images = [_image(t) for t in ur_message_frame_texts("eth-sign-request", _request(10**17), 10)]
    box.qr.frame_source = lambda: ImageFrameSource(images, 10, box)
    with qtbot.waitSignal(box.failed, timeout=30_000) as refused:
        qtbot.mouseClick(box.qr.scan_request_button, Qt.MouseButton.LeftButton)
    other = eth_tx.checksum_address(
        eth_tx.pubkeyhash_of(coincurve.PrivateKey(bytes(31) + b"\x05").public_key.format())
    )
    assert refused.args[0] == (
        f"this device (or passphrase) does not hold the sending address {other} "
        "at m/44h/60h/0h/0/0: nothing was signed"
    )
    qtbot.wait(300)
    assert screens == [] and box.qr.pending is None


def _answer_no(qtbot: QtBot, asked: list[str]) -> None:
    """Read the question the window asks (a modal QMessageBox) and press its No button."""

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, answer)
            return
        asked.append(box.text())
        no = box.button(QMessageBox.StandardButton.No)
        assert no is not None
        qtbot.mouseClick(no, Qt.MouseButton.LeftButton)

    QTimer.singleShot(50, answer)


def test_showing_the_request_asks_its_own_question_not_the_on_device_one(
    qtbot: QtBot, gui_services: GuiServices
) -> None:
    """Online, the transfer is signed on another machine: its question says so; signing here
    asks to confirm the same on the device. Both declined: nothing is shown or signed."""
    window = _verified_window(qtbot, gui_services)
    box = window.cold_page.eth
    with qtbot.waitSignal(box.shown, timeout=30_000):
        qtbot.mouseClick(box.demo_button, Qt.MouseButton.LeftButton)
    box.send_to.setText(EXCHANGE)
    box.send_amount.setText("0.25")
    asked: list[str] = []
    for count, button in enumerate((box.qr.show_request_button, box.send_button), start=1):
        _answer_no(qtbot, asked)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda n=count: len(asked) == n, timeout=30_000)
    qr_question, device_question = (text.split("\n\n")[0] for text in asked)
    assert qr_question == "Check every line; the signing machine will show the same before its device signs:"
    assert device_question == "Check every line, then confirm the same on the device:"
    assert all("send      0.25 ETH" in text for text in asked)
    qtbot.wait(300)
    assert box.qr.pending is None and not box.qr.scan_answer_button.isEnabled()
