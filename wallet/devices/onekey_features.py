"""OneKey's Features, decoded with OneKey's own field numbers and types, per firmware line.

OneKey extends trezor's `Features` message with fields numbered 500 and up. The numbers
and types differ between its firmware lines (a field that is a string on one line is
bytes on another), so the fields are read in two passes: first with a table that is
safe for every line (any field whose type differs between lines is read as bytes),
which tells the line (field 600, the model and the fields present), then again with
that line's own table. Fields 1-43 are trezor's and are left as trezorlib declares
them (OneKey's 19 `needs_backup` bool, 29 `recovery_mode` bool and 39
`display_rotation` uint32 are the same varints as trezorlib's enums there).

Sources, each the `Features` message of common/protob/messages-management.proto:

- CLASSIC: OneKeyHQ/firmware, tag classic/v3.6.0 (legacy firmware of the Classic).
- MINI: OneKeyHQ/firmware, branch `mini` (ONEKEY_VERSION 3.7.1).
- TOUCH: OneKeyHQ/firmware, branch `touch` (core firmware, ONEKEY_VERSION 4.9.0).
- PRO: OneKeyHQ/firmware-pro, v4.20.0 (Pro; its core/src/apps/base.py sends 600=PRO).
- CLASSIC1S: OneKeyHQ/firmware-classic1s, master at d4d9fab (ONEKEY_VERSION 3.19.0; its
  newest tag is v3.18.0, whose table is the same). Classic 1S and 1S Pure: its
  legacy/firmware/fsm_msg_common.h sends 600=CLASSIC1S or PURE and a 32-byte 605.

Each table was compared field by field (number, name, type) with its .proto's Features
message (2026-12-02): no difference. Enum-typed fields (600, 601, 621-624) are read as
their numbers so a value added by a newer firmware still decodes.
"""

from __future__ import annotations

import dataclasses
import enum
import io
from typing import Any, ClassVar

from trezorlib import mapping, messages, protobuf

FEATURES_WIRE_TYPE = int(messages.MessageType.Features)


class FirmwareLine(enum.Enum):
    """A OneKey firmware line, named after the .proto its fields come from."""

    CLASSIC = "OneKeyHQ/firmware classic/v3.6.0"
    MINI = "OneKeyHQ/firmware branch mini"
    TOUCH = "OneKeyHQ/firmware branch touch"
    PRO = "OneKeyHQ/firmware-pro v4.20.0"
    CLASSIC1S = "OneKeyHQ/firmware-classic1s master d4d9fab (3.19.0)"


class OneKeyDeviceType(enum.IntEnum):
    """Field 600 values (OneKeyDeviceType in firmware-classic1s and firmware-pro)."""

    CLASSIC = 0
    CLASSIC1S = 1
    MINI = 2
    TOUCH = 3
    TOUCH_PRO = 4  # deprecated in the .proto
    PRO = 5
    PURE = 6  # Classic 1S Pure (firmware-classic1s only)


# The table each device type's own firmware line fills its Features from (the software
# device's onekey-* identities build theirs with it). Decoding does not use it: a Touch
# whose firmware sends 600 is newer than branch `touch` and is read with the PRO table,
# the only core table with the 600 series (see `firmware_line`).
LINE_OF_DEVICE_TYPE: dict[OneKeyDeviceType, FirmwareLine] = {
    OneKeyDeviceType.CLASSIC: FirmwareLine.CLASSIC,
    OneKeyDeviceType.CLASSIC1S: FirmwareLine.CLASSIC1S,
    OneKeyDeviceType.PURE: FirmwareLine.CLASSIC1S,
    OneKeyDeviceType.MINI: FirmwareLine.MINI,
    OneKeyDeviceType.TOUCH: FirmwareLine.TOUCH,
    OneKeyDeviceType.TOUCH_PRO: FirmwareLine.PRO,
    OneKeyDeviceType.PRO: FirmwareLine.PRO,
}

