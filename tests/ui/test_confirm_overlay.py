"""The confirm overlay: the device's screen named in the user's language, what to compare
in full, and never over the docked software device."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.services.ports import GuiServices
from tests.ui.helpers import open_window
from ui.dialogs.confirm_overlay import ConfirmOverlay
from ui.i18n import install_translators, remove_translators

CLASSIC_ADDRESS_TEXT = (  # wallet/devices/prompts.py's notice for a OneKey Classic's address screen
    "compare the address on the device with the one shown here and press YES, then YES on "
    "the path screen; NO on the device only shows a QR code, so to refuse, cancel here"
)
PAYMENTS = (("pay", "0.00400000 BTC → tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx"), ("fee", "0.00000141 BTC"))


def _overlay(qtbot: QtBot) -> ConfirmOverlay:
    host = QWidget()
    qtbot.addWidget(host)
    host.resize(800, 600)
    return ConfirmOverlay(host)


def test_device_words_are_words_and_everything_to_compare_is_listed(qtbot: QtBot) -> None:
    overlay = _overlay(qtbot)
    overlay.show_notice("ConfirmOutput", "check this recipient's address and amount on the device", PAYMENTS)
    assert overlay.action.text() == "Confirm output"
    assert overlay.detail.text() == "Check this recipient's address and amount on the device."
    assert overlay.compared_text() == [value for _what, value in PAYMENTS]
    overlay.show_notice("FirmwareCheck", "look at the device")  # a code the overlay has no name for
    assert overlay.action.text() == "Firmware check" and overlay.detail.text() == "look at the device"
    assert overlay.compared_text() == []


def test_the_overlay_speaks_japanese(qtbot: QtBot, qapp: QApplication) -> None:
    translators = install_translators(qapp, "ja")
    try:
        overlay = _overlay(qtbot)
        overlay.show_notice("ConfirmOutput", "", PAYMENTS)
        assert overlay.action.text() == "出力を確認"
        overlay.show_notice("Address", CLASSIC_ADDRESS_TEXT, (("address", "tb1q"), ("path", "m/84h")))
        assert overlay.action.text() == "アドレスを確認" and "QR コード" in overlay.detail.text()
    finally:
        remove_translators(qapp, translators)


def test_the_overlay_covers_the_pages_but_never_the_software_device(
    qtbot: QtBot, gui_services: GuiServices
) -> None:
    window = open_window(qtbot, gui_services)
    panel = window.software_device
    assert panel is not None
    window.overlay.show_notice("Address", "", (("address", "tb1q"), ("path", "m/84h/1h/0h/0/0")))
    overlay_area = _in_window(window.overlay, window)
    panel_area = _in_window(panel, window)
    assert window.overlay.isVisible() and panel.isVisible()
    assert not overlay_area.intersects(panel_area)
    window.overlay.hide()


def _in_window(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def test_every_per_model_sentence_of_the_device_layer_is_translated(qtbot: QtBot, qapp: QApplication) -> None:
    """Each OneKey model's notice (wallet/devices/prompts.py: the Classic's, the Classic 1S's,
    the Touch/Pro's) reaches a Japanese reader in Japanese, not in the device layer's English."""
    from wallet.devices import prompts

    sentences = [
        prompts.ONEKEY_MESSAGE_TEXT,
        prompts.ONEKEY_OUTPUT_TEXT,
        prompts.ONEKEY_1S_OUTPUT_TEXT,
        prompts.ONEKEY_ADDRESS_TEXT,
        prompts.ONEKEY_CORE_ADDRESS_TEXT,
        prompts.ONEKEY_MINI_ADDRESS_TEXT,
        prompts.ONEKEY_CORE_FINAL_TEXT,
        prompts.ONEKEY_CORE_OVERVIEW_TEXT,
        prompts.MESSAGE_TEXT,
    ]
    translators = install_translators(qapp, "ja")
    try:
        overlay = _overlay(qtbot)
        for sentence in sentences:
            overlay.show_notice("SignTx", sentence)
            shown = overlay.detail.text()
            assert shown and not shown.isascii(), sentence
    finally:
        remove_translators(qapp, translators)
