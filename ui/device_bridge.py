"""Device prompts across threads: the device asks on its thread, the person answers on the GUI thread.

As in Electrum's hardware-wallet handler, a prompt emits a signal (delivered to the GUI
thread, where a dialog opens) and the device thread waits on an event for the answer.
The same bridge serves the software device's screen in demo mode.
"""

from __future__ import annotations

import threading
from typing import Generic, TypeVar

from PySide6.QtCore import QObject, Signal

from app.services.device_ports import CompareLines, DeviceScreen, ScreenAnswer, ScreenPress

_A = TypeVar("_A")


class _Waiter(Generic[_A]):
    """One pending question; `answer` may be called once, from any thread."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._value: _A | None = None

    def answer(self, value: _A | None) -> None:
        self._value = value
        self._event.set()

    def wait(self) -> _A | None:
        self._event.wait()
        return self._value


class QtDevicePrompts(QObject):
    """`DevicePrompts` for the GUI. The window connects the signals to its dialogs."""

    pin_requested = Signal(int, str)
    passphrase_requested = Signal(bool)
    confirm_shown = Signal(str, str, object)  # action, detail, CompareLines
    confirm_hidden = Signal()
    match_requested = Signal(str, str)  # address, path

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pin: _Waiter[str] | None = None
        self._passphrase: _Waiter[tuple[str, bool]] | None = None
        self._match: _Waiter[bool] | None = None

    # called on the device thread
    def ask_pin(self, attempt: int, kind: str) -> str | None:
        self._pin = _Waiter()
        self.pin_requested.emit(attempt, kind)
        return self._pin.wait()

    def ask_passphrase(self, on_device_possible: bool) -> tuple[str, bool] | None:
        self._passphrase = _Waiter()
        self.passphrase_requested.emit(on_device_possible)
        return self._passphrase.wait()

    def ask_match(self, address: str, path: str) -> bool:
        self._match = _Waiter()
        self.match_requested.emit(address, path)
        return self._match.wait() is True

    def show_confirm(self, action: str, detail: str, compare: CompareLines) -> None:
        self.confirm_shown.emit(action, detail, compare)

    def hide_confirm(self) -> None:
        self.confirm_hidden.emit()

    # called on the GUI thread
    def answer_pin(self, pin: str | None) -> None:
        if self._pin is not None:
            self._pin.answer(pin)

    def answer_passphrase(self, answer: tuple[str, bool] | None) -> None:
        if self._passphrase is not None:
            self._passphrase.answer(answer)

    def answer_match(self, matches: bool) -> None:
        if self._match is not None:
            self._match.answer(matches)

    def abandon(self) -> None:
        """Cancel whatever is being asked (the window is closing)."""
        self.answer_pin(None)
        self.answer_passphrase(None)
        self.answer_match(False)


class ScreenBridge(QObject):
    """The software device's `ScreenHandler`: its screen is drawn on the GUI's on-screen device.

    The device tells what it shows (from its own thread, never waiting); a button press goes
    back with the id of the screen it was pressed on, so a press on a screen that is gone
    (answered, cancelled, timed out, or replaced by a later request) acts on nothing."""

    screen_shown = Signal(object)  # DeviceScreen
    screen_cleared = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._press: ScreenPress | None = None
        self._current: DeviceScreen | None = None
        self._closed = False

    # called on the software device's thread
    def show(self, screen: DeviceScreen | None) -> None:
        with self._lock:
            self._current = screen
        if screen is None:
            self.screen_cleared.emit()
        else:
            self.screen_shown.emit(screen)

    def attach(self, press: ScreenPress) -> None:
        self._press = press

    # called on the GUI thread
    def press_for(self, request_id: int, accepted: bool, text: str | None = None) -> None:
        """A button pressed on screen `request_id`."""
        if self._press is not None and not self._closed:
            self._press(request_id, ScreenAnswer(accepted, text))

    def press(self, accepted: bool, text: str | None = None) -> None:
        """Press on whatever the device shows at this moment (the host's Cancel; scripted runs)."""
        with self._lock:
            current = self._current
        if current is not None:
            self.press_for(current.request_id, accepted, text)

    @property
    def waiting(self) -> bool:
        """True while the device shows a screen that waits for the person."""
        with self._lock:
            return self._current is not None

    def close(self) -> None:
        self.press(False)
        self._closed = True
