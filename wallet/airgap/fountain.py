"""Multi-part fountain code (BCR-2024-001 sections 4-6): split, mix by XOR, reassemble.

Parts 1..seq_len are the plain fragments in order; every later part XORs a pseudo-random
subset (`consensus.FragmentChooser`), so a receiver that missed some frames completes from
whatever arrives next instead of waiting for the loop to come round. The decoder reduces
mixed parts by the parts it holds until every fragment is known, then checks the CRC-32.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cbor2

from wallet.airgap.consensus import FragmentChooser, crc32
from wallet.airgap.errors import ForeignFrame, MalformedFrame

MAX_SEQ_NUM = 0xFFFFFFFF
# A receiver's own bound: 100 MB of message is far beyond any PSBT and keeps a forged
# header from making us allocate without limit.
MAX_MESSAGE_LEN = 100 * 1024 * 1024


@dataclass(frozen=True)
class FountainPart:
    """One transmitted part: CBOR ``[seqNum, seqLen, messageLen, checksum, data]``."""

    seq_num: int
    seq_len: int
    message_len: int
    checksum: int
    data: bytes

    def to_cbor(self) -> bytes:
        return cbor2.dumps([self.seq_num, self.seq_len, self.message_len, self.checksum, self.data])

    @classmethod
    def from_cbor(cls, encoded: bytes) -> FountainPart:
        try:
            fields = cbor2.loads(encoded)
        except (cbor2.CBORDecodeError, ValueError, TypeError, OverflowError) as exc:
            raise MalformedFrame(f"the part is not valid CBOR ({exc})") from None
        if not isinstance(fields, list) or len(fields) != 5:
            raise MalformedFrame("the part is not a five-element CBOR array")
        seq_num, seq_len, message_len, checksum, data = fields
        if not all(type(value) is int for value in (seq_num, seq_len, message_len, checksum)):
            raise MalformedFrame("the part's header fields are not unsigned integers")
        if not isinstance(data, bytes) or not data:
            raise MalformedFrame("the part carries no fragment bytes")
        if not 1 <= seq_num <= MAX_SEQ_NUM or not 0 <= checksum <= 0xFFFFFFFF:
            raise MalformedFrame("the part's sequence number or checksum is out of range")
        return cls(seq_num, seq_len, message_len, checksum, data)

    def check_consistent(self) -> None:
        """What a decoder needs before trusting the header (the CBOR vector alone need not be)."""
        if not 1 <= self.message_len <= MAX_MESSAGE_LEN:
            raise MalformedFrame("the part announces an impossible message length")
        if self.seq_len < 1 or self.seq_len != math.ceil(self.message_len / len(self.data)):
            raise MalformedFrame("the part's fragment count does not match its sizes")


def nominal_fragment_length(message_len: int, min_fragment_len: int, max_fragment_len: int) -> int:
    """The smallest fragment count whose (equal) fragments fit `max_fragment_len`, within the
    minimum; the reference encoders' choice, which the published vectors assume."""
    if message_len <= 0 or min_fragment_len <= 0 or max_fragment_len < min_fragment_len:
        raise ValueError("fragment lengths must be positive and max >= min")
    max_count = max(message_len // min_fragment_len, 1)
    fragment_len = message_len
    for count in range(1, max_count + 1):
        fragment_len = -(-message_len // count)
        if fragment_len <= max_fragment_len:
            break
    return fragment_len


def partition(message: bytes, fragment_len: int) -> list[bytes]:
    """Equal fragments, the last padded with zero bytes."""
    fragments = [message[i : i + fragment_len] for i in range(0, len(message), fragment_len)]
    fragments[-1] = fragments[-1].ljust(fragment_len, b"\0")
    return fragments


def _xor(left: bytes, right: bytes) -> bytes:
    size = len(left)
    return (int.from_bytes(left, "big") ^ int.from_bytes(right, "big")).to_bytes(size, "big")


class FountainEncoder:
    """Yields parts without end: the seq_len plain fragments, then mixed ones."""

    def __init__(
        self, message: bytes, max_fragment_len: int, *, min_fragment_len: int = 10, first_seq_num: int = 0
    ) -> None:
        self.message_len = len(message)
        self.checksum = crc32(message)
        self.fragment_len = nominal_fragment_length(
            len(message), min(min_fragment_len, max_fragment_len), max_fragment_len
        )
        self._fragments = partition(message, self.fragment_len)
        self._chooser = FragmentChooser(len(self._fragments), self.checksum)
        self.seq_num = first_seq_num

    @property
    def seq_len(self) -> int:
        return len(self._fragments)

    def next_part(self) -> FountainPart:
        self.seq_num = (self.seq_num + 1) & MAX_SEQ_NUM
        mixed = bytes(self.fragment_len)
        for index in self._chooser.fragments(self.seq_num):
            mixed = _xor(mixed, self._fragments[index])
        return FountainPart(self.seq_num, self.seq_len, self.message_len, self.checksum, mixed)


@dataclass(frozen=True)
class _Held:
    indexes: frozenset[int]
    data: bytes


class FountainDecoder:
    """Collects parts in any order, duplicates and mixed ones included, until the message is
    whole. A part of another message (other count, length or checksum) raises ForeignFrame
    and changes nothing, so the scan in progress continues."""

    def __init__(self) -> None:
        self._chooser: FragmentChooser | None = None
        self._first: FountainPart | None = None
        self._simple: dict[int, bytes] = {}
        self._mixed: dict[frozenset[int], bytes] = {}
        self.result: bytes | None = None
        self.parts_processed = 0

    @property
    def expected_count(self) -> int | None:
        return None if self._first is None else self._first.seq_len

    @property
    def received_count(self) -> int:
        return len(self._simple)

    def receive(self, part: FountainPart) -> bool:
        """Take one part; True when it was used (not a duplicate after completion)."""
        if self.result is not None:
            return False
        part.check_consistent()
        self._check_same_message(part)
        if self._chooser is None:
            self._chooser = FragmentChooser(part.seq_len, part.checksum)
        self._process([_Held(self._chooser.fragments(part.seq_num), part.data)])
        self.parts_processed += 1
        return True

    def _check_same_message(self, part: FountainPart) -> None:
        first = self._first
        if first is None:
            self._first = part
            return
        if (part.seq_len, part.message_len, part.checksum, len(part.data)) != (
            first.seq_len,
            first.message_len,
            first.checksum,
            len(first.data),
        ):
            raise ForeignFrame("this frame belongs to another message than the one being scanned")

    def _process(self, queue: list[_Held]) -> None:
        while queue and self.result is None:
            held = queue.pop(0)
            if len(held.indexes) == 1:
                self._add_simple(held, queue)
            else:
                self._add_mixed(held, queue)

    def _add_simple(self, held: _Held, queue: list[_Held]) -> None:
        (index,) = held.indexes
        if index in self._simple:
            return
        self._simple[index] = held.data
        if self._first is not None and len(self._simple) == self._first.seq_len:
            self._assemble(self._first)
        else:
            self._reduce_mixed_by(held, queue)

    def _add_mixed(self, held: _Held, queue: list[_Held]) -> None:
        if held.indexes in self._mixed:
            return
        for index in held.indexes & self._simple.keys():  # remove every fragment already known
            held = _Held(held.indexes - {index}, _xor(held.data, self._simple[index]))
        for indexes, data in self._mixed.items():
            if indexes < held.indexes:
                held = _Held(held.indexes - indexes, _xor(held.data, data))
        if len(held.indexes) == 1:
            queue.append(held)
        elif held.indexes and held.indexes not in self._mixed:
            self._reduce_mixed_by(held, queue)
            self._mixed[held.indexes] = held.data

    def _reduce_mixed_by(self, known: _Held, queue: list[_Held]) -> None:
        kept: dict[frozenset[int], bytes] = {}
        for indexes, data in self._mixed.items():
            if known.indexes < indexes:
                indexes, data = indexes - known.indexes, _xor(data, known.data)
            if len(indexes) == 1:
                queue.append(_Held(indexes, data))
            else:
                kept[indexes] = data
        self._mixed = kept

    def _assemble(self, first: FountainPart) -> None:
        message = b"".join(self._simple[i] for i in range(first.seq_len))[: first.message_len]
        if crc32(message) != first.checksum:
            self._simple.clear()
            self._mixed.clear()
            raise MalformedFrame("the reassembled message fails its checksum; scan again")
        self.result = message
