"""What the review refuses for the signing gate (issue 18: F2, F3, F14) and the signer's own keys.

The signer here is bip-utils holding the "all" seed: the same keys the software device
holds (the front-end tests in tests/app and tests/ui ask the real software device).
"""

from __future__ import annotations

import pytest

from tests.wallet.psbt_factory import (
    ACCOUNTS,
    ALL_FINGERPRINT,
    ALL_MASTER,
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
)
from wallet.descriptors import AccountDescriptor, build_account
from wallet.psbt.codec import Transaction, TxOut
from wallet.psbt.errors import PsbtRefused
from wallet.psbt.fields import G
from wallet.psbt.model import Psbt, Record
from wallet.psbt.review import GAP_BOUND, MAX_MONEY, ensure_signable, review_psbt
from wallet.psbt.review_model import Ownership, WarningCode
from wallet.psbt.signer_keys import MAX_ACCOUNTS, claimed_accounts, signer_accounts
from wallet.types import ExtendedPublicKey, KeyOrigin, KeyPath, Network, ScriptType


class SeedSigner:
    """Answers get_xpub from the "all" seed, and counts the questions."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def get_xpub(self, path: KeyPath) -> ExtendedPublicKey:
        self.asked.append(str(path))
        node = ALL_MASTER.DerivePath(path.format(marker="'"))
        return ExtendedPublicKey.parse(node.PublicKey().ToExtended()).with_origin(
            KeyOrigin(ALL_FINGERPRINT, path)
        )


def _blocking(review: object) -> set[WarningCode]:
    return {w.code for w in review.blocking}  # type: ignore[attr-defined]


def _with_output(psbt: Psbt, index: int, txout: TxOut) -> Psbt:
    tx = psbt.unsigned_tx()
    outputs = list(tx.outputs)
    outputs[index] = txout
    changed = Transaction(tx.version, tx.inputs, tuple(outputs), tx.locktime)
    psbt.global_map.remove(G.UNSIGNED_TX)
    psbt.global_map.records.append(Record(G.UNSIGNED_TX, b"", changed.serialize(with_witness=False)))
    return Psbt.parse(psbt.serialize())


def _fake_change_psbt() -> Psbt:
    """F3: another wallet's output labelled with our fingerprint and a change path."""
    impostor = account_for(ScriptType.WPKH, NET, OTHER_MASTER)
    spends = [Spend(ACCOUNTS[kind], n, 100_000 + n) for n, kind in enumerate(ScriptType)]
    psbt = build_psbt(spends, [(external_address(NET), 250_000)], (impostor, CHANGE_INDEX, 140_000))
    psbt.outputs[1] = change_map_for(impostor, CHANGE_INDEX, fingerprint=ALL_FINGERPRINT)
    return psbt


@pytest.mark.parametrize("amount", [-1, -140_000, MAX_MONEY + 1])
def test_f14_amounts_outside_the_money_range_are_refused(amount: int) -> None:
    psbt = _with_output(mixed_psbt(), 0, TxOut(amount, bytes.fromhex("0014" + "11" * 20)))
    review = review_psbt(psbt, accounts=OURS)
    assert WarningCode.INVALID_AMOUNT in _blocking(review)
    with pytest.raises(PsbtRefused, match="invalid amount"):
        ensure_signable(review)


def test_f14_outputs_adding_up_past_21_million_btc_are_refused() -> None:
    half = MAX_MONEY // 2 + 1
    psbt = _with_output(mixed_psbt(), 0, TxOut(half, bytes.fromhex("0014" + "11" * 20)))
    psbt = _with_output(psbt, 1, TxOut(half, psbt.unsigned_tx().outputs[1].script))
    assert "more than 21,000,000 BTC" in str([w.message for w in review_psbt(psbt, accounts=OURS).blocking])
    assert not _blocking(review_psbt(mixed_psbt(), accounts=OURS))  # the normal spend is fine


