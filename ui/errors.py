"""Error messages in the user's language.

Project errors arrive as one English line. Device errors also carry a stable code
(wallet.devices.errors), which has a translated sentence here; the English detail is
kept after it. Other messages are shown as they are.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.errors import UserError


def _device_texts() -> dict[str, str]:
    # Literal translate() calls, so that pyside6-lupdate finds every sentence.
    return {
        "not_connected": QCoreApplication.translate("DeviceErrors", "No hardware wallet is connected."),
        "locked": QCoreApplication.translate(
            "DeviceErrors", "The device is locked; unlock it with its PIN first."
        ),
        "wrong_pin": QCoreApplication.translate(
            "DeviceErrors", "Wrong PIN; try again (the device waits longer after each attempt)."
        ),
        "cancelled": QCoreApplication.translate("DeviceErrors", "The action was cancelled."),
        "unsupported": QCoreApplication.translate(
            "DeviceErrors", "This device or firmware does not support that action."
        ),
        "busy": QCoreApplication.translate(
            "DeviceErrors", "The device is busy with another application or request."
        ),
        "disconnected": QCoreApplication.translate(
            "DeviceErrors", "The device was disconnected or stopped answering."
        ),
        "timeout": QCoreApplication.translate("DeviceErrors", "The device stopped answering."),
        "wrong_wallet": QCoreApplication.translate(
            "DeviceErrors", "This passphrase opens a different wallet than the account's."
        ),
        "not_initialized": QCoreApplication.translate(
            "DeviceErrors", "The device has no seed yet; set it up first."
        ),
        "bad_request": QCoreApplication.translate(
            "DeviceErrors", "The request is not valid for a hardware wallet."
        ),
        "protocol": QCoreApplication.translate("DeviceErrors", "The device answered something unexpected."),
    }


def split_detail(message: str) -> tuple[str, str]:
    """A user_message() as (the translated sentence, the English detail), so a dialog can show
    the sentence and keep the detail behind "Show Details…"; ("message", "") when it has none."""
    for sentence in _device_texts().values():
        if message.startswith(f"{sentence} (") and message.endswith(")"):
            return sentence, message[len(sentence) + 2 : -1]
    return message, ""


def user_message(exc: UserError) -> str:
    """The message to show: a translated sentence for a known device code, with the detail."""
    code = str(getattr(exc, "code", "") or "")
    translated = _device_texts().get(code)
    if translated is None:
        return exc.message
    return f"{translated} ({exc.message})"
