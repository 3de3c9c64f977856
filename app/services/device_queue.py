"""The GUI's way onto the device thread: queue the work there, get a Future back.

Kept apart from `device_service` because it must stay light (the window imports it
before trezorlib is loaded): it needs only the device thread and the device errors.
A device error that escapes the work (the watchdog's timeout, a thread still stuck on
an earlier call) becomes a `DeviceServiceError`, the one device error the GUI shows.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import TypeVar

from app.errors import UserError
from wallet.devices.errors import DeviceError
from wallet.devices.thread import DeviceThread

_T = TypeVar("_T")
GUI_DEVICE_THREAD = "coldsplit-gui-device"  # the GUI's device thread (tests look for it by name)


class DeviceServiceError(UserError):
    """A device or cold-account action failed; the message says why. `code` is the device
    layer's stable error code (empty for other failures), so the GUI can translate it."""

    def __init__(self, message: str, code: str = "") -> None:
        super().__init__(message)
        self.code = code


def as_service_error(exc: DeviceError) -> DeviceServiceError:
    return DeviceServiceError(f"{exc.message} [{exc.code}]", exc.code)


def queue_on_device(thread: DeviceThread, work: Callable[[], _T]) -> Future[_T]:
    """`work` queued on `thread` under its deadline; device errors arrive translated."""
    outcome: Future[_T] = Future()
    try:
        watched = thread.submit_watched(work)
    except DeviceError as exc:  # refused at once: the thread is still stuck on a call that timed out
        outcome.set_exception(as_service_error(exc))
        return outcome

    def settle(done: Future[_T]) -> None:
        error = done.exception()
        if isinstance(error, DeviceError):
            outcome.set_exception(as_service_error(error))
        elif error is not None:
            outcome.set_exception(error)
        else:
            outcome.set_result(done.result())

    watched.add_done_callback(settle)
    return outcome
