"""Review of PSBTs spending our p2pkh, p2sh-p2wpkh, p2wpkh and p2tr coins, and the attacks on it."""

from __future__ import annotations

import json

import pytest
from bip_utils import Base58Decoder

from tests.wallet.psbt_factory import (
    ACCOUNTS,
    ALL_FINGERPRINT,
    CHANGE_INDEX,
    NET,
    OTHER_MASTER,
    OURS,
    Spend,
    account_for,
    build_psbt,
    change_map_for,
    external_address,
    mixed_psbt,
    software_sign,
)
from wallet.addresses import derive_address, script_pubkey_of
from wallet.psbt.codec import Transaction, TxOut, parse_transaction
from wallet.psbt.errors import PsbtRefused
from wallet.psbt.fields import G, I
from wallet.psbt.model import Psbt, Record
from wallet.psbt.operations import combine, convert, extract, finalize
from wallet.psbt.review import ensure_signable, review_psbt
from wallet.psbt.review_model import Ownership, WarningCode
from wallet.types import Network, ScriptType


def _warning_codes(review: object) -> set[WarningCode]:
    return {w.code for w in review.warnings}  # type: ignore[attr-defined]


@pytest.mark.parametrize("version", [0, 2])
def test_every_input_is_proven_ours_and_the_change_is_recognised(version: int) -> None:
    review = review_psbt(convert(mixed_psbt(), version), accounts=OURS)
    assert review.network == "testnet" and review.psbt_version == version
    assert [i.ownership for i in review.inputs] == [Ownership.PROVEN] * 4
    assert [i.path for i in review.inputs] == [
        "m/44h/1h/0h/0/0",
        "m/49h/1h/0h/0/1",
        "m/84h/1h/0h/0/2",
        "m/86h/1h/0h/0/3",
    ]
    assert [i.script_type for i in review.inputs] == ["p2pkh", "p2sh", "p2wpkh", "p2tr"]
    external, change = review.outputs
    assert external.role == "external" and external.ownership is Ownership.NOT_OURS
    assert change.role == "change" and change.path == "m/84h/1h/0h/1/3"
    assert change.address == derive_address(ACCOUNTS[ScriptType.WPKH], True, CHANGE_INDEX).address
    assert review.total_in == 400_006 and review.fee == 10_006 and review.sent_external == 250_000
    assert not review.blocking
    ensure_signable(review)
    json.dumps(review.to_dict())
    assert "change: ours at m/84h/1h/0h/1/3" in review.to_text()


def test_signed_by_each_account_combined_finalized_and_extracted() -> None:
    unsigned = mixed_psbt()
    partial = [software_sign(unsigned, account) for account in OURS]
    combined = partial[0]
    for other in partial[1:]:
        combined, added = combine(combined, other)
        assert added >= 1  # each signer contributed its signature
    finalized = finalize(combined)  # rust-miniscript checks every signature while finalizing
    raw = extract(finalized)
    tx = parse_transaction(raw, allow_witness=True)
    expected = unsigned.unsigned_tx()
    assert [(i.txid, i.vout) for i in tx.inputs] == [(i.txid, i.vout) for i in expected.inputs]
    assert tx.outputs == expected.outputs
    assert tx.inputs[0].script_sig and not tx.inputs[0].witness  # p2pkh
    assert tx.inputs[1].script_sig and len(tx.inputs[1].witness) == 2  # p2sh-p2wpkh
    assert not tx.inputs[2].script_sig and len(tx.inputs[2].witness) == 2  # p2wpkh
    assert len(tx.inputs[3].witness) == 1 and len(tx.inputs[3].witness[0]) == 64  # p2tr key path
    estimate = review_psbt(unsigned, accounts=OURS)
    exact = review_psbt(finalized, accounts=OURS)
    assert estimate.vsize_is_estimate and not exact.vsize_is_estimate
    assert exact.vsize == (tx.weight() + 3) // 4
    assert exact.vsize <= estimate.vsize <= exact.vsize + 4  # worst-case signatures: never an underestimate
    assert not exact.blocking


