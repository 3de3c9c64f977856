"""OneKey Features bytes shaped like each model's firmware decode with the right types.

The bytes are written here field by field from the firmware's own code (the fields
its get_features fills, with their wire types), not with our decoding tables, so a
wrong number or type in the tables fails these tests. Sources per model:
Classic: OneKeyHQ/firmware classic/v3.6.0 legacy/firmware/fsm_msg_common.h;
Classic 1S / Pure: OneKeyHQ/firmware-classic1s v3.19.0 legacy/firmware/fsm_msg_common.h;
Mini: OneKeyHQ/firmware branch mini legacy/firmware/fsm_msg_common.h;
Touch: OneKeyHQ/firmware branch touch core/src/apps/base.py;
Pro: OneKeyHQ/firmware-pro v4.20.0 core/src/apps/base.py.
"""

from __future__ import annotations

import hashlib
import io

import pytest
from trezorlib import messages, protobuf

from wallet.devices import onekey
from wallet.devices.onekey_features import (
    FIELD_TABLES,
    FirmwareLine,
    decode_features,
    features_class,
    line_of,
)

BOOT_HASH = hashlib.sha256(b"bootloader").digest()  # 32 bytes, not UTF-8
assert not BOOT_HASH.isascii()


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _field(tag: int, value: int | bool | str | bytes) -> bytes:
    """One protobuf field: varint (wire type 0) or length-delimited (wire type 2)."""
    if isinstance(value, bool | int):
        return _varint(tag << 3) + _varint(int(value))
    data = value.encode() if isinstance(value, str) else value
    return _varint(tag << 3 | 2) + _varint(len(data)) + data


def _features(*fields: tuple[int, int | bool | str | bytes]) -> bytes:
    return b"".join(_field(tag, value) for tag, value in fields)


_TREZOR_PART = (  # vendor, 2.99.99, device_id, pin, passphrase, initialized, unlocked
    (1, "onekey.so"),
    (2, 2),
    (3, 99),
    (4, 99),
    (6, "8B9F0C0EA4C5D3A1E2B7F6A9"),
    (7, False),
    (8, False),
    (12, True),
    (13, bytes.fromhex("a3f1") * 10),  # revision: 20 raw bytes of a git hash
    (16, True),
)

CLASSIC = _features(
    *_TREZOR_PART,
    (14, BOOT_HASH),  # bootloader_hash
    (19, False),  # needs_backup
    (21, "1"),
    (27, False),
    (28, False),
    (30, 1),
    (30, 2),
    (30, 5),
    (30, 7),
    (30, 10),
    (30, 12),
    (30, 14),
    (37, 0),  # safety_checks Strict
    (41, False),  # busy
    (504, True),  # se_enable
    (506, "1.1.0.3"),  # se_ver
    (507, False),  # backup_only
    (508, "3.6.0"),
    (509, "Bixin21032201500"),
    (510, "2.0.0"),
    (517, 0),  # coin_switch
    (518, "classic.3.6.0-Stable-0915-abc1234"),
    (520, 4),  # battery_level
)
CLASSIC_1S = _features(
    *_TREZOR_PART,
    (21, "1"),
    (504, True),
    (508, "3.19.0"),
    (509, "CL1S2401010001"),
    (518, "classic1s.3.19.0"),
    (521, "classic1s"),
    (531, hashlib.sha256(b"se").digest()),  # se_hash
    (600, 1),  # CLASSIC1S
    (601, 0),  # THD89
    (604, "2.1.2"),
    (605, BOOT_HASH),  # onekey_boot_hash: the field that broke the old decoder
    (606, "1.1.7"),
    (607, hashlib.sha256(b"se01").digest()),
    (609, "3.19.0"),
    (610, hashlib.sha256(b"fw").digest()),
    (611, "d4d9fab"),
    (612, "CL1S2401010001"),
    (613, b"\x9c\x00\xffbuild"),  # onekey_boot_build_id is bytes on this line
    (617, hashlib.sha256(b"ble").digest()),
    (625, False),
    (626, False),
)
PURE = _features(*_TREZOR_PART, (21, "1"), (521, "pure"), (600, 6), (605, BOOT_HASH), (609, "3.19.0"))
MINI = _features(
    *_TREZOR_PART,
    (21, "1"),
    (508, "3.7.1"),
    (509, "MI2203150001"),
    (511, "MI2203150001"),  # serial_no: only the Mini's legacy firmware sends it on model "1"
    (512, "W25Q64"),
    (514, hashlib.sha256(b"nft").digest()),  # NFT_voucher: 32 bytes
    (518, "mini.3.7.1"),
)
TOUCH = _features(
    *_TREZOR_PART,
    (21, "T"),
    (508, "4.9.0"),
    (511, "TC01WBD202206070001"),
    (518, b"\xa1\xb2\xc3\xd4\xe5\xf6\x07"),  # build_id is bytes on the core line
    (519, "1.5.0"),
)
PRO = _features(
    *_TREZOR_PART,
    (21, "T"),
    (508, "4.20.0"),
    (511, "TC01WBD202310170001"),
    (518, b"\x90\x8a\x7fabcd"),
    (519, "1.6.4"),
    (522, 80),
    (523, True),
    (600, 5),  # PRO
    (601, 0),
    (602, "1.6.4"),
    (603, hashlib.sha256(b"board").digest()),
    (604, "2.7.0"),
    (605, BOOT_HASH),
    (606, "1.1.7"),
    (609, "4.20.0"),
    (612, "PR01WBD202310170001"),
    (613, "a1b2c3d"),  # onekey_boot_build_id is a string on this line
    (621, 1),
    (626, False),
)


