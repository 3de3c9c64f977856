"""The engine's fused multi-asset cascade equals risk.cascade.solve_cascade asset by asset."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from risk._types import RiskInputError
from risk.cascade import solve_cascade
from risk.crowd import build_ladder
from risk.impact import BookImpact, ConstantRetention, DecayRetention, ImpactModel, Retention, SqrtImpact
from risk.multicascade import AssetCascade, prepare_cascades, solve_all

IMPACTS: list[ImpactModel] = [
    SqrtImpact(y=0.7, sigma=0.05, adv_usd=2e7),
    SqrtImpact(y=1.0, sigma=0.1, adv_usd=5e6, i_max=0.9),
    BookImpact(depth1_usd=1e6, gamma=0.4),
    BookImpact(depth1_usd=3e5, gamma=0.8, i_max=0.95),
]
RETENTIONS: list[Retention] = [ConstantRetention(1.0), ConstantRetention(0.2), DecayRetention(20.0, 0.03)]


def _asset(seed: int, p0: float, impact: int, keep: int, longs_only: bool) -> AssetCascade:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 400))
    side = np.ones(n, dtype=np.int64) if longs_only else rng.choice(np.array([1, -1]), n)
    distance = rng.uniform(0.001, 0.9, n)
    liq = np.where(side == 1, p0 * (1 - distance), p0 * (1 + 3 * distance))
    ladder = build_ladder(side, rng.uniform(0.1, 50.0, n), liq, p0)
    return AssetCascade(ladder, IMPACTS[impact], RETENTIONS[keep])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 2**31),
            st.floats(0.01, 1e5),
            st.integers(0, len(IMPACTS) - 1),
            st.integers(0, len(RETENTIONS) - 1),
            st.booleans(),
        ),
        min_size=1,
        max_size=5,
    ),
    st.lists(st.floats(-3.0, 0.95), min_size=1, max_size=40),
)
def test_fused_solve_equals_the_per_asset_solver(
    specs: list[tuple[int, float, int, int, bool]], drawdowns: list[float]
) -> None:
    assets = [_asset(*spec) for spec in specs]
    d = np.array(drawdowns)
    exo = np.vstack([a.ladder.p0 * (1 - d) for a in assets])
    price, liquidated, converged = solve_all(prepare_cascades(assets), exo)
    for k, asset in enumerate(assets):
        expected = solve_cascade(asset.ladder, exo[k], asset.impact, asset.retention)
        np.testing.assert_allclose(price[k], expected.price, rtol=1e-9)
        np.testing.assert_allclose(liquidated[k], expected.liquidated_usd, rtol=1e-9, atol=1e-6)
        np.testing.assert_array_equal(converged[k], expected.converged)


def test_far_rallies_never_read_a_neighbouring_asset() -> None:
    assets = [_asset(1, 100.0, 0, 0, False), _asset(2, 50_000.0, 0, 0, False)]
    exo = np.array([[100.0 * 40, 60.0], [50_000.0 * 40, 20_000.0]])
    price, liquidated, _ = solve_all(prepare_cascades(assets), exo)
    for k, asset in enumerate(assets):
        expected = solve_cascade(asset.ladder, exo[k], asset.impact, asset.retention)
        np.testing.assert_allclose(price[k], expected.price, rtol=1e-9)
        np.testing.assert_allclose(liquidated[k], expected.liquidated_usd, rtol=1e-9)


@pytest.mark.parametrize("bad", [np.nan, np.inf, 0.0, -1.0])
def test_bad_exogenous_prices_are_refused(bad: float) -> None:
    cascades = prepare_cascades([_asset(3, 100.0, 0, 0, True)])
    with pytest.raises(RiskInputError, match="finite and > 0"):
        solve_all(cascades, np.array([[90.0, bad]]))


def test_shape_mismatch_is_refused() -> None:
    cascades = prepare_cascades([_asset(3, 100.0, 0, 0, True)])
    with pytest.raises(RiskInputError, match="2 rows of prices for 1 assets"):
        solve_all(cascades, np.ones((2, 3)))
