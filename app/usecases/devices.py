"""How a device is opened, by one rule for every front-end, and how use cases reach it.

Emulators (udp: paths) sign through the project's trezorlib signer, every other
Trezor-family device through HWI: on a udp: path HWI's Trezor client is trezorlib's
DebugLink client, which presses "yes" on the emulator by itself, so the person's answer
on the device would never be asked. HWI-enumerated devices (`hwi:` paths) always use HWI.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

from wallet.devices.base import HardwareWallet
from wallet.devices.interaction import UserInteraction
from wallet.devices.registry import open_wallet
from wallet.devices.thread import DeviceThread
from wallet.devices.trezor_driver import SigningPath
from wallet.types import Network

_T = TypeVar("_T")


class DeviceCalls(Protocol):
    """Runs an action with the opened wallet on its device thread: the CLI's `DeviceSession.call`,
    the GUI device service's `_call`. Each front-end translates device errors its own way."""

    def __call__(self, action: Callable[[HardwareWallet], _T]) -> _T: ...


def signing_path_for(path: str) -> SigningPath:
    """trezorlib for emulators on udp:, HWI for the rest (see the module docstring)."""
    return SigningPath.TREZORLIB if path.startswith("udp:") else SigningPath.HWI


def open_device_wallet(
    path: str, device_thread: DeviceThread, chain: Network, interaction: UserInteraction
) -> HardwareWallet:
    """The opened driver for `path` (runs on the device thread), signing by `signing_path_for`."""
    return open_wallet(path, device_thread, chain, interaction, signing_path=signing_path_for(path))
