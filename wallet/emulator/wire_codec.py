"""Protobuf decoding and encoding of trezorlib's message classes, fast enough for SignTx.

A 100-input SignTx is about 700 TxAck/TxRequest round trips; trezorlib's reader decodes
one byte per call through file-like objects and framing.check_wire walked every payload
a second time, which together cost the device more than its signing did. This module
reads the same schema (each class's ``FIELDS``) once per class into a plan and then
decodes a payload in one pass over the bytes, refusing what check_wire refuses (a field
or packed run that does not fit) and producing what ``trezorlib.protobuf.load_message``
produces (unknown enum values kept as ints, defaults for absent fields, an error for a
missing required field). Encoding writes the bytes ``trezorlib.protobuf.dump_message``
writes, with the same refusals.

Callers (framing.py) fall back to trezorlib whenever these raise, so a refused message
gets exactly the error text it got before; the tests compare both paths on fuzzed input.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, TypeVar

from trezorlib import protobuf

MT = TypeVar("MT", bound=protobuf.MessageType)
WIRE_VARINT = 0
WIRE_LENGTH = 2
MAX_VARINT_SHIFT = 64  # framing.check_wire refuses longer varints


class Kind(enum.Enum):
    UINT = "uint"
    SINT = "sint"
    BOOL = "bool"
    ENUM = "enum"
    BYTES = "bytes"
    STRING = "string"
    MESSAGE = "message"


_MISSING = object()  # a required field not (yet) seen


@dataclass(frozen=True)
class _FieldPlan:
    tag: int
    name: str
    kind: Kind
    repeated: bool
    wire: int
    key: bytes  # the encoded field key, written before each value
    py_type: type
    field: protobuf.Field
    enum_values: frozenset[int] = frozenset()


@dataclass(frozen=True)
class _ClassPlan:
    by_tag: dict[int, _FieldPlan]
    ordered: tuple[_FieldPlan, ...]  # FIELDS order: decoded attributes keep it, as trezorlib's do
    template: dict[str, Any]  # absent fields: their default, [] (copied) or _MISSING
    repeated_names: tuple[str, ...]
    required_names: tuple[str, ...]


_PLANS: dict[type[protobuf.MessageType], _ClassPlan] = {}


def _kind_of(field: protobuf.Field) -> Kind:
    py_type = field.py_type
    if issubclass(py_type, protobuf.MessageType):
        return Kind.MESSAGE
    if issubclass(py_type, enum.IntEnum):
        return Kind.ENUM
    if issubclass(py_type, bool):
        return Kind.BOOL
    if issubclass(py_type, bytes):
        return Kind.BYTES
    if issubclass(py_type, str):
        return Kind.STRING
    if issubclass(py_type, int):
        return Kind.SINT if field.proto_type.startswith("sint") else Kind.UINT
    raise TypeError(f"field {field.name} has an unsupported type {py_type!r}")


def _enum_numbers(py_type: type) -> list[int]:
    assert issubclass(py_type, enum.IntEnum)
    return [int(member) for member in py_type]


def _plan(cls: type[protobuf.MessageType]) -> _ClassPlan:
    plan = _PLANS.get(cls)
    if plan is not None:
        return plan
    ordered = []
    template: dict[str, Any] = {}
    for tag, field in cls.FIELDS.items():
        kind = _kind_of(field)
        wire = WIRE_LENGTH if kind in (Kind.MESSAGE, Kind.BYTES, Kind.STRING) else WIRE_VARINT
        enum_values = frozenset(_enum_numbers(field.py_type)) if kind is Kind.ENUM else frozenset()
        ordered.append(
            _FieldPlan(
                tag,
                field.name,
                kind,
                field.repeated,
                wire,
                _uvarint((tag << 3) | wire),
                field.py_type,
                field,
                enum_values,
            )
        )
        template[field.name] = [] if field.repeated else _MISSING if field.required else field.default
    plan = _ClassPlan(
        by_tag={item.tag: item for item in ordered},
        ordered=tuple(ordered),
        template=template,
        repeated_names=tuple(item.name for item in ordered if item.repeated),
        required_names=tuple(item.name for item in ordered if item.field.required),
    )
    _PLANS[cls] = plan
    return plan


# ---- decoding ----------------------------------------------------------------------------


def decode(cls: type[MT], data: bytes) -> MT:
    """Decode `data` as `cls`; ValueError (or UnicodeDecodeError) for what trezorlib or
    framing.check_wire would refuse."""
    return _decode(cls, bytes(data), 0, len(data))


def _decode(cls: type[MT], data: bytes, position: int, end: int) -> MT:
    plan = _plan(cls)
    values = dict(plan.template)
    for name in plan.repeated_names:
        values[name] = []
    by_tag = plan.by_tag
    while position < end:
        key, position = _read_varint(data, position, end)
        wire = key & 7
        field = by_tag.get(key >> 3)
        if wire == WIRE_VARINT:
            number, position = _read_varint(data, position, end)
            if field is None:
                continue  # unknown field: skipped
            if field.wire != WIRE_VARINT:
                raise ValueError(f"Field {field.name} received value does not match schema")
            value: Any = _from_varint(field, number)
        elif wire == WIRE_LENGTH:
            length, position = _read_varint(data, position, end)
            if length > end - position:
                raise ValueError(f"field {key >> 3} needs {length} bytes, only {end - position} left")
            start, position = position, position + length
            if field is None or field.wire == WIRE_VARINT:
                if field is not None and field.repeated:  # a packed run must fill its field exactly
                    values[field.name].extend(_packed(field, data, start, position))
                elif field is not None:
                    raise ValueError(f"Field {field.name} received value does not match schema")
                elif length > protobuf.MAX_FIELD_SIZE:
                    raise ValueError(f"Unknown field {key >> 3} too large ({length} bytes)")
                continue
            if length > protobuf.MAX_FIELD_SIZE:
                raise ValueError(f"Field {field.name} contents too large ({length} bytes)")
            value = _from_bytes(field, data, start, position)
        else:
            raise ValueError(f"field {key >> 3} has unsupported wire type {wire}")
        if field.repeated:
            values[field.name].append(value)
        else:
            values[field.name] = value
    for name in plan.required_names:
        if values[name] is _MISSING:
            raise ValueError(f"Did not receive value for field {name}")
    message = cls.__new__(cls)
    message.__dict__.update(values)  # what MessageType.__init__ would set, in the same order
    return message


def _from_bytes(field: _FieldPlan, data: bytes, start: int, end: int) -> Any:
    if field.kind is Kind.BYTES:
        return data[start:end]
    if field.kind is Kind.STRING:
        return data[start:end].decode()
    return _decode(field.py_type, data, start, end)


def _from_varint(field: _FieldPlan, number: int) -> Any:
    kind = field.kind
    if kind is Kind.UINT:
        return number  # out-of-range values pass, as trezorlib only logs them
    if kind is Kind.ENUM:
        return field.py_type(number) if number in field.enum_values else number
    if kind is Kind.BOOL:
        return bool(number)
    return protobuf.uint_to_sint(number)


def _packed(field: _FieldPlan, data: bytes, position: int, end: int) -> list[Any]:
    items = []
    while position < end:
        number, position = _read_varint(data, position, end)
        items.append(_from_varint(field, number))
    return items


def _read_varint(data: bytes, position: int, end: int) -> tuple[int, int]:
    byte = data[position] if position < end else 0x80
    if byte < 0x80 and position < end:  # one-byte varints are most keys and many values
        return byte, position + 1
    value = shift = 0
    while position < end and shift < MAX_VARINT_SHIFT:
        byte = data[position]
        position += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, position
        shift += 7
    raise ValueError("a varint is truncated or longer than 64 bits")


# ---- encoding ----------------------------------------------------------------------------


def encode(message: protobuf.MessageType) -> bytes:
    """The bytes trezorlib's dump_message writes; ValueError/TypeError where it refuses."""
    out = bytearray()
    _encode(message, out)
    return bytes(out)


