"""Review a PSBT, and sign one behind the safety gate: the same steps for the CLI and the GUI.

`review` is what `coldsplit psbt review` and the PSBT page show. `sign_psbt` is the only
way a front-end signs: it reviews the PSBT again as the device sees it, refuses what the
review blocks, lets the front-end show the review and ask, signs on the device, checks
what the device returned and only then hands the result to `save`:

1. the device's fingerprint; our accounts are the stored accounts of the network in use
   that belong to it (or the one named, which must be the device's);
2. with no account (an air-gapped signer), the device's own xpubs for the account paths
   the PSBT claims (wallet.psbt.signer_keys): change is ours only if derived from them;
3. the review (wallet.psbt.review), shown through `show`; the network must be the one
   the device was opened for;
4. the gate: any blocking warning (another network, nothing ours, change claimed but
   false, far past the gap limit, amounts outside 0 ‥ 21,000,000 BTC, unusual sighash,
   fee beyond reason…) refuses here. Nothing — no --yes, no button — overrides it;
5. `consent` (the terminal's y/N; the GUI's click came before), then the device signs,
   with its own confirmation on its screen;
6. the result must be the same transaction with nothing of ours removed and every new
   signature verified (wallet.psbt.signing.check_signer_result); then `save`.

`finalize_psbt` is `coldsplit psbt finalize [--extract]` and the PSBT page's Finalize: every
signature is checked before the final scripts are built, and the network-ready transaction
is extracted and compared with the PSBT's (wallet.psbt.operations).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.cold.accounts import get_account, list_accounts
from app.store import open_store
from app.usecases.devices import DeviceCalls
from wallet.descriptors import AccountDescriptor
from wallet.psbt.errors import PsbtRefused
from wallet.psbt.model import Psbt
from wallet.psbt.operations import extract, finalize
from wallet.psbt.review import ensure_signable, review_psbt
from wallet.psbt.review_model import PsbtReview
from wallet.psbt.signer_keys import signer_accounts
from wallet.psbt.signing import SignedPsbt, review_for_signer, sign_reviewed
from wallet.types import Network


def accounts_in_use(
    db_path: Path, network: Network, name: str | None = None
) -> tuple[AccountDescriptor, ...]:
    """The account named `name`, else the stored accounts on `network`; none (and no store
    created) when there is no store, as on an air-gapped signer."""
    if name is None and not db_path.exists():
        return ()
    with open_store(db_path) as store:
        if name is not None:
            return (get_account(store, name).account(),)
        return tuple(a.account() for a in list_accounts(store) if a.network is network)


def review(
    psbt: Psbt,
    accounts: tuple[AccountDescriptor, ...],
    *,
    fingerprint: bytes | None = None,
    network: Network | None = None,
    default_network: Network = Network.TESTNET,
) -> PsbtReview:
    """The review a person reads before deciding (no device needed)."""
    return review_psbt(
        psbt, accounts=accounts, fingerprint=fingerprint, network=network, default_network=default_network
    )


@dataclass(frozen=True)
class SignRequest:
    """What to sign and against what: `accounts` from `accounts_in_use` (`account_named` when
    the person named one: then a device of another wallet is refused rather than ignored)."""

    psbt: Psbt
    accounts: tuple[AccountDescriptor, ...]
    account_named: bool = False
    network: Network | None = None  # an explicit choice: --network, or the GUI's network
    default_network: Network = Network.TESTNET

    def planned_network(self) -> Network:
        """The network to open the device for, before its fingerprint is known. The review on
        the device settles it again and must agree."""
        planned = review(
            self.psbt, self.accounts, network=self.network, default_network=self.default_network
        ).network
        return Network(planned)


@dataclass(frozen=True)
class SignedOnDevice:
    signed: SignedPsbt
    fingerprint: bytes


def _ignore(*_: object) -> None:
    return None


def review_on_device(request: SignRequest, device: DeviceCalls) -> tuple[PsbtReview, bytes]:
    """Steps 1-3: the review as the opened device sees it, and its fingerprint."""
    planned = request.planned_network()
    fingerprint = device(lambda wallet: wallet.master_fingerprint())
    accounts = request.accounts
    if not request.account_named:
        accounts = tuple(a for a in accounts if a.fingerprint == fingerprint)
    keys: tuple[AccountDescriptor, ...] = ()
    if not accounts:
        keys = device(lambda wallet: signer_accounts(request.psbt, wallet, fingerprint, planned))
    gated = review_for_signer(
        request.psbt,
        fingerprint,
        accounts=accounts,
        network=request.network,
        default_network=request.default_network,
        signer_keys=keys,
    )
    return gated, fingerprint


def sign_psbt(
    request: SignRequest,
    device: DeviceCalls,
    *,
    show: Callable[[PsbtReview], None] = _ignore,
    consent: Callable[[PsbtReview, bytes], None] = _ignore,
    save: Callable[[Psbt], None] = _ignore,
) -> SignedOnDevice:
    """Review on the device, gate, ask, sign, check, save (the module docstring's steps)."""
    gated, fingerprint = review_on_device(request, device)
    show(gated)
    planned = request.planned_network()
    if gated.network != planned.value:
        raise PsbtRefused(f"cannot settle the network ({planned.value} or {gated.network}?); pass --network")
    ensure_signable(gated)
    consent(gated, fingerprint)
    signed = device(lambda wallet: sign_reviewed(request.psbt, gated, wallet, fingerprint))
    save(signed.psbt)
    return SignedOnDevice(signed, fingerprint)


@dataclass(frozen=True)
class Finalized:
    """A finalized PSBT, its network-ready transaction and that transaction's id."""

    psbt: Psbt
    raw: bytes
    txid: str


def finalize_psbt(psbt: Psbt, *, extract_transaction: bool = True) -> Finalized:
    """Final scriptSigs/witnesses once every signature verifies; the extracted transaction too
    (`raw` is empty when not asked for: `psbt finalize` without --extract writes only the PSBT)."""
    final = finalize(psbt)
    raw = extract(final) if extract_transaction else b""
    return Finalized(final, raw, final.unsigned_tx().txid_hex)
