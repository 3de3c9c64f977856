"""The advice: what should move to cold storage now, what to cut, what is dangerous.

Joins the holdings split, the per-account plans (app.advisor.plan), the flags and the
device-verified targets, and re-checks the proposed split with the engine. Nothing is
moved: the result lists transfers for the user to make, each with the one sentence
that says why.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from app.advisor.accounts import CollateralKind, collateral_kind
from app.advisor.actionable import TransferRules, restore_untransferred, shape_transfers
from app.advisor.bands import NO_BANDS, AmountBands, Key, amount_bands
from app.advisor.bench import StressBench
from app.advisor.flags import Flag, dangerous_collateral
from app.advisor.plan import AccountPlan, MarginRelease, Withdrawal, plan_accounts
from app.advisor.policy import Stress
from app.advisor.targets import TargetBook, cold_chain
from app.advisor.transfer import ISOLATED_MARGIN, LONG_TERM_SPOT, Transfer
from app.advisor.weaker import weaker_than_recorded
from app.holdings import ColdHolding, Holdings, HoldingsDocument, compute_holdings
from app.messages import Message, MessageKey, message
from risk._types import RiskInputError
from risk.portfolio import Account, Portfolio
from risk.stress_ensemble import Tipping

_KIND_NAMES = {
    CollateralKind.VOLATILE: "volatile collateral",
    CollateralKind.SYNTHETIC_STABLE: "synthetic stablecoin",
    CollateralKind.STABLE: "stable margin",
}


@dataclass(frozen=True)
class SplitMetrics:
    """Survival drawdown (with the cascade), the share of exchange-held margin the stress
    liquidates, and the share of wealth held on exchanges."""

    survival_drawdown: float | None
    liquidated_share: float | None
    liquidated_usd: float | None
    exchange_share: float
    # The survival drawdown is an initial BTC shock; this is where BTC settles from it.
    survival_settled_fall: float | None = None
    # The survival drawdown's P10/P50/P90 across the calibrated ensemble.
    survival_band: tuple[float | None, float | None, float | None] | None = None


@dataclass(frozen=True)
class Advice:
    stress: Stress
    before: Holdings
    after: Holdings
    plans: tuple[AccountPlan, ...]
    transfers: tuple[Transfer, ...]
    flags: tuple[Flag, ...]
    current: SplitMetrics
    proposed: SplitMetrics
    still_falling: tuple[str, ...]  # positions the proposed split still loses (should be none)
    loops_still_falling: tuple[str, ...] = ()  # loops to unwind by the repayments listed
    notes: tuple[Message, ...] = ()  # what could leave but does not (no cold account, under the minimum)
    # Cascade tipping points of the stressed market (BTC shocks where the settled fall jumps):
    # the advice is continuous in the buffer except across one of these, which it names.
    tipping_points: tuple[Tipping, ...] = ()
    # P10/P50/P90 across the ensemble of each planned transfer and cut (app.advisor.bands).
    bands: AmountBands = NO_BANDS


def advise(
    document: HoldingsDocument, stress: Stress, targets: TargetBook, rules: TransferRules | None = None
) -> Advice:
    bench = make_bench(document, stress)
    hints: dict[str, float] = {}
    plans, planned_portfolio = plan_accounts(bench, document.portfolio, hints)
    settlement = {a.name: settlement_asset(a) for a in document.portfolio.accounts}
    bands = amount_bands(
        bench,
        document.portfolio,
        planned_portfolio,
        plans,
        hints,
        long_term_spot_amounts(document),
        settlement,
    )
    raw = _spot_transfers(document, targets) + _margin_transfers(document, plans, targets, stress)
    shaped = shape_transfers(raw, document.portfolio, plans, targets, rules or TransferRules())
    transfers = shaped.transfers
    # What does not move stays as margin: the proposed split is what the user will do.
    after_portfolio = restore_untransferred(planned_portfolio, raw, transfers)
    after_document = _after(document, after_portfolio, transfers)
    before, after = compute_holdings(document), compute_holdings(after_document)
    return Advice(
        stress=stress,
        before=before,
        after=after,
        plans=plans,
        transfers=transfers,
        flags=dangerous_collateral(bench, document.portfolio),
        current=_metrics(bench, document.portfolio, before),
        proposed=_metrics(bench, after_portfolio, after),
        still_falling=_still_falling(bench, after_portfolio),
        loops_still_falling=_loops_still_falling(bench, after_portfolio),
        tipping_points=bench.tipping_points(document.portfolio),
        notes=shaped.notes + weaker_than_recorded(bench, after_portfolio, plans),
        bands=bands,
    )


def make_bench(document: HoldingsDocument, stress: Stress) -> StressBench:
    # USDT is priced at 1 even when not held: a deleverage may credit realised profit in it.
    prices = {"USDT": 1.0, **document.portfolio.prices}
    return StressBench(stress, prices, document.portfolio.betas)


def long_term_spot_amounts(document: HoldingsDocument) -> dict[Key, float]:
    """Long-term spot coins by (account, asset): they leave whatever the ensemble says."""
    amounts: dict[Key, float] = {}
    for s in document.spot:
        if s.long_term and s.amount > 0:
            amounts[(s.account, s.asset)] = amounts.get((s.account, s.asset), 0.0) + s.amount
    return amounts


def _spot_transfers(document: HoldingsDocument, targets: TargetBook) -> tuple[Transfer, ...]:
    return tuple(
        Transfer(
            s.asset,
            s.amount,
            s.amount * document.price(s.asset),
            s.account,
            s.venue,
            LONG_TERM_SPOT,
            targets.for_asset(s.asset),
            message(
                MessageKey.TRANSFER_LONG_TERM_SPOT,
                asset=s.asset,
                venue=s.venue,
            ),
        )
        for s in document.spot
        if s.long_term and s.amount > 0
    )


def _margin_transfers(
    document: HoldingsDocument, plans: tuple[AccountPlan, ...], targets: TargetBook, stress: Stress
) -> tuple[Transfer, ...]:
    """Collateral withdrawals (volatile first, cash last), then released isolated margin."""
    collateral = tuple(
        Transfer(
            w.asset,
            w.amount,
            w.usd,
            plan.account,
            plan.venue,
            _KIND_NAMES[w.kind],
            targets.for_asset(w.asset),
            _withdrawal_why(plan, w, stress),
        )
        for plan in plans
        for w in plan.withdrawals
    )
    accounts = {a.name: a for a in document.portfolio.accounts}
    released = tuple(
        _release_transfer(plan, r, settlement_asset(accounts[plan.account]), targets, stress)
        for plan in plans
        for r in plan.releases
    )
    return collateral + released


def settlement_asset(account: Account) -> str:
    """The stablecoin an isolated margin is held in: the account's first cash stablecoin, else USDT."""
    for holding in account.collateral:
        if collateral_kind(holding.asset) is CollateralKind.STABLE:
            return holding.asset
    return "USDT"


