"""Identities on the wire: what Features says, and OneKey refused by stock trezorlib as a real one is."""

from __future__ import annotations

import io

import pytest
from trezorlib import btc, exceptions, messages, models, protobuf
from trezorlib.client import AppManifest, get_client
from trezorlib.tools import parse_path
from trezorlib.transport import get_transport

from tests.wallet.conftest import EmulatorFactory
from tests.wallet.emulator.clients import RawLink, connect
from wallet.emulator.identities import IDENTITIES, ONEKEY_PORT, TREZOR_PORT, identity_by_name
from wallet.emulator.state import DeviceState


def _raw_features(emulator_port: int) -> bytes:
    """The Features payload bytes as they travel, read with a bare socket."""
    link = RawLink(emulator_port)
    try:
        link.send(messages.GetFeatures())
        first = link.sock.recv(128)
        length = int.from_bytes(first[5:9], "big")
        payload = bytearray(first[9:])
        while len(payload) < length:
            payload.extend(link.sock.recv(128)[1:])
        return bytes(payload[:length])
    finally:
        link.close()


def _field_tags(payload: bytes) -> set[int]:
    reader = io.BytesIO(payload)
    tags = set()
    while reader.tell() < len(payload):
        key = protobuf.load_uvarint(reader)
        tags.add(key >> 3)
        if key & 7 == 0:
            protobuf.load_uvarint(reader)
        else:
            reader.read(protobuf.load_uvarint(reader))
    return tags


@pytest.mark.parametrize(("name", "port"), [("trezor-one", TREZOR_PORT), ("onekey-pro", ONEKEY_PORT)])
def test_default_ports(name: str, port: int) -> None:
    assert identity_by_name(name).default_port == port


def test_unknown_identity_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="choose one of trezor-one"):
        identity_by_name("ledger")


# What OneKey's Classic emulator (classic/v3.6.0, EMULATOR=1) sends to GetFeatures once
# its seed is loaded, tag by tag (read from it with scripts/onekey-side-by-side.sh).
CLASSIC_EMULATOR_TAGS = {1, 2, 3, 4, 6, 7, 8, 9, 10, 12, 13, 14, 16, 19, 21, 25, 27, 28, 30, 34, 37, 38, 41}
CLASSIC_EMULATOR_TAGS |= {15}  # imported: the seed was loaded (LoadDevice), as in these tests
CLASSIC_EMULATOR_TAGS |= {504, 506, 507, 508, 517, 518}


def test_onekey_classic_features_are_the_classic_firmwares(make_emulator: EmulatorFactory) -> None:
    emulator = make_emulator("onekey-classic")
    payload = _raw_features(emulator.port)
    assert _field_tags(payload) == CLASSIC_EMULATOR_TAGS  # no 600/612, no 17/20/50, no session_id
    features = protobuf.load_message(io.BytesIO(payload), IDENTITIES["onekey-classic"].features_class())
    assert features.onekey_version == "3.6.0"  # type: ignore[attr-defined]
    assert features.capabilities == [1, 2, 5, 7, 10, 12, 14]
    assert len(features.bootloader_hash or b"") == 32 and features.fw_vendor == "EMULATOR"
    assert features.safety_checks == messages.SafetyCheckLevel.Strict and features.busy is False
    assert features.auto_lock_delay_ms == 600_000 and features.wipe_code_protection is False


def test_onekey_classic_sends_the_session_id_only_to_initialize(make_emulator: EmulatorFactory) -> None:
    emulator = make_emulator("onekey-classic")
    link = RawLink(emulator.port)
    try:
        initialized = link.call(messages.Initialize())
    finally:
        link.close()
    assert isinstance(initialized, messages.Features) and len(initialized.session_id or b"") == 32
    assert 35 not in _field_tags(_raw_features(emulator.port))


def test_onekey_pro_features_are_firmware_pros(make_emulator: EmulatorFactory) -> None:
    emulator = make_emulator("onekey-pro")
    payload = _raw_features(emulator.port)
    tags = _field_tags(payload)
    assert {508, 511, 518, 600, 609, 612}.issubset(tags)
    features = protobuf.load_message(io.BytesIO(payload), IDENTITIES["onekey-pro"].features_class())
    assert (features.onekey_device_type, features.onekey_firmware_version) == (5, "4.20.0")  # type: ignore[attr-defined]
    assert features.onekey_serial_no.startswith("PR") and features.serial_no.startswith("TC")  # type: ignore[attr-defined]
    assert isinstance(features.build_id, bytes)  # type: ignore[attr-defined]
    assert messages.Capability.PassphraseEntry in features.capabilities


def test_trezor_features_have_no_onekey_fields(trezor_one_port: int) -> None:
    assert not {508, 600, 612} & _field_tags(_raw_features(trezor_one_port))


@pytest.fixture
def trezor_one_port(make_emulator: EmulatorFactory) -> int:
    return make_emulator("trezor-one").port


@pytest.mark.parametrize("name", ["onekey-classic", "onekey-pro"])
def test_stock_trezorlib_refuses_onekey_as_unrecognized_vendor(
    make_emulator: EmulatorFactory, name: str
) -> None:
    emulator = make_emulator(name)
    client = connect(emulator)  # the transport probe itself succeeds, as with a real OneKey
    with pytest.raises(exceptions.TrezorException, match=r"Unrecognized vendor: onekey\.so"):
        _ = client.model
    fresh = connect(emulator)  # trezorlib caches the model after the first refusal
    with pytest.raises(exceptions.TrezorException, match="Unrecognized vendor"):
        fresh.get_session()


@pytest.mark.parametrize("name", ["onekey-classic", "onekey-pro"])
def test_trezorlib_accepts_onekey_when_handed_a_onekey_model(
    make_emulator: EmulatorFactory, name: str
) -> None:
    """The opt-in path a OneKey-aware driver takes: a TrezorModel listing vendor onekey.so."""
    emulator = make_emulator(name)
    onekey_model = models.TrezorModel(
        name=emulator.identity.model,
        internal_name="T1B1" if emulator.identity.is_model_one else "T2T1",
        minimum_version=(2, 0, 0),
        vendors=("onekey.so",),
        usb_ids=((0x1209, 0x4F4B),),
        default_mapping=models.T1B1.default_mapping,
    )
    client = get_client(AppManifest(app_name="test"), get_transport(emulator.path), model=onekey_model)
    address = btc.get_address(client.get_session(), "Bitcoin", parse_path("m/44h/0h/0h/0/0"))
    assert address == "1JAd7XCBzGudGpJQSDSfpmJhiygtLQWaGL"


def test_device_id_is_new_after_every_wipe() -> None:
    """test_basic.py::test_device_id_different and test_msg_wipedevice.py: the firmware makes a new id."""
    state = DeviceState()
    first = state.device_id
    state.wipe()
    assert len(state.device_id) == 24 and state.device_id != first
