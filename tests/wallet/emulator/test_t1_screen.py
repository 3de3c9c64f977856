"""The Trezor One identity draws its screen into the firmware's 128x64 buffer layout."""

from __future__ import annotations

from trezorlib import btc, messages
from trezorlib.tools import parse_path

from tests.wallet.emulator.clients import connect, open_debuglink
from tests.wallet.emulator.t1_ocr import read_rows
from wallet.emulator import t1_screen
from wallet.emulator.emulator import Emulator
from wallet.emulator.t1_font import GLYPHS


def pixel(buffer: bytes, x: int, y: int) -> bool:
    """legacy/oled.c OLED_OFFSET / OLED_MASK, written out independently of the renderer."""
    return bool(buffer[1023 - x - (y // 8) * 128] & (1 << (7 - y % 8)))


def column_bits(buffer: bytes, x: int, top: int) -> int:
    return sum(1 << (7 - row) for row in range(8) if pixel(buffer, x, top + row))


def test_text_lands_column_by_column_where_the_firmware_puts_it() -> None:
    buffer = t1_screen.render("AB", ["1"])
    assert len(buffer) == 1024
    glyph_a, glyph_b = GLYPHS[ord("A") - 32], GLYPHS[ord("B") - 32]
    assert [column_bits(buffer, x, 0) for x in range(len(glyph_a))] == list(glyph_a)
    start_b = len(glyph_a) + 1  # one blank column between characters
    assert column_bits(buffer, start_b - 1, 0) == 0
    assert [column_bits(buffer, start_b + x, 0) for x in range(len(glyph_b))] == list(glyph_b)
    glyph_1 = GLYPHS[ord("1") - 32]
    assert [column_bits(buffer, x, 9) for x in range(len(glyph_1))] == list(glyph_1)  # second row


def test_long_lines_wrap_to_the_width() -> None:
    address = "bc1qannfxke2tfd4l7vhepehpvt05y83v3qsf6nfkk"
    buffer = t1_screen.render("Address:", [address])
    assert any(pixel(buffer, x, 9 + y) for x in range(128) for y in range(8))
    assert any(pixel(buffer, x, 18 + y) for x in range(128) for y in range(8))  # the rest, next row


def test_debuglink_state_carries_the_screen_being_shown(trezor_one: Emulator) -> None:
    debug = open_debuglink(trezor_one)
    layouts: list[bytes] = []

    def answer(_request: messages.ButtonRequest) -> None:
        layouts.append(debug.state().layout or b"")
        debug.press_yes()

    try:
        session = connect(trezor_one, button=answer).get_session()
        btc.get_address(session, "Bitcoin", parse_path("m/44h/0h/0h/0/0"), show_display=True)
    finally:
        debug.close()
    assert layouts == [
        t1_screen.render("Address:", ["1JAd7XCBzGudGpJQSDSfpmJhiygtLQWaGL", "m/44h/0h/0h/0/0"])
    ]
    assert any(layouts[0])


def test_the_framebuffer_reads_back_as_its_rows() -> None:
    rows = t1_screen.visible_rows(
        "Sign message", ["Hello, world! 123", "tb1qkvwu9g3k2pdxewfqr7syz89r3gj557l3uuf9r9"]
    )
    read = read_rows(t1_screen.render_rows(rows))
    assert len(rows) == 4  # the address takes two rows
    for row, readings in zip(rows, read, strict=False):
        assert row in readings
    assert read[len(rows) :] == [{""}] * (len(read) - len(rows))


def test_only_whole_rows_are_kept() -> None:
    rows = t1_screen.visible_rows("Title", [f"line {n}" for n in range(10)])
    assert rows == ("Title", *(f"line {n}" for n in range(6)))  # 7 rows of 9 pixels in 64
