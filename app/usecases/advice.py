"""The advice and its transfers: one way for `coldsplit advice` and the GUI's Advice page.

- `advice_targets`: where transfers may go — the user's chosen addresses (each must be
  device-verified), else the latest verified address per chain; none before any address
  was verified (and no store is created just to look).
- `compute_advice`: the stress (the saved policy or the front-end's choice), the minimum
  transfer (the run's override, else settings `min_transfer_usd`), then the advisor. The
  GUI used to ignore the saved minimum; both now read it here.
- `retarget`: the same advice sent to the targets known now. A destination never changes
  what moves or the split's numbers (a chain the device can create an account for keeps
  its transfers without an address), so after a verify the GUI fills the new address in
  without running the engine again.
- `prepare_transfer`: what the person pastes or scans into the exchange's withdrawal form:
  the device-verified address, the amount (as the exact decimal to type) and, for BTC, a BIP21
  URI; refused without one. For ETH and the stablecoins the GUI then expects the deposit in the
  Ethereum cold account (app.usecases.eth_arrivals), so it is tracked until confirmed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_DOWN, Decimal
from enum import StrEnum
from pathlib import Path

from app.advisor.actionable import TransferRules, min_transfer_usd
from app.advisor.advice import Advice, advise
from app.advisor.policy import StressPolicy, resolve, with_survive_share
from app.advisor.targets import TargetBook, WithdrawalTargetError, choose_targets, cold_chain
from app.advisor.transfer import Transfer
from app.errors import UserError
from app.holdings import HoldingsDocument, unpriced_notes
from app.settings import Settings
from app.store import open_store
from risk._types import RiskInputError
from wallet.types import Network


class AdviceError(UserError):
    """The engine refused the portfolio (e.g. an account already below maintenance today)."""


def advice_targets(db_path: Path, network: Network, chosen: Sequence[str] = ()) -> TargetBook:
    """The transfer destinations (see the module docstring)."""
    if not db_path.exists():
        if chosen:
            raise WithdrawalTargetError(
                f"{chosen[0]!r} is not a device-verified cold address: no address has been verified on this "
                "computer yet"
            )
        return TargetBook()
    with open_store(db_path) as store:
        return choose_targets(store, network, list(chosen))


@dataclass(frozen=True)
class AdviceRequest:
    """What a front-end asks for. `policy` None: the saved stress policy; `min_transfer_usd`
    None: the saved minimum; `survive_share` None: the preset's own."""

    policy: StressPolicy | None = None
    min_transfer_usd: float | None = None
    survive_share: float | None = None


class AdviceStage(StrEnum):
    """How far `compute_advice` got, for a front-end that shows progress (the GUI)."""

    STRESS = "stress"  # loading the preset and its calibrated ensemble
    ENGINE = "engine"  # the advisor's engine runs: the seconds-long part


def _unreported(_: AdviceStage) -> None:
    return None


def compute_advice(
    document: HoldingsDocument,
    request: AdviceRequest,
    settings: Settings,
    targets: TargetBook,
    report: Callable[[AdviceStage], None] = _unreported,
) -> Advice:
    """The advisor's plan for `document` under the request, the saved settings filling the gaps."""
    rules = TransferRules(minimum_usd=min_transfer_usd(settings, request.min_transfer_usd))
    try:
        report(AdviceStage.STRESS)
        stress = resolve(request.policy or settings.stress_policy)
        if request.survive_share is not None:
            stress = with_survive_share(stress, request.survive_share)
        report(AdviceStage.ENGINE)
        advice = advise(document, stress, targets, rules)
    except RiskInputError as exc:
        raise AdviceError(exc.message) from exc
    # what has no price is in no total, before or after: said first, as the holdings say it
    unpriced = unpriced_notes(document.unpriced)
    return replace(advice, notes=unpriced + advice.notes) if unpriced else advice


def retarget(advice: Advice, targets: TargetBook) -> Advice:
    """The advice with every transfer that has no address yet sent to `targets` (see above)."""
    transfers = tuple(_retargeted(t, targets) for t in advice.transfers)
    return advice if transfers == advice.transfers else replace(advice, transfers=transfers)


def _retargeted(transfer: Transfer, targets: TargetBook) -> Transfer:
    if transfer.to is not None:
        return transfer
    found = targets.for_asset(transfer.asset)
    return transfer if found is None else replace(transfer, to=found)


@dataclass(frozen=True)
class PreparedTransfer:
    asset: str
    amount: float
    address: str
    uri: str  # BIP21 for BTC ("bitcoin:ADDRESS?amount=…"); the bare address for other assets
    amount_text: str = ""  # the amount to type into the withdrawal form, exact to 8 places
    chain: str = ""  # the cold chain it goes to (app.advisor.targets.ColdChain value)


def amount_text(amount: float) -> str:
    """`amount` as a plain decimal cut to 8 places (a satoshi), no exponent, no trailing zeros:
    what the person types and what an expected arrival then waits for."""
    cut = Decimal(repr(amount)).quantize(Decimal("1e-8"), rounding=ROUND_DOWN)
    text = format(cut, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def prepare_transfer(asset: str, amount: float, address: str | None) -> PreparedTransfer:
    """The withdrawal to paste or scan; refused until the destination is device-verified."""
    if not address:
        raise WithdrawalTargetError(
            "verify a cold address on the device first (Cold storage page, or coldsplit cold verify)"
        )
    # BIP21: the amount is in BTC as a decimal number; 8 places are a satoshi.
    uri = f"bitcoin:{address}?amount={amount:.8f}" if asset.upper() == "BTC" else address
    chain = cold_chain(asset)
    return PreparedTransfer(
        asset, amount, address, uri, amount_text(amount), "" if chain is None else chain.value
    )
