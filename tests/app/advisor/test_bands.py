"""The advice's amounts carry P10/P50/P90 across the calibrated ensemble (issue 16, item 2).

The band of an amount is the same plan solved with 90%, 50% and 10% of the members required
to survive; these tests check it against plans solved from scratch at those shares.
"""

from __future__ import annotations

import pytest

from app.advisor.advice import Advice, advise, make_bench, settlement_asset
from app.advisor.bands import BAND_SHARES
from app.advisor.plan import AccountPlan, plan_accounts
from app.advisor.policy import StressPolicy, resolve, with_survive_share
from app.advisor.report import advice_json, render_text
from app.advisor.targets import TargetBook
from app.holdings import HoldingsDocument, load_holdings
from app.resources import resource_path
from app.services.advice_view import _view


def _settlement(account: str) -> str:
    demo = load_holdings(resource_path("demo", "portfolio.json")).portfolio
    return settlement_asset(next(a for a in demo.accounts if a.name == account))


@pytest.fixture(scope="module")
def document() -> HoldingsDocument:
    return load_holdings(resource_path("demo", "portfolio.json"))


@pytest.fixture(scope="module")
def demo_advice(document: HoldingsDocument) -> Advice:
    return advise(document, resolve(StressPolicy()), TargetBook())


def _planned(plan: AccountPlan, asset: str, settlement: str) -> float:
    """What the plan lets leave in `asset`: its withdrawals, and released isolated margin in the
    account's settlement stablecoin."""
    released = sum(round(r.release_usd, 2) for r in plan.releases) if asset == settlement else 0.0
    return sum(w.amount for w in plan.withdrawals if w.asset == asset) + released


def test_the_headline_is_the_cautious_end_of_its_band(
    document: HoldingsDocument, demo_advice: Advice
) -> None:
    """At the default 90% a withdrawal is the band's P10 and a cut its P90 (to the bands' 1e-4:
    another share's cut on one account moves the crowd the others' releases face by cents)."""
    bands = demo_advice.bands
    assert bands.cuts, "the demo has cuts"
    for plan in demo_advice.plans:
        for cut in plan.cuts:
            band = bands.cut(cut.label)
            assert band is not None and band[0] <= band[1] <= band[2] == cut.share
        for w in plan.withdrawals:
            band = bands.transfer(plan.account, w.asset)
            planned = _planned(plan, w.asset, _settlement(plan.account))
            collateral = plan.collateral_usd / document.price(w.asset)
            assert band is not None and band[0] == pytest.approx(planned, abs=2e-4 * collateral)
    moving = [b for b in bands.transfers.values() if b[0] < b[2]]
    assert moving, "the ensemble moves at least one amount of the demo"


@pytest.mark.parametrize("share", [s for s in BAND_SHARES if s != 0.9])
def test_each_percentile_is_the_plan_solved_at_its_share(
    document: HoldingsDocument, demo_advice: Advice, share: float
) -> None:
    """The band's other points are what a whole plan solved from scratch at that share gives
    (the band re-plans each account once against the headline's others: the same fixed point
    to the bands' 1e-4 tolerance)."""
    stress = with_survive_share(resolve(StressPolicy()), share)
    plans, _ = plan_accounts(make_bench(document, stress), document.portfolio)
    index = BAND_SHARES.index(share)
    for plan in plans:
        for cut in plan.cuts:
            band = demo_advice.bands.cut(cut.label)
            assert band is not None
            assert sorted(band)[2 - index] == pytest.approx(cut.share, abs=0.002)
        for w in plan.withdrawals:
            band = demo_advice.bands.transfer(plan.account, w.asset)
            assert band is not None
            collateral = plan.collateral_usd / document.price(w.asset)
            planned = _planned(plan, w.asset, _settlement(plan.account))
            assert band[index] == pytest.approx(planned, abs=2e-4 * collateral)


def test_json_text_and_view_carry_the_bands(demo_advice: Advice) -> None:
    document = advice_json(demo_advice, "demo")
    for t in document["transfers"]:
        low, middle, high = t["amount_p10_p50_p90"]
        assert low <= middle <= high and {"asset", "amount", "usd", "from"} <= set(t)
    cuts = [c for a in document["accounts"] for c in a["deleverage"]]
    assert cuts and all(c["share_p10_p50_p90"][2] == c["share"] for c in cuts)
    text = render_text(demo_advice, "demo")
    assert "ensemble P10–P90" in text
    view = _view(demo_advice)
    assert len(view.cut_bands) == len(view.cuts) and all(b is not None for b in view.cut_bands)
    assert view.moved_usd_band is not None
    low, _, high = view.moved_usd_band
    # At the default share the transfers are the cautious end: their total is the band's P10.
    assert low == pytest.approx(sum(t.usd for t in view.transfers), rel=1e-6) and high > low
