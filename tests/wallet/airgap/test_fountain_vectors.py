"""The fountain code against BCR-2024-001's published vectors (vectors/mur_vectors.json)."""

from __future__ import annotations

import hashlib
import json
import random
from collections import Counter
from pathlib import Path

import pytest

from wallet.airgap.consensus import AliasSampler, FragmentChooser, Xoshiro256, crc32, shuffled_prefix
from wallet.airgap.errors import ForeignFrame, MalformedFrame
from wallet.airgap.fountain import (
    FountainDecoder,
    FountainEncoder,
    FountainPart,
    nominal_fragment_length,
    partition,
)

VECTORS = json.loads((Path(__file__).parent / "vectors" / "mur_vectors.json").read_text())


def wolf() -> Xoshiro256:
    return Xoshiro256.from_seed(b"Wolf")


def make_message(length: int, seed: bytes = b"Wolf") -> bytes:
    return Xoshiro256.from_seed(seed).next_data(length)


def test_crc32_vectors() -> None:
    assert crc32(b"Wolf") == 0x598C84DC
    assert crc32(bytes.fromhex(VECTORS["crc32_2_hex"])) == 0x2F19F3BB


def test_sha256_vector() -> None:
    digest = hashlib.sha256(b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq").hexdigest()
    assert digest == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"


def test_xoshiro_vectors() -> None:
    rng = wolf()
    assert [rng.next() % 100 for _ in range(100)] == VECTORS["rng1"]
    rng = Xoshiro256.from_seed(crc32(b"Wolf").to_bytes(4, "big"))
    assert [rng.next() % 100 for _ in range(100)] == VECTORS["rng2"]
    rng = wolf()
    assert [rng.next_int(1, 10) for _ in range(100)] == VECTORS["rng3"]


def test_alias_sampler_vector() -> None:
    sampler, rng = AliasSampler([1, 2, 4, 8]), wolf()
    samples = [sampler.next(rng.next_double) for _ in range(500)]
    assert samples == VECTORS["sampler"]
    assert [Counter(samples)[i] for i in range(4)] == [28, 68, 130, 274]


def test_shuffle_vector() -> None:
    values = list(range(1, 11))
    expected_full = [6, 4, 9, 3, 10, 5, 7, 8, 1, 2]
    for count in range(1, 11):
        assert shuffled_prefix(values, wolf(), count) == expected_full[:count]


def test_fragment_length_vectors() -> None:
    assert nominal_fragment_length(12_345, 1_005, 1_955) == 1_764
    assert nominal_fragment_length(12_345, 1_005, 30_000) == 12_345


def test_partition_vector_and_crc32_vector_message() -> None:
    message = make_message(1024)
    assert message.hex() == VECTORS["crc32_2_hex"]
    fragments = partition(message, nominal_fragment_length(len(message), 10, 100))
    assert [f.hex() for f in fragments] == VECTORS["fragments"]


def test_degree_and_fragment_chooser_vectors() -> None:
    message = make_message(1024)
    chooser = FragmentChooser(11, crc32(message))
    rng = wolf()
    degrees = [chooser.choose_degree(rng) for _ in range(1000)]
    assert degrees == VECTORS["degrees"]
    assert [sorted(chooser.fragments(n)) for n in range(1, 51)] == VECTORS["fragment_indexes"]


def test_xor_vector() -> None:
    rng = wolf()
    assert rng.next_data(10).hex() == "916ec65cf77cadf55cd7"
    assert rng.next_data(10).hex() == "f9cda1a1030026ddd42e"


def test_part_cbor_vector() -> None:
    part = FountainPart(12, 8, 100, 0x12345678, bytes([1, 5, 3, 3, 5]))
    assert part.to_cbor().hex() == "850c0818641a12345678450105030305"
    assert FountainPart.from_cbor(part.to_cbor()) == part


def test_encoder_vectors() -> None:
    encoder = FountainEncoder(make_message(256), 30)
    parts = [encoder.next_part() for _ in range(20)]
    described = [
        f"seqNum:{p.seq_num}, seqLen:{p.seq_len}, messageLen:{p.message_len}, checksum:{p.checksum}, data:{p.data.hex()}"
        for p in parts
    ]
    assert described == VECTORS["encoder_parts"]
    assert [p.to_cbor().hex() for p in parts] == VECTORS["encoder_cbor"]


def test_decoder_vector_32767_bytes_from_part_100() -> None:
    """BCR-2024-001 testDecoder: only mixed parts (from seqNum 101) still rebuild the message."""
    message = make_message(32767)
    encoder = FountainEncoder(message, 1000, first_seq_num=100)
    decoder = FountainDecoder()
    while decoder.result is None:
        decoder.receive(encoder.next_part())
    assert decoder.result == message


def test_decoder_out_of_order_duplicates_and_drops() -> None:
    message = make_message(5000, b"order")
    encoder = FountainEncoder(message, 200)
    parts = [encoder.next_part() for _ in range(120)]
    shuffler = random.Random(7)
    stream = [p for p in parts if shuffler.random() > 0.3]  # ~30% dropped
    stream += shuffler.sample(stream, 20)  # repeats
    shuffler.shuffle(stream)
    decoder = FountainDecoder()
    for part in stream:
        decoder.receive(part)
        if decoder.result is not None:
            break
    assert decoder.result == message


def test_part_of_another_message_is_refused_and_scan_continues() -> None:
    first = FountainEncoder(make_message(600, b"one"), 100)
    other = FountainEncoder(make_message(600, b"two"), 100)
    decoder = FountainDecoder()
    decoder.receive(first.next_part())
    with pytest.raises(ForeignFrame):
        decoder.receive(other.next_part())
    while decoder.result is None:
        decoder.receive(first.next_part())
    assert decoder.result == make_message(600, b"one")


def test_corrupted_fragment_fails_the_checksum() -> None:
    message = make_message(300)
    encoder = FountainEncoder(message, 100)
    decoder = FountainDecoder()
    parts = [encoder.next_part() for _ in range(3)]
    bad = FountainPart(3, 3, 300, parts[2].checksum, bytes(100))
    decoder.receive(parts[0])
    decoder.receive(parts[1])
    with pytest.raises(MalformedFrame, match="checksum"):
        decoder.receive(bad)


@pytest.mark.parametrize(
    "encoded",
    [
        "850c0818641a12345678",  # four fields
        "85000818641a12345678450105030305",  # seqNum 0
        "850c0818641a1234567840",  # empty fragment
        "ff",
    ],
)
def test_malformed_parts_are_refused(encoded: str) -> None:
    with pytest.raises(MalformedFrame):
        FountainPart.from_cbor(bytes.fromhex(encoded))


def test_inconsistent_header_is_refused_by_the_decoder() -> None:
    # 8 fragments of 5 bytes cannot carry a 100-byte message
    part = FountainPart.from_cbor(bytes.fromhex("850c0818641a12345678450105030305"))
    with pytest.raises(MalformedFrame, match="fragment count"):
        FountainDecoder().receive(part)