# Fields every line shares, with one type everywhere (tag: name, protobuf type).
_LEGACY_BASE: dict[int, tuple[str, str]] = {
    500: ("offset", "uint32"),
    501: ("ble_name", "string"),
    502: ("ble_ver", "string"),
    503: ("ble_enable", "bool"),
    504: ("se_enable", "bool"),
    506: ("se_ver", "string"),
    507: ("backup_only", "bool"),
    508: ("onekey_version", "string"),
    509: ("onekey_serial", "string"),
    510: ("bootloader_version", "string"),
    517: ("coin_switch", "uint32"),
}
_FACTORY_FIELDS: dict[int, tuple[str, str]] = {
    511: ("serial_no", "string"),
    512: ("spi_flash", "string"),
    513: ("initstates", "uint32"),
    514: ("NFT_voucher", "bytes"),
    515: ("cpu_info", "string"),
    516: ("pre_firmware", "string"),
}
# The 600 series (firmware-pro and firmware-classic1s agree on these numbers and types).
_SERIES_600: dict[int, tuple[str, str]] = {
    600: ("onekey_device_type", "uint32"),  # enum OneKeyDeviceType; read as its number
    601: ("onekey_se_type", "uint32"),  # enum OneKeySeType: THD89=0, SE608A=1
    602: ("onekey_board_version", "string"),
    603: ("onekey_board_hash", "bytes"),
    604: ("onekey_boot_version", "string"),
    605: ("onekey_boot_hash", "bytes"),  # 32 bytes on a Classic 1S: never a string
    609: ("onekey_firmware_version", "string"),
    610: ("onekey_firmware_hash", "bytes"),
    611: ("onekey_firmware_build_id", "string"),
    612: ("onekey_serial_no", "string"),
    614: ("onekey_ble_name", "string"),
    615: ("onekey_ble_version", "string"),
    616: ("onekey_ble_build_id", "string"),
    617: ("onekey_ble_hash", "bytes"),
    625: ("attach_to_pin_user", "bool"),
    626: ("unlocked_attach_pin", "bool"),
}

FIELD_TABLES: dict[FirmwareLine, dict[int, tuple[str, str]]] = {
    FirmwareLine.CLASSIC: {
        **_LEGACY_BASE,
        518: ("build_id", "string"),
        520: ("battery_level", "uint32"),
    },
    FirmwareLine.MINI: {**_LEGACY_BASE, **_FACTORY_FIELDS, 518: ("build_id", "string")},
    FirmwareLine.TOUCH: {
        **_LEGACY_BASE,
        **_FACTORY_FIELDS,
        518: ("build_id", "bytes"),
        519: ("boardloader_version", "string"),
    },
    FirmwareLine.PRO: {
        **_LEGACY_BASE,
        **_FACTORY_FIELDS,
        518: ("build_id", "bytes"),
        519: ("boardloader_version", "string"),
        522: ("brightness_percent", "uint32"),
        523: ("haptic_feedback", "bool"),
        524: ("auto_shutdown_delay_ms", "uint32"),
        **_SERIES_600,
        606: ("onekey_se01_version", "string"),
        607: ("onekey_se01_hash", "bytes"),
        608: ("onekey_se01_build_id", "string"),
        613: ("onekey_boot_build_id", "string"),
        618: ("onekey_se02_version", "string"),
        619: ("onekey_se03_version", "string"),
        620: ("onekey_se04_version", "string"),
        621: ("onekey_se01_state", "uint32"),  # enum OneKeySEState: BOOT=0, APP=1
        622: ("onekey_se02_state", "uint32"),
        623: ("onekey_se03_state", "uint32"),
        624: ("onekey_se04_state", "uint32"),
    },
    FirmwareLine.CLASSIC1S: {
        **_LEGACY_BASE,
        518: ("build_id", "string"),
        520: ("battery_level", "uint32"),
        521: ("product", "string"),
        530: ("se_build_id", "string"),
        531: ("se_hash", "bytes"),
        **_SERIES_600,
        606: ("onekey_se_version", "string"),
        607: ("onekey_se_hash", "bytes"),
        608: ("onekey_se_build_id", "string"),
        613: ("onekey_boot_build_id", "bytes"),
    },
}


def _union_safe_table() -> dict[int, tuple[str, str]]:
    """Every tag of every line; a tag whose name or type differs between lines is read as bytes."""
    seen: dict[int, set[tuple[str, str]]] = {}
    for table in FIELD_TABLES.values():
        for tag, spec in table.items():
            seen.setdefault(tag, set()).add(spec)
    safe: dict[int, tuple[str, str]] = {}
    for tag, specs in seen.items():
        only = next(iter(specs))
        safe[tag] = only if len(specs) == 1 else (f"field_{tag}", "bytes")
    return safe


PROBE_TABLE = _union_safe_table()
# Last resort for a firmware that changed a type: every length-delimited field as bytes.
LENIENT_TABLE = {
    tag: (name, "bytes" if kind == "string" else kind) for tag, (name, kind) in PROBE_TABLE.items()
}


def _copy_field(field: protobuf.Field) -> protobuf.Field:
    # Resolve the type against Features' own module first: a subclass re-owns its fields,
    # and sharing the objects would re-own trezorlib's Features fields too.
    return dataclasses.replace(field, _py_type=field.py_type, _owner=None)