def test_change_with_our_fingerprint_but_a_foreign_key_is_not_ours() -> None:
    psbt = mixed_psbt()
    impostor = account_for(ScriptType.WPKH, NET, OTHER_MASTER)
    impostor_address = derive_address(impostor, True, CHANGE_INDEX).address
    _replace_output(psbt, 1, TxOut(140_000, script_pubkey_of(impostor_address, NET)))
    psbt.outputs[1] = change_map_for(impostor, CHANGE_INDEX, fingerprint=ALL_FINGERPRINT)
    review = review_psbt(Psbt.parse(psbt.serialize()), accounts=OURS)
    fake = review.outputs[1]
    assert fake.ownership is Ownership.FAKE and fake.role == "external"
    assert review.sent_external == 250_000 + 140_000
    assert WarningCode.FAKE_CHANGE in {w.code for w in review.blocking}
    assert "NOT ours" in review.to_text()


def test_our_real_change_key_on_a_swapped_script_is_not_ours() -> None:
    psbt = mixed_psbt()
    _replace_output(psbt, 1, TxOut(140_000, script_pubkey_of(external_address(NET), NET)))
    review = review_psbt(Psbt.parse(psbt.serialize()), accounts=OURS)
    assert review.outputs[1].ownership is Ownership.FAKE and review.outputs[1].role == "external"


def test_a_psbt_of_another_wallet_is_refused() -> None:
    theirs = account_for(ScriptType.WPKH, NET, OTHER_MASTER)
    psbt = build_psbt([Spend(theirs, 0, 50_000)], [(external_address(NET), 40_000)], None)
    review = review_psbt(psbt, accounts=OURS)
    assert review.inputs[0].ownership is Ownership.NOT_OURS
    with pytest.raises(PsbtRefused, match="another wallet"):
        ensure_signable(review)


def test_another_network_is_refused() -> None:
    review = review_psbt(mixed_psbt(), fingerprint=ALL_FINGERPRINT, network=Network.MAINNET)
    assert review.network == "mainnet"
    with pytest.raises(PsbtRefused, match="coin type 1h"):
        ensure_signable(review)
    mainnet_accounts = tuple(account_for(kind, Network.MAINNET) for kind in ScriptType)
    review = review_psbt(mixed_psbt(), accounts=mainnet_accounts)
    assert WarningCode.NETWORK_MISMATCH in {w.code for w in review.blocking}


def test_without_an_account_the_network_comes_from_the_coin_type_and_ownership_is_claimed() -> None:
    review = review_psbt(mixed_psbt(), fingerprint=ALL_FINGERPRINT, default_network=Network.MAINNET)
    assert review.network == "testnet" and "coin type 1h" in review.network_source
    assert all(i.ownership is Ownership.CLAIMED for i in review.inputs)
    change = review.outputs[1]  # claims our fingerprint, but nothing proves it: sent to others
    assert change.ownership is Ownership.CLAIMED and change.role == "external"
    assert review.sent_external == 250_000 + 140_000
    assert {WarningCode.UNPROVEN, WarningCode.UNPROVEN_CHANGE} <= _warning_codes(review)
    assert not review.blocking
    assert review_psbt(mixed_psbt(), network=Network.SIGNET).network_source == "--network"


def test_missing_utxo_data_leaves_the_fee_unknown() -> None:
    psbt = mixed_psbt()
    psbt.inputs[2].remove(I.WITNESS_UTXO, I.NON_WITNESS_UTXO)
    review = review_psbt(psbt, accounts=OURS)
    assert review.fee is None and review.fee_rate is None and review.inputs[2].amount is None
    assert WarningCode.MISSING_UTXO in _warning_codes(review)
    psbt = mixed_psbt()
    psbt.inputs[2].remove(I.NON_WITNESS_UTXO)
    assert WarningCode.NO_PREVIOUS_TX in _warning_codes(review_psbt(psbt, accounts=OURS))


