"""What "refuse" means on the device's address screen, per model (verification honesty).

On OneKey's Classic line and the Mini (legacy firmware, OneKeyHQ/firmware classic/v3.6.0,
measured on OneKey's own emulator; the Classic 1S on its own emulator too) NO on the
address screen only toggles a QR code, and the Classic's and Mini's screens ignore a host
Cancel (the Classic 1S's read it): the person cannot reject there. They close the prompt on
the host (ColdSplit then frees the device with Initialize), and the address is recorded
only when the device answered YES to that very request, it matched both libraries'
derivation, and the person confirmed on the host that the screen showed exactly it.
OneKey's Touch and Pro (MicroPython core, OneKeyHQ/firmware branch touch and firmware-pro
v4.20.0, read in their sources, not run) cannot reject there either: the address screen's
left button toggles a QR code and its result is never checked (lvgl `show_address`,
template `Address`); a host Cancel does end it. Trezor firmware rejects with the screen's
cancel button.
"""

from __future__ import annotations

import enum
from collections.abc import Callable

# Product names as wallet.devices.onekey names them: every OneKey line.
_QR_ONLY_MODELS = ("OneKey Classic", "OneKey Mini", "OneKey Touch", "OneKey Pro")


class Refusal(enum.Enum):
    ON_DEVICE = "on_device"
    """The device's own cancel button rejects the address."""
    HOST_ONLY = "host_only"
    """NO only shows a QR code: close the prompt on the host to refuse."""


def refusal_for(model: str) -> Refusal:
    return Refusal.HOST_ONLY if model.startswith(_QR_ONLY_MODELS) else Refusal.ON_DEVICE


def refusal_sentence(model: str) -> str:
    """One line for the CLI, in English (the GUI words it from `refusal_for`)."""
    if refusal_for(model) is Refusal.HOST_ONLY:
        return (
            f"on a {model}, NO on the address screen only shows a QR code: if the address differs,"
            " press Ctrl-C here; nothing is recorded unless the device answers YES to this request"
            " and you then confirm here that its screen showed exactly this address"
        )
    return "if the address differs, reject it on the device (or press Ctrl-C here); nothing is recorded then"


def ask_match_on_terminal(address: str, read_line: Callable[[str], str] = input) -> bool:
    """The CLI's host-side check for models that cannot refuse on their screen."""
    try:
        answer = read_line(f"did the device show exactly {address}? [y/N] ")
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")
