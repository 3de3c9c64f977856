"""Fixtures for the device layer: a device thread, and a user who answers through the DebugLink.

The emulators come from tests/wallet/conftest.py (`make_emulator`). `DebugLinkUser` is
the UserInteraction a test hands a driver: it reads the scrambled PIN matrix from the
DebugLink as a person reads the screen, and presses yes/no (or types) on the DebugLink
when the driver says "confirm on the device".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from trezorlib import mapping, messages, protocol_v1
from trezorlib.transport.udp import UdpTransport

from wallet.devices.errors import DeviceCancelled
from wallet.devices.interaction import ConfirmNotice, PassphraseAnswer, PassphraseRequest, PinRequest
from wallet.devices.thread import DeviceThread
from wallet.emulator.confirm import ShownPrompt
from wallet.emulator.emulator import Emulator
from wallet.emulator.flow import Confirm


class DebugLinkPeer:
    """The emulator's DebugLink port, spoken with trezorlib's v1 framing."""

    def __init__(self, emulator: Emulator) -> None:
        self.transport = UdpTransport(f"127.0.0.1:{emulator.debug_port}")
        self.transport.open()

    def send(self, msg: messages.DebugLinkDecision | messages.DebugLinkGetState) -> None:
        protocol_v1.write(self.transport, *mapping.DEFAULT_MAPPING.encode(msg))

    def state(self) -> messages.DebugLinkState:
        self.send(messages.DebugLinkGetState())
        reply = mapping.DEFAULT_MAPPING.decode(*protocol_v1.read(self.transport, timeout=5))
        assert isinstance(reply, messages.DebugLinkState)
        return reply

    def close(self) -> None:
        self.transport.close()


@dataclass
class DebugLinkUser:
    """A scripted person. `pins`/`passphrases` are consumed in order; `decisions` likewise (default yes)."""

    debuglink: DebugLinkPeer
    pins: list[str] = field(default_factory=list)
    passphrases: list[PassphraseAnswer] = field(default_factory=list)
    decisions: list[bool | str | None] = field(default_factory=list)
    device_pin: str | None = None
    device_passphrase: str = ""
    pin_requests: list[PinRequest] = field(default_factory=list)
    passphrase_requests: list[PassphraseRequest] = field(default_factory=list)
    notices: list[ConfirmNotice] = field(default_factory=list)
    dismissed: int = 0
    # Screens shown without a ButtonRequest (OneKey Classic's later pages, Fee and Total):
    # the person sees them on the device and presses; `page_decisions` in order (default
    # yes, None = walk away), and every such screen seen is kept in `pages`.
    page_decisions: list[bool | None] = field(default_factory=list)
    pages: list[Confirm] = field(default_factory=list)

    def watch_silent_screens(self, emulator: Emulator) -> None:
        """Look at the device (its screen watcher) and press on screens the host is not told of."""
        previous = emulator.device.watcher

        def watch(shown: ShownPrompt | None) -> None:
            if previous is not None:
                previous(shown)
            if shown is None or not shown.prompt.silent:
                return
            self.pages.append(shown.prompt)
            decision = self.page_decisions.pop(0) if self.page_decisions else True
            if decision is not None:
                emulator.press(shown.prompt_id, decision)

        emulator.device.watcher = watch

    def get_pin(self, request: PinRequest) -> str:
        self.pin_requests.append(request)
        if not self.pins:
            raise DeviceCancelled("no more PINs to try")
        matrix = self.debuglink.state().matrix
        assert matrix is not None and sorted(matrix) == list("123456789")
        # matrix[i] is the digit shown at position i + 1 (trezorlib's debuglink encodes the same way)
        return "".join(str(matrix.index(digit) + 1) for digit in self.pins.pop(0))

    def get_passphrase(self, request: PassphraseRequest) -> PassphraseAnswer:
        self.passphrase_requests.append(request)
        return self.passphrases.pop(0) if self.passphrases else PassphraseAnswer("")

    def confirm_on_device(self, notice: ConfirmNotice) -> None:
        self.notices.append(notice)
        if notice.action == "PinEntry" and self.device_pin is not None:
            self.debuglink.send(messages.DebugLinkDecision(input=self.device_pin))
            return
        if notice.action == "PassphraseEntry":
            self.debuglink.send(messages.DebugLinkDecision(input=self.device_passphrase))
            return
        decision = self.decisions.pop(0) if self.decisions else True
        if decision is None:
            return  # the person walks away: nothing is pressed
        if decision == "cancel":
            raise DeviceCancelled("cancelled on the host")  # the Cancel button next to the notice
        button = messages.DebugButton.YES if decision else messages.DebugButton.NO
        self.debuglink.send(messages.DebugLinkDecision(button=button))

    def device_done(self) -> None:
        self.dismissed += 1


@pytest.fixture
def device_thread() -> Iterator[DeviceThread]:
    with DeviceThread(name="test-device") as thread:
        yield thread


@pytest.fixture
def debuglink_peers() -> Iterator[list[DebugLinkPeer]]:
    peers: list[DebugLinkPeer] = []
    yield peers
    for peer in peers:
        peer.close()


@pytest.fixture
def make_user(debuglink_peers: list[DebugLinkPeer]):  # type: ignore[no-untyped-def]
    def factory(emulator: Emulator, **kwargs: object) -> DebugLinkUser:
        peer = DebugLinkPeer(emulator)
        debuglink_peers.append(peer)
        user = DebugLinkUser(peer, **kwargs)  # type: ignore[arg-type]
        user.watch_silent_screens(emulator)
        return user

    return factory
