"""What the device shows before it answers: addresses, xpubs and messages, screen by screen.

The legacy firmware (Trezor One, and OneKey's legacy-based Classic) shows an address or
xpub with a ButtonRequest per screen; "No" does not cancel but moves to the next screen
(the QR code, then each cosigner's xpub for multisig) and the user is asked again
(trezor-firmware legacy/firmware fsm.c `fsm_layoutAddress`, fsm_msg_coin.h
`fsm_msgGetPublicKey`). Messages are shown in pages of 4 rows (18 characters, or 8 bytes
in hex when not printable ASCII), each with ButtonRequest Other (`fsm_layoutPaginated`).
Core models show one screen each (their swipes and menus are driven by the DebugLink).
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING, Any

from trezorlib import messages

from wallet.emulator import onekey_core_screens, onekey_screens
from wallet.emulator.flow import Confirm
from wallet.emulator.identities import OneKeyScreens

if TYPE_CHECKING:
    from wallet.emulator.device import Device

Button = messages.ButtonRequestType
Show = Generator[Any, Any, None]
ASCII_ROW = 18
HEX_ROW_BYTES = 8
ROWS_PER_PAGE = 4


def show_address(device: Device, title: str, address: str, path: str, xpubs: tuple[str, ...] = ()) -> Show:
    """Address, its QR code and (multisig) each cosigner's xpub in two pages, until "Yes"."""
    legacy_onekey = device.identity.onekey_screens in (OneKeyScreens.CLASSIC, OneKeyScreens.CLASSIC1S)
    if legacy_onekey and not xpubs:  # OneKey Classic and Classic 1S: address, path, QR
        yield from onekey_screens.show_address(address, path)
        return
    if device.identity.is_onekey and not device.identity.is_model_one:  # Touch/Pro: NO toggles a QR
        yield from onekey_core_screens.show_address(title, address, path, xpubs)
        return
    if not device.identity.is_model_one:
        yield Confirm(Button.Address, "Receive address", (address, path))
        return
    screens: list[tuple[str, tuple[str, ...]]] = [(title, (address, path)), (title, (f"QR: {address}",))]
    for index, xpub in enumerate(xpubs):
        half = len(xpub) // 2
        screens += [
            (f"XPUB #{index + 1} (1/2)", (xpub[:half],)),
            (f"XPUB #{index + 1} (2/2)", (xpub[half:],)),
        ]
    screen = 0
    while True:
        screen_title, lines = screens[screen]
        confirmed = yield Confirm(Button.Address, screen_title, lines, refusable=False)
        if confirmed:
            return
        screen = (screen + 1) % len(screens)


def show_xpub(device: Device, xpub: str) -> Show:
    """Two pages; on each, "No" flips between the text and the QR code."""
    if not device.identity.is_model_one:
        yield Confirm(Button.PublicKey, "Public key", (xpub,))
        return
    half = (len(xpub) + 1) // 2
    pages = (xpub[:half], xpub[half:])
    page, qr = 0, False
    while page < len(pages):
        lines = (f"QR: {xpub}",) if qr else (pages[page],)
        confirmed = yield Confirm(Button.PublicKey, f"XPUB ({page + 1}/2)", lines, refusable=False)
        if confirmed:
            page, qr = page + 1, False
        else:
            qr = not qr


def message_pages(message: bytes) -> list[tuple[str, ...]]:
    """The pages the legacy firmware shows: 4 rows of 18 ASCII characters or 8 hex bytes."""
    printable = all(32 <= byte < 127 for byte in message)
    row = ASCII_ROW if printable else HEX_ROW_BYTES
    chunk = row * ROWS_PER_PAGE
    pages = []
    for start in range(0, max(len(message), 1), chunk):
        part = message[start : start + chunk]
        rows = [part[i : i + row] for i in range(0, len(part), row)]
        pages.append(tuple(r.decode("ascii") if printable else r.hex() for r in rows))
    return pages


def _is_text(message: bytes) -> bool:
    try:
        message.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def show_message(device: Device, title: str, message: bytes) -> Show:
    """The message for signing or verifying: page by page on model "1", one screen on core."""
    printable = all(32 <= byte < 127 for byte in message)
    if not device.identity.is_model_one:
        text = message.decode("utf-8", errors="replace") if _is_text(message) else message.hex()
        # one page holding the whole message; core reports the page count in the ButtonRequest
        yield Confirm(Button.Other, title, (" ".join(text.splitlines()),), pages=1)
        return
    kind = title if printable else title.replace("message", "binary message")
    for lines in message_pages(message):
        yield Confirm(Button.Other, kind, lines)
