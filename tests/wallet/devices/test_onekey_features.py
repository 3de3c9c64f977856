"""OneKey Features bytes shaped like each model's firmware decode with the right types.

The bytes are written here field by field from the firmware's own code (the fields
its get_features fills, with their wire types), not with our decoding tables, so a
wrong number or type in the tables fails these tests. Sources per model:
Classic: OneKeyHQ/firmware classic/v3.6.0 legacy/firmware/fsm_msg_common.h;
Classic 1S / Pure: OneKeyHQ/firmware-classic1s master d4d9fab (3.19.0) legacy/firmware/fsm_msg_common.h;
Mini: OneKeyHQ/firmware branch mini legacy/firmware/fsm_msg_common.h;
Touch: OneKeyHQ/firmware branch touch core/src/apps/base.py;
Pro: OneKeyHQ/firmware-pro v4.20.0 core/src/apps/base.py.

Real values, from those sources: the firmware versions (version.h), the revisions (the
commits), the build-id formats (the Makefiles; the Classic 1S keeps 6 characters in
611), bootloader and boardloader versions, and the bootloader hashes the firmware itself
lists as known (bl_check.txt / bl_check.c: Classic 2.0.0, Classic 1S 2.1.2 — the 32-byte
605 —, Mini 1.8.9), the Pro's serial prefixes ("PR" in 612, "TC" in 511).
NOT sourced (no public dump or code gives them), so only their type and length are
real: serial numbers other than the Pro's prefix, secure-element versions and hashes,
the build dates inside build ids, the Pro's and Touch's bootloader hashes.
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

# The Classic 1S's bootloader 2.1.2 hash (firmware-classic1s bl_check.txt at d4d9fab): 32 bytes, not UTF-8
BOOT_HASH = bytes.fromhex("c9be0fdf3f4413cab9f184d3ab1a2790a355311072cdbcef1d10f41dd935bb8d")
CLASSIC_BOOTLOADER_HASH = bytes.fromhex(  # classic/v3.6.0 bl_check.txt: bootloader 2.0.0
    "a8be50e3b5252808f5224796991b6e10ec70726dc72917935b59aaf20fcab295"
)
MINI_BOOTLOADER_HASH = bytes.fromhex(  # branch mini bl_check.c: bootloader 1.8.9
    "c6bf8735344d85dc58f5b9824fe628b4b2e0ca308afbd08d7961b67b16738608"
)
PRO_BOOT_HASH = hashlib.sha256(b"pro bootloader 2.8.4").digest()  # value not sourced: 32 bytes


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode()
    except UnicodeDecodeError:
        return False
    return True


assert not _is_utf8(BOOT_HASH)  # why reading 605 as a string failed on a real Classic 1S


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


def _trezor_part(revision: str) -> tuple[tuple[int, int | bool | str | bytes], ...]:
    """vendor, 2.99.99, device_id, pin, passphrase, initialized, revision (the commit's 20 bytes), unlocked."""
    return (
        (1, "onekey.so"),
        (2, 2),
        (3, 99),
        (4, 99),
        (6, "8B9F0C0EA4C5D3A1E2B7F6A9"),
        (7, False),
        (8, False),
        (12, True),
        (13, bytes.fromhex(revision)),
        (16, True),
    )


_TREZOR_PART = _trezor_part("a3f1" * 10)

CLASSIC = _features(
    *_trezor_part("8a5b950c44f0e0baf87544b75c1759f35aa49cd6"),
    (14, CLASSIC_BOOTLOADER_HASH),  # bootloader_hash
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
    (509, "Bixin21032201500"),  # serial: format not sourced
    (510, "2.0.0"),
    (517, 0),  # coin_switch
    (518, "classic.3.6.0-Stable-0915-8a5b950"),  # classic.VERSION-Stable-MMDD-COMMIT
    (520, 4),  # battery_level
)
CLASSIC_1S = _features(
    *_trezor_part("d4d9fabecd076c211fac96cf06fc7031ec25f7d6"),
    (21, "1"),
    (504, True),
    (508, "3.19.0"),
    (509, "CL1S2401010001"),  # serial: format not sourced
    (521, "classic1s"),
    (531, hashlib.sha256(b"se").digest()),  # se_hash
    (600, 1),  # CLASSIC1S
    (601, 0),  # THD89
    (604, "2.1.2"),
    (605, BOOT_HASH),  # onekey_boot_hash: the field that broke the old decoder
    (606, "1.1.7"),  # SE version: not sourced
    (607, hashlib.sha256(b"se01").digest()),
    (609, "3.19.0"),
    (610, hashlib.sha256(b"fw").digest()),
    (611, "d4d9fa"),  # strlcpy(.., BUILD_ID + len - 7, 7) keeps 6 characters
    (612, "CL1S2401010001"),
    (613, b"\x9c\x00\xffbuild"),  # onekey_boot_build_id is bytes on this line
    (617, hashlib.sha256(b"ble").digest()),
    (625, False),
    (626, False),
)
PURE = _features(*_TREZOR_PART, (21, "1"), (521, "pure"), (600, 6), (605, BOOT_HASH), (609, "3.19.0"))
MINI = _features(
    *_trezor_part("cc09ce0b13244f98a8a3fbe3bf615dede0781061"),
    (14, MINI_BOOTLOADER_HASH),
    (21, "1"),
    (508, "3.7.1"),
    (509, "MI2203150001"),  # serial: format not sourced
    (510, "1.8.9"),
    (511, "MI2203150001"),  # serial_no: only the Mini's legacy firmware sends it on model "1"
    (512, "8M bytes"),  # w25qxx.c's description of a W25Q64
    (514, hashlib.sha256(b"nft").digest()),  # NFT_voucher: 32 bytes
    (518, "mini.3.7.1-Stable-0327-cc09ce0"),
)
TOUCH = _features(
    *_trezor_part("69bef6abfe3d55cae7b40c621ed2962dd651736c"),
    (21, "T"),
    (508, "4.9.0"),
    (510, "2.5.0"),
    (511, "TC01WBD202206070001"),  # serial: format not sourced
    (518, b"touch.4.9.0-Stable-0327-69bef6a"),  # build_id is bytes on the core line: all of BUILD_ID
    (519, "2.0.2"),
)
PRO = _features(
    *_trezor_part("3542e8c46029f1407ef1df8fa12da2502151b31b"),
    (21, "T"),
    (508, "4.20.0"),
    (510, "2.8.4"),
    (511, "TC01WBD202310170001"),  # the storage serial with "TC" for "PR" (base.py)
    (518, b"3542e8c"),  # BUILD_ID[-7:]: the commit
    (519, "1.6.5"),
    (522, 80),
    (523, True),
    (600, 5),  # PRO
    (601, 0),
    (602, "1.6.5"),
    (603, hashlib.sha256(b"board").digest()),
    (604, "2.8.4"),
    (605, PRO_BOOT_HASH),
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
    for raw, boot_hash in ((CLASSIC_1S, BOOT_HASH), (PRO, PRO_BOOT_HASH)):
        features = decode_features(raw)
        assert features.onekey_boot_hash == boot_hash  # type: ignore[attr-defined]
        assert onekey.identify(features).firmware_version != boot_hash.hex()


def test_fields_whose_type_differs_between_lines_keep_each_lines_type() -> None:
    assert decode_features(CLASSIC_1S).onekey_boot_build_id == b"\x9c\x00\xffbuild"  # type: ignore[attr-defined]
    assert decode_features(PRO).onekey_boot_build_id == "a1b2c3d"  # type: ignore[attr-defined]
    assert decode_features(TOUCH).build_id == b"touch.4.9.0-Stable-0327-69bef6a"  # type: ignore[attr-defined]
    assert decode_features(PRO).build_id == b"3542e8c"  # type: ignore[attr-defined]
    assert decode_features(CLASSIC_1S).onekey_firmware_build_id == "d4d9fa"  # type: ignore[attr-defined]
    assert decode_features(CLASSIC).build_id.startswith("classic.3.6.0")  # type: ignore[attr-defined]
    assert decode_features(MINI).NFT_voucher == hashlib.sha256(b"nft").digest()  # type: ignore[attr-defined]


def test_standard_fields_survive_next_to_onekey_ones() -> None:
    features = decode_features(CLASSIC)
    assert features.capabilities == [1, 2, 5, 7, 10, 12, 14]
    assert features.bootloader_hash == CLASSIC_BOOTLOADER_HASH and features.model == "1"
    assert features.revision == bytes.fromhex("8a5b950c44f0e0baf87544b75c1759f35aa49cd6")
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


# GetFeatures as OneKey's own Classic 1S emulator answered it after LoadDevice: built from
# OneKeyHQ/firmware-classic1s branch `emulator` (ee01f01, ONEKEY_VERSION 3.12.0) with
# EMULATOR=1 DEBUG_LINK=1 (-Werror dropped for this machine's gcc), run under Xvfb. Its
# emulator reports 600=PURE and product "pure"; 605 is 32 bytes that are not UTF-8.
CLASSIC_1S_EMULATOR_FEATURES = bytes.fromhex(
    "0a096f6e656b65792e736f1002186320633218304438413845303430383234463242444337463744444530"
    "380040004a057a685f434e520c736964652d62792d7369646560016a007801800101980100aa010131ca01"
    "08454d554c41544f52d80100e00100f00101f00102f00105f00107f0010af0010cf0010e900200a80200b0"
    "02c0cf24c80200c01f00d21f07312e312e302e30e21f06332e31322e30a82003ca200470757265c02506c8"
    "2500ea25201c8525811ec8629769a343d3fab5e2193fc62235d37af45800695f98cd65810af22507312e31"
    "2e302e30fa25203030303030303030303030303030303030303030303030303030303030303030822607787878"
    "787878788a2606332e31322e309a26066b65795f656d"
)


def test_features_from_onekeys_own_classic_1s_emulator_decode() -> None:
    features = onekey.ONEKEY_MAPPING.decode(messages.MessageType.Features, CLASSIC_1S_EMULATOR_FEATURES)
    assert isinstance(features, messages.Features) and line_of(features) is FirmwareLine.CLASSIC1S
    identity = onekey.identify(features)
    assert (identity.product, identity.firmware_version) == ("OneKey Classic 1S Pure", "3.12.0")
    boot_hash = features.onekey_boot_hash  # type: ignore[attr-defined]
    assert len(boot_hash) == 32 and not _is_utf8(boot_hash)
    # strlcpy(dst, BUILD_ID + len - 7, 7) of "onekey_emu": 6 characters, as modelled for 3.19.0
    assert features.onekey_firmware_build_id == "key_em"  # type: ignore[attr-defined]
    assert features.capabilities == [1, 2, 5, 7, 10, 12, 14] and features.model == "1"
