"""The shape of a device flow: a generator that talks to the host one message at a time.

A flow yields a message for the host and receives the host's next wire message.
Yielding a `Confirm` asks the user: the runner sends ButtonRequest, waits for
ButtonAck and a decision, and resumes the flow with True; on "no" the runner answers
Failure(ActionCancelled) and closes the flow. Returning a message sends it as the
final reply; raising `DeviceFailure` sends Failure(code, message).
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass

from trezorlib import messages, protobuf


@dataclass(frozen=True)
class Confirm:
    """A user-visible confirmation shown on the device screen.

    `silent`: the screen is shown without a ButtonRequest (OneKey Classic's second and
    later pages, and its Fee/Total screens); the host is not told and keeps waiting.
    `refusable`: NO ends the flow with ActionCancelled; when False, NO resumes the flow
    with False and the flow decides (e.g. OneKey's address screen toggles its QR code).
    """

    code: messages.ButtonRequestType
    title: str
    lines: tuple[str, ...] = ()
    silent: bool = False
    refusable: bool = True
    pages: int | None = None  # ButtonRequest.pages: how many pages a core screen has
    name: str | None = None  # ButtonRequest.name: the core layout's name (e.g. "confirm_ethereum_tx")
    details: tuple[str, ...] = ()  # a core screen's info page (DebugButton.INFO opens it, NO closes it)
    details_title: str | None = None  # that page's title, when it has its own


class DeviceFailure(Exception):
    """Ends a flow with Failure(code, message), as the firmware refuses a request."""

    def __init__(self, code: messages.FailureType, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


Flow = Generator[protobuf.MessageType | Confirm, protobuf.MessageType | bool, protobuf.MessageType]


@dataclass(frozen=True)
class Entry(Confirm):
    """A text typed on the device (PIN or passphrase on a touch model); the flow receives the text.

    `default` is what an automatic decision source enters (auto-confirm mode).
    """

    secret: bool = True
    default: str = ""
