"""Live mode with two devices connected: the Cold storage page lists both, connects to the
one chosen, and another can be chosen after. The devices are two in-process emulators on
free loopback ports; enumeration is pointed at their UDP paths (no HWI, no USB)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.cli.context import CommandContext
from app.cli.gui_cmd import build_services
from app.services.device_ports import CompareLines, DeviceActions, DeviceChoice, DevicePrompts, ScreenHandler
from app.services.device_service import DeviceServiceError, GuiDeviceService
from app.services.ports import GuiServices
from app.settings import Settings
from tests.ui.helpers import open_window
from ui.pages.cold_page import ColdStoragePage
from wallet.emulator.emulator import Emulator
from wallet.types import Network

# Two different seeds, so the two devices have different fingerprints (enumeration lists a
# fingerprint once). Both are BIP39 test mnemonics: Trezor's device tests' "all all …" and
# the BIP39 reference vectors' "abandon … about".
TREZOR_MNEMONIC = " ".join(["all"] * 12)
ONEKEY_MNEMONIC = " ".join(["abandon"] * 11 + ["about"])


class RecordingService(GuiDeviceService):
    """The real service, noting which thread asked it to enumerate."""

    enumerated_on: list[threading.Thread]

    def device_choices(self) -> list[DeviceChoice]:
        self.enumerated_on.append(threading.current_thread())
        return super().device_choices()


# identity name → (seed, label) of each device the tests can plug in
DEVICES = {"trezor-t": (TREZOR_MNEMONIC, "Desk"), "onekey-pro": (ONEKEY_MNEMONIC, "Travel")}


class PluggedIn:
    """A device factory for live mode with the named devices plugged in (emulators)."""

    def __init__(self, db_path: Path, identities: tuple[str, ...]) -> None:
        self.db_path = db_path
        self.identities = identities
        self.emulators: dict[str, Emulator] = {}
        self.service: RecordingService | None = None

    def __call__(self, prompts: DevicePrompts, screen: ScreenHandler | None) -> DeviceActions:
        for name in self.identities:
            seed, label = DEVICES[name]
            self.emulators[name] = Emulator(name, port=0, mnemonic=seed, label=label, confirm="auto").start()

        def unplug_all() -> None:
            for emulator in self.emulators.values():
                emulator.stop()

        service = RecordingService(
            self.db_path,
            Network.TESTNET,
            prompts,
            on_close=unplug_all,
            udp_paths=[e.path for e in self.emulators.values()],
            include_hwi=False,
        )
        service.enumerated_on = []
        self.service = service
        return service


def _live_window(
    qtbot: QtBot, tmp_path: Path, identities: tuple[str, ...] = ("trezor-t", "onekey-pro")
) -> tuple[PluggedIn, ColdStoragePage]:
    config, data = tmp_path / "config", tmp_path / "data"
    config.mkdir()
    data.mkdir()
    settings = Settings(network=Network.TESTNET, language="en", gui_mode="live")
    services = build_services(CommandContext(data, config, settings, Network.TESTNET, False), demo=False)
    devices = PluggedIn(data / "coldsplit.sqlite3", identities)
    window = open_window(qtbot, GuiServices(**{**vars(services), "device_factory": devices}))
    assert window.software_device is None
    return devices, window.cold_page


def _connect(qtbot: QtBot, page: ColdStoragePage, model: str) -> str:
    texts = [page.device_picker.itemText(i) for i in range(page.device_picker.count())]
    page.device_picker.setCurrentIndex(next(i for i, t in enumerate(texts) if t.startswith(model)))
    with qtbot.waitSignal(page.device_connected, timeout=20_000) as connected:
        page.connect_device()
    summary = connected.args[0]
    assert summary.model == model and summary.path == page.choices[page.device_picker.currentIndex()].path
    return str(summary.vendor)


def test_the_picker_lists_both_devices_and_connects_to_the_chosen_one(qtbot: QtBot, tmp_path: Path) -> None:
    devices, page = _live_window(qtbot, tmp_path)
    assert not page.device_picker.isVisibleTo(page)
    page.connect_device()
    qtbot.waitUntil(lambda: page.device_picker.isVisibleTo(page), timeout=20_000)
    assert devices.service is not None
    assert devices.service.enumerated_on and threading.main_thread() not in devices.service.enumerated_on
    assert sorted((c.vendor, c.model, c.label) for c in page.choices) == [
        ("OneKey", "OneKey Pro", "Travel"),
        ("Trezor", "Trezor T", "Desk"),
    ]
    texts = sorted(page.device_picker.itemText(i) for i in range(page.device_picker.count()))
    assert texts[0].startswith("OneKey Pro “Travel” — udp:127.0.0.1:")
    assert page.summary is None  # nothing is opened before the person chooses

    assert _connect(qtbot, page, "OneKey Pro") == "OneKey"
    assert page.device_label.text().startswith("OneKey Pro “Travel”, firmware")

    assert _connect(qtbot, page, "Trezor T") == "Trezor"
    assert page.device_label.text().startswith("Trezor T “Desk”, firmware")
    assert _connect(qtbot, page, "OneKey Pro") == "OneKey"  # and back: the choice is the person's


def test_the_choice_is_remembered_for_the_session(qtbot: QtBot, tmp_path: Path) -> None:
    devices, page = _live_window(qtbot, tmp_path)
    page.connect_device()
    qtbot.waitUntil(lambda: page.device_picker.isVisibleTo(page), timeout=20_000)
    assert _connect(qtbot, page, "OneKey Pro") == "OneKey"
    assert page.summary is not None
    onekey_path = page.summary.path
    page.look_again()  # listing again: the picker starts on the last choice
    qtbot.waitUntil(lambda: page.device_picker.isVisibleTo(page), timeout=20_000)
    assert page.choices[page.device_picker.currentIndex()].path == onekey_path
    assert devices.service is not None and len(devices.service.enumerated_on) == 2


def test_one_device_connects_without_a_picker(qtbot: QtBot, tmp_path: Path) -> None:
    _, page = _live_window(qtbot, tmp_path, ("onekey-pro",))
    with qtbot.waitSignal(page.device_connected, timeout=20_000) as connected:
        page.connect_device()
    assert connected.args[0].vendor == "OneKey" and connected.args[0].label == "Travel"
    assert not page.device_picker.isVisibleTo(page) and not page.rescan_button.isVisibleTo(page)


def test_looking_again_after_one_is_unplugged_connects_to_the_one_left(qtbot: QtBot, tmp_path: Path) -> None:
    devices, page = _live_window(qtbot, tmp_path)
    page.connect_device()
    qtbot.waitUntil(lambda: page.device_picker.isVisibleTo(page), timeout=20_000)
    assert page.rescan_button.isVisibleTo(page)
    devices.emulators["trezor-t"].stop()
    with qtbot.waitSignal(page.device_connected, timeout=20_000) as connected:
        page.look_again()
    assert connected.args[0].model == "OneKey Pro"
    assert not page.device_picker.isVisibleTo(page)


class NoPrompts:
    """`DevicePrompts` for devices without PIN or passphrase: asking the person is a bug."""

    def ask_pin(self, attempt: int, kind: str) -> str | None:
        raise AssertionError("no PIN was expected")

    def ask_passphrase(self, on_device_possible: bool) -> tuple[str, bool] | None:
        raise AssertionError("no passphrase was expected")

    def show_confirm(self, action: str, detail: str, compare: CompareLines) -> None:
        return None

    def hide_confirm(self) -> None:
        return None

    def ask_match(self, address: str, path: str) -> bool:
        raise AssertionError("no address check was expected")


def test_the_service_refuses_to_guess_among_several_and_switches_when_told(tmp_path: Path) -> None:
    devices = PluggedIn(tmp_path / "coldsplit.sqlite3", ("trezor-t", "onekey-pro"))
    service = devices(NoPrompts(), None)
    try:
        with pytest.raises(DeviceServiceError, match="several devices found; choose one"):
            service.connect()  # e.g. signing a PSBT before any choice: never a silent pick
        onekey, trezor = devices.emulators["onekey-pro"].path, devices.emulators["trezor-t"].path
        service.choose_device(onekey)
        assert service.connect().vendor == "OneKey"
        assert service.connect().path == onekey  # the choice stays for later calls
        service.choose_device(trezor)
        assert service.connect().vendor == "Trezor"
    finally:
        service.close()
