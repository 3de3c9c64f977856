"""How drivers ask the person at the keyboard: PIN, passphrase, "confirm on the device".

Drivers never print or open dialogs. They receive a `UserInteraction` (a callbacks
object) and call it from the device thread; the CLI passes `TerminalInteraction`, the
GUI a Qt implementation that emits a signal and waits for the answer. A callback
cancels by raising `DeviceCancelled`; the driver then sends Cancel on the wire.
"""

from __future__ import annotations

import enum
import getpass
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TextIO

from wallet.devices.errors import BadDeviceRequest, DeviceCancelled

# The host-side PIN matrix: the device shows digits 1-9 scrambled on a 3x3 grid and the
# user types the *positions*, numbered like a numeric keypad (7 8 9 on top, 1 2 3 at the
# bottom). Fact from trezorlib's ui.py PIN_MATRIX_DESCRIPTION and the Trezor One firmware.
PIN_MATRIX_POSITIONS: tuple[tuple[int, int, int], ...] = ((7, 8, 9), (4, 5, 6), (1, 2, 3))


class PinKind(enum.Enum):
    CURRENT = "current"
    NEW = "new"
    NEW_AGAIN = "new_again"
    WIPE_CODE = "wipe_code"


@dataclass(frozen=True)
class PinRequest:
    """Asks for the PIN as matrix positions (`layout` rows, top first)."""

    kind: PinKind
    attempt: int = 1
    layout: tuple[tuple[int, int, int], ...] = PIN_MATRIX_POSITIONS


@dataclass(frozen=True)
class PassphraseRequest:
    """Asks which wallet to open; `on_device_possible` says the device has its own keyboard."""

    on_device_possible: bool


@dataclass(frozen=True)
class PassphraseAnswer:
    """Either a passphrase typed on the host, or a request to type it on the device."""

    text: str = ""
    on_device: bool = False


@dataclass(frozen=True)
class ConfirmNotice:
    """The device waits for the user's decision on its own screen."""

    action: str
    detail: str = ""


class UserInteraction(Protocol):
    def get_pin(self, request: PinRequest) -> str:
        """Return the PIN as positions 1-9 (see `PIN_MATRIX_POSITIONS`); raise DeviceCancelled."""
        ...

    def get_passphrase(self, request: PassphraseRequest) -> PassphraseAnswer:
        """Return the passphrase or ask for on-device entry; raise DeviceCancelled to stop."""
        ...

    def confirm_on_device(self, notice: ConfirmNotice) -> None:
        """Tell the user to look at the device; must return at once (the wire waits)."""
        ...

    def device_done(self) -> None:
        """The device no longer waits for the user (dismiss any notice)."""
        ...


def check_pin_positions(pin: str) -> str:
    """Refuse anything but 1-9 digits before it reaches the wire (the firmware would too)."""
    if not pin or any(ch not in "123456789" for ch in pin) or len(pin) > 50:
        raise BadDeviceRequest("a PIN is entered as 1 to 50 matrix positions, digits 1-9")
    return pin


class TerminalInteraction:
    """The CLI's interaction: prompts on stderr, secrets read without echo."""

    def __init__(
        self,
        out: TextIO | None = None,
        read_secret: Callable[[str], str] = getpass.getpass,
        passphrase_on_device: bool = False,
    ) -> None:
        self._out = out or sys.stderr
        self._read_secret = read_secret
        self._prefer_device = passphrase_on_device

    def get_pin(self, request: PinRequest) -> str:
        grid = "\n".join("    " + " ".join(str(p) for p in row) for row in request.layout)
        what = {
            PinKind.CURRENT: "your PIN",
            PinKind.NEW: "a new PIN",
            PinKind.NEW_AGAIN: "the new PIN again",
            PinKind.WIPE_CODE: "the wipe code",
        }[request.kind]
        print(f"The device shows a scrambled keypad. Type the positions of {what}:", file=self._out)
        print(grid, file=self._out)
        answer = self._ask("PIN positions (empty to cancel): ")
        if not answer:
            raise DeviceCancelled("PIN entry cancelled")
        return check_pin_positions(answer)

    def get_passphrase(self, request: PassphraseRequest) -> PassphraseAnswer:
        if request.on_device_possible and self._prefer_device:
            print("Enter the passphrase on the device.", file=self._out)
            return PassphraseAnswer(on_device=True)
        return PassphraseAnswer(text=self._ask("Passphrase (empty for the standard wallet): "))

    def confirm_on_device(self, notice: ConfirmNotice) -> None:
        detail = f" ({notice.detail})" if notice.detail else ""
        print(f"Confirm on the device: {notice.action}{detail}", file=self._out, flush=True)

    def device_done(self) -> None:
        return None

    def _ask(self, prompt: str) -> str:
        try:
            return self._read_secret(prompt).strip()
        except (EOFError, KeyboardInterrupt):
            raise DeviceCancelled("input cancelled") from None
