"""Every BIP174/BIP370/BIP371/BIP373 test vector: refused, or parsed and re-serialised byte for byte."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from wallet.addresses import script_pubkey_of
from wallet.psbt.codec import Transaction, TxIn, TxOut
from wallet.psbt.errors import PsbtError
from wallet.psbt.fields import I
from wallet.psbt.model import MAX_PSBT_BYTES, Psbt, Record, decode_psbt_input, load_psbt
from wallet.psbt.operations import combine, convert, extract, finalize, is_finalized
from wallet.psbt.review import review_psbt
from wallet.types import Network

VECTORS: dict[str, Any] = json.loads(
    (Path(__file__).parent / "vectors" / "psbt_test_vectors.json").read_text()
)


def _maps_as_sets(psbt: Psbt) -> list[set[Record]]:
    maps = [psbt.global_map, *psbt.inputs, *psbt.outputs]
    return [set(m.records) for m in maps]


@pytest.mark.parametrize("index", range(len(VECTORS["invalid"])))
def test_invalid_vector_is_refused_with_one_clear_line(index: int) -> None:
    with pytest.raises(PsbtError) as refused:
        load_psbt(VECTORS["invalid"][index])
    message = str(refused.value)
    assert message and "\n" not in message and len(message) < 200


@pytest.mark.parametrize("index", range(len(VECTORS["valid"])))
def test_valid_vector_round_trips_byte_for_byte(index: int) -> None:
    text = VECTORS["valid"][index]
    psbt = load_psbt(text)
    assert psbt.to_base64() == text
    assert Psbt.parse(base64.b64decode(text)).serialize() == base64.b64decode(text)
    tx = psbt.unsigned_tx()
    assert len(tx.inputs) == len(psbt.inputs) and len(tx.outputs) == len(psbt.outputs)


@pytest.mark.parametrize("index", range(len(VECTORS["valid"])))
def test_valid_vector_survives_conversion_both_ways(index: int) -> None:
    psbt = load_psbt(VECTORS["valid"][index])
    other = 2 if psbt.version == 0 else 0
    there = convert(psbt, other)
    assert there.version == other
    assert Psbt.parse(there.serialize()) == there
    back = convert(there, psbt.version)
    assert back.unsigned_tx() == psbt.unsigned_tx()
    if psbt.version == 0:
        assert back.serialize() == psbt.serialize()


@pytest.mark.parametrize(("text", "locktime"), VECTORS["locktimes"])
def test_v2_locktime_is_determined_as_bip370_says(text: str, locktime: int) -> None:
    assert load_psbt(text).locktime() == locktime


def test_conflicting_locktime_requirements_are_refused() -> None:
    psbt = load_psbt(VECTORS["conflicting_locktimes"][0])
    with pytest.raises(PsbtError, match="both a time lock and a height lock"):
        psbt.locktime()


@pytest.mark.parametrize("case", VECTORS["combiner"])
def test_combiner_vectors(case: dict[str, Any]) -> None:
    first, second = (load_psbt(text) for text in case["combine"])
    combined, added = combine(first, second)
    assert added > 0
    assert _maps_as_sets(combined) == _maps_as_sets(load_psbt(case["result"]))


def test_combining_psbts_of_different_transactions_is_refused() -> None:
    first, second = load_psbt(VECTORS["valid"][0]), load_psbt(VECTORS["valid"][1])
    with pytest.raises(PsbtError, match="different transactions"):
        combine(first, second)


@pytest.mark.parametrize("version", [0, 2])
def test_finalizer_and_extractor_vectors(version: int) -> None:
    case = VECTORS["finalizer"][0]
    finalized = finalize(convert(load_psbt(case["finalize"]), version))
    assert finalized.version == version and is_finalized(finalized)
    assert convert(finalized, 0) == load_psbt(case["result"])
    assert extract(finalized).hex() == VECTORS["extractor"][0]["result"]
    assert extract(load_psbt(VECTORS["extractor"][0]["extract"])).hex() == VECTORS["extractor"][0]["result"]


def test_finalizing_with_a_corrupted_signature_is_refused() -> None:
    psbt = load_psbt(VECTORS["finalizer"][0]["finalize"])
    target = psbt.inputs[1]
    position = next(n for n, r in enumerate(target.records) if r.key_type == I.PARTIAL_SIG)
    record = target.records[position]
    corrupted = bytearray(record.value)
    corrupted[10] ^= 1  # still DER, no longer a valid signature
    target.records[position] = Record(record.key_type, record.key_data, bytes(corrupted))
    with pytest.raises(PsbtError, match="cannot finalize"):
        finalize(psbt)


def test_extracting_an_unfinalized_psbt_is_refused() -> None:
    with pytest.raises(PsbtError, match="not finalized"):
        extract(load_psbt(VECTORS["finalizer"][0]["finalize"]))


def test_binary_base64_and_hex_forms_all_load() -> None:
    text = VECTORS["valid"][0]
    raw = base64.b64decode(text)
    wrapped = "\n".join(text[i : i + 64] for i in range(0, len(text), 64)) + "\n"
    for form in (raw, text, wrapped.encode(), raw.hex(), f"  {text}  "):
        assert load_psbt(form).serialize() == raw


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "not a PSBT"),
        (b"\x00\x01\x02junk", "not a PSBT"),
        ("!!!not base64!!!", "not a PSBT"),
        (base64.b64encode(b"hello world"), "magic bytes"),
        (b"psbt\xff", "truncated"),
    ],
)
def test_junk_is_refused_clearly(data: bytes | str, message: str) -> None:
    with pytest.raises(PsbtError, match=message):
        load_psbt(data)


def test_every_truncation_of_a_valid_psbt_is_refused() -> None:
    raw = base64.b64decode(VECTORS["valid"][3])
    for cut in range(len(raw)):
        with pytest.raises(PsbtError):
            Psbt.parse(raw[:cut])


def test_oversized_input_is_refused_before_decoding() -> None:
    with pytest.raises(PsbtError, match="at most 50 MB"):
        decode_psbt_input(b"A" * (MAX_PSBT_BYTES + 1))


def test_converting_to_an_unknown_version_is_refused() -> None:
    with pytest.raises(PsbtError, match="choose 0 or 2"):
        convert(load_psbt(VECTORS["valid"][0]), 1)


@pytest.mark.parametrize("index", range(len(VECTORS["valid"])))
def test_every_valid_vector_can_be_reviewed(index: int) -> None:
    psbt = load_psbt(VECTORS["valid"][index])
    for fingerprint in (None, bytes.fromhex("5c9e228d")):
        review = review_psbt(psbt, fingerprint=fingerprint)
        assert len(review.inputs) == len(psbt.inputs) and review.to_text()
        json.dumps(review.to_dict())


def test_creator_vector() -> None:
    case = VECTORS["creator"][0]
    inputs = tuple(TxIn(bytes.fromhex(i["txid"])[::-1], i["vout"]) for i in case["inputs"])
    outputs = tuple(
        TxOut(round(amount * 100_000_000), script_pubkey_of(address, Network.REGTEST))
        for output in case["outputs"]
        for address, amount in output.items()
    )
    created = Psbt.from_unsigned_tx(Transaction(2, inputs, outputs, 0))
    assert created.to_base64() == case["result"]
    with pytest.raises(PsbtError, match="unsigned transaction"):
        Psbt.from_unsigned_tx(Transaction(2, (TxIn(bytes(32), 0, b"\x51"),), outputs, 0))
