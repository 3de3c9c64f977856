"""The Trezor One identity's 128x64 monochrome screen, as DebugLinkState.layout carries it.

Buffer layout from trezor-firmware legacy/oled.c (python/v0.20.2): 1,024 bytes, pixel
(x, y) in byte `1023 - x - (y // 8) * 128` under mask `1 << (7 - y % 8)`; characters are
drawn column by column with one blank column between them (`oledDrawString`). The title
goes on the first row, the screen's lines below it, wrapped to the width; what does not
fit is left off, as on the device.
"""

from __future__ import annotations

from collections.abc import Iterable

from wallet.emulator.t1_font import FIRST_CHAR, FONT_HEIGHT, GLYPHS

WIDTH = 128
HEIGHT = 64
BUFFER_BYTES = WIDTH * HEIGHT // 8
ROW_PITCH = 9  # 8-pixel font plus a pixel of space
UNKNOWN = "?"
MAX_ROWS = HEIGHT // ROW_PITCH  # whole rows only: a row that would be cut at the bottom is left off


def _glyph(char: str) -> bytes:
    code = ord(char)
    if not FIRST_CHAR <= code < FIRST_CHAR + len(GLYPHS):
        code = ord(UNKNOWN)
    return GLYPHS[code - FIRST_CHAR]


def text_width(text: str) -> int:
    return sum(len(_glyph(char)) + 1 for char in text)


def _wrap(line: str) -> Iterable[str]:
    """Cut a line into pieces that fit the width (character by character: addresses have no spaces)."""
    piece = ""
    for char in line:
        if piece and text_width(piece + char) > WIDTH:
            yield piece
            piece = ""
        piece += char
    yield piece


class Framebuffer:
    def __init__(self) -> None:
        self.buffer = bytearray(BUFFER_BYTES)

    def set_pixel(self, x: int, y: int) -> None:
        if 0 <= x < WIDTH and 0 <= y < HEIGHT:
            self.buffer[BUFFER_BYTES - 1 - x - (y // 8) * WIDTH] |= 1 << (7 - y % 8)

    def pixel(self, x: int, y: int) -> bool:
        return bool(self.buffer[BUFFER_BYTES - 1 - x - (y // 8) * WIDTH] & (1 << (7 - y % 8)))

    def draw_text(self, x: int, y: int, text: str) -> None:
        for char in text:
            for column, bits in enumerate(_glyph(char)):
                for row in range(FONT_HEIGHT):
                    if bits & (1 << (FONT_HEIGHT - 1 - row)):
                        self.set_pixel(x + column, y + row)
            x += len(_glyph(char)) + 1


def visible_rows(title: str, lines: Iterable[str]) -> tuple[str, ...]:
    """The rows of text the screen holds: the title, then `lines` wrapped, as far as they fit."""
    rows = [title] + [piece for line in lines for piece in _wrap(line)]
    return tuple(rows[:MAX_ROWS])


def render_rows(rows: Iterable[str]) -> bytes:
    """`rows` of text (from `visible_rows`) drawn one under the other, as the 1,024-byte buffer."""
    screen = Framebuffer()
    for index, row in enumerate(rows):
        screen.draw_text(0, index * ROW_PITCH, row)
    return bytes(screen.buffer)


def render(title: str, lines: Iterable[str]) -> bytes:
    """The screen with `title` on top and `lines` below it, as the 1,024-byte buffer."""
    return render_rows(visible_rows(title, lines))