def features_class(name: str, table: dict[int, tuple[str, str]]) -> type[messages.Features]:
    """trezorlib's Features plus the OneKey fields of `table` (decodes a Trezor's unchanged)."""
    fields: dict[int, protobuf.Field] = {
        **{tag: _copy_field(field) for tag, field in messages.Features.FIELDS.items()},
        # OneKey's Capability enum has values trezorlib's lacks (18 AttachToPin, 1000
        # EthereumTypedData): read the list as numbers so none is lost or refused.
        30: protobuf.Field("capabilities", "uint32", repeated=True),
        **{tag: protobuf.Field(field_name, kind) for tag, (field_name, kind) in table.items()},
    }
    namespace: dict[str, Any] = {
        "MESSAGE_WIRE_TYPE": FEATURES_WIRE_TYPE,
        "FIELDS": fields,
        "__module__": __name__,
    }
    created = type(name, (messages.Features,), namespace)
    assert issubclass(created, messages.Features)
    return created


FEATURES_CLASSES: dict[FirmwareLine, type[messages.Features]] = {
    line: features_class(f"OneKeyFeatures{line.name.title().replace('1s', '1S')}", table)
    for line, table in FIELD_TABLES.items()
}
ProbeFeatures = features_class("OneKeyProbeFeatures", PROBE_TABLE)
LenientFeatures = features_class("OneKeyLenientFeatures", LENIENT_TABLE)


def field(features: messages.Features, name: str) -> Any:
    """A OneKey field's value, or None when this Features has no such field."""
    return getattr(features, name, None)


def text_field(features: messages.Features, name: str) -> str | None:
    """A OneKey string field as text, also when a lenient decoding left it as UTF-8 bytes."""
    value = field(features, name)
    if isinstance(value, bytes):
        try:
            value = value.decode()
        except UnicodeDecodeError:
            return None
    return value if isinstance(value, str) and value else None


def firmware_line(probe: messages.Features) -> FirmwareLine:
    """Which line sent these Features: field 600 when present, else the model and the fields."""
    kind = field(probe, "onekey_device_type")
    if kind in (OneKeyDeviceType.CLASSIC1S, OneKeyDeviceType.PURE):
        return FirmwareLine.CLASSIC1S
    if kind in (OneKeyDeviceType.PRO, OneKeyDeviceType.TOUCH_PRO, OneKeyDeviceType.TOUCH):
        return FirmwareLine.PRO  # 600 on a core model means firmware-pro's table
    if kind == OneKeyDeviceType.MINI:
        return FirmwareLine.MINI
    if kind == OneKeyDeviceType.CLASSIC:
        return FirmwareLine.CLASSIC1S  # a Classic running the 1S line's firmware sends 600
    if (probe.model or "1") != "1":
        return FirmwareLine.TOUCH
    # Only the Mini's legacy firmware sends the factory fields 511-516 on model "1".
    factory = field(probe, "serial_no") or field(probe, "spi_flash")
    return FirmwareLine.MINI if factory else FirmwareLine.CLASSIC


def decode_features(raw: bytes) -> messages.Features:
    """Features from a Trezor or any OneKey line, every OneKey field with its own type.

    Never raises on a field's type: if the line's own table does not fit (a firmware
    newer than the tables), the safe probe decoding is returned, and if even that does
    not fit, every OneKey text field is left as bytes.
    """
    try:
        probe = protobuf.load_message(io.BytesIO(raw), ProbeFeatures)
    except (UnicodeDecodeError, ValueError):
        probe = protobuf.load_message(io.BytesIO(raw), LenientFeatures)
    assert isinstance(probe, messages.Features)
    if not is_onekey_fields(probe) or isinstance(probe, LenientFeatures):
        return probe
    cls = FEATURES_CLASSES[firmware_line(probe)]
    try:
        typed = protobuf.load_message(io.BytesIO(raw), cls)
    except (UnicodeDecodeError, ValueError):
        return probe
    assert isinstance(typed, messages.Features)
    return typed


def is_onekey_fields(features: messages.Features) -> bool:
    return features.vendor == "onekey.so" or any(
        field(features, name) is not None for name, _ in PROBE_TABLE.values()
    )


def line_of(features: messages.Features) -> FirmwareLine | None:
    """The line whose table decoded `features` (None for a Trezor's or the probe's)."""
    for line, cls in FEATURES_CLASSES.items():
        if type(features) is cls:
            return line
    return None


class OneKeyMapping(mapping.ProtobufMapping):
    """trezorlib's mapping, with Features decoded by `decode_features`."""

    FEATURES: ClassVar[int] = FEATURES_WIRE_TYPE

    def decode(self, msg_wire_type: int, msg_bytes: bytes) -> protobuf.MessageType:
        if msg_wire_type == self.FEATURES:
            return decode_features(msg_bytes)
        return super().decode(msg_wire_type, msg_bytes)


def onekey_mapping() -> OneKeyMapping:
    result = OneKeyMapping.from_module(messages)
    assert isinstance(result, OneKeyMapping)
    return result
