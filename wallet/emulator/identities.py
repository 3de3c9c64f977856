"""The device identities the emulator can present: what Features says and how the model behaves.

Trezor values follow trezorlib's `models.py` (model names, internal names, vendors)
and the firmware's Features. OneKey values follow OneKey's public firmware: vendor
"onekey.so", version fields 2.99.99 with the real firmware version in OneKey-only
Features fields; the Features themselves are built in onekey_identity.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from trezorlib import messages

from wallet.devices.onekey_features import FEATURES_CLASSES, LINE_OF_DEVICE_TYPE, OneKeyDeviceType

TREZOR_PORT = 21324
ONEKEY_PORT = 54935


class OneKeyScreens(Enum):
    """Which of OneKey's firmware families draws the confirmation screens (Bitcoin signing,
    messages, shown addresses): the Classic's legacy code, the Classic 1S's legacy code
    (onekey_screens.py) or the MicroPython core of the Touch and Pro (onekey_core_screens.py).
    The Mini has none of its own: its branch `mini` draws the Trezor One's."""

    CLASSIC = "classic"
    CLASSIC1S = "classic1s"
    CORE = "core"


class PinEntry(Enum):
    """Where the PIN is typed: the host's scrambled matrix (model "1") or the touch screen."""

    HOST_MATRIX = "host-matrix"
    ON_DEVICE = "on-device"


# OneKey's `OneKeyDeviceType` enum values (field 600).
ONEKEY_CLASSIC = 0
ONEKEY_CLASSIC1S = 1
ONEKEY_MINI = 2
ONEKEY_TOUCH = 3
ONEKEY_PRO = 5

_BITCOIN_CAPS = (messages.Capability.Bitcoin, messages.Capability.Crypto, messages.Capability.Ethereum)


@dataclass(frozen=True)
class Identity:
    """One selectable device personality."""

    name: str
    vendor: str
    model: str
    internal_model: str | None
    version: tuple[int, int, int]
    default_port: int
    pin_entry: PinEntry
    passphrase_on_device: bool
    capabilities: tuple[messages.Capability, ...]
    onekey_device_type: int | None = None
    onekey_version: str | None = None

    @property
    def is_onekey(self) -> bool:
        return self.onekey_device_type is not None

    @property
    def is_model_one(self) -> bool:
        return self.model == "1"

    @property
    def cancelled_text(self) -> str:
        """Failure(ActionCancelled) text: legacy fsm_sendFailure's default, or core's."""
        return "Action cancelled by user" if self.is_model_one else "Cancelled"

    @property
    def not_initialized_text(self) -> str:
        return "Device not initialized" if self.is_model_one else "Device is not initialized"

    @property
    def screens_ignore_cancel(self) -> bool:
        """OneKey's legacy firmware (Classic): confirmation screens read only Initialize, and
        the later pages of a prompt (and the Fee/Total screens) come without a ButtonRequest."""
        return self.is_onekey and self.is_model_one

    def ignores_cancel_on(self, code: messages.ButtonRequestType) -> bool:
        """Whether a screen announced with `code` ignores the host's Cancel. Classic 3.6.0:
        every screen (protectWaitKey reads only Initialize). The Classic 1S's reads Cancel
        too (firmware-classic1s protect.c; its emulator answers ActionCancelled). The Mini
        (branch mini protect.c): its address screen waits in protectWaitKey (Initialize
        only), its signing and message screens in protectButton, which reads Cancel."""
        if not self.screens_ignore_cancel or self.onekey_device_type == ONEKEY_CLASSIC1S:
            return False
        if self.onekey_device_type == ONEKEY_MINI:
            return code == messages.ButtonRequestType.Address
        return True

    @property
    def onekey_screens(self) -> OneKeyScreens | None:
        """The OneKey screen family; None for a Trezor and for the Mini (the Trezor One's screens)."""
        if not self.is_onekey or self.onekey_device_type == ONEKEY_MINI:
            return None
        if not self.is_model_one:
            return OneKeyScreens.CORE
        return (
            OneKeyScreens.CLASSIC1S if self.onekey_device_type == ONEKEY_CLASSIC1S else OneKeyScreens.CLASSIC
        )

    @property
    def message_button(self) -> messages.ButtonRequestType:
        """The ButtonRequest before OneKey's legacy message screens: SignTx on the Classic and
        Mini, ProtectCall on the Classic 1S (its layoutSignMessage)."""
        if self.onekey_device_type == ONEKEY_CLASSIC1S:
            return messages.ButtonRequestType.ProtectCall
        return messages.ButtonRequestType.SignTx

    def features_class(self) -> type[messages.Features]:
        if self.onekey_device_type is None:
            return messages.Features
        return FEATURES_CLASSES[LINE_OF_DEVICE_TYPE[OneKeyDeviceType(self.onekey_device_type)]]

    def base_features(self) -> dict[str, Any]:
        """Features fields fixed by the identity (state-dependent ones are added by the device)."""
        major, minor, patch = self.version
        fields: dict[str, Any] = {
            "vendor": self.vendor,
            "major_version": major,
            "minor_version": minor,
            "patch_version": patch,
            "model": self.model,
            "internal_model": self.internal_model,
            "capabilities": list(self.capabilities),
            "language": "en-US",
        }
        fields["fw_vendor"] = "EMULATOR"  # what both firmwares' emulator builds say (fsm_msg_common.h)
        if not self.is_model_one:  # core firmware reports these; the legacy Trezor One does not
            fields["fw_major"], fields["fw_minor"], fields["fw_patch"] = major, minor, patch
        return fields


