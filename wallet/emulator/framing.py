"""Protocol v1 framing: 64-byte packets over UDP, and protobuf decoding via trezorlib.

First packet: ``?##`` + message type (u16 BE) + payload length (u32 BE) + payload,
zero-padded to 64 bytes; continuation packets: ``?`` + 63 payload bytes. This is the
layout of ``trezorlib.protocol_v1``; the device side is written here because the
library only implements the host side.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from trezorlib import mapping, protobuf

from wallet.emulator import wire_codec

PACKET_SIZE = 64
PING = b"PINGPING"
PONG = b"PONGPONG"
FIRST_MAGIC = b"?##"
NEXT_MAGIC = b"?"
HEADER = struct.Struct(">HL")
FIRST_PAYLOAD = PACKET_SIZE - len(FIRST_MAGIC) - HEADER.size
NEXT_PAYLOAD = PACKET_SIZE - len(NEXT_MAGIC)
# Larger than any message a wallet flow sends (a TxAck carries at most a few KiB),
# small enough that a hostile length cannot make the device buffer without limit.
MAX_MESSAGE_SIZE = 64 * 1024

MAPPING = mapping.DEFAULT_MAPPING
WIRE_VARINT = 0  # protobuf wire types (the only two trezor messages use)
WIRE_LENGTH = 2


class FramingError(Exception):
    """A datagram that is not a valid v1 packet, or a message that cannot be reassembled."""


class DecodeError(Exception):
    """A complete message whose type is unknown or whose payload is not valid protobuf."""

    def __init__(self, message: str, *, unknown_type: bool) -> None:
        super().__init__(message)
        self.unknown_type = unknown_type


@dataclass(frozen=True)
class RawMessage:
    """A reassembled message: wire type id and protobuf payload."""

    msg_type: int
    payload: bytes


def encode_packets(msg_type: int, payload: bytes) -> list[bytes]:
    """Split one message into 64-byte v1 packets."""
    if not 0 <= msg_type <= 0xFFFF:
        raise ValueError(f"message type out of range: {msg_type}")
    data = b"##" + HEADER.pack(msg_type, len(payload)) + payload
    packets = []
    for start in range(0, len(data), NEXT_PAYLOAD):
        packets.append((NEXT_MAGIC + data[start : start + NEXT_PAYLOAD]).ljust(PACKET_SIZE, b"\x00"))
    return packets


class Reassembler:
    """Collects the packets of one incoming message at a time.

    A new first packet discards a half-received message, as the firmware does when
    the host restarts a request.
    """

    def __init__(self, max_size: int = MAX_MESSAGE_SIZE) -> None:
        self._max_size = max_size
        self._msg_type = 0
        self._expected = 0
        self._buffer: bytearray | None = None

    @property
    def in_progress(self) -> bool:
        return self._buffer is not None

    def reset(self) -> None:
        self._buffer = None

    def feed(self, packet: bytes) -> RawMessage | None:
        """Take one datagram; return the message it completes, if any."""
        if len(packet) != PACKET_SIZE:
            self.reset()
            raise FramingError(f"packet of {len(packet)} bytes, expected {PACKET_SIZE}")
        if packet.startswith(FIRST_MAGIC):
            return self._start(packet)
        if not packet.startswith(NEXT_MAGIC):
            self.reset()
            raise FramingError("packet without the '?' magic")
        if self._buffer is None:
            raise FramingError("continuation packet without a message in progress")
        self._buffer.extend(packet[len(NEXT_MAGIC) :])
        return self._finish_if_complete()

    def _start(self, packet: bytes) -> RawMessage | None:
        msg_type, length = HEADER.unpack_from(packet, len(FIRST_MAGIC))
        if length > self._max_size:
            self.reset()
            raise FramingError(f"message of {length} bytes exceeds the {self._max_size}-byte limit")
        self._msg_type = msg_type
        self._expected = length
        self._buffer = bytearray(packet[len(FIRST_MAGIC) + HEADER.size :])
        return self._finish_if_complete()

    def _finish_if_complete(self) -> RawMessage | None:
        assert self._buffer is not None
        if len(self._buffer) < self._expected:
            return None
        message = RawMessage(self._msg_type, bytes(self._buffer[: self._expected]))
        self._buffer = None
        return message


class _StrictReader(io.BytesIO):
    """A reader that refuses to come up short.

    trezorlib's decoder reads a length-delimited field with ``readinto`` and does not
    check the count, so a truncated field would decode as zero padding; the firmware
    rejects such a message, and so does this device.
    """

    def readinto(self, buffer: Any) -> int:
        wanted = len(buffer)
        got = super().readinto(buffer)
        if got != wanted:
            raise EOFError(f"field needs {wanted} bytes, only {got} left")
        return got


def decode_message(
    raw: RawMessage, accepted: Collection[type[protobuf.MessageType]] | None = None
) -> protobuf.MessageType:
    """Decode a reassembled message with trezorlib's protobuf classes.

    Types outside `accepted` (host-bound replies, unsupported requests) are refused as
    unknown before decoding, as the firmware's decoder only knows the messages it handles.
    """
    cls = MAPPING.type_to_class.get(raw.msg_type)
    if cls is None or (accepted is not None and cls not in accepted):
        raise DecodeError(f"Unknown message type {raw.msg_type}", unknown_type=True)
    try:
        return wire_codec.decode(cls, raw.payload)
    except Exception:  # refused: trezorlib's path below says why, in its words
        pass
    try:
        check_wire(raw.payload, 0, len(raw.payload), cls)
        return protobuf.load_message(_StrictReader(raw.payload), cls)
    except Exception as exc:  # the protobuf reader raises ValueError, TypeError, EOFError...
        raise DecodeError(f"Failed to decode {cls.__name__}: {exc}", unknown_type=False) from exc


def check_wire(data: bytes, start: int, end: int, cls: type[protobuf.MessageType] | None) -> None:
    """Walk the protobuf wire format of data[start:end] and refuse any field that runs past its end.

    trezorlib's decoder ends a packed repeated field (a path's ``address_n``) or a nested
    message at the first short read, so a truncated one decodes as a shorter value: ``0a
    ffffff0f`` as GetPublicKey would be the master key. The firmware refuses such messages;
    this check does the same before trezorlib sees the bytes. Nested messages of known type
    are walked too; unknown fields only need to fit.
    """
    position = start
    while position < end:
        key, position = _varint(data, position, end)
        tag, wire = key >> 3, key & 7
        if wire == WIRE_VARINT:
            _, position = _varint(data, position, end)
            continue
        if wire != WIRE_LENGTH:
            raise ValueError(f"field {tag} has unsupported wire type {wire}")
        length, position = _varint(data, position, end)
        if length > end - position:
            raise ValueError(f"field {tag} needs {length} bytes, only {end - position} left")
        field = cls.FIELDS.get(tag) if cls is not None else None
        if field is not None and field.repeated and field.wire_type == WIRE_VARINT:
            packed = position
            while packed < position + length:  # packed varints must fill the field exactly
                _, packed = _varint(data, packed, position + length)
        elif (
            field is not None
            and isinstance(field.py_type, type)
            and issubclass(field.py_type, protobuf.MessageType)
        ):
            check_wire(data, position, position + length, field.py_type)
        position += length


def _varint(data: bytes, position: int, end: int) -> tuple[int, int]:
    value = shift = 0
    while position < end and shift < 64:
        byte = data[position]
        position += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, position
        shift += 7
    raise ValueError("a varint is truncated or longer than 64 bits")


def encode_message(msg: protobuf.MessageType) -> tuple[int, bytes]:
    """Encode a reply; classes outside the default mapping carry their own wire type."""
    wire_type = wire_type_of(msg)
    try:
        return wire_type, wire_codec.encode(msg)
    except Exception:  # refused: trezorlib's dump below raises its own error
        pass
    buf = io.BytesIO()
    protobuf.dump_message(buf, msg)
    return wire_type, buf.getvalue()


def wire_type_of(msg: protobuf.MessageType) -> int:
    wire_type = msg.MESSAGE_WIRE_TYPE
    if wire_type is None:
        raise ValueError(f"{type(msg).__name__} has no wire type")
    return wire_type
