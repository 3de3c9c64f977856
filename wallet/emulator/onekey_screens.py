"""The confirmation screens of OneKey's Classic firmware (the onekey-classic identity).

Facts from OneKeyHQ/firmware classic/v3.6.0 (legacy/firmware), confirmed on its emulator:

- Show address (fsm.c `fsm_layoutAddress`): ButtonRequest Address, then the address
  screen and the path screen, each needing YES. NO never refuses: on the address or
  path screen it shows the QR code; YES on the QR code confirms, NO returns to the
  address. Only Initialize leaves (answered ActionCancelled).
- Sign message (layout2.c `layoutSignMessage`): ButtonRequest SignTx, then three
  screens: signer address, message, "Sign Message". NO on the message screen goes back
  to the address; NO on the first or last refuses.
- Each external output (layout2.c `layoutConfirmOutput`): ButtonRequest SignTx, then the
  Amount and Send-to screens (and the path, for an output with a derivation path); NO
  refuses. Change has no screen.
- The final Fee and Total screens (layout2.c `layoutConfirmTx`) come with no
  ButtonRequest at all: the host only sees its last TxAck go unanswered until the
  person presses YES twice.

Every screen after the first of a prompt is `silent`: the host is not told about it.

The Classic 1S (onekey-classic1s) follows OneKeyHQ/firmware-classic1s master d4d9fab
(3.19.0; branch `emulator`, 3.12.0, has the same screens), legacy/firmware:

- Each external output (layout2.c `layoutConfirmOutput`, called by signing.c
  `compile_output`): ButtonRequest SignTx, then "Send to" (the address), the path when the
  output has one, and "Amount" last; YES pages on, NO refuses (ActionCancelled). Change
  has no screen (signing.c confirms only external outputs).
- The total (layout2.c `layoutConfirmTx`, called by signing.c `payment_confirm_tx`): one
  screen with no ButtonRequest, "Total Amount" with the fee on a second page that only
  the DOWN key shows (UP goes back); YES on either page signs, NO refuses. The "Sign
  Transaction" page drawn after its key loop is never reached (YES returns from the loop).
  So one output and the fee take 3 presses, as OneKey's Classic 1S emulator took.
- Lock time, high fee and many change outputs: `protectWaitKeyValue` with ButtonRequest
  SignTx / FeeOverThreshold / SignTx, as on the Classic and Trezor One.
- Sign and verify message (fsm.c `fsm_layoutSignMessage`, layout2.c `layoutSignMessage`,
  buttons.h `HANDLE_KEY`): ButtonRequest **ProtectCall**, then signer, message and the
  question, NO on the message going back; as the Classic otherwise.
- Show address (fsm.c `fsm_layoutAddress`): ButtonRequest Address, address, path, NO
  showing the QR code: as the Classic.
- Unlike the Classic, its screens read the host's Cancel too (protect.h
  `WAIT_KEY_OR_ABORT`, protect.c `protectWaitKey`): the screen is left, ActionCancelled.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

from trezorlib import messages, protobuf

from wallet.emulator.flow import Confirm, DeviceFailure

Button = messages.ButtonRequestType
Screens = Generator[protobuf.MessageType | Confirm, Any, None]
CANCELLED = "Action cancelled by user"

_ADDRESS, _PATH, _QR = 0, 1, 2
_NO_GOES_TO = {_ADDRESS: _QR, _PATH: _QR, _QR: _ADDRESS}  # fsm_layoutAddress without multisig


def show_address(address: str, path: str) -> Screens:
    """Address → path → done; NO on either shows the QR code, from which YES also confirms."""
    screen, first = _ADDRESS, True
    titles = {_ADDRESS: ("Address", (address,)), _PATH: ("Path", (path,)), _QR: ("QR code", (address,))}
    while True:
        title, lines = titles[screen]
        accepted = yield Confirm(Button.Address, title, lines, silent=not first, refusable=False)
        first = False
        if accepted and screen in (_PATH, _QR):
            return
        screen = _PATH if accepted else _NO_GOES_TO[screen]


def sign_message(
    coin_name: str,
    address: str,
    text: str,
    *,
    verify: bool = False,
    button: messages.ButtonRequestType = Button.SignTx,
) -> Screens:
    """Signer → message → "Sign Message" (or "Verified message" when verifying); NO on the
    message goes back, elsewhere refuses."""
    last = ("Verified message", ("Do you want to verify this message?",))
    if not verify:
        last = ("Sign Message", (f"Do you want to sign this {coin_name} message?",))
    pages = (
        ("Confirm Address" if verify else f"{coin_name} Message", (address,)),
        (f"{coin_name} Message", (text,)),
        last,
    )
    index, first = 0, True
    while index < len(pages):
        title, lines = pages[index]
        accepted = yield Confirm(button, title, lines, silent=not first, refusable=False)
        first = False
        if accepted:
            index += 1
        elif index == 1:
            index = 0
        else:
            raise DeviceFailure(messages.FailureType.ActionCancelled, CANCELLED)


def confirm_output(coin_name: str, amount: str, address: str, path: str | None) -> Screens:
    """Amount → Send to (→ path); NO on any refuses (the runner answers ActionCancelled)."""
    title = f"{coin_name} Transaction"
    yield Confirm(Button.SignTx, title, (f"Amount: {amount}",))
    yield Confirm(Button.SignTx, title, (f"Send to: {address}",), silent=True)
    if path is not None:
        yield Confirm(Button.SignTx, title, (path,), silent=True)


def confirm_fee_and_total(coin_name: str, fee: str, total: str) -> Screens:
    """Fee, then Total Amount, both without a ButtonRequest."""
    title = f"{coin_name} Transaction"
    yield Confirm(Button.SignTx, title, (f"Fee: {fee}",), silent=True)
    yield Confirm(Button.SignTx, title, (f"Total Amount: {total}",), silent=True)


def confirm_output_classic1s(coin_name: str, amount: str, address: str, path: str | None) -> Screens:
    """Send to (→ path) → Amount; NO on any refuses."""
    title = f"{coin_name} Transaction"
    yield Confirm(Button.SignTx, title, (f"Send to: {address}",))
    if path is not None:
        yield Confirm(Button.SignTx, title, (f"Send to: {path}",), silent=True)
    yield Confirm(Button.SignTx, title, (f"Amount: {amount}",), silent=True)


def confirm_total_classic1s(coin_name: str, fee: str, total: str) -> Screens:
    """One silent screen: the total, the fee on its DOWN page; YES signs, NO refuses."""
    title = f"{coin_name} Transaction"
    yield Confirm(
        Button.SignTx,
        title,
        (f"Total Amount: {total}",),
        silent=True,
        details=(f"Fee: {fee}",),
        details_title=title,
    )
