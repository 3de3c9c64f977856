"""The confirmation screens of OneKey's Touch and Pro firmware (onekey-touch, onekey-pro).

Both run OneKey's MicroPython core with LVGL screens. Facts read from the sources (not
run here): OneKeyHQ/firmware-pro tag v4.20.0 (3542e8c) and OneKeyHQ/firmware branch
`touch` (69bef6a, 4.9.0), which agree on every point below. Every screen sends its
ButtonRequest first (core/src/trezor/ui/layouts/lvgl/common.py `interact`: code only,
no page count or name), and a screen's reject button ends the request with
ActionCancelled (`raise_if_cancelled`) unless noted.

- Each external output (apps/bitcoin/sign_tx/approvers.py `add_external_output` →
  layout.py `confirm_output` → lvgl `confirm_output`): ONE screen, ButtonRequest
  ConfirmOutput, "Send <amount>" to the address (template `TransactionOverview`,
  Continue/Reject). Change has no screen. (Trezor's core shows two: address, amount.)
- The total (approvers.py `approve_tx` → lvgl `confirm_total`): one screen, ButtonRequest
  SignTx, amount, fee and total together (template `TransactionDetailsBTC`).
- Lock time (layout.py `confirm_nondefault_locktime`): ButtonRequest SignTx.
- Then, after every signature has been sent, before the final TxRequest TXFINISHED
  (apps/bitcoin/sign_tx/__init__.py `sign_tx` → lvgl `confirm_final`): "Slide to sign",
  ButtonRequest Other; rejecting there answers ActionCancelled instead of TXFINISHED.
- Sign message (apps/bitcoin/sign_message.py → lvgl `confirm_signverify`): ONE screen,
  ButtonRequest Other, address and message together (template `Message`, Sign/Cancel).
  Verify message (verify_message.py): that screen (Verify), then ButtonRequest Success
  ("The signature is valid", Done).
- Show address (apps/bitcoin/get_address.py and the Ethereum app → lvgl `show_address`):
  one screen, ButtonRequest Address, address and path. Its left button toggles a QR code
  and back (template `Address.eventhandler`), its right one is Done; the result is not
  checked, so the screen cannot refuse. A host Cancel still ends it (wire.py: the
  message interrupts the wait and is answered ActionCancelled).
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

from trezorlib import messages, protobuf

from wallet.emulator.flow import Confirm

Button = messages.ButtonRequestType
Screens = Generator[protobuf.MessageType | Confirm, Any, None]


def confirm_output(amount: str, address: str) -> Screens:
    yield Confirm(Button.ConfirmOutput, f"Send {amount}", (f"To: {address}",))


def confirm_total(coin_name: str, amount: str, fee: str, total: str) -> Screens:
    lines = (f"Amount: {amount}", f"Fee: {fee}", f"Total Amount: {total}")
    yield Confirm(Button.SignTx, f"Sign {coin_name} Transaction", lines)


def confirm_final(coin_name: str) -> Screens:
    lines = (f"Do you want to sign this {coin_name} transaction?", "Slide to sign")
    yield Confirm(Button.Other, "Confirm Transaction", lines)


def sign_message(coin_name: str, address: str, text: str, *, verify: bool = False) -> Screens:
    title = f"Verify {coin_name} Message" if verify else f"Sign {coin_name} Message"
    yield Confirm(Button.Other, title, (f"Address: {address}", f"Message: {text}"))
    if verify:
        yield Confirm(Button.Success, "Verified", ("The signature is valid.",))


def show_address(title: str, address: str, path: str, xpubs: tuple[str, ...] = ()) -> Screens:
    """Address ⇄ QR code with the left button until Done; the toggle sends no ButtonRequest."""
    pages = ((title, (address, f"Path: {path}", *xpubs)), ("QR code", (address,)))
    page, first = 0, True
    while True:
        page_title, lines = pages[page]
        done = yield Confirm(Button.Address, page_title, lines, silent=not first, refusable=False)
        first = False
        if done:
            return
        page = 1 - page
