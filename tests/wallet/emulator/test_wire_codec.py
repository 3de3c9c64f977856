"""The device's fast protobuf codec (wire_codec.py) against the path it replaced.

The reference is what the device did before: framing.check_wire, then trezorlib's
``load_message``; for replies, trezorlib's ``dump_message``. Payloads are generated from
each class's own schema (right and wrong wire types, unknown fields, packed runs, nested
messages, bad UTF-8, out-of-range numbers) and then possibly cut or corrupted, so most
cases decode and many do not. Both paths must refuse the same payloads and agree on
every value, its type and the attribute order.
"""

from __future__ import annotations

import enum
import io
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from trezorlib import messages, protobuf

from wallet.emulator import framing, wire_codec
from wallet.emulator.device import ACCEPTED

CLASSES = sorted(
    {*ACCEPTED, messages.TxRequest, messages.Features, messages.PublicKey, messages.ButtonRequest},
    key=lambda cls: cls.__name__,
)
MAX_DEPTH = 3


def _uvarint(number: int) -> bytes:
    out = bytearray()
    while True:
        out.append((number & 0x7F) | (0x80 if number > 0x7F else 0))
        number >>= 7
        if not number:
            return bytes(out)


def _key(tag: int, wire: int) -> bytes:
    return _uvarint((tag << 3) | wire)


def _length_delimited(tag: int, body: bytes) -> bytes:
    return _key(tag, 2) + _uvarint(len(body)) + body


numbers = st.one_of(
    st.integers(0, 300), st.integers(0, 2**64 - 1), st.sampled_from([2**32, 2**63, 2**64 - 1])
)


@st.composite
def field_bytes(draw: st.DrawFn, cls: type[protobuf.MessageType], depth: int) -> bytes:
    """One field of `cls`, usually as the schema says, sometimes not."""
    if not cls.FIELDS or draw(st.integers(0, 9)) == 0:  # an unknown field
        tag = draw(st.integers(1, 2000).filter(lambda t: t not in cls.FIELDS))
        if draw(st.booleans()):
            return _key(tag, 0) + _uvarint(draw(numbers))
        return _length_delimited(tag, draw(st.binary(max_size=20)))
    tag = draw(st.sampled_from(sorted(cls.FIELDS)))
    field = cls.FIELDS[tag]
    py_type = field.py_type
    if draw(st.integers(0, 19)) == 0:  # the other wire type
        wire_is_length = issubclass(py_type, int) and not issubclass(py_type, enum.IntEnum)
        if wire_is_length or issubclass(py_type, enum.IntEnum):
            return _length_delimited(tag, draw(st.binary(max_size=6)))
        return _key(tag, 0) + _uvarint(draw(numbers))
    if issubclass(py_type, protobuf.MessageType):
        if depth >= MAX_DEPTH:
            return _length_delimited(tag, b"")
        return _length_delimited(tag, draw(message_bytes(py_type, depth + 1)))
    if issubclass(py_type, bytes):
        return _length_delimited(tag, draw(st.binary(max_size=40)))
    if issubclass(py_type, str):
        text = draw(st.one_of(st.text(max_size=12).map(str.encode), st.binary(max_size=8)))
        return _length_delimited(tag, text)
    if field.repeated and draw(st.booleans()):  # packed
        return _length_delimited(tag, b"".join(_uvarint(n) for n in draw(st.lists(numbers, max_size=5))))
    return _key(tag, 0) + _uvarint(draw(numbers))


@st.composite
def message_bytes(draw: st.DrawFn, cls: type[protobuf.MessageType], depth: int = 0) -> bytes:
    return b"".join(draw(st.lists(field_bytes(cls, depth), max_size=6 if depth else 10)))


@st.composite
def payloads(draw: st.DrawFn) -> tuple[type[protobuf.MessageType], bytes]:
    cls = draw(st.sampled_from(CLASSES))
    data = draw(message_bytes(cls))
    damage = draw(st.integers(0, 5))
    if data and damage == 0:
        data = data[: draw(st.integers(0, len(data) - 1))]
    elif data and damage == 1:
        spot = draw(st.integers(0, len(data) - 1))
        data = data[:spot] + bytes([draw(st.integers(0, 255))]) + data[spot + 1 :]
    return cls, data


