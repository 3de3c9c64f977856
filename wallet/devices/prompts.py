"""What to tell the person when the device asks for a button press: per request and per model.

A ButtonRequest code alone does not say what the screen shows: OneKey's Classic sends
code SignTx both for a message to sign and for each recipient of a transaction, and
shows more screens than it announces (its later pages, and the Fee and Total screens,
come with no ButtonRequest at all). So the notice is chosen from the code, the request
the driver is running, and whether the device runs OneKey's legacy (Classic-line)
firmware. Screen facts: OneKeyHQ/firmware classic/v3.6.0 legacy/firmware layout2.c
(`layoutSignMessage`, `layoutConfirmOutput`, `layoutConfirmTx`) and fsm.c
(`fsm_layoutAddress`); see wallet/emulator/onekey_screens.py.
"""

from __future__ import annotations

import enum

from trezorlib import messages

from wallet.devices.interaction import ConfirmNotice

_B = messages.ButtonRequestType


class Operation(enum.Enum):
    """The request the driver is running when a ButtonRequest arrives."""

    OTHER = "other"
    SHOW_ADDRESS = "show address"
    SIGN_MESSAGE = "sign message"
    SIGN_TX = "sign transaction"


_BUTTON_TEXT = {
    _B.Address: "compare the address on the device with the one shown here",
    _B.PublicKey: "check the public key on the device",
    _B.ConfirmOutput: "check this recipient's address and amount on the device",
    _B.SignTx: "check the total and fee, then confirm on the device",
    _B.FeeOverThreshold: "the fee is unusually high; check it on the device",
    _B.ProtectCall: "confirm the request on the device",
    _B.PinEntry: "enter your PIN on the device",
    _B.PassphraseEntry: "type the passphrase on the device",
    _B.UnknownDerivationPath: "the device warns about an unusual derivation path",
    _B.Warning: "read the warning on the device",
}
# Codes that mean the same on every model and in every request.
_ALWAYS_LITERAL = frozenset(
    {_B.PinEntry, _B.PassphraseEntry, _B.UnknownDerivationPath, _B.Warning, _B.FeeOverThreshold}
)

MESSAGE_TEXT = "check the signing address and the message on the device, then confirm"
ONEKEY_MESSAGE_TEXT = (
    "three screens on the device: the signing address, the message, then 'Sign Message'; press YES on each"
)
ONEKEY_OUTPUT_TEXT = (
    "check the device: a recipient shows its amount, then its address (YES on each; the "
    "lock time, if set, is one more screen). After the last one the device shows the fee "
    "and then the total with no further notice here: check both and press YES on each"
)
ONEKEY_ADDRESS_TEXT = (
    "compare the address on the device with the one shown here and press YES, then YES on "
    "the path screen; NO on the device only shows a QR code, so to refuse, cancel here"
)


def button_notice(
    code: messages.ButtonRequestType, operation: Operation, onekey_legacy: bool
) -> ConfirmNotice:
    """The notice for one ButtonRequest; `onekey_legacy` for OneKey's Classic-line firmware."""
    if code in _ALWAYS_LITERAL:
        return ConfirmNotice(action=code.name, detail=_BUTTON_TEXT[code])
    if operation is Operation.SIGN_MESSAGE:
        return ConfirmNotice("SignMessage", ONEKEY_MESSAGE_TEXT if onekey_legacy else MESSAGE_TEXT)
    if operation is Operation.SIGN_TX and onekey_legacy and code == _B.SignTx:
        # the Classic's per-output (and lock time) screen, announcing the silent Fee and Total
        return ConfirmNotice(code.name, ONEKEY_OUTPUT_TEXT)
    if operation is Operation.SHOW_ADDRESS and onekey_legacy and code == _B.Address:
        return ConfirmNotice(code.name, ONEKEY_ADDRESS_TEXT)
    return ConfirmNotice(action=code.name, detail=_BUTTON_TEXT.get(code, ""))


SIGNING_OVERVIEW_TEXT = (
    "check each recipient's address and amount on the device, then the total and the fee, "
    "and confirm each screen there"
)


def signing_overview(onekey_legacy: bool) -> ConfirmNotice:
    """One notice for a whole signing run whose ButtonRequests another client answers (HWI)."""
    return ConfirmNotice("SignTx", ONEKEY_OUTPUT_TEXT if onekey_legacy else SIGNING_OVERVIEW_TEXT)
