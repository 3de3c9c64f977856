"""The device identities the emulator can present: what Features says and how the model behaves.

Trezor values follow trezorlib's `models.py` (model names, internal names, vendors)
and the firmware's Features. OneKey values follow OneKey's public firmware: vendor
"onekey.so", version fields 2.99.99 with the real firmware version and the device type
in OneKey-only Features fields (see DEVICE_PROTOCOL.md, "OneKey identification").
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import Enum
from typing import Any, ClassVar

from trezorlib import messages, protobuf

TREZOR_PORT = 21324
ONEKEY_PORT = 54935


class PinEntry(Enum):
    """Where the PIN is typed: the host's scrambled matrix (model "1") or the touch screen."""

    HOST_MATRIX = "host-matrix"
    ON_DEVICE = "on-device"


def _copied_field(original: protobuf.Field) -> protobuf.Field:
    # trezorlib's MessageType.__init_subclass__ re-owns every Field of a subclass; a copy
    # with its Python type resolved keeps messages.Features itself untouched.
    return dataclasses.replace(original, _py_type=original.py_type, _owner=None)


class OneKeyFeatures(messages.Features):
    """Features with the OneKey-only fields, so the wire bytes carry them as a OneKey sends them."""

    FIELDS: ClassVar[dict[int, protobuf.Field]] = {
        **{tag: _copied_field(f) for tag, f in messages.Features.FIELDS.items()},
        508: protobuf.Field("onekey_version", "string", repeated=False, required=False, default=None),
        600: protobuf.Field("onekey_device_type", "uint32", repeated=False, required=False, default=None),
        612: protobuf.Field("onekey_serial_no", "string", repeated=False, required=False, default=None),
    }


# OneKey's `OneKeyDeviceType` enum values (field 600).
ONEKEY_CLASSIC = 0
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
    onekey_serial: str | None = None

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

    def features_class(self) -> type[messages.Features]:
        return OneKeyFeatures if self.is_onekey else messages.Features

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
        if not self.is_model_one:  # core firmware reports these; the legacy Trezor One does not
            fields["fw_vendor"] = "EMULATOR"
            fields["fw_major"], fields["fw_minor"], fields["fw_patch"] = major, minor, patch
            fields["safety_checks"] = messages.SafetyCheckLevel.Strict
        if self.is_onekey:
            fields["onekey_version"] = self.onekey_version
            fields["onekey_device_type"] = self.onekey_device_type
            fields["onekey_serial_no"] = self.onekey_serial
        return fields


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
        onekey_version="3.10.1",
        onekey_serial="CL0000000000EMU",
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
        onekey_version="4.10.1",
        onekey_serial="PR0000000000EMU",
    ),
}


def identity_by_name(name: str) -> Identity:
    """The identity called `name`; ValueError listing the choices otherwise."""
    try:
        return IDENTITIES[name]
    except KeyError:
        raise ValueError(f"unknown identity {name!r}; choose one of {', '.join(IDENTITIES)}") from None
