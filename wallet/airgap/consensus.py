"""The fountain code's "consensus stack" (BCR-2024-001 section 4): what sender and receiver
must compute identically to agree, without sending it, which fragments a part mixes.

CRC-32 (zlib) → SHA-256 (hashlib) → Xoshiro256** → alias-method sampler → degree → partial
Fisher-Yates shuffle. The arithmetic follows the specification's text; its published
vectors are in tests/wallet/airgap/test_fountain_vectors.py. Floating point is IEEE-754
double, as the specification requires for determinism.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Callable, Sequence

_MASK64 = (1 << 64) - 1
_TWO_TO_64 = float(1 << 64)


def crc32(data: bytes) -> int:
    return zlib.crc32(data) & 0xFFFFFFFF


def _rotl(value: int, shift: int) -> int:
    return ((value << shift) | (value >> (64 - shift))) & _MASK64


class Xoshiro256:
    """Xoshiro256** (Blackman & Vigna), seeded from a SHA-256 digest read as four big-endian words."""

    def __init__(self, digest: bytes) -> None:
        if len(digest) != 32:
            raise ValueError("Xoshiro256** needs a 32-byte seed")
        self._state = [int.from_bytes(digest[i : i + 8], "big") for i in range(0, 32, 8)]

    @classmethod
    def from_seed(cls, seed: bytes) -> Xoshiro256:
        return cls(hashlib.sha256(seed).digest())

    def next(self) -> int:
        s = self._state
        result = (_rotl((s[1] * 5) & _MASK64, 7) * 9) & _MASK64
        t = (s[1] << 17) & _MASK64
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = _rotl(s[3], 45)
        return result

    def next_double(self) -> float:
        """Uniform in [0, 1): the 64-bit output over 2**64."""
        return float(self.next()) / _TWO_TO_64

    def next_int(self, low: int, high: int) -> int:
        """Uniform in the closed range low..high."""
        return int(self.next_double() * (high - low + 1)) + low

    def next_data(self, count: int) -> bytes:
        return bytes(self.next_int(0, 255) for _ in range(count))


class AliasSampler:
    """Walker-Vose alias method over weighted choices 0..n-1 (the specification's variant:
    indexes are queued in reverse order, which the published samples depend on)."""

    def __init__(self, weights: Sequence[float]) -> None:
        total = sum(weights)
        if total <= 0 or any(w < 0 for w in weights):
            raise ValueError("sampler weights must be non-negative and not all zero")
        count = len(weights)
        scaled = [w * count / total for w in weights]
        small = [i for i in reversed(range(count)) if scaled[i] < 1]
        large = [i for i in reversed(range(count)) if scaled[i] >= 1]
        self._probabilities = [0.0] * count
        self._aliases = [0] * count
        while small and large:
            lesser, greater = small.pop(), large.pop()
            self._probabilities[lesser] = scaled[lesser]
            self._aliases[lesser] = greater
            scaled[greater] += scaled[lesser] - 1
            (small if scaled[greater] < 1 else large).append(greater)
        for leftover in large + small:  # `small` leftovers only through rounding
            self._probabilities[leftover] = 1.0

    def next(self, uniform: Callable[[], float]) -> int:
        column = int(len(self._probabilities) * uniform())
        coin = uniform()
        return column if coin < self._probabilities[column] else self._aliases[column]


def shuffled_prefix(items: Sequence[int], rng: Xoshiro256, count: int) -> list[int]:
    """The first `count` items of a Fisher-Yates shuffle, drawing only what is needed."""
    remaining = list(items)
    chosen: list[int] = []
    while len(chosen) < count:
        chosen.append(remaining.pop(rng.next_int(0, len(remaining) - 1)))
    return chosen


class FragmentChooser:
    """Which fragments part `seq_num` mixes: parts 1..seq_len carry fragment seq_num-1 alone;
    later parts draw a harmonic-weighted degree and that many fragments from a PRNG seeded
    with SHA-256(seq_num ‖ checksum), both big-endian 32-bit."""

    def __init__(self, seq_len: int, checksum: int) -> None:
        self.seq_len = seq_len
        self._checksum = checksum.to_bytes(4, "big")
        self._degrees = AliasSampler([1.0 / degree for degree in range(1, seq_len + 1)])

    def choose_degree(self, rng: Xoshiro256) -> int:
        return self._degrees.next(rng.next_double) + 1

    def fragments(self, seq_num: int) -> frozenset[int]:
        if seq_num <= self.seq_len:
            return frozenset((seq_num - 1,))
        rng = Xoshiro256.from_seed(seq_num.to_bytes(4, "big") + self._checksum)
        degree = self.choose_degree(rng)
        return frozenset(shuffled_prefix(range(self.seq_len), rng, degree))
