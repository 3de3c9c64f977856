"""One error tree for every hardware wallet, with stable codes and one-line messages.

Vendor exceptions (trezorlib, HWI, libusb, sockets) never leave a driver: `translate`
turns each into a `DeviceError` at the driver edge, so callers (CLI, GUI) catch only
these. `code` is stable for programs; `message` is one line for people.
"""

from __future__ import annotations

import errno
from typing import ClassVar


class DeviceError(Exception):
    """A hardware-wallet operation failed in a way the user can understand."""

    code: ClassVar[str] = "device_error"
    default_message: ClassVar[str] = "the hardware wallet reported an error"

    def __init__(self, message: str | None = None) -> None:
        text = (message or self.default_message).strip()
        # one line, always: vendor messages sometimes carry newlines (trezorlib's firmware advice)
        self.message = " ".join(text.split()) or self.default_message
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class DeviceNotConnected(DeviceError):
    code = "not_connected"
    default_message = "no hardware wallet is connected at that path"


class DeviceLocked(DeviceError):
    code = "locked"
    default_message = "the device is locked; unlock it with its PIN first"


class WrongPin(DeviceError):
    code = "wrong_pin"
    default_message = "wrong PIN; try again (the device delays each further attempt)"


class DeviceCancelled(DeviceError):
    code = "cancelled"
    default_message = "the action was cancelled"


class UnsupportedByFirmware(DeviceError):
    code = "unsupported"
    default_message = "this device or firmware does not support that action"


class DeviceBusy(DeviceError):
    code = "busy"
    default_message = "the device is busy with another application or request"


class DeviceGone(DeviceError):
    code = "disconnected"
    default_message = "the device was disconnected during the operation"


class DeviceTimeout(DeviceGone):
    """The device stopped answering: for the user this is the same as an unplug."""

    code = "timeout"
    default_message = "the device stopped answering"


class WrongPassphraseWallet(DeviceError):
    code = "wrong_wallet"
    default_message = "this passphrase opens a different wallet than the account's"


class NotInitialized(DeviceError):
    code = "not_initialized"
    default_message = "the device has no seed yet; set it up first"


class BadDeviceRequest(DeviceError):
    code = "bad_request"
    default_message = "the request is not valid for a hardware wallet"


class DeviceProtocolError(DeviceError):
    code = "protocol"
    default_message = "the device answered something unexpected"


class OffDeviceThread(RuntimeError):
    """A driver was called from a thread other than the device thread: a programming error."""


def translate(exc: BaseException) -> DeviceError:
    """Map any vendor exception to the project's error tree (idempotent on DeviceError)."""
    if isinstance(exc, DeviceError):
        return exc
    for translator in (_from_trezorlib, _from_hwi, _from_os):
        found = translator(exc)
        if found is not None:
            return found
    return DeviceError(f"{type(exc).__name__}: {exc}")


def _from_trezorlib(exc: BaseException) -> DeviceError | None:
    from trezorlib import exceptions as tx
    from trezorlib import transport

    if isinstance(exc, tx.Cancelled):
        return DeviceCancelled()
    if isinstance(exc, tx.PinException):
        return WrongPin()
    if isinstance(exc, tx.TrezorFailure):
        return _from_failure_code(int(exc.code) if exc.code is not None else 0, exc.message)
    if isinstance(exc, tx.DeviceLockedError):
        return DeviceLocked()
    if isinstance(exc, (tx.OutdatedFirmwareError, tx.MissingCapability)):
        return UnsupportedByFirmware(f"firmware too old or lacking a feature: {_first_line(exc)}")
    if isinstance(exc, tx.PassphraseError):
        return UnsupportedByFirmware(f"passphrase: {_first_line(exc)}")
    if isinstance(exc, (tx.UnexpectedMessageError, tx.ProtocolError, tx.InvalidSessionError)):
        return DeviceProtocolError(f"the device answered something unexpected: {_first_line(exc)}")
    if isinstance(exc, transport.DeviceIsBusy):
        return DeviceBusy()
    if isinstance(exc, transport.Timeout):
        return DeviceTimeout()
    if isinstance(exc, transport.TransportException):
        return DeviceNotConnected(f"cannot reach the device: {_first_line(exc)}")
    if isinstance(exc, tx.TrezorException) and "Unrecognized vendor" in str(exc):
        return UnsupportedByFirmware(f"unknown device vendor: {_first_line(exc)}")
    return None


def _from_failure_code(code: int, message: str | None) -> DeviceError:
    """Failure.code values from trezorlib.messages.FailureType."""
    by_code: dict[int, type[DeviceError]] = {
        4: DeviceCancelled,  # ActionCancelled
        6: DeviceCancelled,  # PinCancelled
        7: WrongPin,  # PinInvalid
        5: DeviceLocked,  # PinExpected
        11: NotInitialized,  # NotInitialized
        15: DeviceBusy,  # Busy
        19: DeviceBusy,  # InProgress
        1: UnsupportedByFirmware,  # UnexpectedMessage: the firmware does not know the request
        3: BadDeviceRequest,  # DataError
    }
    kind = by_code.get(code, DeviceError)
    if kind in (DeviceCancelled, WrongPin, DeviceLocked, NotInitialized, DeviceBusy):
        return kind()
    return kind(f"device refused: {message}" if message else None)


def _from_hwi(exc: BaseException) -> DeviceError | None:
    from hwilib import errors as hw

    if not isinstance(exc, hw.HWWError):
        return _from_hwi_vendored_trezorlib(exc)
    by_code: dict[int, type[DeviceError]] = {
        hw.ACTION_CANCELED: DeviceCancelled,
        hw.DEVICE_CONN_ERROR: DeviceGone,
        hw.DEVICE_NOT_READY: DeviceLocked,
        hw.DEVICE_BUSY: DeviceBusy,
        hw.UNAVAILABLE_ACTION: UnsupportedByFirmware,
        hw.NOT_IMPLEMENTED: UnsupportedByFirmware,
        hw.BAD_ARGUMENT: BadDeviceRequest,
        hw.INVALID_TX: BadDeviceRequest,
        hw.DEVICE_NOT_INITIALIZED: NotInitialized,
        hw.NO_PASSWORD: DeviceLocked,
        hw.UNKNWON_DEVICE_TYPE: DeviceNotConnected,
    }
    return by_code.get(exc.get_code(), DeviceError)(_first_line(exc))


def _from_hwi_vendored_trezorlib(exc: BaseException) -> DeviceError | None:
    from hwilib.devices.trezorlib import exceptions as vx

    if isinstance(exc, vx.Cancelled):
        return DeviceCancelled()
    if isinstance(exc, vx.PinException):
        return WrongPin()
    if isinstance(exc, vx.TrezorFailure):
        return _from_failure_code(int(exc.code) if exc.code is not None else 0, exc.message)
    if isinstance(exc, vx.TrezorException):
        return DeviceProtocolError(_first_line(exc))
    return None


def _from_os(exc: BaseException) -> DeviceError | None:
    name = type(exc).__name__
    if name in ("USBErrorNoDevice", "USBErrorIO", "USBErrorPipe"):  # libusb1: the device went away
        return DeviceGone()
    if name == "USBErrorBusy" or name == "USBErrorAccess":
        return DeviceBusy(f"the device is in use or not accessible: {name}")
    if isinstance(exc, ConnectionRefusedError):
        return DeviceGone()
    if isinstance(exc, TimeoutError):
        return DeviceTimeout()
    if isinstance(exc, OSError) and exc.errno in (errno.ENODEV, errno.EPIPE, errno.ECONNRESET, errno.EIO):
        return DeviceGone()
    return None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
