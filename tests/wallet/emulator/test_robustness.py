"""Bad input never crashes or hangs the device: malformed packets, odd lengths, unknown types,
absurd sizes, out-of-place acks; plus the transport basics (ping, several clients, shutdown)."""

from __future__ import annotations

import socket

import pytest
from trezorlib import messages

from tests.wallet.conftest import EmulatorFactory
from tests.wallet.emulator.clients import RawLink
from wallet.emulator.emulator import Emulator
from wallet.emulator.framing import HEADER, PACKET_SIZE

Failure = messages.FailureType


@pytest.fixture
def link(trezor_one: Emulator) -> RawLink:
    raw = RawLink(trezor_one.port)
    yield raw  # type: ignore[misc]
    raw.close()


def _first_packet(msg_type: int, length: int, body: bytes = b"") -> bytes:
    return (b"?##" + HEADER.pack(msg_type, length) + body).ljust(PACKET_SIZE, b"\x00")


def _assert_alive(link: RawLink) -> None:
    reply = link.call(messages.Ping(message="still here"))
    assert isinstance(reply, messages.Success) and reply.message == "still here"


@pytest.mark.parametrize("port_offset", [0, 1])
def test_pingping_is_answered_on_both_ports(trezor_one: Emulator, port_offset: int) -> None:
    raw = RawLink(trezor_one.port + port_offset)
    raw.send_raw(b"PINGPING")
    assert raw.sock.recv(64) == b"PONGPONG"
    raw.close()


@pytest.mark.parametrize(
    ("datagram", "code"),
    [
        (b"?##\x00", Failure.DataError),  # short packet
        (b"x" * 10, Failure.DataError),
        (b"?" * 65, Failure.DataError),  # wrong length
        (b"#" * 64, Failure.DataError),  # no magic
        (b"?" + bytes(63), Failure.DataError),  # continuation with nothing in progress
        (_first_packet(0xFFFF, 0), Failure.UnexpectedMessage),  # unknown type
        (_first_packet(9999, 3, b"abc"), Failure.UnexpectedMessage),
        (_first_packet(0x0001, 0xFFFF_FFFF), Failure.DataError),  # absurd size
        (_first_packet(0x0001, 5, b"\x0a\x7f\x01"), Failure.DataError),  # Ping with a truncated string
        (_first_packet(0x0011, 0), Failure.UnexpectedMessage),  # Features is a reply, not a request
    ],
)
def test_malformed_input_gets_a_failure_and_the_device_stays_up(
    link: RawLink, datagram: bytes, code: messages.FailureType
) -> None:
    link.send_raw(datagram)
    reply = link.receive()
    assert isinstance(reply, messages.Failure) and reply.code == code
    _assert_alive(link)


@pytest.mark.parametrize(
    "msg",
    [
        messages.ButtonAck(),
        messages.PinMatrixAck(pin="1"),
        messages.PassphraseAck(passphrase="x"),
        messages.TxAck(),
    ],
)
def test_acks_out_of_place_are_unexpected(link: RawLink, msg: messages.protobuf.MessageType) -> None:
    reply = link.call(msg)
    assert isinstance(reply, messages.Failure) and reply.code == Failure.UnexpectedMessage
    _assert_alive(link)


def test_unexpected_message_mid_confirmation_ends_the_flow(link: RawLink) -> None:
    request = messages.GetAddress(
        address_n=[44 | 0x8000_0000, 0x8000_0000, 0x8000_0000, 0, 0], show_display=True
    )
    assert isinstance(link.call(request), messages.ButtonRequest)
    reply = link.call(messages.GetFeatures())
    assert isinstance(reply, messages.Failure) and reply.code == Failure.UnexpectedMessage
    _assert_alive(link)


def test_cancel_while_waiting_for_the_user_is_action_cancelled(link: RawLink) -> None:
    request = messages.GetAddress(
        address_n=[44 | 0x8000_0000, 0x8000_0000, 0x8000_0000, 0, 0], show_display=True
    )
    assert isinstance(link.call(request), messages.ButtonRequest)
    link.send(messages.ButtonAck())  # now the device waits for a DebugLink decision; no reply yet
    reply = link.call(messages.Cancel())
    assert isinstance(reply, messages.Failure) and reply.code == Failure.ActionCancelled
    _assert_alive(link)


def test_a_half_sent_message_is_replaced_by_the_next_one(link: RawLink) -> None:
    link.send_raw(_first_packet(0x0001, 500, b"\x0a"))  # a Ping promising 500 bytes, never finished
    _assert_alive(link)


def test_several_clients_one_after_another(trezor_one: Emulator) -> None:
    for index in range(5):
        raw = RawLink(trezor_one.port)
        reply = raw.call(messages.Ping(message=f"client {index}"))
        assert isinstance(reply, messages.Success) and reply.message == f"client {index}"
        raw.close()


def test_stop_frees_both_ports_at_once(make_emulator: EmulatorFactory) -> None:
    first = make_emulator("trezor-one")
    port = first.port
    first.stop()
    for offset in (0, 1):
        probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        probe.bind(("127.0.0.1", port + offset))
        probe.close()
    second = make_emulator("trezor-one", port=port)
    raw = RawLink(second.port)
    assert isinstance(raw.call(messages.Initialize()), messages.Features)
    raw.close()


@pytest.mark.parametrize(
    ("identity", "cancelled", "not_initialized"),
    [
        ("trezor-one", "Action cancelled by user", "Device not initialized"),
        ("trezor-t", "Cancelled", "Device is not initialized"),
    ],
)
def test_failure_texts_follow_the_model_firmware(
    make_emulator: EmulatorFactory, identity: str, cancelled: str, not_initialized: str
) -> None:
    """Legacy fsm_sendFailure defaults for model "1", core's wire errors for model "T"."""
    raw = RawLink(make_emulator(identity, mnemonic=None).port)
    reply = raw.call(messages.Cancel())
    assert isinstance(reply, messages.Failure) and reply.message == cancelled
    reply = raw.call(messages.GetAddress(address_n=[44 | 0x8000_0000, 0x8000_0000, 0x8000_0000, 0, 0]))
    assert isinstance(reply, messages.Failure) and reply.code == Failure.NotInitialized
    assert reply.message == not_initialized
    raw.close()