def test_fee_warnings() -> None:
    high = review_psbt(mixed_psbt(payment=100_000, change=290_000), accounts=OURS)
    assert WarningCode.HIGH_FEE in _warning_codes(high) and not high.blocking
    single = build_psbt(
        [Spend(ACCOUNTS[ScriptType.WPKH], 0, 500_000)], [(external_address(NET), 10_000)], None
    )
    absurd = review_psbt(single, accounts=OURS)
    assert WarningCode.ABSURD_FEE_RATE in {w.code for w in absurd.blocking}
    negative = review_psbt(mixed_psbt(payment=300_000, change=140_000), accounts=OURS)
    assert WarningCode.NEGATIVE_FEE in {w.code for w in negative.blocking}


@pytest.mark.parametrize(
    ("input_index", "sighash", "blocked"), [(2, 0x83, True), (2, 0x01, False), (3, 0x00, False)]
)
def test_unusual_sighash_is_refused(input_index: int, sighash: int, blocked: bool) -> None:
    psbt = mixed_psbt()
    psbt.inputs[input_index].put(I.SIGHASH_TYPE, sighash.to_bytes(4, "little"))
    review = review_psbt(psbt, accounts=OURS)
    assert (WarningCode.UNUSUAL_SIGHASH in {w.code for w in review.blocking}) is blocked


def _replace_output(psbt: Psbt, index: int, txout: TxOut) -> None:
    tx = psbt.unsigned_tx()
    outputs = list(tx.outputs)
    outputs[index] = txout
    new_tx = Transaction(tx.version, tx.inputs, tuple(outputs), tx.locktime)
    psbt.global_map.put(G.UNSIGNED_TX, new_tx.serialize(with_witness=False))
    assert psbt.global_map.records[0] == Record(G.UNSIGNED_TX, b"", new_tx.serialize(with_witness=False))


def test_a_witness_utxo_that_contradicts_the_previous_transaction_is_refused() -> None:
    psbt = mixed_psbt()
    honest = psbt.utxo(2)
    assert honest is not None
    psbt.inputs[2].put(I.WITNESS_UTXO, TxOut(honest.amount - 50_000, honest.script).serialize())
    review = review_psbt(psbt, accounts=OURS)
    assert WarningCode.UTXO_MISMATCH in {w.code for w in review.blocking}


def test_review_checks_the_signatures_already_present() -> None:
    signed = software_sign(mixed_psbt(), ACCOUNTS[ScriptType.WPKH])
    review = review_psbt(signed, accounts=OURS)
    assert [i.signatures_valid for i in review.inputs] == [None, None, True, None]
    assert "[signed, verified]" in review.to_text()
    position = next(n for n, r in enumerate(signed.inputs[2].records) if r.key_type == I.PARTIAL_SIG)
    record = signed.inputs[2].records[position]
    signed.inputs[2].records[position] = Record(
        record.key_type, record.key_data, record.value[:-9] + bytes(8) + record.value[-1:]
    )
    review = review_psbt(signed, accounts=OURS)
    assert review.inputs[2].signatures_valid is False and "INVALID" in review.to_text()
    assert WarningCode.BAD_SIGNATURE in _warning_codes(review)


def test_a_global_xpub_for_our_account_path_must_be_our_key() -> None:
    account = ACCOUNTS[ScriptType.WPKH]
    origin = account.fingerprint + b"".join(step.to_bytes(4, "little") for step in account.origin_path)
    serialized = bytes(Base58Decoder.CheckDecode(account.xpub.to_base58(test=True)))
    psbt = mixed_psbt()
    psbt.global_map.put(G.XPUB, origin, serialized)
    assert WarningCode.FOREIGN_XPUB not in _warning_codes(
        review_psbt(Psbt.parse(psbt.serialize()), accounts=OURS)
    )
    impostor = bytes(
        Base58Decoder.CheckDecode(account_for(ScriptType.WPKH, NET, OTHER_MASTER).xpub.to_base58(test=True))
    )
    psbt = mixed_psbt()
    psbt.global_map.put(G.XPUB, origin, impostor)
    review = review_psbt(Psbt.parse(psbt.serialize()), accounts=OURS)
    assert WarningCode.FOREIGN_XPUB in {w.code for w in review.blocking}
