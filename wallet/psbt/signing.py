"""Signing a reviewed PSBT through any signer, and checking what the signer hands back.

`PsbtSigner` is the shape of `wallet.devices.base.HardwareWallet` (and of anything
else that signs PSBTs); the device's on-screen confirmation is the consent. Whatever
comes back is checked before anyone may save it: the same transaction, nothing of
ours removed, and every signature the signer added verified against the message it
must sign (legacy/BIP143/BIP341 hashes, libsecp256k1 through coincurve).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from wallet.descriptors import AccountDescriptor
from wallet.psbt.errors import PsbtError, PsbtRefused
from wallet.psbt.fields import I
from wallet.psbt.model import Psbt, PsbtMap, Record, load_psbt
from wallet.psbt.review import ensure_signable, review_psbt
from wallet.psbt.review_model import PsbtReview
from wallet.psbt.verify import verify_signatures
from wallet.types import Network

_SIGNATURE_TYPES = (I.PARTIAL_SIG, I.TAP_KEY_SIG, I.TAP_SCRIPT_SIG, I.FINAL_SCRIPTSIG, I.FINAL_SCRIPTWITNESS)


class PsbtSigner(Protocol):
    """Signs PSBTs with keys it holds (a hardware wallet); must not change anything else."""

    def master_fingerprint(self) -> bytes: ...

    def sign_psbt(self, psbt: Psbt, account_fingerprint: bytes | None = None) -> str: ...


@dataclass(frozen=True)
class SignedPsbt:
    psbt: Psbt
    review: PsbtReview
    newly_signed_inputs: tuple[int, ...]


def review_for_signer(
    psbt: Psbt,
    signer_fingerprint: bytes,
    *,
    accounts: tuple[AccountDescriptor, ...] = (),
    network: Network | None = None,
    default_network: Network = Network.TESTNET,
    signer_keys: tuple[AccountDescriptor, ...] = (),
) -> PsbtReview:
    """Review as the signer sees it: against our accounts if any, else the signer's own keys
    (`wallet.psbt.signer_keys.signer_accounts`) under its fingerprint."""
    if accounts and all(a.fingerprint != signer_fingerprint for a in accounts):
        names = ", ".join(sorted({a.fingerprint_hex for a in accounts}))
        raise PsbtRefused(
            f"the device's wallet is {signer_fingerprint.hex()}, not the account's {names} "
            "(another device, or another passphrase?)"
        )
    return review_psbt(
        psbt,
        accounts=accounts,
        fingerprint=signer_fingerprint,
        network=network,
        default_network=default_network,
        signer_keys=signer_keys,
    )


def sign_reviewed(
    psbt: Psbt, review: PsbtReview, signer: PsbtSigner, signer_fingerprint: bytes
) -> SignedPsbt:
    """Refuse a PSBT with blocking warnings; otherwise sign it and check the result."""
    ensure_signable(review)
    returned = signer.sign_psbt(psbt, signer_fingerprint)
    try:
        signed = load_psbt(returned)
    except PsbtError as exc:
        raise PsbtError(f"the signer returned an unreadable PSBT ({exc})") from None
    newly_signed = check_signer_result(psbt, signed)
    return SignedPsbt(signed, review, newly_signed)


def check_signer_result(before: Psbt, after: Psbt) -> tuple[int, ...]:
    """The inputs the signer signed; refuse a result that changed the transaction or bad signatures."""
    if after.unsigned_tx() != before.unsigned_tx():
        raise PsbtError("the signer returned a PSBT for a different transaction; nothing was saved")
    for index, (old, new) in enumerate(zip(before.inputs, after.inputs, strict=True)):
        lost = set(old.records) - set(new.records)
        if lost and not _finalized(new):
            raise PsbtError(f"the signer removed data from input #{index}; nothing was saved")
    newly_signed = tuple(
        index
        for index, (old, new) in enumerate(zip(before.inputs, after.inputs, strict=True))
        if _signature_records(new) - _signature_records(old)
    )
    if not newly_signed:
        raise PsbtError("the signer added no signature (no input is for its keys?); nothing was saved")
    old_signatures = {(c.input_index, c.key, c.kind) for c in verify_signatures(before)}
    bad = [
        f"input #{check.input_index}: {check.reason or 'does not verify'}"
        for check in verify_signatures(after)
        if not check.valid and (check.input_index, check.key, check.kind) not in old_signatures
    ]
    if bad:
        raise PsbtError("a new signature does not verify (" + "; ".join(bad) + "); nothing was saved")
    return newly_signed


def _signature_records(psbt_map: PsbtMap) -> set[Record]:
    return {r for r in psbt_map.records if r.key_type in _SIGNATURE_TYPES}


def _finalized(psbt_map: PsbtMap) -> bool:
    return psbt_map.get(I.FINAL_SCRIPTSIG) is not None or psbt_map.get(I.FINAL_SCRIPTWITNESS) is not None


if TYPE_CHECKING:
    from wallet.devices.base import HardwareWallet

    def _every_hardware_wallet_is_a_signer(wallet: HardwareWallet) -> PsbtSigner:
        return wallet  # mypy proves the device layer fits this interface
