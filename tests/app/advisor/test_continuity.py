"""Advice is continuous in the buffer (issue 16, item 3): over random portfolios under the
2025-10-10 stress with its real cascade, raising the buffer by 0.25% moves no cut by more than
10 points of the position and no kept collateral by more than 10% of the account's collateral
(its equity, when a cut turns unrealised profit into collateral).

The presets' crowds are continuous and have no cascade tipping point between 0% and 60%
(tests/risk/test_stress_ensemble.py), so no exception applies here; a tipping point would be
named by `risk.stress_ensemble.tipping_points`.
"""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from app.advisor.advice import make_bench
from app.advisor.plan import AccountPlan, plan_accounts
from app.advisor.policy import StressPolicy, resolve
from tests.app.advisor.conftest import HoldingsFactory

STEP = 0.0025
TIERS = {"floors": [0, 300_000], "mmrs": [0.004, 0.005]}


def _plan(make_holdings: HoldingsFactory, account: dict[str, object], buffer: float) -> AccountPlan:
    document = make_holdings([account])
    bench = make_bench(document, resolve(StressPolicy(buffer=buffer)))
    (plan,) = plan_accounts(bench, document.portfolio)[0]
    return plan


@settings(
    max_examples=40,  # the advice now takes tens of milliseconds per plan
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    usdt=st.floats(2_000, 60_000),
    btc=st.floats(0.05, 2.0),
    entry=st.floats(0.9, 1.1),
    eth_short=st.floats(0.0, 10.0),
    steps=st.integers(0, 10),
)
def test_a_quarter_point_more_buffer_changes_the_advice_a_little(
    make_holdings: HoldingsFactory, usdt: float, btc: float, entry: float, eth_short: float, steps: int
) -> None:
    positions: list[dict[str, object]] = [
        {"asset": "BTC", "side": "long", "size": btc, "entry": 100_000 * entry, "tiers": TIERS}
    ]
    if eth_short > 0.5:
        positions.append({"asset": "ETH", "side": "short", "size": eth_short, "entry": 3_000, "tiers": TIERS})
    # The account's equity today (USDT plus the long's unrealised PnL; the short opens at 3,000):
    # it must clear maintenance now, and it is what a cut turns into collateral.
    equity = usdt + btc * 100_000 * (1.0 - entry)
    assume(equity > 0.02 * (btc * 100_000 + eth_short * 3_000))
    account = {"name": "cross", "venue": "binance", "collateral": [{"asset": "USDT", "amount": usdt}]}
    account["positions"] = positions
    buffer = steps * STEP
    before = _plan(make_holdings, account, buffer)
    after = _plan(make_holdings, account, buffer + STEP)
    cuts_before = {c.label: c.share for c in before.cuts}
    cuts_after = {c.label: c.share for c in after.cuts}
    for label in cuts_before.keys() | cuts_after.keys():
        assert abs(cuts_after.get(label, 0.0) - cuts_before.get(label, 0.0)) <= 0.10, (label, before, after)
    kept_change = abs(after.least_margin_usd - before.least_margin_usd)
    assert kept_change <= 0.10 * max(before.collateral_usd, equity), (before, after)


def test_the_advice_names_the_tipping_points_of_its_stress(make_holdings: HoldingsFactory) -> None:
    """The 10/10 stress under the joint fit steepens near a 7.5% shock: the advice names each
    step in its JSON and in its first lines, shock bracket and settled fall on either side."""
    from app.advisor.advice import advise
    from app.advisor.report import advice_json, render_text
    from app.advisor.targets import TargetBook

    account = {
        "name": "cross",
        "venue": "binance",
        "collateral": [{"asset": "USDT", "amount": 20_000}],
        "positions": [{"asset": "BTC", "side": "long", "size": 1.0, "entry": 100_000, "tiers": TIERS}],
    }
    advice = advise(make_holdings([account]), resolve(StressPolicy()), TargetBook())
    assert advice.tipping_points
    named = advice_json(advice, "paper")["stress"]["tipping_points"]
    assert len(named) == len(advice.tipping_points)
    text = render_text(advice, "paper")
    for point in advice.tipping_points:
        assert point.shock_high - point.shock_low <= 0.001 + 1e-12
        assert point.fall_high > point.fall_low
        assert f"between a {point.shock_low:.2%} and a {point.shock_high:.2%} BTC shock" in text