def _release_transfer(
    plan: AccountPlan, release: MarginRelease, asset: str, targets: TargetBook, stress: Stress
) -> Transfer:
    amount = round(release.release_usd, 2)
    why = message(
        MessageKey.TRANSFER_ISOLATED_RELEASE,
        label=release.label,
        isolated_margin=release.isolated_margin,
        least_margin=release.least_margin,
        preset=stress.preset.name,
        btc_drawdown=stress.btc_drawdown,
    )
    return Transfer(
        asset, amount, amount, plan.account, plan.venue, ISOLATED_MARGIN, targets.for_asset(asset), why
    )


def _withdrawal_why(plan: AccountPlan, w: Withdrawal, stress: Stress) -> Message:
    params: dict[str, str | float] = {
        "account": plan.account,
        "least_margin": plan.least_margin_usd,
        "preset": stress.preset.name,
        "btc_drawdown": stress.btc_drawdown,
    }
    if w.kind is CollateralKind.VOLATILE:
        return message(
            MessageKey.TRANSFER_VOLATILE_COLLATERAL,
            asset=w.asset,
            **params,
        )
    if w.kind is CollateralKind.SYNTHETIC_STABLE:
        return message(
            MessageKey.TRANSFER_SYNTHETIC_STABLE,
            asset=w.asset,
            **params,
        )
    return message(
        MessageKey.TRANSFER_STABLE_EXCESS,
        **params,
    )


def _after(
    document: HoldingsDocument, portfolio: Portfolio, transfers: tuple[Transfer, ...]
) -> HoldingsDocument:
    """The split once every transfer is made: spot moved out, cold credited."""
    moved_spot = {(t.from_account, t.asset) for t in transfers if t.kind == LONG_TERM_SPOT}
    spot = tuple(
        replace(s, amount=0.0) if s.long_term and (s.account, s.asset) in moved_spot else s
        for s in document.spot
    )
    arrivals = tuple(ColdHolding(_cold_account(t), t.asset, t.amount) for t in transfers)
    return HoldingsDocument(portfolio, spot, document.cold + arrivals)


def _cold_account(transfer: Transfer) -> str:
    if transfer.to is not None:
        return transfer.to.account
    chain = cold_chain(transfer.asset)
    return f"cold {chain.value if chain else transfer.asset} (no verified address yet)"


def _still_falling(bench: StressBench, portfolio: Portfolio) -> tuple[str, ...]:
    """The engine's re-check of the proposed split: the positions the stress still liquidates."""
    try:
        fallen = bench.run(portfolio).fallen
    except RiskInputError:  # the plan ran on this portfolio's accounts: only "no margin left" lands here
        return ()
    return tuple(sorted(label for _, label in fallen.positions))


def _loops_still_falling(bench: StressBench, portfolio: Portfolio) -> tuple[str, ...]:
    try:
        fallen = bench.run(portfolio).fallen
    except RiskInputError:  # as above: nothing left on an exchange
        return ()
    return tuple(sorted(label for _, label in fallen.loops))


def _metrics(bench: StressBench, portfolio: Portfolio, holdings: Holdings) -> SplitMetrics:
    try:
        survival = bench.survival_drawdown(portfolio)
        result = bench.run(portfolio)
    except RiskInputError:  # nothing left on any exchange: nothing to liquidate
        return SplitMetrics(None, None, None, holdings.exchange_share)
    settled = None if survival is None else bench.settled_fall(portfolio, survival)
    return SplitMetrics(
        survival,
        result.liquidated_share,
        result.liquidated_usd,
        holdings.exchange_share,
        settled,
        bench.survival_band(portfolio),
    )
