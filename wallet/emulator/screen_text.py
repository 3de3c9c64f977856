"""The text on the device's screen: one answer for the DebugLink and for the GUI's drawn device.

The Trezor One (and OneKey's legacy-based Classic) draws its title and lines into a
128x64 framebuffer, wrapped to the width and cut at the bottom (t1_screen.py); core
models report a title and one paragraph per line (debuglink.layout_tokens). Whoever
shows the screen elsewhere (the demo's on-screen device) takes this text, so what a
person reads there is what trezorlib's DebugLink reads from the device.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from wallet.emulator import t1_screen


@dataclass(frozen=True)
class ScreenText:
    """A screen's title and the rows (T1: display rows; core: paragraphs) below it."""

    title: str
    rows: tuple[str, ...] = ()


def screen_text(framebuffer_model: bool, title: str, lines: Iterable[str]) -> ScreenText:
    """What a device shows for `title` and `lines`; `framebuffer_model`: a 128x64 legacy screen."""
    if not framebuffer_model:
        return ScreenText(title, tuple(lines))
    rows = t1_screen.visible_rows(title, lines)
    return ScreenText(rows[0], rows[1:])