@pytest.mark.parametrize(
    ("index", "refused"), [(3 + GAP_BOUND, False), (4 + GAP_BOUND, True), (999_999, True)]
)
def test_f2_change_far_past_the_highest_index_in_use_is_refused(index: int, refused: bool) -> None:
    spends = [Spend(ACCOUNTS[kind], n, 100_000 + n) for n, kind in enumerate(ScriptType)]  # indexes 0-3
    psbt = build_psbt(spends, [(external_address(NET), 250_000)], (ACCOUNTS[ScriptType.WPKH], index, 140_000))
    review = review_psbt(psbt, accounts=OURS)
    assert review.outputs[1].role == "change" and review.outputs[1].ownership is Ownership.PROVEN
    assert (WarningCode.BEYOND_GAP in _blocking(review)) is refused
    signer_review = review_psbt(
        psbt,
        fingerprint=ALL_FINGERPRINT,
        signer_keys=signer_accounts(psbt, SeedSigner(), ALL_FINGERPRINT, NET),
    )
    assert (WarningCode.BEYOND_GAP in _blocking(signer_review)) is refused  # air-gapped alike


def test_f3_the_signers_own_keys_prove_real_change_and_refuse_a_fake_one() -> None:
    signer = SeedSigner()
    real = mixed_psbt()
    keys = signer_accounts(real, signer, ALL_FINGERPRINT, NET)
    assert signer.asked == ["m/44h/1h/0h", "m/49h/1h/0h", "m/84h/1h/0h", "m/86h/1h/0h"]
    review = review_psbt(real, fingerprint=ALL_FINGERPRINT, signer_keys=keys)
    assert [i.ownership for i in review.inputs] == [Ownership.PROVEN] * 4
    assert review.outputs[1].role == "change" and review.sent_external == 250_000
    assert not review.blocking and WarningCode.UNPROVEN not in {w.code for w in review.warnings}

    fake = _fake_change_psbt()
    review = review_psbt(
        fake, fingerprint=ALL_FINGERPRINT, signer_keys=signer_accounts(fake, signer, ALL_FINGERPRINT, NET)
    )
    assert review.outputs[1].ownership is Ownership.FAKE and review.outputs[1].role == "external"
    assert review.sent_external == 250_000 + 140_000  # 0.0039 BTC leaves, as it really does
    with pytest.raises(PsbtRefused, match="output #1 claims our fingerprint"):
        ensure_signable(review)


def test_f3_without_the_signers_keys_change_is_not_proven_and_counted_as_sent() -> None:
    review = review_psbt(_fake_change_psbt(), fingerprint=ALL_FINGERPRINT)
    assert review.outputs[1].ownership is Ownership.CLAIMED and review.outputs[1].role == "external"
    assert review.sent_external == 250_000 + 140_000
    assert "not proven" in review.to_text()


def test_only_standard_accounts_of_the_signer_on_the_network_are_asked_and_at_most_a_few() -> None:
    spends = [Spend(account_for(ScriptType.WPKH, NET), n, 10_000) for n in range(2)]
    psbt = build_psbt(spends, [(external_address(NET), 15_000)], None)
    assert claimed_accounts(psbt, ALL_FINGERPRINT, Network.MAINNET) == []  # coin type 1h, not 0h
    assert claimed_accounts(psbt, bytes(4), NET) == []  # another fingerprint
    far = build_psbt([Spend(_account_at(101), 0, 10_000)], [(external_address(NET), 5_000)], None)
    assert claimed_accounts(far, ALL_FINGERPRINT, NET) == []  # beyond what the firmware derives
    assert (
        len(
            claimed_accounts(build_psbt([Spend(_account_at(100), 0, 10_000)], [], None), ALL_FINGERPRINT, NET)
        )
        == 1
    )
    many = [Spend(_account_at(n), 0, 10_000) for n in range(MAX_ACCOUNTS + 3)]
    crowded = build_psbt(many, [(external_address(NET), 15_000)], None)
    signer = SeedSigner()
    assert len(signer_accounts(crowded, signer, ALL_FINGERPRINT, NET)) == MAX_ACCOUNTS
    assert len(signer.asked) == MAX_ACCOUNTS


def _account_at(number: int) -> AccountDescriptor:
    """The "all" seed's p2wpkh account number `number` on testnet."""
    path = f"m/84h/1h/{number}h"
    xpub = ExtendedPublicKey.parse(ALL_MASTER.DerivePath(path.replace("h", "'")).PublicKey().ToExtended())
    return build_account(xpub.to_base58(test=True), ALL_FINGERPRINT.hex(), path, NET, ScriptType.WPKH)
