"""What to tell the person when the device asks for a button press: per request and per model.

A ButtonRequest code alone does not say what the screen shows: OneKey's Classic sends
code SignTx both for a message to sign and for each recipient of a transaction, and
shows more screens than it announces (its later pages, and the Fee and Total screens,
come with no ButtonRequest at all). So the notice is chosen from the code, the request
the driver is running, and which family of screens the device draws (`Screens`):

- the Classic and Mini: OneKeyHQ/firmware classic/v3.6.0 legacy/firmware layout2.c
  (`layoutSignMessage`, `layoutConfirmOutput`, `layoutConfirmTx`), fsm.c
  (`fsm_layoutAddress`);
- the Classic 1S (and Pure): firmware-classic1s master d4d9fab, the same functions drawn
  differently: address before amount, one silent Total screen with the fee on its DOWN
  page, YES there signs;
- the Mini: branch `mini` draws the Trezor One's screens (ConfirmOutput per output, SignTx
  for the total, Other per message page), but its address screen, like the Classic's, only
  shows a QR code on NO and ignores a host Cancel;
- the Touch and Pro: OneKey's core firmware (firmware-pro v4.20.0, firmware branch touch):
  one screen per output, one for the total, a final "Slide to sign" (ButtonRequest Other),
  an address screen whose left button only toggles a QR code.

See wallet/emulator/onekey_screens.py and onekey_core_screens.py for the facts in full.
"""

from __future__ import annotations

import enum

from trezorlib import messages

from wallet.devices.interaction import ConfirmNotice
from wallet.devices.onekey_features import OneKeyDeviceType

_B = messages.ButtonRequestType


class Screens(enum.Enum):
    """Which family of confirmation screens the device draws."""

    TREZOR = "trezor"
    ONEKEY_CLASSIC = "onekey classic"  # Classic
    ONEKEY_MINI = "onekey mini"
    ONEKEY_CLASSIC1S = "onekey classic 1s"  # Classic 1S, Pure
    ONEKEY_CORE = "onekey core"  # Touch, Pro


def screens_of(device_type: OneKeyDeviceType | None) -> Screens:
    """The screen family of a OneKey device type; None (a Trezor) → TREZOR."""
    if device_type is None:
        return Screens.TREZOR
    if device_type in (OneKeyDeviceType.CLASSIC1S, OneKeyDeviceType.PURE):
        return Screens.ONEKEY_CLASSIC1S
    if device_type is OneKeyDeviceType.MINI:
        return Screens.ONEKEY_MINI
    if device_type is OneKeyDeviceType.CLASSIC:
        return Screens.ONEKEY_CLASSIC
    return Screens.ONEKEY_CORE


_LEGACY_ONEKEY = frozenset({Screens.ONEKEY_CLASSIC, Screens.ONEKEY_CLASSIC1S})


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
ONEKEY_1S_OUTPUT_TEXT = (
    "check the device: a recipient shows its address, then its amount (YES on each; the "
    "lock time, if set, is one more screen). After the last one the device shows the total "
    "with no further notice here: press DOWN to see the fee, then YES to sign"
)
ONEKEY_ADDRESS_TEXT = (
    "compare the address on the device with the one shown here and press YES, then YES on "
    "the path screen; NO on the device only shows a QR code, so to refuse, cancel here"
)
ONEKEY_MINI_ADDRESS_TEXT = (
    "compare the address on the device with the one shown here and press YES; NO on the "
    "device only shows a QR code, so to refuse, cancel here"
)
ONEKEY_CORE_ADDRESS_TEXT = (
    "compare the address on the device with the one shown here and tap Done; the device's "
    "QR code button only shows a QR code, so to refuse, cancel here"
)
ONEKEY_CORE_FINAL_TEXT = "the last screen: slide to sign on the device (or reject there)"


def button_notice(code: messages.ButtonRequestType, operation: Operation, screens: Screens) -> ConfirmNotice:
    """The notice for one ButtonRequest on a device drawing `screens`."""
    if code in _ALWAYS_LITERAL:
        return ConfirmNotice(action=code.name, detail=_BUTTON_TEXT[code])
    if operation is Operation.SIGN_MESSAGE:
        return ConfirmNotice(
            "SignMessage", ONEKEY_MESSAGE_TEXT if screens in _LEGACY_ONEKEY else MESSAGE_TEXT
        )
    special = _SPECIAL.get((operation, screens, code))
    if special is not None:
        return ConfirmNotice(code.name, special)
    return ConfirmNotice(action=code.name, detail=_BUTTON_TEXT.get(code, ""))


# Per request, screen family and code, where the code's own sentence would mislead.
_SPECIAL: dict[tuple[Operation, Screens, messages.ButtonRequestType], str] = {
    # a Classic-line per-output (and lock time) screen, announcing the silent screens after it
    (Operation.SIGN_TX, Screens.ONEKEY_CLASSIC, _B.SignTx): ONEKEY_OUTPUT_TEXT,
    (Operation.SIGN_TX, Screens.ONEKEY_CLASSIC1S, _B.SignTx): ONEKEY_1S_OUTPUT_TEXT,
    (Operation.SIGN_TX, Screens.ONEKEY_CORE, _B.Other): ONEKEY_CORE_FINAL_TEXT,
    (Operation.SHOW_ADDRESS, Screens.ONEKEY_CLASSIC, _B.Address): ONEKEY_ADDRESS_TEXT,
    (Operation.SHOW_ADDRESS, Screens.ONEKEY_CLASSIC1S, _B.Address): ONEKEY_ADDRESS_TEXT,
    (Operation.SHOW_ADDRESS, Screens.ONEKEY_MINI, _B.Address): ONEKEY_MINI_ADDRESS_TEXT,
    (Operation.SHOW_ADDRESS, Screens.ONEKEY_CORE, _B.Address): ONEKEY_CORE_ADDRESS_TEXT,
}


SIGNING_OVERVIEW_TEXT = (
    "check each recipient's address and amount on the device, then the total and the fee, "
    "and confirm each screen there"
)


ONEKEY_CORE_OVERVIEW_TEXT = (
    "check each recipient's address and amount on the device, then the amount, fee and "
    "total, and slide to sign on the last screen"
)
_OVERVIEW = {
    Screens.TREZOR: SIGNING_OVERVIEW_TEXT,
    Screens.ONEKEY_CLASSIC: ONEKEY_OUTPUT_TEXT,
    Screens.ONEKEY_MINI: SIGNING_OVERVIEW_TEXT,
    Screens.ONEKEY_CLASSIC1S: ONEKEY_1S_OUTPUT_TEXT,
    Screens.ONEKEY_CORE: ONEKEY_CORE_OVERVIEW_TEXT,
}


def signing_overview(screens: Screens) -> ConfirmNotice:
    """One notice for a whole signing run whose ButtonRequests another client answers (HWI)."""
    return ConfirmNotice("SignTx", _OVERVIEW[screens])