@pytest.mark.parametrize(
    ("raw", "line", "product", "version"),
    [
        (CLASSIC, FirmwareLine.CLASSIC, "OneKey Classic", "3.6.0"),
        (CLASSIC_1S, FirmwareLine.CLASSIC1S, "OneKey Classic 1S", "3.19.0"),
        (PURE, FirmwareLine.CLASSIC1S, "OneKey Classic 1S Pure", "3.19.0"),
        (MINI, FirmwareLine.MINI, "OneKey Mini", "3.7.1"),
        (TOUCH, FirmwareLine.TOUCH, "OneKey Touch", "4.9.0"),
        (PRO, FirmwareLine.PRO, "OneKey Pro", "4.20.0"),
    ],
)
def test_each_model_decodes_with_its_own_table(
    raw: bytes, line: FirmwareLine, product: str, version: str
) -> None:
    features = onekey.ONEKEY_MAPPING.decode(messages.MessageType.Features, raw)
    assert isinstance(features, messages.Features)
    assert line_of(features) is line
    identity = onekey.identify(features)
    assert (identity.is_onekey, identity.product, identity.firmware_version) == (True, product, version)


def test_a_32_byte_boot_hash_is_bytes_never_the_version() -> None:
    for raw in (CLASSIC_1S, PRO):
        features = decode_features(raw)
        assert features.onekey_boot_hash == BOOT_HASH  # type: ignore[attr-defined]
        assert onekey.identify(features).firmware_version != BOOT_HASH.hex()


def test_fields_whose_type_differs_between_lines_keep_each_lines_type() -> None:
    assert decode_features(CLASSIC_1S).onekey_boot_build_id == b"\x9c\x00\xffbuild"  # type: ignore[attr-defined]
    assert decode_features(PRO).onekey_boot_build_id == "a1b2c3d"  # type: ignore[attr-defined]
    assert decode_features(TOUCH).build_id == b"\xa1\xb2\xc3\xd4\xe5\xf6\x07"  # type: ignore[attr-defined]
    assert decode_features(CLASSIC).build_id.startswith("classic.3.6.0")  # type: ignore[attr-defined]
    assert decode_features(MINI).NFT_voucher == hashlib.sha256(b"nft").digest()  # type: ignore[attr-defined]


def test_standard_fields_survive_next_to_onekey_ones() -> None:
    features = decode_features(CLASSIC)
    assert features.capabilities == [1, 2, 5, 7, 10, 12, 14]
    assert features.bootloader_hash == BOOT_HASH and features.model == "1"
    assert features.vendor == "onekey.so" and features.initialized is True


def test_the_old_reading_of_605_as_a_string_could_not_open_a_classic_1s() -> None:
    # What ColdSplit did before: 605 as string `onekey_firmware_version` (regression witness).
    wrong = features_class("Wrong", {605: ("onekey_firmware_version", "string")})
    with pytest.raises(UnicodeDecodeError):
        protobuf.load_message(io.BytesIO(CLASSIC_1S), wrong)


def test_a_newer_firmware_whose_field_type_changed_still_opens() -> None:
    # 609 sent as raw bytes by some future line: fall back to bytes, keep the model and 508.
    raw = _features(*_TREZOR_PART, (21, "T"), (600, 5), (508, "5.0.0"), (609, b"\xff\xfe"))
    identity = onekey.identify(decode_features(raw))
    assert (identity.product, identity.firmware_version) == ("OneKey Pro", "5.0.0")


def test_every_table_names_its_source_and_agrees_on_the_shared_numbers() -> None:
    assert all("OneKeyHQ/" in line.value for line in FIELD_TABLES)
    for table in FIELD_TABLES.values():
        assert table[508] == ("onekey_version", "string")
        if 605 in table:
            assert table[605] == ("onekey_boot_hash", "bytes")
            assert table[609] == ("onekey_firmware_version", "string")


def test_a_trezor_decodes_as_trezorlib_would() -> None:
    raw = _features((1, "trezor.io"), (2, 2), (3, 8), (4, 9), (21, "T"), (44, "T2T1"))
    features = decode_features(raw)
    assert type(features).__name__ == "OneKeyProbeFeatures" and not onekey.identify(features).is_onekey
