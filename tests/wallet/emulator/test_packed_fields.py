"""Truncated protobuf fields are refused, never decoded as something shorter (issue 18, F15).

trezorlib's decoder stops a packed repeated field (``address_n``) or a nested message at the
first short read, so ``0a ffffff0f`` as GetPublicKey used to decode as the empty path — the
master key. The firmware answers DataError; so must the software device.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from trezorlib import messages

from tests.wallet.emulator.clients import RawLink
from wallet.emulator.emulator import Emulator
from wallet.emulator.framing import (
    HEADER,
    PACKET_SIZE,
    DecodeError,
    RawMessage,
    decode_message,
    encode_message,
)
from wallet.types import HARDENED

GET_PUBLIC_KEY = int(messages.MessageType.GetPublicKey)


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _varints(body: bytes) -> list[int] | None:
    """The varints that fill `body` exactly (the test's own reading), or None if one is cut."""
    values, value, shift = [], 0, 0
    for byte in body:
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            values.append(value)
            value, shift = 0, 0
    return values if shift == 0 else None


def _decode(payload: bytes) -> messages.GetPublicKey:
    decoded = decode_message(RawMessage(GET_PUBLIC_KEY, payload))
    assert isinstance(decoded, messages.GetPublicKey)
    return decoded


def test_the_reported_payload_is_refused() -> None:
    try:
        _decode(bytes.fromhex("0affffff0f"))
    except DecodeError as exc:
        assert not exc.unknown_type and "needs" in str(exc)
    else:
        raise AssertionError("a truncated address_n decoded")


paths = st.lists(st.integers(0, 2**32 - 1), min_size=1, max_size=8)


@given(paths, st.data())
@settings(max_examples=300, deadline=None)
def test_every_cut_inside_the_packed_path_is_refused(path: list[int], data: st.DataObject) -> None:
    # Packed, as the firmware's host libraries send it (trezorlib itself writes one key per item).
    body = _packed(path)
    payload = b"\x0a" + _varint(len(body)) + body + _coin_name()
    assert _decode(payload).address_n == path
    cut = data.draw(st.integers(1, len(payload) - len(_coin_name()) - 1))
    try:
        _decode(payload[:cut])
    except DecodeError:
        return
    raise AssertionError(f"{payload[:cut].hex()} decoded although it cuts the path")


@given(paths, st.integers(1, 2**28))
@settings(max_examples=200, deadline=None)
def test_a_declared_length_past_the_end_is_refused(path: list[int], extra: int) -> None:
    body = _packed(path)
    payload = b"\x0a" + _varint(len(body) + extra) + body
    try:
        _decode(payload)
    except DecodeError:
        return
    raise AssertionError(f"{payload.hex()} decoded with a length past its end")


@given(st.integers(0, 40), st.binary(max_size=40), st.binary(max_size=8))
@settings(max_examples=500, deadline=None)
def test_an_accepted_packed_field_is_exactly_what_was_sent(declared: int, body: bytes, tail: bytes) -> None:
    """Wire fuzz: whatever is accepted decodes to the varints that fill the declared length."""
    payload = b"\x0a" + _varint(declared) + body + tail
    try:
        decoded = _decode(payload)
    except DecodeError:
        return
    expected = _varints((body + tail)[:declared])
    assert declared <= len(body + tail) and expected is not None
    assert decoded.address_n[: len(expected)] == expected


def test_the_device_answers_data_error_and_stays_up(trezor_one: Emulator) -> None:
    link = RawLink(trezor_one.port)
    try:
        assert isinstance(link.call(messages.Initialize()), messages.Features)
        payload = bytes.fromhex("0affffff0f")
        link.send_raw(
            (b"?##" + HEADER.pack(GET_PUBLIC_KEY, len(payload)) + payload).ljust(PACKET_SIZE, b"\0")
        )
        reply = link.receive()
        assert isinstance(reply, messages.Failure) and reply.code == messages.FailureType.DataError
        good = link.call(messages.GetPublicKey(address_n=[84 | HARDENED, 1 | HARDENED, HARDENED]))
        assert isinstance(good, messages.PublicKey) and good.node.depth == 3
    finally:
        link.close()


def _coin_name() -> bytes:
    return encode_message(messages.GetPublicKey(address_n=[], coin_name="Testnet"))[1]


def _packed(path: list[int]) -> bytes:
    return b"".join(_varint(v) for v in path)


def _multisig_payload() -> bytes:
    """GetAddress whose multisig (field 4) holds one pubkey node (field 1, a nested HDNodePathType)."""
    node = messages.HDNodeType(
        depth=0, fingerprint=0, child_num=0, chain_code=bytes(32), public_key=bytes(33)
    )
    multisig = messages.MultisigRedeemScriptType(
        pubkeys=[messages.HDNodePathType(node=node, address_n=[0, 1])], signatures=[b""], m=1
    )
    return encode_message(messages.GetAddress(address_n=[HARDENED], multisig=multisig))[1]


def test_a_nested_message_cut_short_is_refused_at_any_depth() -> None:
    """A nested message's declared length past the bytes present used to end it early, silently."""
    payload = _multisig_payload()
    get_address = int(messages.MessageType.GetAddress)
    decoded = decode_message(RawMessage(get_address, payload))
    assert isinstance(decoded, messages.GetAddress) and decoded.multisig is not None
    start = payload.index(b"\x22")  # the multisig field's key: field 4, wire type 2
    length = payload[start + 1]  # one-byte length here (under 128)
    assert length < 0x80
    end = start + 2 + length
    accepted = []
    for cut in range(start + 1, end):  # every cut inside the multisig, its nested node included
        try:
            decode_message(RawMessage(get_address, payload[:cut]))
        except DecodeError:
            continue
        accepted.append(cut)
    assert accepted == []
