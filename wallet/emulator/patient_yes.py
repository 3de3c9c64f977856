"""`coldsplit emulator --auto-confirm`: yes to every screen, but never over a DebugLink decision.

An immediate automatic yes races a host that drives the device through the DebugLink (a NO
sent a few milliseconds after the ButtonRequest would find the screen already confirmed).
Here the automatic press comes `grace` seconds after a screen appears, through the same
path a person's press takes (`Emulator.press`): if a DebugLink decision answered the screen
first, the late press finds it gone and does nothing, as on a real device.
"""

from __future__ import annotations

import threading

from wallet.emulator.confirm import ShownPrompt
from wallet.emulator.emulator import Emulator
from wallet.emulator.flow import Entry

GRACE_SECONDS = 0.2


class PatientYes:
    """A screen watcher that presses yes on each screen after a grace period."""

    def __init__(self, grace: float = GRACE_SECONDS) -> None:
        self.grace = grace
        self.emulator: Emulator | None = None

    def __call__(self, shown: ShownPrompt | None) -> None:
        emulator = self.emulator
        if shown is None or emulator is None:
            return
        text = shown.prompt.default if isinstance(shown.prompt, Entry) else None
        timer = threading.Timer(self.grace, emulator.press, args=(shown.prompt_id, True, text))
        timer.daemon = True
        timer.start()
