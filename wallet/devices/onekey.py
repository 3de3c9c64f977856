"""OneKey support for trezorlib and HWI, given to them as models (never by patching them).

Facts (../shared/DEVICE_PROTOCOL.md; OneKey firmware's messages-management.proto):
OneKey firmware speaks the Trezor wire protocol. USB vendor 0x1209; product 0x53C1 in
Trezor-compatibility mode (vendor "trezor.io", same ids as a Trezor T), 0x4F4B with it
off, 0x53C0/0x4F4A bootloaders. `Features.vendor` is "onekey.so" with compatibility off
and on emulators. Classic/Mini answer model "1", Touch/Pro model "T"; their version
fields say 2.99.99 and the real version is in OneKey-only fields 508 `onekey_version`
(every line) and 609 `onekey_firmware_version` (Classic 1S, Pro); field 600 is the device
type. The field table per firmware line, with its source .proto, is in onekey_features.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from trezorlib import messages, models

from wallet.devices.onekey_features import (
    FirmwareLine,
    OneKeyDeviceType,
    field,
    firmware_line,
    is_onekey_fields,
    onekey_mapping,
    text_field,
)

ONEKEY_VENDOR = "onekey.so"
ONEKEY_VENDORS = (ONEKEY_VENDOR, *models.VENDORS)

USB_ONEKEY_COMPAT = (0x1209, 0x53C1)
USB_ONEKEY_COMPAT_BOOTLOADER = (0x1209, 0x53C0)
USB_ONEKEY = (0x1209, 0x4F4B)
USB_ONEKEY_BOOTLOADER = (0x1209, 0x4F4A)
ONEKEY_USB_IDS = (USB_ONEKEY, USB_ONEKEY_BOOTLOADER, USB_ONEKEY_COMPAT, USB_ONEKEY_COMPAT_BOOTLOADER)
ONEKEY_USB_MANUFACTURER = "OneKey"

_PRODUCT_NAMES = {
    OneKeyDeviceType.CLASSIC: "OneKey Classic",
    OneKeyDeviceType.CLASSIC1S: "OneKey Classic 1S",
    OneKeyDeviceType.PURE: "OneKey Classic 1S Pure",
    OneKeyDeviceType.MINI: "OneKey Mini",
    OneKeyDeviceType.TOUCH: "OneKey Touch",
    OneKeyDeviceType.TOUCH_PRO: "OneKey Pro",
    OneKeyDeviceType.PRO: "OneKey Pro",
}

# Features decoded with OneKey's own field table for the firmware line that sent them.
ONEKEY_MAPPING = onekey_mapping()


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
    device_type: OneKeyDeviceType | None = None  # which OneKey (None for a Trezor)


def is_onekey_features(features: messages.Features) -> bool:
    """OneKey says so by vendor, or (in compatibility mode) by fields only OneKey sends."""
    return features.vendor == ONEKEY_VENDOR or is_onekey_fields(features)


def onekey_device_type(features: messages.Features) -> OneKeyDeviceType:
    """Field 600 when sent; without it (Classic, Mini, older Touch) the line tells the product."""
    raw = field(features, "onekey_device_type")
    if isinstance(raw, int) and raw in OneKeyDeviceType._value2member_map_:
        return OneKeyDeviceType(raw)
    if (text_field(features, "product") or "").lower() == "pure":
        return OneKeyDeviceType.PURE
    return {
        FirmwareLine.MINI: OneKeyDeviceType.MINI,
        FirmwareLine.TOUCH: OneKeyDeviceType.TOUCH,
        FirmwareLine.PRO: OneKeyDeviceType.PRO,
        FirmwareLine.CLASSIC1S: OneKeyDeviceType.CLASSIC1S,
    }.get(firmware_line(features), OneKeyDeviceType.CLASSIC)


_TREZORLIB_MODEL = {
    OneKeyDeviceType.CLASSIC: ONEKEY_CLASSIC,
    OneKeyDeviceType.CLASSIC1S: ONEKEY_CLASSIC,
    OneKeyDeviceType.PURE: ONEKEY_CLASSIC,
    OneKeyDeviceType.MINI: ONEKEY_MINI,
    OneKeyDeviceType.TOUCH: ONEKEY_TOUCH,
    OneKeyDeviceType.TOUCH_PRO: ONEKEY_PRO,
    OneKeyDeviceType.PRO: ONEKEY_PRO,
}


def identify(features: messages.Features, usb_says_onekey: bool = False) -> Identity:
    """Product name, real firmware version and the trezorlib model to hand the client.

    `usb_says_onekey` comes from `is_onekey_usb`: old OneKey firmware in compatibility
    mode answers like a Trezor, and only its USB ids or maker string tell it apart.
    The real version is field 609 `onekey_firmware_version` (Classic 1S, Pro) or 508
    `onekey_version` (every line); never 605, which is the bootloader's hash.
    """
    trezor_version = f"{features.major_version}.{features.minor_version}.{features.patch_version}"
    if not (usb_says_onekey or is_onekey_features(features)):
        model = models.detect(features)
        return Identity(False, f"Trezor {model.name}", trezor_version, model)
    kind = onekey_device_type(features)
    real = text_field(features, "onekey_firmware_version") or text_field(features, "onekey_version")
    version = real or trezor_version
    return Identity(True, _PRODUCT_NAMES[kind], version, _TREZORLIB_MODEL[kind], kind)


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
