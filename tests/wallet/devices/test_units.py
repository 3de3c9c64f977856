"""Device layer pieces that need no device: errors, paths, descriptors, listing merge, interaction."""

from __future__ import annotations

import io

import pytest
from hwilib import errors as hwi_errors
from trezorlib import exceptions, messages, transport

from wallet.devices import errors
from wallet.devices.base import FoundDevice, VendorFamily, key_path
from wallet.devices.interaction import PinKind, PinRequest, TerminalInteraction
from wallet.devices.registry import merge_listings
from wallet.types import KeyInputError, KeyPath, ScriptType


@pytest.mark.parametrize(
    ("vendor_exc", "expected"),
    [
        (exceptions.Cancelled(), errors.DeviceCancelled),
        (exceptions.PinException(messages.FailureType.PinInvalid, "bad"), errors.WrongPin),
        (exceptions.TrezorFailure(messages.Failure(code=messages.FailureType.PinInvalid)), errors.WrongPin),
        (
            exceptions.TrezorFailure(messages.Failure(code=messages.FailureType.NotInitialized)),
            errors.NotInitialized,
        ),
        (exceptions.TrezorFailure(messages.Failure(code=messages.FailureType.Busy)), errors.DeviceBusy),
        (
            exceptions.TrezorFailure(messages.Failure(code=messages.FailureType.UnexpectedMessage)),
            errors.UnsupportedByFirmware,
        ),
        (exceptions.OutdatedFirmwareError(), errors.UnsupportedByFirmware),
        (exceptions.DeviceLockedError(), errors.DeviceLocked),
        (transport.DeviceIsBusy("busy"), errors.DeviceBusy),
        (transport.Timeout("slow"), errors.DeviceTimeout),
        (transport.TransportException("gone"), errors.DeviceNotConnected),
        (hwi_errors.ActionCanceledError("no"), errors.DeviceCancelled),
        (hwi_errors.DeviceConnectionError("unplugged"), errors.DeviceGone),
        (hwi_errors.DeviceNotReadyError("locked"), errors.DeviceLocked),
        (hwi_errors.UnavailableActionError("nope"), errors.UnsupportedByFirmware),
        (hwi_errors.DeviceBusyError("busy"), errors.DeviceBusy),
        (ConnectionRefusedError(), errors.DeviceGone),
    ],
)
def test_vendor_exceptions_translate_to_coded_errors(vendor_exc: BaseException, expected: type) -> None:
    translated = errors.translate(vendor_exc)
    assert type(translated) is expected
    assert translated.code == expected.code
    assert "\n" not in translated.message and translated.message


def test_every_error_code_is_distinct_and_messages_are_one_line() -> None:
    kinds = [
        errors.DeviceNotConnected,
        errors.DeviceLocked,
        errors.WrongPin,
        errors.DeviceCancelled,
        errors.UnsupportedByFirmware,
        errors.DeviceBusy,
        errors.DeviceGone,
        errors.DeviceTimeout,
        errors.WrongPassphraseWallet,
        errors.NotInitialized,
        errors.BadDeviceRequest,
        errors.DeviceProtocolError,
    ]
    assert len({k.code for k in kinds}) == len(kinds)
    assert str(errors.DeviceError("two\nlines")) == "two lines"


def test_unknown_exception_still_becomes_a_device_error() -> None:
    translated = errors.translate(RuntimeError("odd"))
    assert isinstance(translated, errors.DeviceError) and "odd" in translated.message


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("m/84h/0h/0h/0/5", (0x80000054, 0x80000000, 0x80000000, 0, 5)),
        ("m/44'/1'/0'", (0x8000002C, 0x80000001, 0x80000000)),
        ("m", ()),
    ],
)
def test_paths_round_trip(text: str, numbers: tuple[int, ...]) -> None:
    assert key_path(text) == numbers
    assert key_path(str(KeyPath(numbers))) == numbers


@pytest.mark.parametrize("bad", ["84h/0h", "m/x", "m/2147483648", "m/1/", ""])
def test_bad_paths_are_refused(bad: str) -> None:
    with pytest.raises(errors.BadDeviceRequest):
        key_path(bad)


def test_script_type_names_and_aliases() -> None:
    assert ScriptType.parse("wpkh") is ScriptType.WPKH
    assert ScriptType.parse("sh_wpkh") is ScriptType.SH_WPKH
    assert ScriptType.parse("P2TR") is ScriptType.TR
    with pytest.raises(KeyInputError, match="unknown script type"):
        ScriptType.parse("p2wsh")


XPUB = "xpub6BiVtCpG9fQPxnPmHXG8PhtzQdWC2Su4qWu6XW9tpWFYhxydCLJGrWBJZ5H6qTAHdPQ7pQhtpjiYZVZARo14qHiay2fvrX996oEP42u8wZy"


def test_merge_lists_a_device_seen_by_both_drivers_once() -> None:
    trezor = FoundDevice(
        "udp:127.0.0.1:21324", "trezorlib", VendorFamily.TREZOR, "Trezor 1", fingerprint="5c9e228d"
    )
    same_by_path = FoundDevice("hwi:trezor:udp:127.0.0.1:21324", "hwi", VendorFamily.TREZOR, "trezor_1")
    same_by_fp = FoundDevice(
        "hwi:keepkey:webusb:001:2", "hwi", VendorFamily.KEEPKEY, "keepkey", fingerprint="5c9e228d"
    )
    ledger = FoundDevice(
        "hwi:ledger:/dev/hidraw3", "hwi", VendorFamily.LEDGER, "ledger_nano_x", fingerprint="0badf00d"
    )
    assert merge_listings([trezor, same_by_path, same_by_fp, ledger]) == [trezor, ledger]


def test_terminal_interaction_shows_the_matrix_and_refuses_bad_positions() -> None:
    out = io.StringIO()
    answers = iter(["7415", "12a"])
    ui = TerminalInteraction(out=out, read_secret=lambda _prompt: next(answers))
    assert ui.get_pin(PinRequest(PinKind.CURRENT)) == "7415"
    assert "7 8 9" in out.getvalue() and "1 2 3" in out.getvalue()
    with pytest.raises(errors.BadDeviceRequest):
        ui.get_pin(PinRequest(PinKind.CURRENT))


def test_terminal_interaction_empty_pin_cancels() -> None:
    ui = TerminalInteraction(out=io.StringIO(), read_secret=lambda _prompt: "")
    with pytest.raises(errors.DeviceCancelled):
        ui.get_pin(PinRequest(PinKind.CURRENT))
