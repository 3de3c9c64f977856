"""The advisor's shortcuts change no answer: one account's candidates against the others laid
on the ladders once (StressBench.account_slacks) and bisections guided by the slack
(app.advisor.search)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.advisor.accounts import (
    collateral_usd,
    scaled_positions,
    take_collateral,
    with_account,
    withdrawal_order,
)
from app.advisor.advice import make_bench
from app.advisor.bench import StressBench, forget_shared_crowds
from app.advisor.plan import bisect_largest
from app.advisor.policy import StressPolicy, resolve
from app.advisor.search import Slacks, largest
from app.holdings import load_holdings
from app.resources import resource_path
from risk._types import RiskInputError


@pytest.fixture(scope="module")
def demo() -> tuple[object, object]:
    document = load_holdings(resource_path("demo", "portfolio.json"))
    return document, make_bench(document, resolve(StressPolicy()))


def test_one_account_against_the_others_falls_exactly_where_the_whole_run_says(demo: tuple) -> None:  # type: ignore[type-arg]
    document, bench = demo
    portfolio = document.portfolio
    checked = falls = 0
    for account in portfolio.accounts:
        if not account.positions:
            continue
        high = collateral_usd(account, portfolio.prices)
        for share in np.linspace(0.0, 1.0, 9):
            taken = take_collateral(account, share * high, portfolio.prices, withdrawal_order(account))[0]
            candidate = with_account(portfolio, taken)
            try:
                whole = bench.run(candidate).fallen.position_indices(account.name)
            except RiskInputError:
                with pytest.raises(RiskInputError):
                    bench.account_slacks(candidate, account.name)
                continue
            slacks = bench.account_slacks(candidate, account.name)
            assert frozenset(i for i, s in slacks.items() if s <= 0) == whole
            assert bench.account_fallen_indices(candidate, account.name) == whole
            checked, falls = checked + 1, falls + bool(whole)
    assert checked > 20 and 0 < falls < checked  # both outcomes were exercised


def test_cut_candidates_agree_too(demo: tuple) -> None:  # type: ignore[type-arg]
    document, bench = demo
    portfolio = document.portfolio
    account = next(a for a in portfolio.accounts if a.name == "OKX Isolated")
    for share in (0.0, 0.3, 0.6, 0.62, 0.63, 0.9):
        cut = scaled_positions(account, share, portfolio.prices, frozenset({0}))
        assert cut is not None
        candidate = with_account(portfolio, cut)
        whole = bench.run(candidate).fallen.position_indices(account.name)
        assert bench.account_fallen_indices(candidate, account.name) == whole


def _linear(boundary: float, kink: float = 0.0) -> tuple[list[float], Callable[[float], Slacks]]:
    calls: list[float] = []

    def slacks(x: float) -> Slacks:
        calls.append(x)
        bend = kink * max(0.0, x - 0.5 * boundary) ** 2
        return {0: boundary - x - bend, 1: 2.0}  # position 1 never binds

    return calls, slacks


@pytest.mark.parametrize(
    ("boundary", "kink", "rel"), [(3.2, 0.0, 1e-7), (7.77, 0.3, 1e-7), (0.4567, 5.0, 1e-5)]
)
def test_the_guided_search_returns_the_bisections_own_answer_with_fewer_runs(
    boundary: float, kink: float, rel: float
) -> None:
    plain_calls, plain = _linear(boundary, kink)
    expected = bisect_largest(lambda x: min(plain(x).values()) > 0, 10.0, rel=rel)
    calls, slacks = _linear(boundary, kink)
    found = largest(slacks, 10.0, lambda ok, high: bisect_largest(ok, high, rel=rel), rel=rel, hint=None)
    assert found == expected
    assert len(calls) <= 0.65 * len(plain_calls)


def test_a_slack_that_jumps_still_gets_the_bisections_answer() -> None:
    def ok_at(x: float) -> bool:
        return x <= 6.25

    def slacks(x: float) -> Slacks:
        return {0: 100.0 if ok_at(x) else -100.0}  # no slope to follow

    expected = bisect_largest(ok_at, 10.0)
    assert largest(slacks, 10.0, lambda ok, high: bisect_largest(ok, high), rel=1e-7, hint=None) == expected


def test_the_crowd_is_kept_between_calls_for_the_same_preset_and_prices_only() -> None:
    document = load_holdings(resource_path("demo", "portfolio.json"))
    stress = resolve(StressPolicy())
    forget_shared_crowds()
    first = make_bench(document, stress)
    again = make_bench(document, stress)
    assert again.market is first.market  # crowds built and sorted once
    assert again.run(document.portfolio) == first.run(document.portfolio)
    prices = {**document.portfolio.prices, "BTC": document.portfolio.prices["BTC"] * 1.01}
    moved = StressBench(stress, {"USDT": 1.0, **prices}, document.portfolio.betas)
    assert moved.market is not first.market
    assert moved.market.p0("BTC") == prices["BTC"]


@settings(max_examples=200, deadline=None)
@given(
    st.floats(0.0, 1.0),
    st.floats(1e-3, 1e3),
    st.floats(-0.9, 0.9),
    st.sampled_from([1e-7, 1e-5]),
    st.one_of(st.none(), st.floats(0.0, 1.0)),
)
def test_the_guided_search_always_lands_where_the_plain_bisection_does(
    where: float, scale: float, bend: float, rel: float, hint_share: float | None
) -> None:
    high = 50_000.0
    boundary = where * high

    def slacks(x: float) -> Slacks:
        gap = (boundary - x) / high  # monotone, zero at the boundary, bent by up to ±90%
        return {0: scale * gap * (1.0 + bend * abs(gap)), 3: scale}

    def ok(x: float) -> bool:
        return min(slacks(x).values()) > 0

    hint = None if hint_share is None else hint_share * high
    expected = bisect_largest(ok, high, rel=rel, hint=hint)
    found = largest(
        slacks, high, lambda ok_, bound: bisect_largest(ok_, bound, rel=rel, hint=hint), rel=rel, hint=hint
    )
    assert found == expected
