"""The in-process API: start a software device on loopback, use it, stop it.

    with Emulator(identity="trezor-one", mnemonic="all all ...", port=0) as emu:
        path = emu.path          # "udp:127.0.0.1:P" for trezorlib, trezorctl and HWI

NOT SECURE STORAGE: the seed and PIN are plain Python objects in this process.
"""

from __future__ import annotations

import logging
from types import TracebackType

from wallet.emulator.confirm import Decision, DecisionSource, ScreenWatcher, source_by_name
from wallet.emulator.device import Device
from wallet.emulator.faults import Faults
from wallet.emulator.identities import identity_by_name
from wallet.emulator.server import Server
from wallet.emulator.state import DeviceState

log = logging.getLogger(__name__)
LOOPBACK = "127.0.0.1"
INSECURE_WARNING = (
    "THIS IS A SOFTWARE EMULATOR, NOT SECURE STORAGE: its seed and PIN sit in ordinary memory"
    " (and in the seed file, if one is used). Never put real funds behind it."
)


class Emulator:
    """A Trezor/OneKey-compatible software device served over UDP on `host`:`port` and `port`+1.

    `port=None` uses the identity's default (21324 Trezor, 54935 OneKey); `port=0` picks a
    free adjacent pair. `confirm` is "debuglink" (wait for DebugLinkDecision), "auto" or
    "interactive", or any `DecisionSource`. Without a mnemonic the device starts wiped.
    """

    def __init__(
        self,
        identity: str = "trezor-one",
        *,
        port: int | None = None,
        host: str = LOOPBACK,
        mnemonic: str | None = None,
        pin: str | None = None,
        passphrase_protection: bool = False,
        label: str | None = "ColdSplit emulator",
        confirm: str | DecisionSource = "debuglink",
        watcher: ScreenWatcher | None = None,
    ) -> None:
        self.identity = identity_by_name(identity)
        self.host = host
        self._requested_port = self.identity.default_port if port is None else port
        state = DeviceState()
        if mnemonic is not None:
            state.load(mnemonic, pin=pin, passphrase_protection=passphrase_protection, label=label)
        decisions = source_by_name(confirm) if isinstance(confirm, str) else confirm
        self.device = Device(self.identity, state, decisions, watcher)
        self.faults = Faults()
        self._server: Server | None = None

    @property
    def port(self) -> int:
        """The wire port (the DebugLink is on port + 1); known once started."""
        if self._server is None:
            return self._requested_port
        return self._server.port

    @property
    def debug_port(self) -> int:
        return self.port + 1

    @property
    def path(self) -> str:
        return f"udp:{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._server is not None and not self._server.disconnected.is_set()

    def start(self) -> Emulator:
        """Bind both ports and serve from a background thread (ServerError if they are taken)."""
        if self.running:
            return self
        if self._server is not None:  # reconnecting after a simulated unplug: same ports
            self._requested_port = self._server.port
            self._server.stop()
        self.device.fail_silently()
        self._server = Server(self.device, self.host, self._requested_port, self.faults)
        self._server.start()
        log.warning("%s", INSECURE_WARNING)
        log.info("emulator %s serving on %s (DebugLink %d)", self.identity.name, self.path, self.debug_port)
        return self

    def press(self, prompt_id: int, accepted: bool, text: str | None = None) -> None:
        """The person presses a button on screen `prompt_id` (thread-safe, returns at once).

        A press on a screen that is no longer shown is ignored, as on a real device."""
        server = self._server
        if server is None or server.disconnected.is_set():
            return
        device = self.device
        server.post(lambda: device.decide_prompt(prompt_id, Decision(accepted, text)))

    def stop(self) -> None:
        if self._server is not None:
            self._requested_port = self._server.port
            self._server.stop()
            self._server = None
            self.device.fail_silently()  # unplugged: the screen goes dark, the flow is lost

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
