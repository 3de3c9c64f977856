"""Features of OneKey's Classic 1S, Mini and Touch as their devices' firmware fills them.

Each builder follows one `get_features` (facts read from OneKey's public sources; the
code is ours). Unlike onekey-classic, these are the device builds, not an emulator's. Only
a Classic 1S emulator build of 3.12.0 was run here (README): its Features are an emulator's
and an older version's, so they were read (and decode), not matched field by field.

- Classic 1S: OneKeyHQ/firmware-classic1s master d4d9fab (3.19.0),
  legacy/firmware/fsm_msg_common.h: 600=CLASSIC1S, 601=THD89, the bootloader hash in
  605 (never 14), 508 and 609 both the version, the serial in 509 and 612, the build id
  in 611 as strlcpy leaves it (6 characters), product "classic1s", the attach-to-PIN
  fields always, capabilities with AttachToPin (18) and EthereumTypedData (1000).
- Mini: OneKeyHQ/firmware branch `mini` (3.7.1), the same file with ONEKEY_MINI: the
  legacy fields plus the factory fields 511 serial_no and 512 spi_flash, no 600 series.
- Touch: OneKeyHQ/firmware branch `touch` (4.9.0), core/src/apps/base.py: model "T",
  serial in 511, the whole BUILD_ID as bytes in 518, no 600 series, the private fields
  (auto-lock delay included) only while unlocked.

Not in the sources, so chosen here in the right type and length and never asserted as
real: every serial number (only the Pro's "PR"/"TC" prefixes are sourced), the
secure-element versions, the Mini's flash size (one of w25qxx.c's descriptions) and the
build dates inside build ids (the commit's date is used). Bluetooth fields are left out:
they come from the Bluetooth chip at run time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from trezorlib import messages

if TYPE_CHECKING:
    from wallet.emulator.device import Device

CLASSIC1S_REVISION = bytes.fromhex("d4d9fabecd076c211fac96cf06fc7031ec25f7d6")  # master, 3.19.0
# legacy/firmware/bl_check.txt at d4d9fab: "2.1.2 shipped with fw 3.18.0" (the newest)
CLASSIC1S_BOOT_HASH = bytes.fromhex("c9be0fdf3f4413cab9f184d3ab1a2790a355311072cdbcef1d10f41dd935bb8d")
CLASSIC1S_BOOT_VERSION = "2.1.2"
# Bitcoin, Bitcoin_like, Crypto, Ethereum, NEM, Stellar, U2F, AttachToPin, EthereumTypedData
CLASSIC1S_CAPABILITIES = (1, 2, 5, 7, 10, 12, 14, 18, 1000)
CLASSIC1S_SERIAL = "CL1S000000000001"  # format not sourced

MINI_REVISION = bytes.fromhex("cc09ce0b13244f98a8a3fbe3bf615dede0781061")  # branch mini, 3.7.1
# legacy/firmware/bl_check.c on branch mini (PRODUCTION): "1.8.9 mini_boot_1010"
MINI_BOOTLOADER_HASH = bytes.fromhex("c6bf8735344d85dc58f5b9824fe628b4b2e0ca308afbd08d7961b67b16738608")
MINI_BOOTLOADER_VERSION = "1.8.9"
LEGACY_CAPABILITIES = (1, 2, 5, 7, 10, 12, 14)  # the Classic's and the Mini's full build
MINI_SERIAL = "MI000000000001"  # format not sourced

TOUCH_REVISION = bytes.fromhex("69bef6abfe3d55cae7b40c621ed2962dd651736c")  # branch touch, 4.9.0
TOUCH_BOOTLOADER_VERSION = "2.5.0"  # core/embed/bootloader/version.h on that branch
TOUCH_BOARDLOADER_VERSION = "2.0.2"  # core/embed/boardloader/version.h
# Bitcoin … ShamirGroups with Monero (9), plus PassphraseEntry (model "T")
TOUCH_CAPABILITIES = (1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 15, 16, 17)
TOUCH_SERIAL = "TC000000000001"  # format not sourced

SE_VERSION = "1.1.0.0"  # what the Classic emulator's secure-element stub answers; not a real SE's
AUTO_LOCK_MS = 600_000
COIN_SWITCH = 3  # the default measured on OneKey's Classic emulator (same legacy config code)


def common_fields(device: Device) -> dict[str, Any]:
    """What every OneKey line sends the same way: vendor, 2.99.99, id, PIN, label, state."""
    state = device.state
    return {
        "vendor": "onekey.so",
        "major_version": 2,
        "minor_version": 99,
        "patch_version": 99,
        "device_id": device.device_id,
        "pin_protection": state.pin is not None,
        "language": "en-US",
        "label": state.label,
        "initialized": state.initialized,
        "unlocked": state.unlocked,
    }


def _legacy_fields(device: Device, revision: bytes, capabilities: tuple[int, ...]) -> dict[str, Any]:
    """The part of legacy `get_features` the Classic 1S and the Mini share."""
    state = device.state
    fields = common_fields(device)
    fields.update(
        fw_vendor="OneKey",  # a signed official build (EMULATOR builds say "EMULATOR")
        passphrase_protection=state.passphrase_protection,
        revision=revision,
        imported=True if state.initialized else None,
        backup_availability=messages.BackupAvailability.NotAvailable,  # 19 needs_backup = false
        unfinished_backup=False,
        no_backup=False,
        flags=state.flags or None,
        model="1",
        safety_checks=messages.SafetyCheckLevel.Strict,
        busy=False,
        capabilities=list(capabilities),
        se_enable=True,
        se_ver=SE_VERSION,
        onekey_version=device.identity.onekey_version,
        coin_switch=COIN_SWITCH,
    )
    if state.unlocked:
        fields.update(wipe_code_protection=False, auto_lock_delay_ms=AUTO_LOCK_MS)
    return fields


def classic1s(device: Device) -> dict[str, Any]:
    version = device.identity.onekey_version
    fields = _legacy_fields(device, CLASSIC1S_REVISION, CLASSIC1S_CAPABILITIES)
    fields.update(
        attach_to_pin_user=False,
        unlocked_attach_pin=False,
        onekey_boot_hash=CLASSIC1S_BOOT_HASH,
        onekey_boot_version=CLASSIC1S_BOOT_VERSION,
        onekey_device_type=1,  # CLASSIC1S
        onekey_se_type=0,  # THD89
        onekey_se_version=SE_VERSION,
        onekey_firmware_version=version,
        onekey_serial=CLASSIC1S_SERIAL,
        onekey_serial_no=CLASSIC1S_SERIAL,
        # strlcpy(dst, BUILD_ID + len - 7, 7) keeps 6 of the commit's 7 characters
        onekey_firmware_build_id=CLASSIC1S_REVISION.hex()[:6],
        product="classic1s",
    )
    return fields


def mini(device: Device) -> dict[str, Any]:
    version = device.identity.onekey_version
    fields = _legacy_fields(device, MINI_REVISION, LEGACY_CAPABILITIES)
    fields.update(
        bootloader_hash=MINI_BOOTLOADER_HASH,
        onekey_serial=MINI_SERIAL,
        backup_only=False,
        build_id=f"mini.{version}-Stable-0327-{MINI_REVISION.hex()[:7]}",
        bootloader_version=MINI_BOOTLOADER_VERSION,
        serial_no=MINI_SERIAL,
        spi_flash="8M bytes",
    )
    return fields


def touch(device: Device) -> dict[str, Any]:
    state = device.state
    version = device.identity.onekey_version
    fields = common_fields(device)
    fields.update(
        onekey_version=version,
        revision=TOUCH_REVISION,
        model="T",
        serial_no=TOUCH_SERIAL,
        build_id=f"touch.{version}-Stable-0327-{TOUCH_REVISION.hex()[:7]}".encode(),
        bootloader_version=TOUCH_BOOTLOADER_VERSION,
        boardloader_version=TOUCH_BOARDLOADER_VERSION,
        busy=False,
        capabilities=list(TOUCH_CAPABILITIES),
        sd_card_present=False,
    )
    if state.unlocked:  # base.py's private fields
        fields.update(
            passphrase_protection=state.passphrase_protection,
            backup_availability=messages.BackupAvailability.NotAvailable,
            unfinished_backup=False,
            no_backup=False,
            flags=state.flags,
            recovery_status=messages.RecoveryStatus.Nothing,  # 29: recovery_mode = false
            backup_type=messages.BackupType.Bip39 if state.initialized else None,
            sd_protection=False,
            wipe_code_protection=False,
            passphrase_always_on_device=False,
            safety_checks=messages.SafetyCheckLevel.Strict,
            auto_lock_delay_ms=AUTO_LOCK_MS,
            display_rotation=messages.DisplayRotation.North,
            experimental_features=False,
        )
    return fields
