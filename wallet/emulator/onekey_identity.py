"""Features as OneKey's firmware fills them, per model (the onekey-* identities).

Classic: OneKeyHQ/firmware tag classic/v3.6.0, legacy/firmware/fsm_msg_common.h
`get_features` built as its emulator (EMULATOR=1): fw_vendor "EMULATOR", no serial
(the emulator has no secure element to read it from), no 600-series fields, the
bootloader hash of the emulator's empty flash, capabilities of the full build
[1,2,5,7,10,12,14]; wipe-code protection and the auto-lock delay only while
unlocked; session_id only in the answer to Initialize. Values checked field by field
against that emulator (scripts/onekey-side-by-side.sh).

Pro: OneKeyHQ/firmware-pro v4.20.0, core/src/apps/base.py `get_features`: device
type 600=PRO, version 609 next to 508, serial "PR…" in 612 and "TC…" in 511, build id
as 7 bytes, the private fields (passphrase protection, backups, safety checks…) only
while unlocked, capabilities of the full build plus PassphraseEntry.

Classic 1S, Mini and Touch (onekey_models.py) are built as their devices' firmware
fills Features (not an emulator build); what the sources cannot give (serial numbers,
secure-element versions) is named there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from trezorlib import messages

from wallet.devices.onekey_features import FEATURES_CLASSES, LINE_OF_DEVICE_TYPE, OneKeyDeviceType
from wallet.emulator import onekey_models

if TYPE_CHECKING:
    from wallet.emulator.device import Device

Cap = messages.Capability
CLASSIC_REVISION = bytes.fromhex("8a5b950c44f0e0baf87544b75c1759f35aa49cd6")  # tag classic/v3.6.0
# memory_bootloader_hash() of the Classic emulator's flash (read from OneKey's own emulator)
CLASSIC_EMULATOR_BOOTLOADER_HASH = bytes.fromhex(
    "9378f2d641be25b1d9c62d9c4d249c7a440ad34eff6246d9cf25d623a755267b"
)
CLASSIC_CAPABILITIES = (1, 2, 5, 7, 10, 12, 14)  # Bitcoin, Bitcoin_like, Crypto, Ethereum, NEM, Stellar, U2F
CLASSIC_AUTO_LOCK_MS = 600_000  # config_getAutoLockDelayMs() default (10 minutes)

PRO_REVISION = bytes.fromhex("3542e8c46029f1407ef1df8fa12da2502151b31b")  # tag v4.20.0
# BUILD_ID is "pro.4.20.0-Stable-<first 7 of the commit>" (core/Makefile); base.py sends its last 7
PRO_BUILD_ID = PRO_REVISION.hex()[:7].encode()
PRO_BOOTLOADER_VERSION = "2.8.4"  # core/embed/bootloader/version.h at v4.20.0
PRO_BOARDLOADER_VERSION = "1.6.5"  # core/embed/boardloader/version.h at v4.20.0
PRO_SERIAL = "PR01EMU000000001"  # storage serial; Features 511 shows it with "TC" in front
PRO_CAPABILITIES = (1, 2, 3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 15, 16, 1000, 17)  # 1000: EthereumTypedData
PRO_AUTO_LOCK_MS = 600_000


def onekey_features(device: Device, *, with_session: bool) -> messages.Features:
    """The Features a OneKey of the device's identity sends now."""
    device_type = device.identity.onekey_device_type
    assert device_type is not None, "only a OneKey identity sends OneKey Features"
    kind = OneKeyDeviceType(device_type)
    fields = _BUILDERS[kind](device)
    line = LINE_OF_DEVICE_TYPE[kind]
    session = device.state.current
    if with_session and session is not None:
        fields["session_id"] = session.session_id
    cls = FEATURES_CLASSES[line]
    features = cls(**{name: value for name, value in fields.items() if value is not None})
    features.language_version_matches = None  # trezorlib's default; OneKey has no field 50
    return features


def _classic(device: Device) -> dict[str, Any]:
    state = device.state
    fields = onekey_models.common_fields(device)
    fields.update(
        passphrase_protection=state.passphrase_protection,
        revision=CLASSIC_REVISION,
        imported=True if state.initialized else None,  # config_getImported(): set by LoadDevice
        bootloader_hash=CLASSIC_EMULATOR_BOOTLOADER_HASH,
        backup_availability=messages.BackupAvailability.NotAvailable,  # 19: needs_backup = false
        flags=state.flags or None,  # config_getFlags() reports only stored flags
        model="1",
        fw_vendor="EMULATOR",
        unfinished_backup=False,
        no_backup=False,
        capabilities=list(CLASSIC_CAPABILITIES),
        safety_checks=messages.SafetyCheckLevel.Strict,
        busy=False,
        se_enable=False,
        se_ver="1.1.0.0",  # what the emulator's secure-element stub answers
        backup_only=False,
        onekey_version=device.identity.onekey_version,
        coin_switch=3,  # EIP-712 and Solana switches on
        build_id="onekey_emu",  # BUILD_ID of an EMULATOR=1 build
    )
    if state.unlocked:
        fields.update(wipe_code_protection=False, auto_lock_delay_ms=CLASSIC_AUTO_LOCK_MS)
    return fields


def _pro(device: Device) -> dict[str, Any]:
    state = device.state
    fields = onekey_models.common_fields(device)
    fields.update(
        onekey_version=device.identity.onekey_version,
        revision=PRO_REVISION,
        model="T",
        serial_no="TC" + PRO_SERIAL[2:],
        build_id=PRO_BUILD_ID,
        bootloader_version=PRO_BOOTLOADER_VERSION,
        boardloader_version=PRO_BOARDLOADER_VERSION,
        busy=False,
        onekey_device_type=5,
        onekey_se_type=0,
        onekey_board_version=PRO_BOARDLOADER_VERSION,
        onekey_boot_version=PRO_BOOTLOADER_VERSION,
        onekey_firmware_version=device.identity.onekey_version,
        onekey_serial_no=PRO_SERIAL,
        haptic_feedback=True,
        auto_lock_delay_ms=PRO_AUTO_LOCK_MS,
        auto_shutdown_delay_ms=0,
        brightness_percent=100,
        capabilities=list(PRO_CAPABILITIES),
        sd_card_present=False,
        attach_to_pin_user=False,
    )
    if state.unlocked:  # base.py: the private fields only once the PIN is entered
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
            display_rotation=messages.DisplayRotation.North,
            experimental_features=False,
            unlocked_attach_pin=False,
        )
    return fields


_BUILDERS: dict[OneKeyDeviceType, Callable[[Device], dict[str, Any]]] = {
    OneKeyDeviceType.CLASSIC: _classic,
    OneKeyDeviceType.CLASSIC1S: onekey_models.classic1s,
    OneKeyDeviceType.MINI: onekey_models.mini,
    OneKeyDeviceType.TOUCH: onekey_models.touch,
    OneKeyDeviceType.PRO: _pro,
}