def _onekey(name: str, model: str, device_type: int, version: str) -> Identity:
    legacy = model == "1"
    return Identity(
        name=name,
        vendor="onekey.so",
        model=model,
        internal_model=None,
        version=(2, 99, 99),
        default_port=ONEKEY_PORT,
        pin_entry=PinEntry.HOST_MATRIX if legacy else PinEntry.ON_DEVICE,
        passphrase_on_device=not legacy,
        capabilities=_BITCOIN_CAPS if legacy else (*_BITCOIN_CAPS, messages.Capability.PassphraseEntry),
        onekey_device_type=device_type,
        onekey_version=version,
    )


IDENTITIES: dict[str, Identity] = {
    "trezor-one": Identity(
        name="trezor-one",
        vendor="trezor.io",
        model="1",
        internal_model="T1B1",
        version=(1, 14, 0),
        default_port=TREZOR_PORT,
        pin_entry=PinEntry.HOST_MATRIX,
        passphrase_on_device=False,
        capabilities=_BITCOIN_CAPS,
    ),
    "trezor-t": Identity(
        name="trezor-t",
        vendor="trezor.io",
        model="T",
        internal_model="T2T1",
        version=(2, 8, 9),
        default_port=TREZOR_PORT,
        pin_entry=PinEntry.ON_DEVICE,
        passphrase_on_device=True,
        capabilities=(*_BITCOIN_CAPS, messages.Capability.PassphraseEntry),
    ),
    "onekey-classic": Identity(
        name="onekey-classic",
        vendor="onekey.so",
        model="1",
        internal_model=None,
        version=(2, 99, 99),
        default_port=ONEKEY_PORT,
        pin_entry=PinEntry.HOST_MATRIX,
        passphrase_on_device=False,
        capabilities=_BITCOIN_CAPS,
        onekey_device_type=ONEKEY_CLASSIC,
        onekey_version="3.6.0",
    ),
    "onekey-pro": Identity(
        name="onekey-pro",
        vendor="onekey.so",
        model="T",
        internal_model=None,
        version=(2, 99, 99),
        default_port=ONEKEY_PORT,
        pin_entry=PinEntry.ON_DEVICE,
        passphrase_on_device=True,
        capabilities=(*_BITCOIN_CAPS, messages.Capability.PassphraseEntry),
        onekey_device_type=ONEKEY_PRO,
        onekey_version="4.20.0",
    ),
    # Features from OneKey's sources (onekey_models.py); flows as the Classic's or the Pro's
    # line (legacy or core firmware). The Classic 1S's differences (Cancel read, ProtectCall
    # before messages) were seen on OneKey's Classic 1S emulator (3.12.0); its SignTx screens
    # follow firmware-classic1s (onekey_screens.py), the Touch's OneKey's core (onekey_core_screens.py).
    "onekey-classic1s": _onekey("onekey-classic1s", "1", ONEKEY_CLASSIC1S, "3.19.0"),
    "onekey-mini": _onekey("onekey-mini", "1", ONEKEY_MINI, "3.7.1"),
    "onekey-touch": _onekey("onekey-touch", "T", ONEKEY_TOUCH, "4.9.0"),
}


def identity_by_name(name: str) -> Identity:
    """The identity called `name`; ValueError listing the choices otherwise."""
    try:
        return IDENTITIES[name]
    except KeyError:
        raise ValueError(f"unknown identity {name!r}; choose one of {', '.join(IDENTITIES)}") from None
