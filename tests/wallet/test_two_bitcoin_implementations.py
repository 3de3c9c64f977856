"""The wallet's and the software device's Bitcoin code agree (issue 17, point 4).

The emulator keeps a deliberately independent implementation of the signature hashes
(wallet/emulator/sighash.py) and an import-linter contract keeps it from borrowing the
wallet's (wallet/psbt/sighash.py). This compares the two directly on random transactions
for every hash the device signs with: legacy, BIP143 (segwit v0) and BIP341 (taproot key
path), all SIGHASH_ALL / SIGHASH_DEFAULT. A bug in either shows up as a difference here,
before any device test has to explain a signature that does not verify.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from wallet.emulator import sighash as device
from wallet.emulator.scripts import p2pkh_script
from wallet.psbt import sighash as ours
from wallet.psbt.codec import Transaction, TxIn, TxOut

_SCRIPTS = st.one_of(
    st.binary(min_size=20, max_size=20).map(lambda h: b"\x00\x14" + h),  # p2wpkh
    st.binary(min_size=32, max_size=32).map(lambda k: b"\x51\x20" + k),  # p2tr
    st.binary(min_size=20, max_size=20).map(p2pkh_script),
    st.binary(min_size=0, max_size=80).map(lambda d: b"\x6a" + bytes([len(d)]) + d),  # OP_RETURN
)
_INPUT = st.tuples(st.binary(min_size=32, max_size=32), st.integers(0, 40), st.integers(0, 2**32 - 1))
_OUTPUT = st.tuples(st.integers(0, 21_000_000 * 10**8), _SCRIPTS)


@st.composite
def spends(draw: st.DrawFn) -> tuple[Transaction, list[TxOut], int]:
    """A transaction, the outputs its inputs spend, and which input is signed."""
    inputs = draw(st.lists(_INPUT, min_size=1, max_size=4))
    outputs = draw(st.lists(_OUTPUT, min_size=1, max_size=4))
    spent = [TxOut(draw(st.integers(1, 10**12)), draw(_SCRIPTS)) for _ in inputs]
    tx = Transaction(
        draw(st.integers(1, 2)),
        tuple(TxIn(txid, vout, b"", sequence) for txid, vout, sequence in inputs),
        tuple(TxOut(amount, script) for amount, script in outputs),
        draw(st.integers(0, 2**32 - 1)),
    )
    return tx, spent, draw(st.integers(0, len(inputs) - 1))


def _device_view(tx: Transaction, spent: list[TxOut]) -> tuple[list[device.TxIn], device.SegwitDigests]:
    """The same transaction as the device's code holds it (previous txids in display order)."""
    inputs = [device.TxIn(i.txid[::-1], i.vout, i.sequence) for i in tx.inputs]
    outputs = [device.TxOut(o.amount, o.script) for o in tx.outputs]
    digests = device.SegwitDigests.compute(
        inputs, [s.amount for s in spent], [s.script for s in spent], outputs
    )
    return inputs, digests


@settings(max_examples=150, deadline=None)
@given(spends(), st.binary(min_size=20, max_size=20))
def test_legacy_and_bip143_hashes_agree(
    case: tuple[Transaction, list[TxOut], int], pubkey_hash: bytes
) -> None:
    tx, spent, index = case
    inputs, digests = _device_view(tx, spent)
    outputs = [device.TxOut(o.amount, o.script) for o in tx.outputs]
    script_code = p2pkh_script(pubkey_hash)
    assert device.legacy_sighash(
        tx.version, tx.locktime, inputs, outputs, index, script_code
    ) == ours.legacy_sighash(tx, index, script_code, ours.SIGHASH_ALL)
    assert device.bip143_sighash(
        tx.version, tx.locktime, digests, inputs[index], spent[index].amount, pubkey_hash
    ) == ours.segwit_v0_sighash(tx, index, script_code, spent[index].amount, ours.SIGHASH_ALL)


@settings(max_examples=150, deadline=None)
@given(spends())
def test_bip341_key_path_hashes_agree(case: tuple[Transaction, list[TxOut], int]) -> None:
    tx, spent, index = case
    _, digests = _device_view(tx, spent)
    assert device.bip341_sighash(tx.version, tx.locktime, digests, index) == ours.taproot_sighash(
        tx, index, spent, device.SIGHASH_DEFAULT
    )


def test_the_comparison_sees_a_difference() -> None:
    """Not vacuous: a transaction that differs in one sequence number hashes differently."""
    tx = Transaction(2, (TxIn(bytes(32), 0, b"", 1),), (TxOut(1, b"\x6a"),), 0)
    _, digests = _device_view(tx, [TxOut(5, b"\x51\x20" + bytes(32))])
    changed = Transaction(2, (TxIn(bytes(32), 0, b"", 2),), tx.outputs, 0)
    spent = [TxOut(5, b"\x51\x20" + bytes(32))]
    assert device.bip341_sighash(2, 0, digests, 0) != ours.taproot_sighash(changed, 0, spent, 0)
    assert device.bip341_sighash(2, 0, digests, 0) == ours.taproot_sighash(tx, 0, spent, 0)