def reference_decode(cls: type[protobuf.MessageType], data: bytes) -> protobuf.MessageType:
    framing.check_wire(data, 0, len(data), cls)
    return protobuf.load_message(framing._StrictReader(data), cls)


def reference_encode(message: protobuf.MessageType) -> bytes:
    buffer = io.BytesIO()
    protobuf.dump_message(buffer, message)
    return buffer.getvalue()


def _outcome(call: Any, *args: Any) -> tuple[bool, Any]:
    try:
        return True, call(*args)
    except Exception:  # the refusal itself is compared, not its type
        return False, None


def _shape(value: Any) -> Any:
    """A message as nested (name, type, value) tuples: equal shapes mean same values, types, order."""
    if isinstance(value, protobuf.MessageType):
        return (type(value), tuple((name, _shape(item)) for name, item in value.__dict__.items()))
    if isinstance(value, list):
        return [_shape(item) for item in value]
    return (type(value), value)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(payloads())
def test_decoding_matches_trezorlib_with_check_wire(case: tuple[type[protobuf.MessageType], bytes]) -> None:
    cls, data = case
    reference_ok, reference = _outcome(reference_decode, cls, data)
    fast_ok, fast = _outcome(wire_codec.decode, cls, data)
    assert fast_ok == reference_ok
    if fast_ok:
        assert _shape(fast) == _shape(reference)
        # and what decodes encodes to the same bytes (or is refused by both, e.g. an unknown enum)
        assert _outcome(wire_codec.encode, fast) == _outcome(reference_encode, reference)


@settings(max_examples=300, deadline=None)
@given(payloads())
def test_framing_decode_gives_the_reference_result_and_error_text(
    case: tuple[type[protobuf.MessageType], bytes],
) -> None:
    cls, data = case
    assert cls.MESSAGE_WIRE_TYPE is not None and framing.MAPPING.type_to_class[cls.MESSAGE_WIRE_TYPE] is cls
    raw = framing.RawMessage(cls.MESSAGE_WIRE_TYPE, data)
    try:
        expected = reference_decode(cls, data)
    except Exception as exc:
        try:
            framing.decode_message(raw)
        except framing.DecodeError as refused:
            assert str(refused) == f"Failed to decode {cls.__name__}: {exc}"
            return
        raise AssertionError("the fast path accepted what the reference refuses") from None
    assert _shape(framing.decode_message(raw)) == _shape(expected)


def test_replies_encode_byte_for_byte() -> None:
    replies = [
        messages.TxRequest(
            request_type=messages.RequestType.TXINPUT,
            details=messages.TxRequestDetailsType(request_index=7, tx_hash=b"\x11" * 32),
            serialized=messages.TxRequestSerializedType(signature_index=3, signature=b"\x30" * 71),
        ),
        messages.ButtonRequest(code=messages.ButtonRequestType.ConfirmOutput, pages=2),
        messages.Features(
            vendor="trezor.io",
            major_version=1,
            minor_version=14,
            patch_version=1,
            capabilities=[messages.Capability.Bitcoin, messages.Capability.Crypto],
        ),
        messages.Failure(code=messages.FailureType.DataError, message="é" * 3),
        messages.Success(message=""),
    ]
    for reply in replies:
        assert framing.encode_message(reply) == (reply.MESSAGE_WIRE_TYPE, reference_encode(reply))


def test_refused_replies_raise_as_trezorlib_does() -> None:
    unknown_enum = messages.ButtonRequest(code=999)  # type: ignore[arg-type]
    too_big = messages.TxRequestDetailsType(request_index=2**32)
    for reply in (unknown_enum, too_big):
        assert not _outcome(wire_codec.encode, reply)[0]
        assert not _outcome(reference_encode, reply)[0]
