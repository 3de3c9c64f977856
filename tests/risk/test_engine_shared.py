"""One crowd, many portfolios (risk.engine_shared): the same report as merging every candidate
into the ladders, with the crowd solved once."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from risk.crowd import build_ladder, merge_ladders
from risk.engine import EngineReport, evaluate_prepared, prepare, user_accounts
from risk.engine_shared import SharedCrowd, add_rungs, evaluate_shared, solve_crowd
from risk.impact import DecayRetention, SqrtImpact
from risk.margin import CollateralHolding
from risk.market import AssetMarket, Market
from risk.multicascade import AssetCascade, prepare_cascades, solve_all, solve_rows, with_user_rungs
from risk.portfolio import Account, MarginMode, Portfolio, Position, single_tier
from risk.scenarios import AssetShock, MemberParameters, ShockModel, drawdown_grid, ensemble_grid

FLAT = single_tier(0.005)
PRICES = {"BTC": 100_000.0, "ETH": 3_000.0, "USDT": 1.0}


def _market(seed: int = 5) -> Market:
    rng = np.random.default_rng(seed)
    entries = []
    for asset in ("BTC", "ETH"):
        p0, n = PRICES[asset], 4_000
        side = np.where(rng.uniform(size=n) < 0.7, 1, -1)
        liq = np.where(side == 1, p0 * (1 - rng.uniform(0.01, 0.5, n)), p0 * (1 + rng.uniform(0.01, 0.5, n)))
        ladder = build_ladder(side, rng.uniform(0.5, 2.0, n) * 3e8 / p0 / n, liq, p0)
        entries.append(AssetMarket(asset, p0, SqrtImpact(0.7, 0.04, 2e8), DecayRetention(15.0, 0.05), ladder))
    return Market((*entries, AssetMarket("USDT", 1.0)))


def _portfolio(usdt: float, isolated_margin: float, size: float = 40.0) -> Portfolio:
    # Big enough that the user's own liquidations join the cascade somewhere on the grid.
    cross = Account(
        "cross",
        "binance",
        (CollateralHolding("USDT", usdt),),
        (Position("BTC", 1, size, 100_000.0, FLAT), Position("ETH", -1, 100.0, 3_000.0, FLAT)),
    )
    isolated = Position("BTC", 1, size / 2, 100_000.0, FLAT, MarginMode.ISOLATED, isolated_margin)
    return Portfolio("shared", (cross, Account("iso", "bybit", positions=(isolated,))), PRICES, {})


def _model() -> ShockModel:
    return ShockModel((AssetShock("BTC"), AssetShock("ETH", beta=1.2), AssetShock("USDT", beta=0.0)))


def _same(shared: EngineReport, merged: EngineReport) -> None:
    np.testing.assert_allclose(shared.settled_prices, merged.settled_prices, rtol=1e-12)
    np.testing.assert_allclose(shared.crowd_liquidated_usd, merged.crowd_liquidated_usd, rtol=1e-9)
    np.testing.assert_array_equal(shared.liquidated_margin_usd, merged.liquidated_margin_usd)
    np.testing.assert_array_equal(shared.fallen_scenario, merged.fallen_scenario)
    np.testing.assert_array_equal(shared.fallen_position, merged.fallen_position)
    assert shared.position_labels == merged.position_labels


@settings(max_examples=15, deadline=None)
@given(st.floats(300_000.0, 3_000_000.0), st.floats(50_000.0, 900_000.0), st.floats(5.0, 60.0))
def test_the_shared_crowd_gives_the_merged_ladders_report(usdt: float, margin: float, size: float) -> None:
    market = _market()
    portfolio = _portfolio(usdt, margin, size)
    scenarios = drawdown_grid(_model(), np.linspace(-0.3, 0.6, 181))
    crowd = solve_crowd(SharedCrowd.of(market), scenarios)
    _same(
        evaluate_shared(crowd, user_accounts(portfolio, market)),
        evaluate_prepared(prepare(portfolio, market), scenarios),
    )


def test_ensemble_members_and_rungs_laid_in_two_steps_match_too() -> None:
    market = _market(7)
    portfolio = _portfolio(800_000.0, 200_000.0)
    members = MemberParameters(
        np.array([0.6, 1.0, 1.6]), np.array([10.0, 20.0, 40.0]), np.array([0.05, 0.1, 0.2])
    )
    scenarios = ensemble_grid(_model(), np.linspace(0.0, 0.4, 41), members)
    merged = evaluate_prepared(prepare(portfolio, market), scenarios)
    crowd = solve_crowd(SharedCrowd.of(market), scenarios)
    reached_somewhere = not np.array_equal(merged.settled_prices, crowd.settled)
    assert reached_somewhere  # the user's rungs do move the cascade here
    _same(evaluate_shared(crowd, user_accounts(portfolio, market)), merged)
    # The other accounts first, then one account on top: the advisor's bisections.
    first = add_rungs(crowd, Portfolio("rest", portfolio.accounts[1:], PRICES, {}))
    both = add_rungs(first, Portfolio("one", portfolio.accounts[:1], PRICES, {}))
    np.testing.assert_allclose(both.settled, merged.settled_prices, rtol=1e-12)


def test_solve_rows_is_solve_all_row_by_row_and_user_rungs_are_a_merged_ladder() -> None:
    market = _market(11)
    cascades = prepare_cascades([AssetCascade(e.ladder, e.impact, e.retention) for e in market.assets[:2]])  # type: ignore[arg-type]
    exo = np.outer([100_000.0, 3_000.0], np.linspace(0.5, 1.3, 33))
    prices, liquidated, _ = solve_all(cascades, exo)
    rows = np.array([5, 40, 60])
    asset, column = np.divmod(rows, 33)
    some, again, _ = solve_rows(cascades, asset, exo[asset, column], column)
    np.testing.assert_array_equal(some, prices[asset, column])
    np.testing.assert_array_equal(again, liquidated[asset, column])
    side, size, liq = np.array([1, -1]), np.array([30.0, 20.0]), np.array([80_000.0, 120_000.0])
    own = build_ladder(side, size, liq, 100_000.0)
    entries = [
        AssetCascade(
            merge_ladders(market.assets[0].ladder, own), market.assets[0].impact, market.assets[0].retention
        )
    ]  # type: ignore[arg-type]
    entries.append(AssetCascade(market.assets[1].ladder, market.assets[1].impact, market.assets[1].retention))  # type: ignore[arg-type]
    no_rungs = (np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros(0))
    extra = with_user_rungs(cascades, [(side, size, liq), no_rungs])
    expected, _, _ = solve_all(prepare_cascades(entries), exo)
    found, _, _ = solve_all(extra, exo)
    np.testing.assert_allclose(found, expected, rtol=1e-12)
    assert not np.array_equal(found, prices)  # the rungs matter


@pytest.mark.parametrize("usdt", [1.0, 5_000.0])
def test_a_refused_portfolio_is_refused_the_same_way(usdt: float) -> None:
    broke = Account(
        "broke", "binance", (CollateralHolding("USDT", usdt),), (Position("BTC", 1, 10.0, 110_000.0, FLAT),)
    )
    portfolio = Portfolio("broke", (broke,), PRICES, {})
    with pytest.raises(Exception) as merged:
        prepare(portfolio, _market())
    with pytest.raises(type(merged.value), match="already at or below maintenance"):
        user_accounts(portfolio, _market())


def test_members_share_their_no_cascade_outcome_and_it_is_the_same() -> None:
    import risk.engine as engine

    market = _market(13)
    members = MemberParameters(
        np.array([0.7, 1.0, 1.4]), np.array([10.0, 20.0, 30.0]), np.array([0.05, 0.1, 0.2])
    )
    scenarios = ensemble_grid(_model(), np.linspace(0.0, 0.5, 26), members)
    book = prepare(_portfolio(600_000.0, 300_000.0), market)
    shared = evaluate_prepared(book, scenarios)
    each = engine._outcome(book, scenarios, shared.exo_prices)  # every column on its own
    np.testing.assert_array_equal(shared.liquidated_margin_usd_no_cascade, each.liquidated)
    np.testing.assert_array_equal(shared.bad_debt_usd_no_cascade, each.bad_debt)
    assert (shared.liquidated_margin_usd_no_cascade > 0).any()


@settings(max_examples=12, deadline=None)
@given(st.floats(300_000.0, 3_000_000.0), st.floats(50_000.0, 900_000.0), st.floats(5.0, 60.0))
def test_rows_resumed_from_the_trail_settle_on_the_very_floats_of_a_full_re_solve(
    usdt: float, margin: float, size: float
) -> None:
    """A re-solved row resumes from the crowd's first iterate that reaches a new rung
    (risk.engine_shared.Trail); without the trail it is solved again from P_exo. Both give
    the same floats, and so does a second layer laid on a resumed (trailed) solution."""
    from dataclasses import replace

    market = _market(11)
    portfolio = _portfolio(usdt, margin, size)
    members = MemberParameters(
        np.array([0.6, 1.0, 1.6]), np.array([10.0, 20.0, 40.0]), np.array([0.05, 0.1, 0.2])
    )
    scenarios = ensemble_grid(_model(), np.linspace(-0.2, 0.5, 36), members)
    crowd = solve_crowd(SharedCrowd.of(market), scenarios)
    assert crowd.trail is not None
    rest = Portfolio("rest", portfolio.accounts[1:], PRICES, {})
    one = Portfolio("one", portfolio.accounts[:1], PRICES, {})
    resumed = add_rungs(add_rungs(crowd, rest, trail=True), one)
    full = add_rungs(add_rungs(replace(crowd, trail=None), rest), one)
    np.testing.assert_array_equal(resumed.settled, full.settled)
    np.testing.assert_array_equal(resumed.liquidated, full.liquidated)
    # The trail laid with `rest` ends where its rows settle.
    layered = add_rungs(crowd, rest, trail=True)
    assert layered.trail is not None
    np.testing.assert_array_equal(layered.trail.prices[-1], layered.settled[crowd.crowd.cascading])
