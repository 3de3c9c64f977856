"""Bitcoin wire encoding for PSBTs: compact sizes, key-value records and transactions.

Only serialisation lives here (the formats of BIP174/BIP144); hashing uses hashlib.
Every read is bounds-checked so truncated or junk input gives a `PsbtError`, never
an IndexError or a partial object.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property

from wallet.psbt.errors import PsbtError


def sha256d(data: bytes) -> bytes:
    return hashlib.sha256(hashlib.sha256(data).digest()).digest()


class Reader:
    """A cursor over bytes that refuses to read past the end."""

    def __init__(self, data: bytes, what: str = "PSBT") -> None:
        self._data = data
        self._pos = 0
        self._what = what

    @property
    def remaining(self) -> int:
        return len(self._data) - self._pos

    @property
    def offset(self) -> int:
        """How many bytes have been read."""
        return self._pos

    def read(self, count: int) -> bytes:
        # The hot path of every parse (a PSBT's previous transactions hold thousands of fields):
        # plain locals instead of the `remaining` property.
        start = self._pos
        end = start + count
        if end > len(self._data):
            raise PsbtError(f"{self._what} is truncated: wanted {count} more bytes, {self.remaining} left")
        self._pos = end
        return self._data[start:end]

    def peek(self) -> int | None:
        return self._data[self._pos] if self.remaining else None

    def u8(self) -> int:
        return self.read(1)[0]

    def u32(self) -> int:
        return int.from_bytes(self.read(4), "little")

    def i64(self) -> int:
        return int.from_bytes(self.read(8), "little", signed=True)

    def compact_size(self) -> int:
        """A CompactSize integer; non-canonical (over-long) encodings are refused as BIP174 asks."""
        position = self._pos
        if position < len(self._data) and self._data[position] < 0xFD:  # one byte: by far the commonest
            self._pos = position + 1
            return self._data[position]
        first = self.u8()
        if first < 0xFD:
            return first
        width, minimum = {0xFD: (2, 0xFD), 0xFE: (4, 0x10000), 0xFF: (8, 0x100000000)}[first]
        value = int.from_bytes(self.read(width), "little")
        if value < minimum:
            raise PsbtError(f"{self._what} has a non-canonical compact size {value}")
        return value

    def var_bytes(self) -> bytes:
        return self.read(self.compact_size())


def compact_size(value: int) -> bytes:
    if value < 0xFD:
        return bytes([value])
    if value <= 0xFFFF:
        return b"\xfd" + value.to_bytes(2, "little")
    if value <= 0xFFFF_FFFF:
        return b"\xfe" + value.to_bytes(4, "little")
    return b"\xff" + value.to_bytes(8, "little")


def var_bytes(data: bytes) -> bytes:
    return compact_size(len(data)) + data


def read_compact_size_exact(data: bytes, what: str) -> int:
    """A value that must be exactly one compact size (PSBT_GLOBAL_INPUT_COUNT and the like)."""
    reader = Reader(data, what)
    value = reader.compact_size()
    if reader.remaining:
        raise PsbtError(f"{what} has {reader.remaining} extra bytes")
    return value


@dataclass(frozen=True)
class TxIn:
    txid: bytes  # internal byte order, as serialised
    vout: int
    script_sig: bytes = b""
    sequence: int = 0xFFFF_FFFF
    witness: tuple[bytes, ...] = ()

    @property
    def outpoint(self) -> str:
        return f"{self.txid[::-1].hex()}:{self.vout}"


@dataclass(frozen=True)
class TxOut:
    amount: int
    script: bytes

    def serialize(self) -> bytes:
        return self.amount.to_bytes(8, "little", signed=True) + var_bytes(self.script)


@dataclass(frozen=True)
class Transaction:
    version: int
    inputs: tuple[TxIn, ...]
    outputs: tuple[TxOut, ...]
    locktime: int

    @property
    def has_witness(self) -> bool:
        return any(txin.witness for txin in self.inputs)

    def serialize(self, *, with_witness: bool = True) -> bytes:
        witness = with_witness and self.has_witness
        parts = [self.version.to_bytes(4, "little", signed=True)]
        if witness:
            parts.append(b"\x00\x01")
        parts.append(compact_size(len(self.inputs)))
        for txin in self.inputs:
            parts += [txin.txid, txin.vout.to_bytes(4, "little"), var_bytes(txin.script_sig)]
            parts.append(txin.sequence.to_bytes(4, "little"))
        parts.append(compact_size(len(self.outputs)))
        parts += [txout.serialize() for txout in self.outputs]
        if witness:
            for txin in self.inputs:
                parts.append(compact_size(len(txin.witness)))
                parts += [var_bytes(item) for item in txin.witness]
        parts.append(self.locktime.to_bytes(4, "little"))
        return b"".join(parts)

    @cached_property
    def txid(self) -> bytes:
        """The txid in internal byte order (reverse it for display); computed once per transaction."""
        return sha256d(self.serialize(with_witness=False))

    @property
    def txid_hex(self) -> str:
        return self.txid[::-1].hex()

    def weight(self) -> int:
        """BIP141 weight: 3 × stripped size + total size."""
        return 3 * len(self.serialize(with_witness=False)) + len(self.serialize())


def parse_transaction(data: bytes, *, allow_witness: bool, what: str = "transaction") -> Transaction:
    """Decode a whole transaction; trailing bytes are an error."""
    reader = Reader(data, what)
    version = int.from_bytes(reader.read(4), "little", signed=True)
    count = reader.compact_size()
    segwit = False
    if count == 0 and allow_witness and reader.peek() == 1:
        reader.u8()  # the BIP144 flag byte after the 0x00 marker
        segwit = True
        count = reader.compact_size()
    inputs = [_read_txin(reader) for _ in range(_bounded(count, reader, 41, what))]
    outputs = [_read_txout(reader) for _ in range(_bounded(reader.compact_size(), reader, 9, what))]
    witness_start = reader.offset
    if segwit:
        inputs = [_with_witness(txin, reader, what) for txin in inputs]
        if not any(txin.witness for txin in inputs):
            raise PsbtError(f"{what} uses the segwit format but carries no witness")
    locktime = reader.u32()
    if reader.remaining:
        raise PsbtError(f"{what} has {reader.remaining} bytes of trailing data")
    tx = Transaction(version, tuple(inputs), tuple(outputs), locktime)
    # Every size read was canonical, so the bytes read are the serialisation: the txid is the hash of
    # the stripped bytes (no marker, flag or witnesses), with no second serialisation of the outputs.
    stripped = data[:4] + data[6:witness_start] + data[-4:] if segwit else data
    tx.__dict__["txid"] = sha256d(stripped)  # fills the cached_property
    return tx


def _bounded(count: int, reader: Reader, minimum_size: int, what: str) -> int:
    # A count larger than the bytes left could hold is junk; refusing early avoids huge loops.
    if count * minimum_size > reader.remaining:
        raise PsbtError(f"{what} is truncated: it claims {count} entries")
    return count


def _read_txin(reader: Reader) -> TxIn:
    txid = reader.read(32)
    vout = reader.u32()
    script_sig = reader.var_bytes()
    return TxIn(txid, vout, script_sig, reader.u32())


def _read_txout(reader: Reader) -> TxOut:
    amount = reader.i64()
    return TxOut(amount, reader.var_bytes())


def _with_witness(txin: TxIn, reader: Reader, what: str) -> TxIn:
    items = _bounded(reader.compact_size(), reader, 1, what)
    witness = tuple(reader.var_bytes() for _ in range(items))
    return TxIn(txin.txid, txin.vout, txin.script_sig, txin.sequence, witness)


def parse_witness_stack(data: bytes, what: str) -> tuple[bytes, ...]:
    reader = Reader(data, what)
    items = _bounded(reader.compact_size(), reader, 1, what)
    stack = tuple(reader.var_bytes() for _ in range(items))
    if reader.remaining:
        raise PsbtError(f"{what} has {reader.remaining} bytes of trailing data")
    return stack


def serialize_witness_stack(stack: tuple[bytes, ...]) -> bytes:
    return compact_size(len(stack)) + b"".join(var_bytes(item) for item in stack)


def parse_txout(data: bytes, what: str) -> TxOut:
    reader = Reader(data, what)
    txout = _read_txout(reader)
    if reader.remaining:
        raise PsbtError(f"{what} has {reader.remaining} bytes of trailing data")
    return txout
