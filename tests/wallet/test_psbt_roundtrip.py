"""Properties: generated PSBTs round-trip (bytes, v0 → v2 → v0); mangled ones never crash the parser."""

from __future__ import annotations

import base64
import contextlib
import json
from pathlib import Path

import coincurve
from hypothesis import given, settings
from hypothesis import strategies as st

from wallet.psbt.codec import Transaction, TxIn, TxOut
from wallet.psbt.errors import PsbtError
from wallet.psbt.fields import G, I, O
from wallet.psbt.model import Psbt, PsbtMap, Record
from wallet.psbt.operations import convert
from wallet.psbt.review import review_psbt

SECP256K1_ORDER = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141

u32 = st.integers(0, 0xFFFF_FFFF)
scripts = st.binary(min_size=0, max_size=40)
public_keys = st.integers(1, SECP256K1_ORDER - 1).map(
    lambda secret: coincurve.PrivateKey.from_int(secret).public_key.format(compressed=True)
)
key_origins = st.tuples(st.binary(min_size=4, max_size=4), st.lists(u32, max_size=5)).map(
    lambda origin: origin[0] + b"".join(step.to_bytes(4, "little") for step in origin[1])
)
# Key types no BIP defines for any map (0x1d..0xfa), so they are kept as unknown records.
unknown_records = st.dictionaries(
    st.tuples(st.integers(0x1D, 0xFA), st.binary(max_size=8)), st.binary(max_size=20), max_size=3
).map(lambda entries: [Record(t, k, v) for (t, k), v in entries.items()])


@st.composite
def input_maps(draw: st.DrawFn) -> PsbtMap:
    records: list[Record] = []
    if draw(st.booleans()):
        txout = TxOut(draw(st.integers(0, 21 * 10**14)), draw(scripts))
        records.append(Record(I.WITNESS_UTXO, b"", txout.serialize()))
    if draw(st.booleans()):
        records.append(Record(I.SIGHASH_TYPE, b"", draw(u32).to_bytes(4, "little")))
    for key, origin in draw(st.dictionaries(public_keys, key_origins, max_size=3)).items():
        records.append(Record(I.BIP32_DERIVATION, key, origin))
    return PsbtMap(records + draw(unknown_records))


@st.composite
def output_maps(draw: st.DrawFn) -> PsbtMap:
    records = [
        Record(O.BIP32_DERIVATION, key, origin)
        for key, origin in draw(st.dictionaries(public_keys, key_origins, max_size=2)).items()
    ]
    return PsbtMap(records + draw(unknown_records))


@st.composite
def psbts(draw: st.DrawFn) -> Psbt:
    txins = draw(
        st.lists(
            st.builds(TxIn, st.binary(min_size=32, max_size=32), u32, st.just(b""), u32),
            min_size=1,
            max_size=3,
        )
    )
    txouts = draw(st.lists(st.builds(TxOut, st.integers(0, 21 * 10**14), scripts), min_size=1, max_size=3))
    tx = Transaction(draw(st.integers(1, 2)), tuple(txins), tuple(txouts), draw(u32))
    global_map = PsbtMap(
        [Record(G.UNSIGNED_TX, b"", tx.serialize(with_witness=False)), *draw(unknown_records)]
    )
    inputs = [draw(input_maps()) for _ in txins]
    outputs = [draw(output_maps()) for _ in txouts]
    return Psbt(global_map, inputs, outputs)


@settings(max_examples=150, deadline=None)
@given(psbts())
def test_generated_psbt_round_trips_through_bytes(psbt: Psbt) -> None:
    raw = psbt.serialize()
    parsed = Psbt.parse(raw)
    assert parsed == psbt
    assert parsed.serialize() == raw


@settings(max_examples=150, deadline=None)
@given(psbts())
def test_generated_psbt_round_trips_through_version_2(psbt: Psbt) -> None:
    as_v2 = Psbt.parse(convert(psbt, 2).serialize())
    assert as_v2.version == 2
    assert as_v2.unsigned_tx() == psbt.unsigned_tx()
    assert convert(as_v2, 0) == psbt


_VECTOR_BYTES = [
    base64.b64decode(text)
    for text in json.loads((Path(__file__).parent / "vectors" / "psbt_test_vectors.json").read_text())[
        "valid"
    ]
]


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(_VECTOR_BYTES),
    st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), min_size=1, max_size=4),
    st.integers(0, 10_000),
)
def test_mangled_psbts_are_parsed_or_refused_with_psbt_error_never_crash(
    raw: bytes, flips: list[tuple[int, int]], cut: int
) -> None:
    mangled = bytearray(raw)
    for position, value in flips:
        mangled[position % len(mangled)] = value
    data = bytes(mangled[: max(5, len(mangled) - cut % 40)])
    try:
        psbt = Psbt.parse(data)
    except PsbtError:
        return
    assert psbt.serialize() == data
    with contextlib.suppress(PsbtError):  # e.g. conflicting lock times: a message, not a crash
        review_psbt(psbt, fingerprint=bytes.fromhex("5c9e228d"))
