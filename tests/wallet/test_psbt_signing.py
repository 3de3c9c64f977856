"""Signing through the PsbtSigner interface, and refusing what a bad signer hands back.

The signer here is bdk's software signer holding the "all" seed's account keys (a
real signer, not a stub); the misbehaving signers wrap it and tamper with its answer
the way a compromised or buggy device could.
"""

from __future__ import annotations

import pytest

from tests.wallet.psbt_factory import (
    ACCOUNTS,
    ALL_FINGERPRINT,
    NET,
    OTHER_MASTER,
    OURS,
    Spend,
    account_for,
    build_psbt,
    mixed_psbt,
    software_sign,
)
from wallet.psbt.codec import Transaction
from wallet.psbt.errors import PsbtError, PsbtRefused
from wallet.psbt.fields import G, I
from wallet.psbt.model import Psbt, Record, load_psbt
from wallet.psbt.operations import extract, finalize
from wallet.psbt.signing import PsbtSigner, review_for_signer, sign_reviewed
from wallet.types import ScriptType


class SoftwareSigner:
    """Signs every input of the "all" seed's four test accounts (bdk's signer)."""

    def __init__(self) -> None:
        self.calls = 0

    def master_fingerprint(self) -> bytes:
        return ALL_FINGERPRINT

    def sign_psbt(self, psbt: Psbt, account_fingerprint: bytes | None = None) -> str:
        assert account_fingerprint in (None, ALL_FINGERPRINT)
        self.calls += 1
        for account in OURS:
            psbt = software_sign(psbt, account)
        return psbt.to_base64()


class CorruptingSigner(SoftwareSigner):
    def sign_psbt(self, psbt: Psbt, account_fingerprint: bytes | None = None) -> str:
        signed = load_psbt(super().sign_psbt(psbt, account_fingerprint))
        target = signed.inputs[2]
        position = next(n for n, r in enumerate(target.records) if r.key_type == I.PARTIAL_SIG)
        record = target.records[position]
        flipped = bytearray(record.value)
        flipped[12] ^= 1
        target.records[position] = Record(record.key_type, record.key_data, bytes(flipped))
        return signed.to_base64()


class SwappingSigner(SoftwareSigner):
    """Signs, then returns a PSBT whose transaction pays a different amount."""

    def sign_psbt(self, psbt: Psbt, account_fingerprint: bytes | None = None) -> str:
        signed = load_psbt(super().sign_psbt(psbt, account_fingerprint))
        tx = signed.unsigned_tx()
        changed = Transaction(tx.version, tx.inputs, tx.outputs, tx.locktime + 1)
        signed.global_map.put(G.UNSIGNED_TX, changed.serialize(with_witness=False))
        return signed.to_base64()


class IdleSigner(SoftwareSigner):
    def sign_psbt(self, psbt: Psbt, account_fingerprint: bytes | None = None) -> str:
        return psbt.to_base64()


def _sign(psbt: Psbt, signer: PsbtSigner) -> Psbt:
    review = review_for_signer(psbt, signer.master_fingerprint(), accounts=OURS)
    return sign_reviewed(psbt, review, signer, signer.master_fingerprint()).psbt


def test_signing_all_four_script_types_then_finalize_and_extract() -> None:
    unsigned = mixed_psbt()
    review = review_for_signer(unsigned, ALL_FINGERPRINT)  # no account: key origins suffice, as with HWI
    outcome = sign_reviewed(unsigned, review, SoftwareSigner(), ALL_FINGERPRINT)
    assert outcome.newly_signed_inputs == (0, 1, 2, 3)
    assert outcome.psbt.unsigned_tx() == unsigned.unsigned_tx()
    raw = extract(finalize(outcome.psbt))
    assert len(raw) > len(unsigned.unsigned_tx().serialize())


def test_a_signature_that_does_not_verify_is_refused() -> None:
    with pytest.raises(PsbtError, match="does not verify"):
        _sign(mixed_psbt(), CorruptingSigner())


def test_a_signer_that_changes_the_transaction_is_refused() -> None:
    with pytest.raises(PsbtError, match="different transaction"):
        _sign(mixed_psbt(), SwappingSigner())


def test_a_signer_that_signs_nothing_is_refused() -> None:
    with pytest.raises(PsbtError, match="no signature"):
        _sign(mixed_psbt(), IdleSigner())


def test_a_blocked_review_never_reaches_the_signer() -> None:
    theirs = account_for(ScriptType.WPKH, NET, OTHER_MASTER)
    foreign = build_psbt([Spend(theirs, 0, 50_000)], [], None)
    signer = SoftwareSigner()
    with pytest.raises(PsbtRefused, match="another wallet"):
        _sign(foreign, signer)
    assert signer.calls == 0


def test_a_device_of_another_wallet_is_refused_when_an_account_is_known() -> None:
    with pytest.raises(PsbtRefused, match="another passphrase"):
        review_for_signer(mixed_psbt(), bytes.fromhex("deadbeef"), accounts=(ACCOUNTS[ScriptType.WPKH],))
