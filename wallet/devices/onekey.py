"""OneKey support for trezorlib and HWI, given to them as models (never by patching them).

Facts (../shared/DEVICE_PROTOCOL.md; OneKey firmware's messages-management.proto):
OneKey firmware speaks the Trezor wire protocol. USB vendor 0x1209; product 0x53C1 in
Trezor-compatibility mode (vendor "trezor.io", same ids as a Trezor T), 0x4F4B with it
off, 0x53C0/0x4F4A bootloaders. `Features.vendor` is "onekey.so" with compatibility off
and on emulators. Classic/Mini answer model "1", Touch/Pro model "T"; their version
fields say 2.99.99 and the real version is in OneKey-only fields 508 `onekey_version`
(legacy line) or 605 `onekey_firmware_version`; field 600 is the device type.
"""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass
from typing import Any, ClassVar

from trezorlib import mapping, messages, models, protobuf

ONEKEY_VENDOR = "onekey.so"
ONEKEY_VENDORS = (ONEKEY_VENDOR, *models.VENDORS)

USB_ONEKEY_COMPAT = (0x1209, 0x53C1)
USB_ONEKEY_COMPAT_BOOTLOADER = (0x1209, 0x53C0)
USB_ONEKEY = (0x1209, 0x4F4B)
USB_ONEKEY_BOOTLOADER = (0x1209, 0x4F4A)
ONEKEY_USB_IDS = (USB_ONEKEY, USB_ONEKEY_BOOTLOADER, USB_ONEKEY_COMPAT, USB_ONEKEY_COMPAT_BOOTLOADER)
ONEKEY_USB_MANUFACTURER = "OneKey"

# OneKey-only Features fields (tag → name, protobuf type)
_ONEKEY_FIELDS: dict[int, tuple[str, str]] = {
    508: ("onekey_version", "string"),
    509: ("onekey_serial", "string"),
    600: ("onekey_device_type", "uint32"),
    605: ("onekey_firmware_version", "string"),
    612: ("onekey_serial_no", "string"),
}


class OneKeyDeviceType(enum.IntEnum):
    """Field 600 values (OneKey firmware's OneKeyDeviceType)."""

    CLASSIC = 0
    CLASSIC1S = 1
    MINI = 2
    TOUCH = 3
    PRO = 5


_PRODUCT_NAMES = {
    OneKeyDeviceType.CLASSIC: "OneKey Classic",
    OneKeyDeviceType.CLASSIC1S: "OneKey Classic 1S",
    OneKeyDeviceType.MINI: "OneKey Mini",
    OneKeyDeviceType.TOUCH: "OneKey Touch",
    OneKeyDeviceType.PRO: "OneKey Pro",
}


def _copy_field(field: protobuf.Field) -> protobuf.Field:
    # Resolve the type against Features' own module first: a subclass re-owns its fields,
    # and sharing the objects would re-own trezorlib's Features fields too.
    return dataclasses.replace(field, _py_type=field.py_type, _owner=None)


class OneKeyFeatures(messages.Features):
    """trezorlib's Features plus the OneKey fields; decodes a Trezor's Features unchanged."""

    MESSAGE_WIRE_TYPE = messages.Features.MESSAGE_WIRE_TYPE
    FIELDS: ClassVar[dict[int, protobuf.Field]] = {
        **{tag: _copy_field(field) for tag, field in messages.Features.FIELDS.items()},
        **{tag: protobuf.Field(name, kind) for tag, (name, kind) in _ONEKEY_FIELDS.items()},
    }
    onekey_version: str | None
    onekey_serial: str | None
    onekey_device_type: int | None
    onekey_firmware_version: str | None
    onekey_serial_no: str | None


def _onekey_mapping() -> mapping.ProtobufMapping:
    result = mapping.ProtobufMapping.from_module(messages)
    result.register(OneKeyFeatures)
    return result


ONEKEY_MAPPING = _onekey_mapping()


def _model(name: str, internal: str, minimum: tuple[int, int, int]) -> models.TrezorModel:
    return models.TrezorModel(
        name=name,
        internal_name=internal,
        minimum_version=minimum,
        vendors=ONEKEY_VENDORS,
        usb_ids=ONEKEY_USB_IDS,
        default_mapping=ONEKEY_MAPPING,
    )


