"""EthereumSignTypedData: EIP-712 typed data streamed from the host, on core identities only.

The protocol is trezorlib 0.20.2's `ethereum.sign_typed_data` counterpart: the device asks
for every struct definition (EthereumTypedDataStructRequest → StructAck with the members'
EthereumFieldTypes; EIP712Domain first, then the primary type, then what they reference),
then for each value by its member path (EthereumTypedDataValueRequest → ValueAck; root 0 is
the domain, 1 the message; a dynamic array's length comes first as a uint16). It hashes per
EIP-712 (encodeType with referenced structs sorted by name, atomic values in 32 bytes,
strings and bytes by Keccak-256, arrays as the Keccak-256 of their encoded elements; with
`metamask_v4_compat` off, structs inside arrays are encoded rather than hashed, MetaMask's
v3 behaviour) and signs Keccak-256(0x19 0x01 ‖ domain separator ‖ message hash). With
`show_message_hash` the computed hash must match ("Message hash mismatch"). The legacy
firmware has no such message (it signs the two hashes, EthereumSignTypedHash). Screens:
the domain, the message (its hash when given) and a final confirmation, one each.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Sequence
from typing import TYPE_CHECKING, Any

from trezorlib import messages, protobuf

from wallet.emulator import ethereum_defs, guards
from wallet.emulator.ethereum_signing import check_path, path_slip44
from wallet.emulator.flow import Confirm, DeviceFailure, Flow
from wallet.eth_tx import checksum_address, keccak256, pubkeyhash_of, sign_digest

if TYPE_CHECKING:
    from wallet.emulator.device import Device

Failure = messages.FailureType
Button = messages.ButtonRequestType
T = messages.EthereumDataType
Types = dict[str, list[messages.EthereumStructMember]]
Talk = Generator[Any, Any, bytes]
MAX_STRUCTS = 64  # a bound on what a host can make the device collect
MAX_ARRAY = 0xFFFF


def _fail(text: str) -> DeviceFailure:
    return DeviceFailure(Failure.DataError, text)


def type_name(field: messages.EthereumFieldType) -> str:
    """The Solidity spelling of a field type, as encodeType writes it."""
    kind, size = field.data_type, field.size
    if kind == T.UINT:
        return f"uint{(size or 0) * 8}"
    if kind == T.INT:
        return f"int{(size or 0) * 8}"
    if kind == T.BYTES:
        return "bytes" if size is None else f"bytes{size}"
    if kind == T.ARRAY:
        if field.entry_type is None:
            raise _fail("Missing entry type")
        return type_name(field.entry_type) + ("[]" if size is None else f"[{size}]")
    if kind == T.STRUCT:
        return field.struct_name or ""
    return {T.STRING: "string", T.BOOL: "bool", T.ADDRESS: "address"}[T(kind)]


def _struct_of(field: messages.EthereumFieldType) -> str | None:
    while field.data_type == T.ARRAY and field.entry_type is not None:
        field = field.entry_type
    return field.struct_name if field.data_type == T.STRUCT else None


def encode_type(primary: str, types: Types) -> str:
    """EIP-712 encodeType: the primary struct, then every struct it references, sorted by name."""
    seen: set[str] = set()
    pending = [primary]
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        pending += [s for m in types[name] if (s := _struct_of(m.type)) is not None]
    ordered = [primary, *sorted(seen - {primary})]
    return "".join(
        f"{n}(" + ",".join(f"{type_name(m.type)} {m.name}" for m in types[n]) + ")" for n in ordered
    )


def _atomic(field: messages.EthereumFieldType, value: bytes) -> bytes:
    """One atomic value in its 32-byte slot, its length checked against the declared type."""
    kind, size = field.data_type, field.size
    if kind in (T.UINT, T.INT):
        if size is None or not 1 <= size <= 32 or len(value) != size:
            raise _fail("Invalid length")
        fill = b"\xff" if kind == T.INT and value[0] & 0x80 else b"\x00"
        return value.rjust(32, fill)
    if kind == T.BOOL:
        if value not in (b"\x00", b"\x01"):
            raise _fail("Invalid boolean value")
        return value.rjust(32, b"\x00")
    if kind == T.ADDRESS:
        if len(value) != 20:
            raise _fail("Invalid address")
        return value.rjust(32, b"\x00")
    if kind == T.BYTES and size is not None:
        if not 1 <= size <= 32 or len(value) != size:
            raise _fail("Invalid length")
        return value.ljust(32, b"\x00")
    if kind in (T.BYTES, T.STRING):
        if kind == T.STRING:
            try:
                value.decode("utf-8")
            except UnicodeDecodeError:
                raise _fail("Invalid UTF-8") from None
        return keccak256(value)
    raise _fail("Unsupported data type")


class Envelope:
    """The struct definitions of one request and the value conversation with the host."""

    def __init__(self, primary: str, v4_compat: bool) -> None:
        self.primary = primary
        self.v4_compat = v4_compat
        self.types: Types = {}

    def collect_types(self) -> Generator[Any, Any, None]:
        pending = ["EIP712Domain", self.primary]
        while pending:
            name = pending.pop(0)
            if name in self.types:
                continue
            if len(self.types) >= MAX_STRUCTS:
                raise _fail("Too many structs")
            reply = yield messages.EthereumTypedDataStructRequest(name=name)
            if not isinstance(reply, messages.EthereumTypedDataStructAck):
                raise guards.unexpected()
            self.types[name] = list(reply.members)
            for member in reply.members:
                type_name(member.type)  # refuses malformed field types early
                nested = _struct_of(member.type)
                if nested is not None:
                    pending.append(nested)

    def _value(self, path: Sequence[int]) -> Talk:
        reply = yield messages.EthereumTypedDataValueRequest(member_path=list(path))
        if not isinstance(reply, messages.EthereumTypedDataValueAck):
            raise guards.unexpected()
        return bytes(reply.value)

    def hash_struct(self, name: str, path: Sequence[int]) -> Talk:
        type_hash = keccak256(encode_type(name, self.types).encode())
        data = yield from self.encode_data(name, path)
        return keccak256(type_hash + data)

    def encode_data(self, name: str, path: Sequence[int]) -> Talk:
        if name not in self.types:
            raise _fail(f"Unknown struct {name}")
        parts = []
        for index, member in enumerate(self.types[name]):
            parts.append((yield from self._field(member.type, [*path, index])))
        return b"".join(parts)

    def _field(self, field: messages.EthereumFieldType, path: list[int]) -> Talk:
        if field.data_type == T.STRUCT:
            return (yield from self.hash_struct(field.struct_name or "", path))
        if field.data_type != T.ARRAY:
            return _atomic(field, (yield from self._value(path)))
        entry = field.entry_type
        assert entry is not None  # type_name() refused arrays without one
        length = field.size
        if length is None:
            raw = yield from self._value(path)
            if len(raw) != 2:
                raise _fail("Invalid array length")
            length = int.from_bytes(raw, "big")
        elements = []
        for index in range(length):
            element_path = [*path, index]
            if entry.data_type == T.STRUCT and not self.v4_compat:
                elements.append((yield from self.encode_data(entry.struct_name or "", element_path)))
            else:
                elements.append((yield from self._field(entry, element_path)))
        return keccak256(b"".join(elements))


def on_sign_typed_data(device: Device, msg: protobuf.MessageType) -> Flow:
    assert isinstance(msg, messages.EthereumSignTypedData)
    if device.identity.is_model_one:
        raise DeviceFailure(Failure.UnexpectedMessage, "Unexpected message")
    keys = yield from guards.keys(device)
    encoded = msg.definitions.encoded_network if msg.definitions else None
    unknown_chain = ethereum_defs.CHAIN_ID_UNKNOWN
    network = ethereum_defs.resolve_network(encoded, unknown_chain, path_slip44(msg.address_n))
    yield from check_path(device, msg.address_n, network)
    if msg.show_message_hash is not None and len(msg.show_message_hash) != 32:
        raise _fail("Invalid message hash length")
    envelope = Envelope(msg.primary_type, msg.metamask_v4_compat is not False)
    yield from envelope.collect_types()
    yield Confirm(Button.Other, "Typed data", ("Domain", msg.primary_type), name="confirm_domain")
    domain_separator = yield from envelope.hash_struct("EIP712Domain", [0])
    message_hash = b""
    if msg.primary_type != "EIP712Domain":  # a domain-only signature is in the spec
        if msg.show_message_hash is not None:
            yield Confirm(
                Button.Other, "Message hash", (msg.show_message_hash.hex(),), name="confirm_message_hash"
            )
        message_hash = yield from envelope.hash_struct(msg.primary_type, [1])
        if msg.show_message_hash is not None and message_hash != msg.show_message_hash:
            raise _fail("Message hash mismatch")
    yield Confirm(
        Button.Other, "Confirm", ("Really sign EIP-712 typed data?",), name="confirm_typed_data_final"
    )
    digest = keccak256(b"\x19\x01" + domain_separator + message_hash)
    r, s, recovery_id = sign_digest(keys.private_key(msg.address_n), digest)
    address = checksum_address(pubkeyhash_of(keys.public_key(msg.address_n)))
    return messages.EthereumTypedDataSignature(signature=r + s + bytes([27 + recovery_id]), address=address)


def _stray(device: Device, msg: protobuf.MessageType) -> Flow:
    """A typed-data answer with no EthereumSignTypedData in progress."""
    raise guards.unexpected()
    yield  # a generator, like every flow


HANDLERS: dict[type[protobuf.MessageType], Callable[[Device, protobuf.MessageType], Flow]] = {
    messages.EthereumSignTypedData: on_sign_typed_data,
    messages.EthereumTypedDataStructAck: _stray,
    messages.EthereumTypedDataValueAck: _stray,
}
