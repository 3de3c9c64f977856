"""Shock vectors: betas, depegs, venue dislocations, the seeded sampler, drawdown ranges."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from risk._types import RiskInputError
from risk.scenarios import (
    MAX_DRAWDOWN,
    AssetShock,
    ShockModel,
    VenueDislocation,
    drawdown_grid,
    parse_drawdown_range,
    sample_scenarios,
)

USDE_ELSEWHERE = 0.925  # 2025-10-10: USDe held $0.90–0.95 off Binance
USDE_BINANCE = 0.6567  # and printed $0.6567 on Binance


def _model() -> ShockModel:
    return ShockModel(
        assets=(
            AssetShock("BTC"),
            AssetShock("ETH", beta=1.4, idio_vol=0.02),
            AssetShock("USDe", beta=0.0, depeg=1 - USDE_ELSEWHERE),
        ),
        venue_dislocations=(VenueDislocation("binance", "USDe", 1 - USDE_BINANCE / USDE_ELSEWHERE),),
        reference_drawdown=0.10,
    )


def test_grid_applies_betas_and_leaves_noise_out() -> None:
    scenarios = drawdown_grid(_model(), np.array([0.0, 0.05, 0.10]))
    np.testing.assert_allclose(scenarios.drawdown("BTC"), [0.0, 0.05, 0.10])
    # β = 1.4 on log returns: 1 − 0.95^1.4 and 1 − 0.9^1.4 (a linear β would give 7% and 14%).
    np.testing.assert_allclose(scenarios.drawdown("ETH"), [0.0, 0.069293, 0.137142], atol=1e-6)
    np.testing.assert_allclose(scenarios.exo_price("ETH", 4000.0), [4000.0, 3722.83, 3451.43], atol=0.01)


def test_one_beta_on_log_returns_keeps_prices_positive_in_a_deep_fall() -> None:
    """A linear β of 2.5 prices the asset at zero once BTC is 40% down; on log returns the
    asset keeps 0.6^2.5 of its price, and a small move stays about β times BTC's."""
    model = ShockModel((AssetShock("BTC"), AssetShock("ALT", beta=2.5)), reference_drawdown=0.1)
    deep = drawdown_grid(model, np.array([0.4, 0.01]))
    assert deep.exo_price("ALT", 1.0)[0] == pytest.approx(0.6**2.5)
    assert deep.drawdown("ALT")[1] == pytest.approx(2.5 * 0.01, rel=0.02)


def test_depeg_and_venue_dislocation_reach_the_recorded_prices_at_the_reference_shock() -> None:
    scenarios = drawdown_grid(_model(), np.array([0.0, 0.05, 0.10, 0.30]))
    market_usde = scenarios.exo_price("USDe", 1.0)
    binance_usde = market_usde * scenarios.venue_factor("binance", "USDe")
    # Half the reference shock is the stress onset: no depeg there yet.
    np.testing.assert_allclose(market_usde, [1.0, 1.0, USDE_ELSEWHERE, USDE_ELSEWHERE])
    np.testing.assert_allclose(binance_usde, [1.0, 1.0, USDE_BINANCE, USDE_BINANCE])
    np.testing.assert_array_equal(scenarios.venue_factor("bybit", "USDe"), np.ones(4))


def test_a_depeg_is_a_stress_event_not_a_beta_on_ordinary_days() -> None:
    # Issue 16, item 6: USDe on Binance fell linearly with BTC, $0.913 on a 2% dip. Now: $1 until the
    # onset (half the 10% reference), then linear to the recorded prints. At 7.5% (halfway from the
    # onset to the reference) the severity is 0.5: USDe 1 − 0.075·0.5 = 0.9625 everywhere, and on
    # Binance 0.9625 × (1 − (1 − 0.6567/0.925)·0.5).
    scenarios = drawdown_grid(_model(), np.array([0.02, 0.05, 0.075]))
    usde = scenarios.exo_price("USDe", 1.0)
    binance = usde * scenarios.venue_factor("binance", "USDe")
    np.testing.assert_allclose(usde, [1.0, 1.0, 0.9625])
    np.testing.assert_allclose(binance, [1.0, 1.0, 0.9625 * (1 - (1 - USDE_BINANCE / USDE_ELSEWHERE) * 0.5)])
    # Ordinary Monte-Carlo days (|BTC| < 5% here) carry no depeg at all.
    sample = sample_scenarios(_model(), 5_000, np.random.default_rng(3))
    calm = np.abs(sample.drawdown("BTC")) < 0.05
    assert calm.sum() > 4_000
    np.testing.assert_array_equal(sample.severity[calm], 0.0)
    np.testing.assert_array_equal(sample.drawdown("USDe")[calm], 0.0)


