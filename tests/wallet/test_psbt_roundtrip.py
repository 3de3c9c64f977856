"""Property: generated PSBTs survive serialise → parse and version 0 → 2 → 0 unchanged."""

from __future__ import annotations

import coincurve
from hypothesis import given, settings
from hypothesis import strategies as st

from wallet.psbt.codec import Transaction, TxIn, TxOut
from wallet.psbt.fields import G, I, O
from wallet.psbt.model import Psbt, PsbtMap, Record
from wallet.psbt.operations import convert

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
