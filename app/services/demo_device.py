"""Demo mode's device: the in-process software device on testnet, shown on screen.

Its confirmations are not auto-accepted behind the user's back: each screen the
firmware would show is handed to the GUI's on-screen device (a `ScreenHandler`), which
waits for the person to press Approve or Reject. Without a handler (scripted runs) it
confirms automatically. The seed is Trezor's public test mnemonic: it is a demo, on
testnet, and NOT secure storage.
"""

from __future__ import annotations

from pathlib import Path

from app.services.device_service import GuiDeviceService
from app.services.ports import DeviceActions, DevicePrompts, DeviceScreen, ScreenHandler
from app.settings import Network
from wallet.emulator.confirm import AutoConfirm, Decision, DecisionSource
from wallet.emulator.emulator import Emulator
from wallet.emulator.flow import Confirm, Entry

# The "all all … all" mnemonic of Trezor's device tests (trezor-firmware, tests/common.py).
DEMO_MNEMONIC = " ".join(["all"] * 12)
DEMO_IDENTITY = "trezor-t"
DEMO_LABEL = "ColdSplit demo device"


class ScreenDecisions:
    """A `DecisionSource` that shows each confirmation on the GUI's on-screen device."""

    name = "on-screen"

    def __init__(self, handler: ScreenHandler) -> None:
        self._handler = handler

    def decide(self, prompt: Confirm) -> Decision | None:
        entry = isinstance(prompt, Entry)
        screen = DeviceScreen(
            title=prompt.title,
            lines=tuple(prompt.lines),
            is_entry=entry,
            secret=prompt.secret if isinstance(prompt, Entry) else False,
            default=prompt.default if isinstance(prompt, Entry) else "",
        )
        answer = self._handler(screen)
        return Decision(answer.accepted, answer.text)


def start_demo_emulator(screen: ScreenHandler | None) -> Emulator:
    decisions: DecisionSource = ScreenDecisions(screen) if screen is not None else AutoConfirm()
    emulator = Emulator(DEMO_IDENTITY, port=0, mnemonic=DEMO_MNEMONIC, label=DEMO_LABEL, confirm=decisions)
    return emulator.start()


class DemoDeviceFactory:
    """Builds the demo device service: a fresh software device per window, stopped with it."""

    def __init__(self, db_path: Path) -> None:
        self._db_path = db_path

    def __call__(self, prompts: DevicePrompts, screen: ScreenHandler | None) -> DeviceActions:
        self._db_path.parent.mkdir(parents=True, exist_ok=True)
        emulator = start_demo_emulator(screen)
        return GuiDeviceService(
            self._db_path, Network.TESTNET, prompts, device_path=emulator.path, on_close=emulator.stop
        )


class LiveDeviceFactory:
    """Builds the service for a real device (the one chosen among those connected, or the only one)."""

    def __init__(self, db_path: Path, network: Network) -> None:
        self._db_path = db_path
        self._network = network

    def __call__(self, prompts: DevicePrompts, screen: ScreenHandler | None) -> DeviceActions:
        return GuiDeviceService(self._db_path, self._network, prompts)
