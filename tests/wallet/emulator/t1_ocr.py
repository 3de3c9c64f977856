"""Reads text back from a Trezor One framebuffer (DebugLinkState.layout), glyph by glyph.

Written from legacy/oled.c's layout (pixel (x, y) in byte 1023 - x - (y // 8) * 128,
mask 1 << (7 - y % 8)) and the font's column bitmaps, independently of t1_screen.py's
renderer, so a test can say what a person would read on the device's pixels.
"""

from __future__ import annotations

from functools import cache

from wallet.emulator.t1_font import FIRST_CHAR, GLYPHS

WIDTH = 128
ROW_PITCH = 9
ROWS = 7


def _pixel(buffer: bytes, x: int, y: int) -> bool:
    return bool(buffer[1023 - x - (y // 8) * 128] & (1 << (7 - y % 8)))


def _columns(buffer: bytes, top: int) -> tuple[int, ...]:
    return tuple(
        sum(1 << (7 - row) for row in range(8) if top + row < 64 and _pixel(buffer, x, top + row))
        for x in range(WIDTH)
    )


def readings(columns: tuple[int, ...]) -> set[str]:
    """Every text whose glyphs (one blank column after each) draw exactly these columns."""

    @cache
    def from_column(x: int) -> frozenset[str]:
        if not any(columns[x:]):
            return frozenset({""})  # the rest is blank (a trailing space cannot be seen)
        found: set[str] = set()
        for offset, glyph in enumerate(GLYPHS):
            end = x + len(glyph)
            if columns[x:end] == tuple(glyph) and (end >= WIDTH or columns[end] == 0):
                found.update(chr(FIRST_CHAR + offset) + rest for rest in from_column(min(end + 1, WIDTH)))
        return frozenset(found)

    return set(from_column(0))


def read_rows(buffer: bytes) -> list[set[str]]:
    """The possible readings of each of the screen's text rows, top to bottom."""
    return [readings(_columns(buffer, row * ROW_PITCH)) for row in range(ROWS)]
