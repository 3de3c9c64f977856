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


@pytest.mark.parametrize(("name", "device_type"), [("onekey-classic", 0), ("onekey-pro", 5)])
def test_onekey_features_carry_fields_508_and_600(
    make_emulator: EmulatorFactory, name: str, device_type: int
) -> None:
    emulator = make_emulator(name)
    payload = _raw_features(emulator.port)
    assert {508, 600}.issubset(_field_tags(payload))
    plain = messages.Features.ensure_isinstance(
        protobuf.load_message(io.BytesIO(payload), messages.Features)
    )  # stock trezorlib skips the unknown fields, as for a real OneKey
    assert plain.vendor == "onekey.so"
    assert plain.model == IDENTITIES[name].model
    assert (plain.major_version, plain.minor_version, plain.patch_version) == (2, 99, 99)
    onekey = protobuf.load_message(io.BytesIO(payload), IDENTITIES[name].features_class())
    assert onekey.onekey_device_type == device_type  # type: ignore[attr-defined]


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
