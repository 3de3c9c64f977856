"""Enumeration through both drivers lists each device once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.wallet.conftest import ALL_MNEMONIC, EmulatorFactory
from wallet.devices.base import VendorFamily
from wallet.devices.hwi_driver import enumerate_hwi
from wallet.devices.registry import enumerate_devices
from wallet.devices.thread import DeviceThread
from wallet.emulator.emulator import Emulator
from wallet.emulator.server import ServerError
from wallet.types import Network

DEFAULT_TREZOR_EMULATOR = 21324  # the only port `hwi enumerate` probes


@pytest.fixture
def default_port_trezor() -> Iterator[Emulator]:
    emulator = Emulator("trezor-one", port=DEFAULT_TREZOR_EMULATOR, mnemonic=ALL_MNEMONIC)
    try:
        emulator.start()
    except ServerError:
        pytest.skip("UDP 21324 is in use by another process; HWI can only find an emulator there")
    yield emulator
    emulator.stop()


def test_both_drivers_see_the_default_emulator_and_it_is_listed_once(
    default_port_trezor: Emulator, device_thread: DeviceThread
) -> None:
    hwi_sees = device_thread.call(enumerate_hwi, Network.TESTNET, frozenset())
    assert any(d.path == f"hwi:trezor:{default_port_trezor.path}" for d in hwi_sees)
    listed = device_thread.call(
        enumerate_devices, device_thread, Network.TESTNET, None, [default_port_trezor.path]
    )
    mine = [d for d in listed if default_port_trezor.path in d.path]
    assert len(mine) == 1 and mine[0].driver == "trezorlib"


def test_emulators_on_other_ports_are_found_by_path(
    make_emulator: EmulatorFactory, device_thread: DeviceThread
) -> None:
    onekey, trezor = make_emulator("onekey-classic"), make_emulator("trezor-t")
    listed = device_thread.call(
        enumerate_devices, device_thread, Network.TESTNET, None, [onekey.path, trezor.path], False
    )
    by_path = {d.path: d for d in listed}
    assert (
        by_path[onekey.path].vendor is VendorFamily.ONEKEY and by_path[onekey.path].model == "OneKey Classic"
    )
    assert by_path[trezor.path].vendor is VendorFamily.TREZOR and by_path[trezor.path].model == "Trezor T"


def test_a_locked_device_is_listed_as_needing_its_pin(
    make_emulator: EmulatorFactory, device_thread: DeviceThread
) -> None:
    locked = make_emulator("trezor-one", pin="1234")
    listed = device_thread.call(enumerate_devices, device_thread, Network.TESTNET, None, [locked.path], False)
    assert [d.needs_pin for d in listed if d.path == locked.path] == [True]


def test_enumeration_refuses_to_run_off_the_device_thread(device_thread: DeviceThread) -> None:
    from wallet.devices.errors import OffDeviceThread

    with pytest.raises(OffDeviceThread):
        enumerate_devices(device_thread, Network.TESTNET, udp_paths=[], include_hwi=False)
