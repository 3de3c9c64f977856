"""OneKey detection from Features shaped like a real OneKey's and from USB facts."""

from __future__ import annotations

import io
from typing import Any

import pytest
from trezorlib import mapping, messages, models, protobuf

from wallet.devices import onekey, onekey_features


def _wire_bytes(fields: dict[str, Any]) -> bytes:
    """Encode the standard fields with trezorlib and the OneKey ones as OneKey's tables say."""
    buffer = io.BytesIO()
    protobuf.dump_message(
        buffer, onekey_features.FEATURES_CLASSES[onekey_features.FirmwareLine.PRO](**fields)
    )
    return buffer.getvalue()


def _decode(raw: bytes) -> messages.Features:
    features = onekey.ONEKEY_MAPPING.decode(messages.MessageType.Features, raw)
    assert isinstance(features, messages.Features)
    return features


# Shaped after a OneKey Classic's published Features dump (vendor, 2.99.99-style version
# fields, model "1", onekey_version with the real firmware version, serial).
CLASSIC = {
    "vendor": "onekey.so",
    "major_version": 2,
    "minor_version": 99,
    "patch_version": 99,
    "model": "1",
    "label": "EA2AA",
    "initialized": True,
    "onekey_version": "3.5.0",
    "onekey_serial": "OneKey1042003983",
}
PRO = {
    "vendor": "onekey.so",
    "major_version": 2,
    "minor_version": 99,
    "patch_version": 99,
    "model": "T",
    "onekey_version": "4.10.1",
    "onekey_firmware_version": "4.10.1",
    "onekey_device_type": int(onekey_features.OneKeyDeviceType.PRO),
    "onekey_serial_no": "PR0000000000",
}


def test_classic_features_identify_as_onekey_with_the_real_version() -> None:
    identity = onekey.identify(_decode(_wire_bytes(CLASSIC)))
    assert identity.is_onekey
    assert identity.product == "OneKey Classic"
    assert identity.firmware_version == "3.5.0"
    assert identity.model in onekey.ONEKEY_MODELS and identity.model.name == "1"


def test_pro_features_identify_by_device_type() -> None:
    identity = onekey.identify(_decode(_wire_bytes(PRO)))
    assert (identity.product, identity.firmware_version) == ("OneKey Pro", "4.10.1")
    assert identity.model is onekey.ONEKEY_PRO


def test_compatibility_mode_says_trezor_io_but_is_still_a_onekey() -> None:
    identity = onekey.identify(_decode(_wire_bytes({**PRO, "vendor": "trezor.io"})))
    assert identity.is_onekey and identity.product == "OneKey Pro"


def test_a_trezor_stays_a_trezor() -> None:
    raw = _wire_bytes(
        {
            "vendor": "trezor.io",
            "major_version": 2,
            "minor_version": 8,
            "patch_version": 9,
            "model": "T",
            "internal_model": "T2T1",
        }
    )
    identity = onekey.identify(_decode(raw))
    assert not identity.is_onekey
    assert identity.model is models.T2T1 and identity.firmware_version == "2.8.9"


def test_stock_trezorlib_drops_the_onekey_fields_and_refuses_the_vendor() -> None:
    stock = mapping.DEFAULT_MAPPING.decode(messages.MessageType.Features, _wire_bytes(CLASSIC))
    assert not hasattr(stock, "onekey_version")
    detected = models.detect(stock)  # what trezorlib would pick on its own
    assert "onekey.so" not in detected.vendors
    assert all("onekey.so" in m.vendors for m in onekey.ONEKEY_MODELS)


def test_onekey_features_leave_trezorlib_features_untouched() -> None:
    # Our subclass re-owns copies of the fields; trezorlib's own Features must still resolve its enums.
    assert all(f._owner is messages.Features for f in messages.Features.FIELDS.values())
    features = mapping.DEFAULT_MAPPING.decode(
        messages.MessageType.Features,
        _wire_bytes(
            {
                "major_version": 1,
                "minor_version": 2,
                "patch_version": 3,
                "capabilities": [messages.Capability.Bitcoin],
                "safety_checks": messages.SafetyCheckLevel.Strict,
            }
        ),
    )
    assert features.capabilities == [messages.Capability.Bitcoin]


@pytest.mark.parametrize(
    ("usb_id", "manufacturer", "expected"),
    [
        ((0x1209, 0x4F4B), None, True),  # compatibility off
        ((0x1209, 0x4F4A), "OneKey", True),  # bootloader
        ((0x1209, 0x53C1), "OneKey", True),  # compatibility on: Trezor T's id, OneKey's maker string
        ((0x1209, 0x53C1), "SatoshiLabs", False),  # a real Trezor T
        ((0x534C, 0x0001), "SatoshiLabs", False),  # Trezor One
    ],
)
def test_usb_facts(usb_id: tuple[int, int], manufacturer: str | None, expected: bool) -> None:
    assert onekey.is_onekey_usb(usb_id, manufacturer) is expected


def test_usb_enumeration_models_cover_every_onekey_id() -> None:
    ids = {usb for model in onekey.ALL_TREZOR_FAMILY_MODELS for usb in model.usb_ids}
    assert {(0x1209, 0x53C1), (0x1209, 0x4F4B), (0x1209, 0x4F4A), (0x1209, 0x53C0), (0x534C, 0x0001)} <= ids


def test_hwi_model_accepts_onekey_vendor() -> None:
    from hwilib.devices.trezorlib import models as hwi_models

    model = onekey.hwi_model("T")
    assert isinstance(model, hwi_models.TrezorModel)
    assert "onekey.so" in model.vendors and (0x1209, 0x4F4B) in model.usb_ids


def test_usb_facts_make_a_trezor_looking_compatibility_device_a_onekey() -> None:
    # an older OneKey in compatibility mode without OneKey fields: Features alone say Trezor T
    plain = _decode(
        _wire_bytes(
            {
                "vendor": "trezor.io",
                "major_version": 2,
                "minor_version": 99,
                "patch_version": 99,
                "model": "T",
            }
        )
    )
    assert not onekey.identify(plain).is_onekey
    by_usb = onekey.identify(plain, usb_says_onekey=onekey.is_onekey_usb((0x1209, 0x53C1), "OneKey"))
    assert by_usb.is_onekey and by_usb.product == "OneKey Touch" and by_usb.model is onekey.ONEKEY_TOUCH
