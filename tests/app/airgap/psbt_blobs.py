"""Valid PSBTs of any size for the QR tests: a real unsigned transaction (one input, a few
P2WPKH outputs) plus a proprietary global record (BIP174 type 0xFC) of random bytes that
brings the file to the wanted size. The strict parser accepts and keeps such records."""

from __future__ import annotations

import random

from wallet.psbt.codec import compact_size, var_bytes


def _transaction(rng: random.Random, outputs: int) -> bytes:
    tx = (2).to_bytes(4, "little") + compact_size(1)
    tx += rng.randbytes(32) + (0).to_bytes(4, "little") + compact_size(0) + (0xFFFFFFFD).to_bytes(4, "little")
    tx += compact_size(outputs)
    for _ in range(outputs):
        tx += rng.randrange(546, 10**8).to_bytes(8, "little") + var_bytes(b"\x00\x14" + rng.randbytes(20))
    return tx + (0).to_bytes(4, "little")


def random_psbt(size: int, seed: int) -> bytes:
    """A parseable PSBT of exactly `size` bytes (at least ~200)."""
    rng = random.Random(seed)
    outputs = rng.randrange(1, 4)
    head = b"psbt\xff" + var_bytes(b"\x00") + var_bytes(_transaction(rng, outputs))
    key = var_bytes(b"\xfc" + var_bytes(b"coldsplit-test") + b"\x00")
    tail = b"\x00" + b"\x00" + b"\x00" * outputs  # end of globals, one empty input map, outputs
    room = size - len(head) - len(key) - len(tail)
    value = b""
    for header in (1, 3, 5):  # the value's compact-size length prefix takes 1, 3 or 5 bytes
        value = rng.randbytes(max(room - header, 0))
        if len(compact_size(len(value))) == header:
            break
    return head + key + var_bytes(value) + tail