# The version check runs on the Trezor-compatible version fields (2.99.99 on OneKey).
ONEKEY_CLASSIC = _model("1", "ONEKEY_CLASSIC", (1, 8, 0))
ONEKEY_MINI = _model("1", "ONEKEY_MINI", (1, 8, 0))
ONEKEY_TOUCH = _model("T", "ONEKEY_TOUCH", (2, 3, 0))
ONEKEY_PRO = _model("T", "ONEKEY_PRO", (2, 3, 0))
ONEKEY_MODELS = frozenset({ONEKEY_CLASSIC, ONEKEY_MINI, ONEKEY_TOUCH, ONEKEY_PRO})

# What USB enumeration must be handed so that every Trezor and every OneKey is found.
ALL_TREZOR_FAMILY_MODELS = models.ALL_MODELS | ONEKEY_MODELS


@dataclass(frozen=True)
class Identity:
    """Who the device is, decided from its Features."""

    is_onekey: bool
    product: str
    firmware_version: str
    model: models.TrezorModel


def _field(features: messages.Features, name: str) -> object:
    return getattr(features, name, None)


def is_onekey_features(features: messages.Features) -> bool:
    """OneKey says so by vendor, or (in compatibility mode) by fields only OneKey sends."""
    if features.vendor == ONEKEY_VENDOR:
        return True
    return any(_field(features, name) is not None for name, _ in _ONEKEY_FIELDS.values())


def onekey_device_type(features: messages.Features) -> OneKeyDeviceType:
    raw = _field(features, "onekey_device_type")
    if isinstance(raw, int) and raw in OneKeyDeviceType._value2member_map_:
        return OneKeyDeviceType(raw)
    # older firmware without field 600: the Trezor-compatible model tells the line
    return OneKeyDeviceType.CLASSIC if (features.model or "1") == "1" else OneKeyDeviceType.TOUCH


def identify(features: messages.Features, usb_says_onekey: bool = False) -> Identity:
    """Product name, real firmware version and the trezorlib model to hand the client.

    `usb_says_onekey` comes from `is_onekey_usb`: old OneKey firmware in compatibility
    mode answers like a Trezor, and only its USB ids or maker string tell it apart.
    """
    trezor_version = f"{features.major_version}.{features.minor_version}.{features.patch_version}"
    if not (usb_says_onekey or is_onekey_features(features)):
        model = models.detect(features)
        return Identity(False, f"Trezor {model.name}", trezor_version, model)
    kind = onekey_device_type(features)
    real = _field(features, "onekey_firmware_version") or _field(features, "onekey_version")
    model = {
        OneKeyDeviceType.CLASSIC: ONEKEY_CLASSIC,
        OneKeyDeviceType.CLASSIC1S: ONEKEY_CLASSIC,
        OneKeyDeviceType.MINI: ONEKEY_MINI,
        OneKeyDeviceType.TOUCH: ONEKEY_TOUCH,
        OneKeyDeviceType.PRO: ONEKEY_PRO,
    }[kind]
    return Identity(True, _PRODUCT_NAMES[kind], str(real) if real else trezor_version, model)


def is_onekey_usb(usb_id: tuple[int, int], manufacturer: str | None) -> bool:
    """From USB facts alone: OneKey's own ids, or the shared Trezor-T id with OneKey's maker string."""
    if usb_id in (USB_ONEKEY, USB_ONEKEY_BOOTLOADER):
        return True
    return usb_id in (USB_ONEKEY_COMPAT, USB_ONEKEY_COMPAT_BOOTLOADER) and (
        (manufacturer or "").strip().lower() == ONEKEY_USB_MANUFACTURER.lower()
    )


def hwi_model(features_model: str | None) -> Any:
    """The same acceptance for HWI's vendored trezorlib (its own TrezorModel class)."""
    from hwilib.devices.trezorlib import mapping as hwi_mapping
    from hwilib.devices.trezorlib import models as hwi_models

    legacy = (features_model or "1") == "1"
    return hwi_models.TrezorModel(
        name="1" if legacy else "T",
        internal_name="ONEKEY_CLASSIC" if legacy else "ONEKEY_TOUCH",
        minimum_version=(1, 8, 0) if legacy else (2, 1, 0),
        vendors=ONEKEY_VENDORS,
        usb_ids=ONEKEY_USB_IDS,
        default_mapping=hwi_mapping.DEFAULT_MAPPING,
    )
