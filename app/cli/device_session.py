"""Opening a hardware wallet from the CLI: one device thread, one opened wallet, one-line errors.

Every command that talks to a device (`device …`, `cold create`, `cold verify`,
`psbt sign`) goes through here. Drivers refuse calls made off the device thread, so
the session runs each action there with `DeviceThread.call`; between actions the
command may print or ask on the terminal while the wallet stays open (PIN and
passphrase are asked once). Device errors become `DeviceCommandError`: one line with
the stable error code, exit 3.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import TypeVar

from app.errors import DeviceFailure, ExitCode
from app.usecases.devices import open_device_wallet
from wallet.devices.base import HardwareWallet
from wallet.devices.errors import BadDeviceRequest, DeviceError
from wallet.devices.interaction import TerminalInteraction, UserInteraction
from wallet.devices.registry import enumerate_devices
from wallet.devices.thread import DeviceThread
from wallet.types import Network

_T = TypeVar("_T")
log = logging.getLogger(__name__)


class DeviceCommandError(DeviceFailure):
    """A device refused or failed (exit 3); the message and `detail` carry the stable error code."""

    def __init__(self, message: str, detail: str | None = None) -> None:
        super().__init__(message)
        self.detail = detail


def add_device_options(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The options every device-using command takes (read back by `opened_device_for`)."""
    parser.add_argument("--device", help="device path from `device list` (default: the only one)")
    parser.add_argument(
        "--passphrase-on-device", action="store_true", help="type the passphrase on the device"
    )
    return parser


def make_interaction(passphrase_on_device: bool) -> UserInteraction:
    """How the device asks the person at the keyboard (tests swap this for a DebugLink user)."""
    return TerminalInteraction(passphrase_on_device=passphrase_on_device)


def run_on_device_thread(work: Callable[[DeviceThread], _T]) -> _T:
    """Run `work` on a fresh device thread; device errors become one-line user errors."""
    with DeviceThread() as device_thread:
        try:
            return device_thread.call(work, device_thread)
        except DeviceError as exc:
            raise as_user_error(exc) from exc


class DeviceRequestError(DeviceCommandError):
    """The request itself was bad (a path the device cannot take, a malformed --device): exit 2."""

    exit_code = ExitCode.BAD_INPUT
    kind = "bad_input"


def as_user_error(exc: DeviceError) -> DeviceCommandError:
    error_type = DeviceRequestError if isinstance(exc, BadDeviceRequest) else DeviceCommandError
    return error_type(f"{exc.message} [{exc.code}]", exc.code)


def only_device(device_thread: DeviceThread, chain: Network) -> str:
    """The path of the one connected device; refuse none or several (runs on the device thread)."""
    found = [d for d in enumerate_devices(device_thread, chain) if d.error is None]
    if not found:
        raise DeviceCommandError("no hardware wallet found; connect one or pass --device udp:127.0.0.1:PORT")
    if len(found) > 1:
        paths = ", ".join(d.path for d in found)
        raise DeviceCommandError(f"several devices found ({paths}); choose one with --device")
    return found[0].path


class DeviceSession:
    """An opened wallet and the thread that owns it; `call` runs an action there."""

    def __init__(self, wallet: HardwareWallet, device_thread: DeviceThread) -> None:
        self.wallet = wallet
        self.device_thread = device_thread

    def call(self, action: Callable[[HardwareWallet], _T]) -> _T:
        try:
            return self.device_thread.call(action, self.wallet)
        except DeviceError as exc:
            raise as_user_error(exc) from exc


@contextmanager
def opened_device(
    device: str | None, chain: Network, *, passphrase_on_device: bool = False
) -> Iterator[DeviceSession]:
    """Open `device` (default: the only one connected) for `chain`; close it on the way out."""
    interaction = make_interaction(passphrase_on_device)

    def open_it(device_thread: DeviceThread) -> HardwareWallet:
        path = device or only_device(device_thread, chain)
        return open_device_wallet(path, device_thread, chain, interaction)

    with DeviceThread() as device_thread:
        try:
            wallet = device_thread.call(open_it, device_thread)
        except DeviceError as exc:
            raise as_user_error(exc) from exc
        try:
            yield DeviceSession(wallet, device_thread)
        except BaseException:
            device_thread.cancel()  # e.g. Ctrl-C while the device waits: abort that before closing
            raise
        finally:
            try:
                device_thread.call(wallet.close)
            except DeviceError as exc:  # the command's own outcome is what the user needs to see
                log.warning("closing %s failed: %s [%s]", wallet.path, exc.message, exc.code)


def opened_device_for(args: argparse.Namespace, chain: Network) -> AbstractContextManager[DeviceSession]:
    """`opened_device` with the options `add_device_options` added."""
    return opened_device(args.device, chain, passphrase_on_device=bool(args.passphrase_on_device))
