"""Where the device's "yes"/"no" comes from: the DebugLink, auto-confirm, or the terminal.

A source either decides at once or returns None, meaning the device waits for a
DebugLinkDecision (the only way a real device is driven by tests).
"""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TextIO

from trezorlib import messages

from wallet.emulator.flow import Confirm, Entry
from wallet.emulator.screen_text import ScreenText


@dataclass(frozen=True)
class ShownPrompt:
    """A confirmation on the device screen; `prompt_id` tells one request's screen from the next.

    `text` is what the screen shows, exactly as the DebugLink reads it (screen_text.py)."""

    prompt_id: int
    prompt: Confirm
    text: ScreenText


# Told (on the emulator's server thread) what the screen shows: a prompt, or None once it is
# gone. It must return at once: the device keeps serving the wire while its person reads.
ScreenWatcher = Callable[[ShownPrompt | None], None]


@dataclass(frozen=True)
class Decision:
    """The user's answer: accepted or not, and typed text for an Entry."""

    accepted: bool
    text: str | None = None


class DecisionSource(Protocol):
    name: str

    def decide(self, prompt: Confirm) -> Decision | None:
        """Decide now, or None to wait for the DebugLink."""
        ...


class DebugLinkOnly:
    """Waits for DebugLinkDecision, as the official emulator does."""

    name = "debuglink"

    def decide(self, prompt: Confirm) -> Decision | None:
        return None


class AutoConfirm:
    """Says yes to everything and types the default text (demo and scripted runs)."""

    name = "auto-confirm"

    def decide(self, prompt: Confirm) -> Decision | None:
        return Decision(True, prompt.default if isinstance(prompt, Entry) else None)


class TerminalPrompt:
    """Asks on the terminal: y/N for a confirmation, hidden input for a PIN or passphrase."""

    name = "interactive"

    def __init__(
        self,
        read_line: Callable[[str], str] = input,
        read_secret: Callable[[str], str] = getpass.getpass,
        out: TextIO = sys.stderr,
    ) -> None:
        self._read_line = read_line
        self._read_secret = read_secret
        self._out = out

    def decide(self, prompt: Confirm) -> Decision | None:
        print(f"\n[device] {prompt.title}", file=self._out)
        for line in prompt.lines:
            print(f"[device]   {line}", file=self._out)
        for line in prompt.details:  # the screen's next page (the Classic 1S's fee below its total)
            print(f"[device]   next page: {line}", file=self._out)
        try:
            if isinstance(prompt, Entry):
                reader = self._read_secret if prompt.secret else self._read_line
                return Decision(True, reader("[device] enter on the device (Ctrl-D to cancel): "))
            answer = self._read_line("[device] confirm? [y/N] ")
        except EOFError:
            return Decision(False)
        return Decision(answer.strip().lower() in ("y", "yes"))


def decision_from_debuglink(msg: messages.DebugLinkDecision) -> Decision | None:
    """Map a DebugLinkDecision to a decision; swipes and clicks only move the screen."""
    if msg.input is not None:
        return Decision(True, msg.input)
    if msg.button == messages.DebugButton.YES:
        return Decision(True)
    if msg.button == messages.DebugButton.NO:
        return Decision(False)
    if msg.physical_button == messages.DebugPhysicalButton.RIGHT_BTN:
        return Decision(True)
    if msg.physical_button == messages.DebugPhysicalButton.LEFT_BTN:
        return Decision(False)
    return None


def source_by_name(name: str) -> DecisionSource:
    sources: dict[str, Callable[[], DecisionSource]] = {
        "debuglink": DebugLinkOnly,
        "auto": AutoConfirm,
        "interactive": TerminalPrompt,
    }
    if name not in sources:
        raise ValueError(f"unknown confirmation mode {name!r}; choose one of {', '.join(sources)}")
    return sources[name]()
