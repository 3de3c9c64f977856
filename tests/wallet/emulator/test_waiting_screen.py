"""A device that waits for its person is alive: the screen waits, the wire keeps answering.

The demo's on-screen device (and anything else watching the screen) is told what the
device shows and presses buttons later, from another thread; the server thread never
waits for the person, so liveness pings are answered while a confirmation is pending.
A press is tied to the screen it was made on: once that screen is gone it acts on nothing.
"""

from __future__ import annotations

import threading
import time

from trezorlib import messages

from tests.wallet.conftest import EmulatorFactory
from tests.wallet.emulator.clients import RawLink
from wallet.emulator.confirm import ShownPrompt
from wallet.emulator.framing import PING, PONG

SHOW_84 = messages.GetAddress(
    address_n=[84 | 0x80000000, 0x80000000, 0x80000000, 0, 0],
    coin_name="Bitcoin",
    script_type=messages.InputScriptType.SPENDWITNESS,
    show_display=True,
)


class Screen:
    """Records what the device shows, as the GUI's drawing of it does."""

    def __init__(self) -> None:
        self.seen: list[ShownPrompt | None] = []
        self.changed = threading.Event()

    def __call__(self, shown: ShownPrompt | None) -> None:
        self.seen.append(shown)
        self.changed.set()

    def current(self) -> ShownPrompt | None:
        return self.seen[-1] if self.seen else None

    def wait_for_prompt(self) -> ShownPrompt:
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            shown = self.current()
            if shown is not None:
                return shown
            self.changed.wait(0.05)
            self.changed.clear()
        raise AssertionError("the device showed no prompt")


def test_liveness_pings_are_answered_while_a_prompt_waits_for_its_person(
    make_emulator: EmulatorFactory,
) -> None:
    screen = Screen()
    emulator = make_emulator("trezor-t", watcher=screen)
    wire = RawLink(emulator.port, timeout=1.0)
    assert isinstance(wire.call(SHOW_84), messages.ButtonRequest)
    wire.send(messages.ButtonAck())
    shown = screen.wait_for_prompt()
    assert shown.prompt.code == messages.ButtonRequestType.Address
    for _ in range(8):  # 4 s of the person reading: longer than the host's 1 s + 2 s probe
        wire.send_raw(PING)
        assert wire.sock.recv(64) == PONG
        time.sleep(0.5)
    emulator.press(shown.prompt_id, True)
    reply = wire.receive()
    assert isinstance(reply, messages.Address) and reply.address.startswith("bc1qannf")
    assert screen.current() is None  # the screen went back home
    wire.close()


def test_a_press_on_a_screen_that_is_gone_acts_on_nothing(make_emulator: EmulatorFactory) -> None:
    screen = Screen()
    emulator = make_emulator("trezor-t", watcher=screen)
    wire = RawLink(emulator.port, timeout=1.0)
    wire.call(SHOW_84)
    wire.send(messages.ButtonAck())
    first = screen.wait_for_prompt()
    cancelled = wire.call(messages.Cancel())
    assert isinstance(cancelled, messages.Failure) and cancelled.code == messages.FailureType.ActionCancelled
    assert screen.current() is None
    # the next request shows a new screen; the stale Approve of the first one must not decide it
    wire.call(SHOW_84)
    wire.send(messages.ButtonAck())
    second = screen.wait_for_prompt()
    assert second.prompt_id != first.prompt_id
    emulator.press(first.prompt_id, True)
    emulator.press(first.prompt_id, False)
    for _ in range(2):  # two round trips: the loop that answered the first ran the presses after it
        wire.send_raw(PING)
        assert wire.sock.recv(64) == PONG
    assert screen.current() == second
    emulator.press(second.prompt_id, True)
    assert isinstance(wire.receive(), messages.Address)
    wire.close()


def test_a_stopped_device_clears_its_screen(make_emulator: EmulatorFactory) -> None:
    screen = Screen()
    emulator = make_emulator("trezor-t", watcher=screen)
    wire = RawLink(emulator.port, timeout=1.0)
    wire.call(SHOW_84)
    wire.send(messages.ButtonAck())
    shown = screen.wait_for_prompt()
    emulator.stop()
    assert screen.current() is None
    emulator.press(shown.prompt_id, True)  # pressing a dark screen is harmless
    wire.close()
