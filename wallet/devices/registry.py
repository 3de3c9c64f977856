"""The two drivers, chosen by a device's path, and enumeration that lists each device once.

trezorlib drives Trezor and OneKey (USB and emulators), HWI every other vendor. A path
alone says which driver opens it (`open_wallet`: `hwi:` paths belong to HWI, any other to
trezorlib); there is no list of drivers to consult. When both drivers see one device,
the trezorlib entry wins: it knows OneKey and the PIN matrix.
"""

from __future__ import annotations

from collections.abc import Sequence

from wallet.devices.base import FoundDevice, HardwareWallet
from wallet.devices.hwi_driver import PATH_PREFIX as HWI_PREFIX
from wallet.devices.hwi_driver import HwiDriver, enumerate_hwi
from wallet.devices.interaction import UserInteraction
from wallet.devices.thread import DeviceThread
from wallet.devices.transport import Deadlines
from wallet.devices.trezor_driver import EMULATOR_PATHS, SigningPath, TrezorDriver, enumerate_trezor_family
from wallet.types import Network


def enumerate_devices(
    device_thread: DeviceThread,
    network: Network,
    deadlines: Deadlines | None = None,
    udp_paths: Sequence[str] = EMULATOR_PATHS,
    include_hwi: bool = True,
) -> list[FoundDevice]:
    """Every device either driver sees, each listed once (runs on the device thread)."""
    device_thread.check_current()
    listed = enumerate_trezor_family(deadlines or Deadlines(), udp_paths)
    if include_hwi:
        listed.extend(enumerate_hwi(network))
    return merge_listings(listed)


def merge_listings(entries: Sequence[FoundDevice]) -> list[FoundDevice]:
    """Drop later entries naming a device already listed (same underlying path or fingerprint)."""
    merged: list[FoundDevice] = []
    seen_paths: set[str] = set()
    seen_fingerprints: set[str] = set()
    for entry in entries:
        raw_path = entry.path.split(":", 2)[2] if entry.path.startswith(HWI_PREFIX) else entry.path
        if raw_path in seen_paths or (entry.fingerprint and entry.fingerprint in seen_fingerprints):
            continue
        seen_paths.add(raw_path)
        if entry.fingerprint:
            seen_fingerprints.add(entry.fingerprint)
        merged.append(entry)
    return merged


def open_wallet(
    path: str,
    device_thread: DeviceThread,
    network: Network,
    interaction: UserInteraction,
    deadlines: Deadlines | None = None,
    signing_path: SigningPath = SigningPath.HWI,
    hwi_passphrase: str = "",
) -> HardwareWallet:
    """The driver for `path`, opened (runs on the device thread)."""
    wallet: HardwareWallet
    if path.startswith(HWI_PREFIX):
        wallet = HwiDriver(path, device_thread, network, passphrase=hwi_passphrase)
    else:
        wallet = TrezorDriver(path, device_thread, network, interaction, deadlines, signing_path)
    wallet.open()
    return wallet
