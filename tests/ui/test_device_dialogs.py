"""PIN matrix, passphrase and the confirm overlay, against the software device.

The person reads the scrambled matrix off the device (here: the emulator's own state,
what its screen shows) and clicks the blank positions on the host.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.services.demo_device import DEMO_MNEMONIC
from app.services.device_ports import DeviceActions, DevicePrompts, ScreenHandler
from app.services.device_service import GuiDeviceService
from app.services.ports import GuiServices
from tests.ui.helpers import open_window
from ui.dialogs.passphrase_dialog import PassphraseDialog
from ui.dialogs.pin_dialog import PinMatrixDialog
from ui.main_window import MainWindow
from wallet.emulator.emulator import Emulator
from wallet.types import Network

PIN = "1234"
MakeWindow = Callable[..., tuple["EmulatorFactory", MainWindow]]
DEMO_FINGERPRINT = "5c9e228d"  # the "all all …" seed without a passphrase


class EmulatorFactory:
    """A device factory for one test: a software device with a PIN or a passphrase."""

    def __init__(self, db_path: Path, **emulator_options: Any) -> None:
        self.db_path = db_path
        self.options = emulator_options
        self.emulator: Emulator | None = None

    def __call__(self, prompts: DevicePrompts, screen: ScreenHandler | None) -> DeviceActions:
        self.emulator = Emulator("trezor-one", port=0, mnemonic=DEMO_MNEMONIC, **self.options).start()
        return GuiDeviceService(
            self.db_path,
            Network.TESTNET,
            prompts,
            device_path=self.emulator.path,
            on_close=self.emulator.stop,
        )


@pytest.fixture
def window_with(
    qtbot: QtBot, gui_services: GuiServices
) -> Iterator[tuple[EmulatorFactory, MainWindow] | None]:
    made: list[MainWindow] = []

    def make(**options: Any) -> tuple[EmulatorFactory, MainWindow]:
        factory = EmulatorFactory(gui_services.data_dir / "coldsplit.sqlite3", **options)
        window = open_window(qtbot, GuiServices(**{**vars(gui_services), "device_factory": factory}))
        made.append(window)
        return factory, window

    yield make
    for window in made:
        for box in window.findChildren(QMessageBox):
            box.close()


def _dialog(qtbot: QtBot, window: MainWindow, kind: type) -> object:
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(kind)), timeout=15_000)
    return next(d for d in window.findChildren(kind) if d.isVisible())


def test_pin_entered_on_the_scrambled_matrix(qtbot: QtBot, window_with: MakeWindow) -> None:
    factory, window = window_with(pin=PIN, confirm="auto")
    page = window.cold_page
    with qtbot.waitSignal(page.device_connected, timeout=20_000) as connected:
        page.connect_device()
        dialog = _dialog(qtbot, window, PinMatrixDialog)
        assert isinstance(dialog, PinMatrixDialog)
        assert {b.text() for b in dialog.buttons.values()} == {"•"}  # the host never shows digits
        assert factory.emulator is not None
        matrix = factory.emulator.device.state.matrix
        for digit in PIN:
            qtbot.mouseClick(dialog.buttons[matrix.index(digit) + 1], Qt.MouseButton.LeftButton)
        assert dialog.display.text() == "•" * len(PIN)
        dialog.accept()
    assert connected.args[0].fingerprint == DEMO_FINGERPRINT


def test_cancelling_the_pin_cancels_the_connection(qtbot: QtBot, window_with: MakeWindow) -> None:
    _, window = window_with(pin=PIN, confirm="auto")
    page = window.cold_page
    with qtbot.waitSignal(page.failed, timeout=20_000) as failed:
        page.connect_device()
        dialog = _dialog(qtbot, window, PinMatrixDialog)
        assert isinstance(dialog, PinMatrixDialog)
        dialog.reject()
    assert "cancel" in failed.args[0].lower()
    assert page.summary is None


def test_passphrase_typed_on_the_host_opens_another_wallet(qtbot: QtBot, window_with: MakeWindow) -> None:
    _, window = window_with(passphrase_protection=True, confirm="auto")
    page = window.cold_page
    with qtbot.waitSignal(page.device_connected, timeout=20_000) as connected:
        page.connect_device()
        dialog = _dialog(qtbot, window, PassphraseDialog)
        assert isinstance(dialog, PassphraseDialog)
        dialog.first.setText("TREZOR")
        dialog.second.setText("TREZOR-typo")
        dialog.box.accepted.emit()
        assert dialog.mismatch.isVisible() and dialog.isVisible()  # refused until both agree
        dialog.second.setText("TREZOR")
        dialog.box.accepted.emit()
    fingerprint = connected.args[0].fingerprint
    assert fingerprint and fingerprint != DEMO_FINGERPRINT


def test_confirm_overlay_shows_while_the_device_waits_and_cancel_stops_it(
    qtbot: QtBot, gui_services: GuiServices
) -> None:
    window = open_window(qtbot, gui_services)
    page = window.cold_page
    with qtbot.waitSignal(page.account_created, timeout=15_000):
        page.create_account()
    panel = window.software_device
    assert panel is not None
    with qtbot.waitSignal(page.failed, timeout=15_000) as failed:
        page.verify_address()
        qtbot.waitUntil(lambda: panel.current_screen is not None, timeout=10_000)
        qtbot.waitUntil(window.overlay.isVisible, timeout=5000)
        assert window.overlay.action.text() != ""
        qtbot.mouseClick(window.overlay.cancel_button, Qt.MouseButton.LeftButton)
    assert "cancel" in failed.args[0].lower()
    qtbot.waitUntil(lambda: not window.overlay.isVisible(), timeout=5000)
    assert page.targets == []
    for box in window.findChildren(QMessageBox):
        box.close()
