"""Inputs sharing one previous transaction: parsed once, yet every input is still checked on its own.

A wallet's spend often takes several outputs of one transaction, and each input then carries
that whole transaction (PSBT_IN_NON_WITNESS_UTXO). The parser checks such a value once and keeps
the parse; these tests pin that nothing is lost by it: each input's outpoint is still matched
against the transaction, a bad value is still refused (naming the first input carrying it), a
map edited after parsing is read afresh, and the txid read off the bytes is the txid.
"""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wallet.psbt.codec import Transaction, TxIn, TxOut, parse_transaction, sha256d
from wallet.psbt.errors import PsbtError
from wallet.psbt.fields import G, I
from wallet.psbt.model import Psbt, PsbtMap, Record

P2WPKH = bytes.fromhex("0014") + bytes(range(20))


def _previous(outputs: int, salt: int = 0) -> Transaction:
    source = TxIn(hashlib.sha256(salt.to_bytes(4, "little")).digest(), 1, b"", 0xFFFF_FFFD)
    return Transaction(2, (source,), tuple(TxOut(10_000 + n, P2WPKH) for n in range(outputs)), 0)


def _psbt(spent: list[tuple[Transaction, int]], raw: list[bytes] | None = None) -> bytes:
    """A version 0 PSBT spending (previous transaction, vout) pairs, each input carrying its whole
    previous transaction (`raw` overrides the bytes carried)."""
    txins = tuple(TxIn(previous.txid, vout, b"", 0xFFFF_FFFD) for previous, vout in spent)
    tx = Transaction(2, txins, (TxOut(5_000, P2WPKH),), 0)
    values = raw or [previous.serialize() for previous, _ in spent]
    inputs = [PsbtMap([Record(I.NON_WITNESS_UTXO, b"", value)]) for value in values]
    unsigned = PsbtMap([Record(G.UNSIGNED_TX, b"", tx.serialize(with_witness=False))])
    return Psbt(unsigned, inputs, [PsbtMap()]).serialize()


def test_inputs_sharing_a_previous_transaction_each_get_their_own_output() -> None:
    shared, other = _previous(5), _previous(2, salt=1)
    psbt = Psbt.parse(_psbt([(shared, 4), (other, 1), (shared, 0), (shared, 2)]))
    amounts = [utxo.amount for n in range(4) if (utxo := psbt.utxo(n)) is not None]
    assert amounts == [10_004, 10_001, 10_000, 10_002]
    assert psbt.previous_tx(0) == psbt.previous_tx(2) == shared
    assert psbt.previous_tx(1) == other


def test_an_outpoint_past_the_shared_transactions_outputs_is_refused_at_its_own_input() -> None:
    shared = _previous(3)
    with pytest.raises(PsbtError, match="input 2: the previous transaction has no output 3"):
        Psbt.parse(_psbt([(shared, 0), (shared, 2), (shared, 3)]))


def test_a_shared_transaction_carried_by_an_input_that_does_not_spend_it_is_refused() -> None:
    shared, other = _previous(3), _previous(3, salt=1)
    data = _psbt([(shared, 0), (other, 1), (shared, 2)], raw=[shared.serialize()] * 3)
    with pytest.raises(PsbtError, match="input 1: the previous transaction does not match"):
        Psbt.parse(data)


def test_a_malformed_shared_value_is_refused_naming_the_first_input_carrying_it() -> None:
    shared = _previous(3)
    truncated = shared.serialize()[:-1]
    data = _psbt([(shared, 0), (shared, 1)], raw=[truncated, truncated])
    with pytest.raises(PsbtError, match="PSBT_IN_NON_WITNESS_UTXO in input 0 is truncated"):
        Psbt.parse(data)


def test_a_map_edited_after_parsing_is_read_afresh() -> None:
    first, second = _previous(3), _previous(3, salt=1)
    psbt = Psbt.parse(_psbt([(first, 0), (first, 1)]))
    assert psbt.previous_tx(1) == first
    psbt.inputs[1].put(I.NON_WITNESS_UTXO, second.serialize())
    assert psbt.previous_tx(1) == second
    moved = Transaction(2, (TxIn(second.txid, 2, b"", 0xFFFF_FFFD),), (TxOut(1, P2WPKH),), 0)
    copy = psbt.copy()
    copy.global_map.put(G.UNSIGNED_TX, moved.serialize(with_witness=False))
    assert [txin.vout for txin in copy.tx_inputs()] == [2]
    assert [txin.vout for txin in psbt.tx_inputs()] == [0, 1]  # the original is untouched by the copy's edit


witness_items = st.lists(st.binary(max_size=80), min_size=1, max_size=3).map(tuple)


@settings(max_examples=60, deadline=None)
@given(
    inputs=st.lists(
        st.tuples(
            st.binary(min_size=32, max_size=32), st.integers(0, 9), st.binary(max_size=30), witness_items
        ),
        min_size=1,
        max_size=4,
    ),
    amounts=st.lists(st.integers(0, 21 * 10**14), min_size=1, max_size=4),
    segwit=st.booleans(),
)
def test_the_txid_read_off_the_bytes_is_the_hash_of_the_stripped_serialisation(
    inputs: list[tuple[bytes, int, bytes, tuple[bytes, ...]]], amounts: list[int], segwit: bool
) -> None:
    txins = tuple(
        TxIn(txid, vout, script, 0xFFFF_FFFD, witness if segwit else ())
        for txid, vout, script, witness in inputs
    )
    tx = Transaction(1, txins, tuple(TxOut(a, P2WPKH) for a in amounts), 600_000)
    parsed = parse_transaction(tx.serialize(), allow_witness=True)
    assert parsed == tx
    assert parsed.txid == sha256d(tx.serialize(with_witness=False))
    assert tx.txid == parsed.txid  # built, not parsed: the txid is computed from the serialisation
