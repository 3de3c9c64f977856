"""Hypothesis fuzzing of the v1 framing, the message decoder, the device and the live UDP server.

Thousands of cases run directly against the framing and decoder; a smaller number goes
through the real server over loopback. The properties: nothing but the documented
errors escapes, every complete request is answered, and the device keeps answering.
"""

from __future__ import annotations

import secrets

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from trezorlib import messages, protobuf

from tests.wallet.emulator.clients import RawLink
from wallet.emulator import framing
from wallet.emulator.confirm import AutoConfirm
from wallet.emulator.device import ACCEPTED, Device
from wallet.emulator.emulator import Emulator
from wallet.emulator.identities import IDENTITIES
from wallet.emulator.state import DeviceState

ALL_MNEMONIC = " ".join(["all"] * 12)
KNOWN_TYPES = sorted(framing.MAPPING.type_to_class)
ACCEPTED_TYPES = sorted(t for t, cls in framing.MAPPING.type_to_class.items() if cls in ACCEPTED)

packets = st.one_of(
    st.binary(max_size=130),
    st.binary(min_size=framing.PACKET_SIZE, max_size=framing.PACKET_SIZE),
    st.builds(
        lambda t, n, body: (b"?##" + framing.HEADER.pack(t, n) + body).ljust(framing.PACKET_SIZE, b"\0"),
        st.one_of(st.sampled_from(KNOWN_TYPES), st.integers(0, 0xFFFF)),
        st.integers(0, 0xFFFF_FFFF),
        st.binary(max_size=framing.FIRST_PAYLOAD),
    ),
    st.builds(lambda body: (b"?" + body).ljust(framing.PACKET_SIZE, b"\0"), st.binary(max_size=63)),
)
raw_messages = st.builds(
    framing.RawMessage,
    st.one_of(st.sampled_from(ACCEPTED_TYPES), st.sampled_from(KNOWN_TYPES), st.integers(0, 0xFFFF)),
    st.binary(max_size=600),
)


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(packets, max_size=4))
def test_reassembler_only_raises_framing_errors(stream: list[bytes]) -> None:
    reassembler = framing.Reassembler()
    for packet in stream:
        try:
            message = reassembler.feed(packet)
        except framing.FramingError:
            continue
        if message is not None:
            assert len(message.payload) <= framing.MAX_MESSAGE_SIZE


@settings(max_examples=1000, deadline=None)
@given(st.integers(0, 0xFFFF), st.binary(max_size=3000))
def test_framing_round_trips_any_message(msg_type: int, payload: bytes) -> None:
    reassembler = framing.Reassembler()
    results = [reassembler.feed(p) for p in framing.encode_packets(msg_type, payload)]
    assert all(len(p) == framing.PACKET_SIZE for p in framing.encode_packets(msg_type, payload))
    assert results[:-1] == [None] * (len(results) - 1)
    assert results[-1] == framing.RawMessage(msg_type, payload)


@settings(max_examples=2000, deadline=None)
@given(raw_messages)
def test_decoder_only_raises_decode_errors(raw: framing.RawMessage) -> None:
    try:
        message = framing.decode_message(raw, ACCEPTED)
    except framing.DecodeError:
        return
    assert type(message) in ACCEPTED


def _fuzz_device() -> Device:
    state = DeviceState()
    state.load(ALL_MNEMONIC)
    return Device(IDENTITIES["trezor-one"], state, AutoConfirm())


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(raw_messages, min_size=1, max_size=4))
def test_device_answers_every_decodable_request_without_raising(batch: list[framing.RawMessage]) -> None:
    device = _fuzz_device()
    for raw in batch:
        try:
            message = framing.decode_message(raw, ACCEPTED)
        except framing.DecodeError as exc:
            replies = device.fail(messages.FailureType.DataError, str(exc))
        else:
            replies = device.handle(message)
        assert len(replies) == 1  # auto-confirm: nothing ever waits, so every request gets one reply
        framing.encode_message(replies[0])  # and the reply is encodable
    final = device.handle(messages.Ping(message="ok"))
    assert final and isinstance(final[-1], messages.Success | messages.Failure)


def _sync(link: RawLink) -> None:
    """Read replies until our own Ping comes back: the server is alive and answering in order."""
    token = "SYNC" + secrets.token_hex(6)
    link.send(messages.Ping(message=token))
    for _ in range(50):
        reply: protobuf.MessageType = link.receive()
        if isinstance(reply, messages.Success) and reply.message == token:
            return
    raise AssertionError("the server never answered the sync ping")


_live = Emulator("trezor-one", port=0, mnemonic=ALL_MNEMONIC, confirm="auto")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(packets, min_size=1, max_size=4))
def test_live_server_survives_random_datagrams(stream: list[bytes]) -> None:
    _live.start()
    link = RawLink(_live.port, timeout=5.0)
    try:
        for packet in stream:
            link.send_raw(packet)
        _sync(link)
    finally:
        link.close()


def teardown_module() -> None:
    _live.stop()