def _encode(message: protobuf.MessageType, out: bytearray) -> None:
    for field in _plan(type(message)).ordered:
        value = getattr(message, field.name, None)
        if value is protobuf.REQUIRED_FIELD_PLACEHOLDER:
            raise ValueError(f"Required value of field {field.name} was not provided")
        if value is None:
            continue
        for item in value if field.repeated else (value,):
            out += field.key
            _encode_value(field, item, out)


def _encode_value(field: _FieldPlan, item: Any, out: bytearray) -> None:
    kind = field.kind
    if kind is Kind.MESSAGE:
        if not isinstance(item, field.py_type) or not isinstance(item, protobuf.MessageType):
            raise ValueError(f"Value {item} in field {field.name} is not {field.py_type.__name__}")
        inner = bytearray()
        _encode(item, inner)
        out += _uvarint(len(inner))
        out += inner
    elif kind is Kind.BYTES:
        if not isinstance(item, (bytes, bytearray)):
            raise TypeError(f"field {field.name} needs bytes")
        out += _uvarint(len(item))
        out += item
    elif kind is Kind.STRING:
        if not isinstance(item, str):
            raise TypeError(f"field {field.name} needs a string")
        encoded = item.encode()
        out += _uvarint(len(encoded))
        out += encoded
    elif kind is Kind.ENUM:
        if item not in field.enum_values:
            raise ValueError(f"Value {item} in field {field.name} unknown for {field.field.proto_type}")
        out += _uvarint(item)
    elif kind is Kind.BOOL:
        out += _uvarint(int(item))
    else:
        if not field.field.value_fits(item):
            raise ValueError(f"Value {item} in field {field.name} does not fit into {field.field.proto_type}")
        out += _uvarint(protobuf.sint_to_uint(item) if kind is Kind.SINT else item)


def _uvarint(number: int) -> bytes:
    if number < 0:
        raise ValueError("Cannot dump signed value, convert it to unsigned first.")
    if number < 0x80:
        return bytes((number,))
    out = bytearray()
    while number >= 0x80:
        out.append((number & 0x7F) | 0x80)
        number >>= 7
    out.append(number)
    return bytes(out)
