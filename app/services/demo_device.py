"""Demo mode's device: the in-process software device on testnet, shown on screen.

Its confirmations are not auto-accepted behind the user's back: each screen the
firmware would show is handed to the GUI's on-screen device (a `ScreenHandler`), where
it waits for the person to press Approve or Reject; the device itself keeps serving its
wire meanwhile, as a real device does. Without a handler (scripted runs) it
confirms automatically. The seed is Trezor's public test mnemonic: it is a demo, on
testnet, and NOT secure storage.
"""

from __future__ import annotations

from pathlib import Path

from app.events import NO_EVENTS, Publisher
from app.services.device_ports import DevicePrompts, DeviceScreen, GuiDevice, ScreenHandler
from app.services.device_service import GuiDeviceService
from wallet.devices.thread import DeviceThread
from wallet.emulator.confirm import AutoConfirm, DebugLinkOnly, ShownPrompt
from wallet.emulator.emulator import Emulator
from wallet.emulator.flow import Entry
from wallet.types import Network

# The "all all … all" mnemonic of Trezor's device tests (trezor-firmware, tests/common.py).
DEMO_MNEMONIC = " ".join(["all"] * 12)
DEMO_IDENTITY = "trezor-t"
DEMO_LABEL = "ColdSplit demo device"


def _drawn(shown: ShownPrompt | None) -> DeviceScreen | None:
    if shown is None:
        return None
    prompt = shown.prompt
    entry = prompt if isinstance(prompt, Entry) else None
    return DeviceScreen(  # the device's own screen text: what its DebugLink reads, nothing rephrased
        title=shown.text.title,
        lines=shown.text.rows,
        is_entry=entry is not None,
        secret=entry.secret if entry is not None else False,
        default=entry.default if entry is not None else "",
        request_id=shown.prompt_id,
    )


def start_demo_emulator(screen: ScreenHandler | None, identity: str = DEMO_IDENTITY) -> Emulator:
    """The demo device; with a `screen`, each confirmation is drawn there and waits for its person.

    The device never blocks on the person: it shows the screen, keeps answering on the wire
    (liveness pings included) and resumes when a button press for that screen arrives."""
    if screen is None:
        return Emulator(
            identity, port=0, mnemonic=DEMO_MNEMONIC, label=DEMO_LABEL, confirm=AutoConfirm()
        ).start()
    emulator = Emulator(
        identity,
        port=0,
        mnemonic=DEMO_MNEMONIC,
        label=DEMO_LABEL,
        confirm=DebugLinkOnly(),  # decisions arrive as presses, never from the source itself
        watcher=lambda shown: screen.show(_drawn(shown)),
    )
    screen.attach(lambda request_id, answer: emulator.press(request_id, answer.accepted, answer.text))
    return emulator.start()


class DemoDeviceFactory:
    """Builds the demo device service: a fresh software device per window, stopped with it."""

    def __init__(self, db_path: Path, events: Publisher = NO_EVENTS) -> None:
        self._db_path = db_path
        self._events = events

    def __call__(
        self, prompts: DevicePrompts, screen: ScreenHandler | None, thread: DeviceThread | None = None
    ) -> GuiDevice:
        self._db_path.parent.mkdir(parents=True, exist_ok=True)
        emulator = start_demo_emulator(screen)
        return GuiDeviceService(
            self._db_path,
            Network.TESTNET,
            prompts,
            device_path=emulator.path,
            on_close=emulator.stop,
            device_thread=thread,
            events=self._events,
        )


class LiveDeviceFactory:
    """Builds the service for a real device (the one chosen among those connected, or the only one)."""

    def __init__(self, db_path: Path, network: Network, events: Publisher = NO_EVENTS) -> None:
        self._db_path = db_path
        self._network = network
        self._events = events

    def __call__(
        self, prompts: DevicePrompts, screen: ScreenHandler | None, thread: DeviceThread | None = None
    ) -> GuiDevice:
        return GuiDeviceService(
            self._db_path, self._network, prompts, device_thread=thread, events=self._events
        )
