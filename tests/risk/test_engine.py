"""The engine: user accounts under shocks, with and without the cascade."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.resources import resource_path
from risk._types import FloatArray, RiskInputError
from risk.crowd import build_ladder
from risk.engine import evaluate, expected_shortfall, prepare, survival_drawdown, value_at_risk
from risk.impact import ConstantRetention, SqrtImpact
from risk.margin import CollateralHolding, HaircutTiers, TierTable, binance_liquidation_price_tiered
from risk.market import AssetMarket, Market
from risk.portfolio import Account, MarginMode, Portfolio, Position, single_tier
from risk.portfolio_json import load_portfolio
from risk.presets import load_preset
from risk.scenarios import AssetShock, ShockModel, VenueDislocation, drawdown_grid
from risk.stress import stress, stress_setup

FLAT = single_tier(0.005)
GRID = np.linspace(0.0, 0.6, 601)


def _portfolio(*accounts: Account, prices: dict[str, float] | None = None) -> Portfolio:
    return Portfolio("test", accounts, prices or {"BTC": 100_000.0, "USDT": 1.0, "USDe": 1.0}, {})


def _calm_market(prices: dict[str, float]) -> Market:
    return Market(tuple(AssetMarket(asset, p) for asset, p in prices.items()))


def _model(*extra: AssetShock, dislocations: tuple[VenueDislocation, ...] = ()) -> ShockModel:
    return ShockModel((AssetShock("BTC"), AssetShock("USDT", beta=0.0), *extra), dislocations, 0.1)


def _isolated_long() -> Account:
    position = Position("BTC", 1, 0.5, 100_000.0, FLAT, MarginMode.ISOLATED, isolated_margin=10_000.0)
    return Account("Binance", "binance", positions=(position,))


def test_isolated_long_falls_exactly_where_binance_puts_its_liquidation_price() -> None:
    account = _isolated_long()
    portfolio = _portfolio(account)
    market = _calm_market({"BTC": 100_000.0})
    report = evaluate(portfolio, market, drawdown_grid(_model(), GRID))
    lp = binance_liquidation_price_tiered(FLAT, 1, 0.5, 100_000.0, 10_000.0)
    # Without a crowd there is no cascade: it falls at the first grid point at or below LP.
    first_fall = GRID[np.argmax(report.liquidated_margin_usd > 0)]
    assert 100_000.0 * (1 - first_fall) <= lp < 100_000.0 * (1 - first_fall + 0.001)
    assert report.summary.survival_drawdown == pytest.approx(first_fall - 0.001)
    np.testing.assert_array_equal(report.liquidated_margin_usd, report.liquidated_margin_usd_no_cascade)
    assert set(np.unique(report.liquidated_share)) == {0.0, 1.0}
    assert report.position_labels == ("Binance: BTC long 0.5 (isolated)",)


def test_bad_debt_is_the_negative_equity_at_the_settled_price() -> None:
    report = evaluate(
        _portfolio(_isolated_long()), _calm_market({"BTC": 100_000.0}), drawdown_grid(_model(), GRID)
    )
    at_half = int(np.argmin(np.abs(GRID - 0.5)))
    # 10,000 margin + 0.5 × (50,000 − 100,000) = −15,000.
    assert report.bad_debt_usd[at_half] == pytest.approx(15_000.0)
    assert report.bad_debt_usd[0] == 0.0


def _cross_account(name: str, venue: str, usde: float = 0.0, usdt: float = 20_000.0) -> Account:
    collateral = [CollateralHolding("USDT", usdt)]
    if usde:
        collateral.append(CollateralHolding("USDe", usde))
    position = Position("BTC", 1, 1.0, 100_000.0, FLAT)
    return Account(name, venue, tuple(collateral), (position,))


def test_venue_dislocation_decides_which_account_falls() -> None:
    usde = AssetShock("USDe", beta=0.0, depeg=0.075)
    model = _model(usde, dislocations=(VenueDislocation("binance", "USDe", 0.29),))
    # Equity after −25% on 1 BTC: USDT 5,000 + USDe − 25,000; MM 0.5% × 75,000 = 375.
    accounts = tuple(
        _cross_account(name, name.lower(), 30_000.0, usdt=5_000.0) for name in ("Binance", "Bybit")
    )
    report = evaluate(
        _portfolio(*accounts),
        _calm_market({"BTC": 1e5, "USDT": 1.0, "USDe": 1.0}),
        drawdown_grid(model, np.array([0.25])),
    )
    # Binance: 5,000 + 30,000 × 0.925 × 0.71 − 25,000 = −297 ≤ 375 → falls.
    # Bybit:   5,000 + 30,000 × 0.925 − 25,000 = 7,750 > 375 → survives.
    assert [report.position_labels[i] for i in report.fallen_positions(0)] == ["Binance: BTC long 1 (cross)"]
    assert report.bad_debt_usd[0] == pytest.approx(25_000 - 5_000 - 30_000 * 0.925 * 0.71)


def test_haircut_tiers_count_in_the_cross_equity() -> None:
    haircut = HaircutTiers(np.array([0.0, 10_000.0]), np.array([0.9, 0.5]))
    account = Account(
        "Unified",
        "bybit",
        (CollateralHolding("USDT", 20_000.0, haircut),),
        (Position("BTC", 1, 1.0, 1e5, FLAT),),
    )
    # Credit: 9,000 + 0.5 × 10,000 = 14,000. Falls once 14,000 − 1e5·d ≤ 0.005·1e5·(1 − d).
    d_star = (14_000 - 500) / (100_000 - 500)
    report = evaluate(
        _portfolio(account), _calm_market({"BTC": 1e5, "USDT": 1.0}), drawdown_grid(_model(), GRID)
    )
    assert report.summary.survival_drawdown == pytest.approx(math.floor(d_star * 1000) / 1000)
    assert report.exchange_margin_usd == 20_000.0  # held margin is counted without haircut


def _crowd_market(p0: float = 100_000.0, seed: int = 3) -> Market:
    rng = np.random.default_rng(seed)
    n = 5_000
    liq = p0 * (1 - rng.uniform(0.01, 0.6, n))
    ladder = build_ladder(np.ones(n, dtype=np.int64), rng.uniform(0.5, 2.0, n), liq, p0)
    impact = SqrtImpact(y=0.7, sigma=0.03, adv_usd=3e9)
    return Market((AssetMarket("BTC", p0, impact, ConstantRetention(0.3), ladder), AssetMarket("USDT", 1.0)))


def test_cascade_never_helps_and_liquidates_earlier() -> None:
    account = _cross_account("Binance", "binance")
    report = evaluate(_portfolio(account), _crowd_market(), drawdown_grid(_model(), GRID))
    assert np.all(report.settled_prices[0] <= report.exo_prices[0] + 1e-6)
    assert np.all(report.liquidated_margin_usd >= report.liquidated_margin_usd_no_cascade)
    survival = report.summary.survival_drawdown
    plain = report.summary.survival_drawdown_no_cascade
    assert survival is not None and plain is not None and survival < plain
    assert report.summary.amplification == pytest.approx(plain / survival)


def test_user_positions_join_the_ladder() -> None:
    market = _crowd_market()
    crowd_size = market.get("BTC").ladder.size  # type: ignore[union-attr]
    book = prepare(_portfolio(_isolated_long(), _cross_account("Bybit", "bybit")), market)
    merged = book.market.get("BTC").ladder
    assert merged is not None and merged.size == crowd_size + 2
    lp = binance_liquidation_price_tiered(FLAT, 1, 0.5, 100_000.0, 10_000.0)
    extra = merged.forced_sell_usd(np.array([lp])) - market.get("BTC").ladder.forced_sell_usd(np.array([lp]))  # type: ignore[union-attr]
    # Both rungs sit at the same price: 10,000 on 0.5 BTC isolated and 20,000 on 1 BTC cross.
    assert extra[0] == pytest.approx(1.5 * lp)


def test_an_account_already_below_maintenance_is_refused() -> None:
    broke = Account(
        "Broke", "binance", (CollateralHolding("USDT", 100.0),), (Position("BTC", 1, 1.0, 120_000.0, FLAT),)
    )
    with pytest.raises(RiskInputError, match="account Broke is already at or below maintenance"):
        prepare(_portfolio(broke), _calm_market({"BTC": 1e5, "USDT": 1.0}))


def test_missing_market_asset_is_named() -> None:
    with pytest.raises(RiskInputError, match="USDT"):
        prepare(_portfolio(_cross_account("A", "binance")), _calm_market({"BTC": 1e5}))


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([1, -1]),
            st.floats(0.05, 3.0),
            st.floats(0.7, 1.3),
            st.booleans(),
            st.floats(0.0, 60_000.0),
        ),
        min_size=1,
        max_size=6,
    ),
    st.floats(5_000.0, 80_000.0),
)
def test_engine_matches_a_plain_per_scenario_reference(
    rows: list[tuple[int, float, float, bool, float]], wallet: float
) -> None:
    positions = []
    for side, size, entry_ratio, isolated, margin in rows:
        mode = MarginMode.ISOLATED if isolated and margin > 0 else MarginMode.CROSS
        positions.append(
            Position(
                "BTC",
                side,
                size,
                1e5 * entry_ratio,
                FLAT,
                mode,
                margin if mode is MarginMode.ISOLATED else 0.0,
            )
        )
    account = Account("A", "binance", (CollateralHolding("USDT", wallet),), tuple(positions))
    market = _crowd_market()
    try:
        report = evaluate(_portfolio(account), market, drawdown_grid(_model(), np.linspace(-0.5, 0.6, 45)))
    except RiskInputError:
        return  # insolvent at P0: refused, covered elsewhere
    for s, price in enumerate(report.settled_prices[0]):
        expected_loss, expected_fallen = _reference(account, price)
        assert report.liquidated_margin_usd[s] == pytest.approx(expected_loss, rel=1e-12, abs=1e-9)
        fallen = {report.position_labels[i] for i in report.fallen_positions(s)}
        assert fallen == expected_fallen


def _reference(account: Account, price: float) -> tuple[float, set[str]]:
    """Plain Python: each isolated position and the cross book checked one by one."""
    loss, fallen = 0.0, set()
    cross_equity, cross_mm, cross_margin0 = account.collateral[0].amount, 0.0, account.collateral[0].amount
    for p in account.positions:
        pnl = p.side * p.size * (price - p.entry)
        mm = p.size * price * 0.005
        label = f"A: BTC {'long' if p.side == 1 else 'short'} {p.size:g} ({p.margin_mode.value})"
        if p.margin_mode is MarginMode.ISOLATED:
            if p.isolated_margin + pnl <= mm:
                loss += p.isolated_margin + p.side * p.size * (1e5 - p.entry)
                fallen.add(label)
        else:
            cross_equity += pnl
            cross_mm += mm
            cross_margin0 += p.side * p.size * (1e5 - p.entry)
    cross = [p for p in account.positions if p.margin_mode is MarginMode.CROSS]
    if cross and cross_equity <= cross_mm:
        loss += cross_margin0
        fallen |= {f"A: BTC {'long' if p.side == 1 else 'short'} {p.size:g} (cross)" for p in cross}
    return loss, fallen


def test_tail_measures_on_a_known_sample() -> None:
    losses = np.arange(100, dtype=np.float64)  # 0 … 99
    assert value_at_risk(losses, 0.95) == 94.0
    assert expected_shortfall(losses, 0.99) == 99.0
    assert expected_shortfall(losses, 0.95) == pytest.approx(np.mean([95, 96, 97, 98, 99]))


@pytest.mark.parametrize(
    ("drawdowns", "liquidated", "expected"),
    [
        ([0.0, 0.1, 0.2, 0.3], [0, 0, 5, 5], 0.1),
        ([0.3, 0.0, 0.2, 0.1], [5, 0, 5, 0], 0.1),
        ([0.0, 0.1], [0, 0], 0.1),
        ([0.1, 0.2], [1, 1], 0.0),
        ([-0.1, -0.2], [0, 0], None),
    ],
)
def test_survival_drawdown(drawdowns: list[float], liquidated: list[float], expected: float | None) -> None:
    assert survival_drawdown(np.array(drawdowns), np.array(liquidated, dtype=np.float64)) == expected


DEMO = resource_path("demo", "portfolio.json")


@pytest.mark.parametrize("preset", ["2025-10-10", "2026-01-31", "2021-05-19", "2020-03-12"])
def test_demo_portfolio_under_every_preset(preset: str) -> None:
    setup = stress_setup(load_portfolio(DEMO), load_preset(resource_path("scenarios", f"{preset}.json")))
    report = stress(setup, np.linspace(0, 0.5, 26), samples=2_000, seed=1)
    curve = report.curve
    assert curve.exchange_margin_usd > 0
    assert np.all(np.diff(curve.liquidated_share) >= 0)  # deeper crashes never liquidate less
    assert np.all(curve.liquidated_share >= curve.liquidated_share_no_cascade)
    assert curve.liquidated_share[0] == 0 and curve.liquidated_share[-1] > 0
    assert 0 <= report.sample.summary.var95_usd <= report.sample.summary.es99_usd <= curve.exchange_margin_usd


def test_demo_binance_account_falls_to_the_cascade_before_the_plain_move() -> None:
    setup = stress_setup(load_portfolio(DEMO), load_preset(resource_path("scenarios", "2025-10-10.json")))
    summary = stress(setup, np.linspace(0, 0.5, 51), samples=100).curve.summary
    assert summary.survival_drawdown is not None and summary.survival_drawdown_no_cascade is not None
    assert summary.survival_drawdown < summary.survival_drawdown_no_cascade


@pytest.mark.parametrize("seed", range(8))
def test_compiled_book_equals_the_unit_by_unit_rules(seed: int) -> None:
    from risk.engine_units import liquidation_units
    from risk.loops import LendingLoop
    from risk.portfolio import Loop

    rng = np.random.default_rng(seed)
    prices = {"BTC": 1e5, "ETH": 3e3, "USDT": 1.0, "USDe": 1.0}
    tiers = TierTable(np.array([0.0, 50_000.0, 500_000.0]), np.array([0.004, 0.01, 0.025]))
    haircut = HaircutTiers(np.array([0.0, 20_000.0]), np.array([0.9, 0.6]))
    accounts = []
    for a, venue in enumerate(("binance", "bybit", "binance")):
        positions = tuple(
            Position(
                asset,
                int(rng.choice([1, -1])),
                float(rng.uniform(0.1, 1.0)) * 1e5 / prices[asset],
                prices[asset] * float(rng.uniform(0.97, 1.03)),
                tiers,
                MarginMode.ISOLATED if iso else MarginMode.CROSS,
                30_000.0 if iso else 0.0,
            )
            for asset, iso in (("BTC", False), ("ETH", False), ("BTC", bool(rng.integers(2))))
        )
        collateral = (CollateralHolding("USDT", 60_000.0), CollateralHolding("USDe", 40_000.0, haircut))
        loops = (Loop("USDe", LendingLoop(50_000.0, 0.75, 3, 0.9)),) if a == 2 else ()
        accounts.append(Account(f"acct {a}", venue, collateral, positions, 1.0 + 0.05 * a, loops))
    portfolio = Portfolio("random", tuple(accounts), prices, {})
    market = _calm_market(prices)
    model = _model(
        AssetShock("ETH", beta=1.3),
        AssetShock("USDe", beta=0.0, depeg=0.05),
        dislocations=(VenueDislocation("binance", "USDe", 0.3),),
    )
    scenarios = drawdown_grid(model, np.linspace(-0.4, 0.6, 41))
    book = prepare(portfolio, market)
    exo = np.vstack([scenarios.exo_price(name, market.p0(name)) for name in market.names])
    dislocated = frozenset((d.venue, d.asset) for d in scenarios.venue_dislocations)
    fallen, equity = book.compiled.breaches(exo, scenarios.venue_factor, dislocated)
    for u, unit in enumerate(liquidation_units(portfolio, market)):

        def price(asset: str, venue: str = unit.venue) -> FloatArray:
            moved: FloatArray = exo[market.names.index(asset)] * scenarios.venue_factor(venue, asset)
            return moved

        expected_equity, threshold = unit.equity_and_maintenance(price)
        np.testing.assert_allclose(equity[u], expected_equity, rtol=1e-12, atol=1e-6)
        np.testing.assert_array_equal(fallen[u], expected_equity <= threshold)


def test_venue_names_match_whatever_their_case() -> None:
    model = _model(AssetShock("USDe", beta=0.0), dislocations=(VenueDislocation("Binance", "USDe", 0.5),))
    scenarios = drawdown_grid(model, np.array([0.1]))
    assert scenarios.venue_factor("BINANCE ", "USDe")[0] == pytest.approx(0.5)
    account = _cross_account("Mixed case", "BiNaNcE", 30_000.0)
    assert account.venue == "binance"


def test_a_portfolio_with_no_margin_is_refused() -> None:
    empty = Account("Empty", "binance", (CollateralHolding("USDT", 0.0),))
    with pytest.raises(RiskInputError, match="holds no margin"):
        prepare(_portfolio(empty), _calm_market({"BTC": 1e5, "USDT": 1.0}))


def test_refined_survival_lands_on_the_liquidation_price() -> None:
    from risk.stress import StressSetup, refine_survival

    setup = StressSetup(prepare(_portfolio(_isolated_long()), _calm_market({"BTC": 1e5})), _model())
    curve = evaluate(
        _portfolio(_isolated_long()),
        _calm_market({"BTC": 1e5}),
        drawdown_grid(_model(), np.linspace(0, 0.5, 6)),
    )
    lp = binance_liquidation_price_tiered(FLAT, 1, 0.5, 100_000.0, 10_000.0)
    refined = refine_survival(setup, curve, cascade=False)
    assert refined is not None and refined == pytest.approx(1 - lp / 1e5, abs=1e-5)
    assert refined < 1 - lp / 1e5  # the last drawdown that survives, never one that falls


def _usde_loop_accounts() -> tuple[Account, Account]:
    from risk.loops import LendingLoop
    from risk.portfolio import Loop

    loop = Loop("USDe", LendingLoop(capital=100_000.0, ltv=0.8, cycles=5, lt=0.92))
    return Account("Binance loans", "binance", loops=(loop,)), Account("Aave", "aave", loops=(loop,))


def test_usde_loop_dies_at_the_binance_print_and_owes_27_percent_more() -> None:
    # RISK_MODEL.md §4: exposure 368,928, debt 268,928, LT 0.92 → liquidation at 0.7923;
    # at the $0.6567 Binance print the whole stake is gone plus about 27% of it.
    model = _model(
        AssetShock("USDe", beta=0.0, depeg=0.075), dislocations=(VenueDislocation("binance", "USDe", 0.29),)
    )
    scenarios = drawdown_grid(model, np.array([0.0, 0.05, 0.1]))
    report = evaluate(_portfolio(*_usde_loop_accounts()), _calm_market({"BTC": 1e5, "USDe": 1.0}), scenarios)
    assert report.exchange_margin_usd == pytest.approx(200_000.0)
    # At the reference shock Binance prints 0.925 × 0.71 = 0.65675; Aave's oracle holds 0.925.
    assert [report.position_labels[i] for i in report.fallen_positions(2)] == [
        "Binance loans: USDe loop x5 at LTV 0.8"
    ]
    assert report.liquidated_margin_usd.tolist() == [0.0, 0.0, 100_000.0]
    exposure, debt = 368_928.0, 268_928.0
    assert report.bad_debt_usd[2] == pytest.approx(debt - exposure * 0.925 * 0.71, rel=1e-4)
    assert report.bad_debt_usd[2] / 100_000 == pytest.approx(0.27, abs=0.01)


def test_loop_falls_exactly_at_health_factor_one() -> None:
    binance, _ = _usde_loop_accounts()
    model = _model(AssetShock("USDe", beta=1.0))
    report = evaluate(
        _portfolio(binance), _calm_market({"BTC": 1e5, "USDe": 1.0}), drawdown_grid(model, GRID)
    )
    liquidation_price = 268_928.0 / (368_928.0 * 0.92)
    first_fall = GRID[np.argmax(report.liquidated_margin_usd > 0)]
    assert 1 - first_fall <= liquidation_price < 1 - first_fall + 0.001 + 1e-12