def test_rallies_have_no_depeg() -> None:
    scenarios = drawdown_grid(_model(), np.array([-0.2]))
    assert scenarios.drawdown("USDe")[0] == 0.0
    assert scenarios.drawdown("ETH")[0] == pytest.approx(1.0 - 1.2**1.4)  # a 29.1% rally
    assert scenarios.venue_factor("binance", "USDe")[0] == 1.0


def test_sampler_is_reproducible_from_its_seed_and_fat_tailed() -> None:
    first = sample_scenarios(_model(), 20_000, np.random.default_rng(7))
    second = sample_scenarios(_model(), 20_000, np.random.default_rng(7))
    np.testing.assert_array_equal(first.drawdowns, second.drawdowns)
    btc = first.drawdown("BTC")
    assert btc.std() == pytest.approx(0.035, rel=0.15)
    # A Student-t with 3 dof puts far more mass beyond 4σ than a Gaussian (6e-5).
    assert np.mean(np.abs(btc) > 4 * 0.035) > 1e-3
    eth_noise = first.drawdown("ETH") - (1.0 - (1.0 - btc) ** 1.4)
    assert eth_noise.std() == pytest.approx(0.02, rel=0.05)
    assert np.all(first.drawdowns <= MAX_DRAWDOWN)


@given(st.floats(min_value=-0.9, max_value=0.9), st.floats(min_value=-3, max_value=3))
def test_drawdowns_stay_inside_the_caps(btc: float, beta: float) -> None:
    model = ShockModel((AssetShock("BTC"), AssetShock("X", beta=beta, depeg=0.5)), reference_drawdown=0.1)
    scenarios = drawdown_grid(model, np.array([btc]))
    assert np.all(scenarios.drawdowns <= MAX_DRAWDOWN)
    assert np.all(scenarios.exo_price("X", 10.0) > 0)


def test_missing_assets_are_added_with_their_betas() -> None:
    model = _model().with_assets({"BNB": 1.2, "ETH": 5.0, "USDT": 0.0})
    assert model.asset_names == ("BTC", "ETH", "USDe", "BNB", "USDT")
    scenarios = drawdown_grid(model, np.array([0.2]))
    assert scenarios.drawdown("BNB")[0] == pytest.approx(1.0 - 0.8**1.2)
    assert scenarios.drawdown("ETH")[0] == pytest.approx(1.0 - 0.8**1.4)  # the model's own beta wins
    assert scenarios.drawdown("USDT")[0] == 0.0


@pytest.mark.parametrize(
    ("text", "expected"),
    [("0:0.5:6", [0.0, 0.1, 0.2, 0.3, 0.4, 0.5]), ("-0.1:0.1:3", [-0.1, 0.0, 0.1]), ("0.3:0.3:1", [0.3])],
)
def test_drawdown_range_parses(text: str, expected: list[float]) -> None:
    np.testing.assert_allclose(parse_drawdown_range(text), expected)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("0:0.5", "START:STOP:N"),
        ("a:0.5:3", "numbers"),
        ("0:nan:3", "finite"),
        ("0:0.5:0", "N must be"),
        ("0:1.5:3", "outside"),
    ],
)
def test_bad_drawdown_ranges_are_named(text: str, fragment: str) -> None:
    with pytest.raises(RiskInputError, match=fragment):
        parse_drawdown_range(text)


@pytest.mark.parametrize(
    ("build", "fragment"),
    [
        (lambda: AssetShock("ETH", beta=float("nan")), "beta must be finite"),
        (lambda: AssetShock("USDe", depeg=1.5), "depeg"),
        (lambda: VenueDislocation("binance", "USDe", -0.1), "extra_drawdown"),
        (lambda: ShockModel((AssetShock("BTC"), AssetShock("BTC"))), "duplicate"),
        (
            lambda: ShockModel((AssetShock("BTC"),), (VenueDislocation("binance", "USDe", 0.3),)),
            "not in the shock",
        ),
        (lambda: drawdown_grid(ShockModel((AssetShock("ETH"),)), np.array([0.1])), "BTC must be"),
        (lambda: drawdown_grid(_model(), np.array([0.1, np.inf])), "index 1"),
        (lambda: sample_scenarios(_model(), 0, np.random.default_rng(1)), "n must be positive"),
    ],
)
def test_bad_shock_inputs_are_refused_with_a_reason(build: object, fragment: str) -> None:
    with pytest.raises(RiskInputError, match=fragment):
        build()  # type: ignore[operator]


def test_unknown_asset_is_named() -> None:
    with pytest.raises(RiskInputError, match="'DOGE'"):
        drawdown_grid(_model(), np.array([0.1])).drawdown("DOGE")
