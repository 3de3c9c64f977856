"""The GUI demo's drawn device shows the text the device's DebugLink reads, screen by screen.

A host (trezorlib, on its own thread) asks the demo's software device for an address on
screen (on an unusual path, so a warning comes first; on the T1 the test says "No" once,
which turns the screen to the QR code), a message signature over two pages and a
transaction signature; every confirmation appears on
the drawn device (SoftwareDevicePanel) and waits there. For each screen the test reads
the panel's visible labels and, over the DebugLink, what trezorlib reads from the device
itself: for a core identity the layout's title and paragraphs (trezorlib's LayoutContent),
for the Trezor One the 128x64 framebuffer read back glyph by glyph. They must agree
before the test presses Approve on the panel, as a person would. "Agree" allows only
the panel's presentation (ui/software_device.py presented_line: the same characters with
long runs grouped by four; a known label or title translated, which in English is none).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from trezorlib import btc, messages
from trezorlib.client import Session
from trezorlib.debuglink import DebugLink, LayoutContent
from trezorlib.tools import parse_path

from app.services.demo_device import start_demo_emulator
from tests.wallet.emulator.clients import connect, open_debuglink
from tests.wallet.emulator.signtx_support import load_prev_txes
from tests.wallet.emulator.t1_ocr import read_rows
from ui.device_bridge import ScreenBridge
from ui.domain_words import device_title
from ui.software_device import SoftwareDevicePanel, presented_line

I = messages.InputScriptType  # noqa: E741 - as in the signing vectors
TESTNET = load_prev_txes("testnet")  # trezor-firmware's cached previous transactions
# trezor-firmware test_signtx_segwit_native.py::test_send_native: p2wpkh on testnet, two outputs
NATIVE_INPUT = messages.TxInputType(
    address_n=parse_path("m/84h/1h/0h/0/87"),
    amount=100_000,
    prev_hash=next(txid for txid in TESTNET if txid.hex().startswith("b36780")),
    prev_index=0,
    script_type=I.SPENDWITNESS,
)
NATIVE_OUTPUTS = [
    messages.TxOutputType(address="2N4Q5FhU2497BryFfUgbqkAJE87aKHUhXMp", amount=40_000),
    messages.TxOutputType(address="tb1qe48wz5ysk9mlzhkswcxct9tdjw6ejr2l9e6j8q", amount=50_000),
]
LONG_MESSAGE = "This is an example of a signed message that runs over more than one page of the screen."


def _host_requests(session: Session) -> None:
    # P2PKH on a BIP84 path: the firmware warns before it shows the address
    btc.get_address(session, "Testnet", parse_path("m/84h/1h/0h/0/0"), show_display=True)
    btc.sign_message(
        session, "Testnet", parse_path("m/84h/1h/0h/0/0"), LONG_MESSAGE, script_type=I.SPENDWITNESS
    )
    btc.sign_tx(session, "Testnet", [NATIVE_INPUT], NATIVE_OUTPUTS, prev_txes=TESTNET)


def _panel_text(panel: SoftwareDevicePanel) -> tuple[str, list[str]]:
    return panel.title.text(), panel.lines.text().split("\n")


def _core_agrees(panel: SoftwareDevicePanel, debug: DebugLink) -> str:
    layout = LayoutContent(debug.state().tokens)
    title, rows = _panel_text(panel)
    assert title == device_title(layout.title())
    assert rows == [presented_line(row) for row in layout.screen_content().split("\n")]
    return layout.title()


def _t1_agrees(panel: SoftwareDevicePanel, debug: DebugLink) -> str:
    on_pixels = read_rows(debug.state().layout or b"")
    title, rows = _panel_text(panel)
    title_readings = {text for text in on_pixels[0] if device_title(text) == title}
    assert title_readings, f"{title!r} is not what the screen's title row reads: {on_pixels[0]}"
    for row, readings in zip(rows, on_pixels[1:], strict=False):
        presented = {presented_line(text) for text in readings}
        assert row.rstrip() in presented, f"{row!r} is not what the screen's pixels read: {readings}"
    shown = 1 + len(rows)
    assert on_pixels[shown:] == [{""}] * (len(on_pixels) - shown), "the device shows more rows"
    return min(title_readings)


@pytest.mark.parametrize(("identity", "agrees"), [("trezor-t", _core_agrees), ("trezor-one", _t1_agrees)])
def test_drawn_device_shows_what_the_debuglink_reads(
    qtbot: QtBot, identity: str, agrees: Callable[[SoftwareDevicePanel, DebugLink], str]
) -> None:
    bridge = ScreenBridge()
    panel = SoftwareDevicePanel(bridge)
    qtbot.addWidget(panel)
    panel.resize(360, 480)
    panel.show()
    emulator = start_demo_emulator(bridge, identity)
    debug = open_debuglink(emulator)
    client = connect(emulator)
    failures: list[BaseException] = []

    def host() -> None:
        try:
            _host_requests(client.get_session())
        except BaseException as exc:  # reported on the test's thread
            failures.append(exc)

    thread = threading.Thread(target=host, name="host", daemon=True)
    thread.start()
    titles: list[str] = []
    last_screen = 0
    try:
        while thread.is_alive():
            qtbot.waitUntil(
                functools.partial(_next_screen_or_done, panel, thread, last_screen), timeout=20_000
            )
            if panel.current_screen is None or panel.current_screen.request_id == last_screen:
                break
            last_screen = panel.current_screen.request_id
            titles.append(agrees(panel, debug))
            # on the T1, "No" on the address turns to its QR code (compared too), then "Yes"
            no_first = identity == "trezor-one" and titles == ["Wrong address path", "Address:"]
            button = panel.reject_button if no_first else panel.approve_button
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    finally:
        thread.join(timeout=20)
        debug.close()
        client.transport.close()
        emulator.stop()
    assert not failures, failures
    assert not thread.is_alive()
    _saw_every_kind_of_screen(identity, titles)


def _next_screen_or_done(panel: SoftwareDevicePanel, host: threading.Thread, shown_before: int) -> bool:
    screen = panel.current_screen
    return not host.is_alive() or (screen is not None and screen.request_id != shown_before)


def _saw_every_kind_of_screen(identity: str, titles: list[str]) -> None:
    """The warning, the address (T1: and its QR code), each page of the message, each output and
    the total were all compared."""
    assert titles[0] == "Wrong address path"
    if identity == "trezor-one":
        assert titles[1:3] == ["Address:", "Address:"]
        assert titles.count("Sign message?") == 2  # 4 rows of 18 characters per page
        assert titles.count("Confirm sending") == 2
    else:
        assert titles[1] == "Receive address"
        assert titles.count("Sign message?") == 1
        assert titles.count("Confirm sending") == 2 and titles.count("Amount") == 2
    assert titles[-1] == "Confirm transaction"
