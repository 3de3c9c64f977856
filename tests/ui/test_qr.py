"""QR codes never crash a page: what fits one code is drawn, what does not says so.

segno's limit for one code (version 40, level M, byte mode) is 2,331 bytes. A limit
guessed above it (2,500) once raised DataOverflowError inside the PSBT page's display
slot for PSBTs of 2,332–2,500 characters.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app.services.ports import GuiServices
from tests.ui.helpers import open_window
from tests.wallet.psbt_factory import ACCOUNTS, Spend, build_psbt, external_address
from ui.qr import qr_pixmap, show_qr
from ui.qr_animation import AnimatedQrDialog
from wallet.types import Network, ScriptType

LARGEST_ONE_CODE = 2_331


def test_the_largest_text_one_code_holds_is_drawn_and_one_more_byte_is_not(qtbot: QtBot) -> None:
    fits = qr_pixmap("A" * LARGEST_ONE_CODE + "a")  # lowercase forces byte mode, as base64 does
    assert fits is None  # 2,332 bytes
    drawn = qr_pixmap("a" * LARGEST_ONE_CODE, scale=1)
    assert drawn is not None and drawn.width() == 177 + 4  # version 40 plus a 2-module border


def test_every_size_around_the_limit_and_far_above_it_gives_a_code_or_the_sentence(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    for size in (*range(2_300, 2_520, 7), 10_000, 100_000):
        drawn = show_qr(label, "c" * size, 1, "too large")
        assert drawn == (size <= LARGEST_ONE_CODE)
        assert (label.text() == "too large") != drawn


def _psbt_base64(inputs: int) -> str:
    account = ACCOUNTS[ScriptType.WPKH]
    spends = [Spend(account, n, 10_000 + n) for n in range(inputs)]
    payment = (external_address(Network.TESTNET), 5_000 * inputs)
    return build_psbt(spends, [payment], None).to_base64()


def test_the_psbt_page_shows_a_small_psbt_as_one_code_and_a_large_one_animated(
    qtbot: QtBot, gui_services: GuiServices
) -> None:
    window = open_window(qtbot, gui_services)
    page = window.psbt_page
    window.show_page("psbt")
    for inputs, fits in ((1, True), (12, False)):
        text = _psbt_base64(inputs)
        assert (len(text) <= LARGEST_ONE_CODE) == fits
        with qtbot.waitSignal(page.loaded, timeout=10_000):
            page.load_text(text)
        assert page.qr_button.isEnabled() and page.qr_button.isVisible()
        qtbot.mouseClick(page.qr_button, Qt.MouseButton.LeftButton)
        dialog = page.findChild(AnimatedQrDialog)
        assert dialog is not None and dialog.isVisible()
        qtbot.waitUntil(lambda shown=dialog: bool(shown.frames), timeout=10_000)
        assert (len(dialog.frames) == 1) == fits  # no "too large" any more: animated instead
        dialog.close()
        qtbot.waitUntil(lambda: page.findChild(AnimatedQrDialog) is None, timeout=5_000)
