"""The vectorised cascade against the slow reference, plus its contract on simple crowds."""

from __future__ import annotations

import math
import tracemalloc

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from risk._types import RiskInputError
from risk.cascade import solve_cascade
from risk.crowd import build_ladder
from risk.impact import BookImpact, ConstantRetention, DecayRetention, ImpactModel, Retention, SqrtImpact
from tests.risk.reference import reference_cascade

P0 = 100.0


@st.composite
def crowds(draw: st.DrawFn) -> tuple[float, list[tuple[int, float, float]]]:
    p0 = draw(st.floats(min_value=0.5, max_value=1e5))
    count = draw(st.integers(min_value=1, max_value=25))
    positions = []
    for _ in range(count):
        side = draw(st.sampled_from([1, -1]))
        size = draw(st.floats(min_value=1e-3, max_value=1e3))
        if side == 1:
            liq = p0 * draw(st.floats(min_value=0.05, max_value=0.999))
        else:
            liq = p0 * draw(st.floats(min_value=1.001, max_value=3.0))
        positions.append((side, size, liq))
    return p0, positions


@st.composite
def impacts(draw: st.DrawFn, crowd_usd: float) -> ImpactModel:
    scale = crowd_usd * draw(st.floats(min_value=1e-3, max_value=1e2))
    if draw(st.booleans()):
        return SqrtImpact(
            y=draw(st.floats(min_value=0.3, max_value=1.0)),
            sigma=draw(st.floats(min_value=0.005, max_value=0.3)),
            adv_usd=scale,
            i_max=draw(st.floats(min_value=0.5, max_value=0.99)),
        )
    return BookImpact(
        depth1_usd=scale,
        gamma=draw(st.floats(min_value=0.2, max_value=1.5)),
        i_max=draw(st.floats(min_value=0.5, max_value=0.99)),
    )


retentions: st.SearchStrategy[Retention] = st.one_of(
    st.builds(ConstantRetention, w=st.floats(min_value=0.05, max_value=1.0)),
    st.builds(
        DecayRetention,
        kappa=st.floats(min_value=0.0, max_value=20.0),
        w_min=st.floats(min_value=0.02, max_value=1.0),
    ),
)


def _close(a: float, b: float, rel: float = 1e-9) -> bool:
    return math.isclose(a, b, rel_tol=rel, abs_tol=0.0) or a == b


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_fast_cascade_equals_the_slow_reference(data: st.DataObject) -> None:
    p0, positions = data.draw(crowds())
    crowd_usd = math.fsum(size * liq for _, size, liq in positions)
    impact = data.draw(impacts(crowd_usd))
    keep = data.draw(retentions)
    drawdowns = data.draw(
        st.lists(st.floats(min_value=-0.9, max_value=0.95), min_size=1, max_size=8), label="drawdowns"
    )
    side, size, liq = (np.array(column) for column in zip(*positions, strict=True))
    ladder = build_ladder(side, size, liq, p0)
    exo = p0 * (1.0 - np.array(drawdowns))
    result = solve_cascade(ladder, exo, impact, keep)
    for k, exo_price in enumerate(exo):
        expected = reference_cascade(positions, p0, float(exo_price), impact, keep)
        assert _close(float(result.price[k]), expected.price), (k, result.price[k], expected)
        assert _close(float(result.liquidated_usd[k]), expected.liquidated_usd), (k, expected)
        assert int(result.liquidated_count[k]) == expected.liquidated_count
        assert bool(result.converged[k]) == expected.converged
        assert abs(int(result.iterations[k]) - expected.iterations) <= 1


def test_no_forced_volume_means_no_amplification() -> None:
    ladder = build_ladder([1], [1.0], [50.0], P0)
    result = solve_cascade(
        ladder, np.array([90.0, 100.0, 120.0]), SqrtImpact(0.7, 0.05, 1e6), ConstantRetention(1)
    )
    np.testing.assert_array_equal(result.price, [90.0, 100.0, 120.0])
    np.testing.assert_array_equal(result.liquidated_count, [0, 0, 0])
    np.testing.assert_array_equal(result.iterations, [1, 1, 1])
    np.testing.assert_array_equal(result.amplification, [1.0, 1.0, 1.0])


def test_a_wall_of_longs_amplifies_the_fall_and_stops_when_the_set_stops_growing() -> None:
    # Book impact with gamma = 1: the move is 1% per depth1 of volume, easy to follow by hand.
    ladder = build_ladder([1, 1, 1], [10.0, 10.0, 10.0], [95.0, 93.0, 60.0], P0)
    impact = BookImpact(depth1_usd=950.0, gamma=1.0)
    result = solve_cascade(ladder, np.array([95.0]), impact, ConstantRetention(1.0))
    # p1 = 95·(1 − 1%) = 94.05 → same set; p2 = p1. Then 93 is never reached.
    assert result.price[0] == pytest.approx(94.05)
    assert result.liquidated_count[0] == 1
    assert result.liquidated_usd[0] == pytest.approx(950.0)
    assert result.amplification[0] == pytest.approx((100 - 94.05) / 5)


def test_rallies_squeeze_shorts_upwards() -> None:
    ladder = build_ladder([-1, -1, 1], [10.0, 10.0, 5.0], [104.0, 106.0, 80.0], P0)
    impact = BookImpact(depth1_usd=1040.0, gamma=1.0)
    result = solve_cascade(ladder, np.array([104.0]), impact, ConstantRetention(1.0))
    # 104 → 104·1.01 = 105.04: only the 104 short; the 106 short holds.
    assert result.price[0] == pytest.approx(105.04)
    assert result.liquidated_count[0] == 1
    assert result.liquidated_usd[0] == pytest.approx(1040.0)


def test_less_depth_left_never_means_a_higher_settled_price() -> None:
    rng = np.random.default_rng(7)
    side = np.ones(500, dtype=np.int64)
    liq = P0 * rng.uniform(0.5, 0.99, 500)
    ladder = build_ladder(side, rng.uniform(1, 10, 500), liq, P0)
    exo = P0 * (1 - np.linspace(0, 0.4, 50))
    impact = SqrtImpact(0.7, 0.05, 1e5)
    full = solve_cascade(ladder, exo, impact, ConstantRetention(1.0)).price
    thin = solve_cascade(ladder, exo, impact, DecayRetention(kappa=10.0, w_min=0.05)).price
    assert np.all(thin <= full + 1e-9 * P0)
    assert np.all(full <= exo + 1e-9 * P0)
    assert np.all(np.diff(full) <= 1e-9 * P0)  # deeper shock, lower settled price


def test_non_convergence_is_reported_not_hidden() -> None:
    ladder = build_ladder(np.ones(200), np.full(200, 1.0), np.linspace(50, 99, 200), P0)
    result = solve_cascade(
        ladder, np.array([99.0]), SqrtImpact(1.0, 0.05, 1e3), DecayRetention(2.0, 0.1), max_iter=2
    )
    assert not result.converged[0] and result.iterations[0] == 2


@pytest.mark.parametrize("bad", [math.nan, math.inf, -1.0, 0.0])
def test_invalid_scenario_prices_are_named(bad: float) -> None:
    ladder = build_ladder([1], [1.0], [50.0], P0)
    with pytest.raises(RiskInputError, match="scenario 1: exo_price"):
        solve_cascade(ladder, np.array([90.0, bad]), SqrtImpact(0.7, 0.05, 1e6), ConstantRetention(1))


def test_memory_stays_linear_never_positions_times_scenarios() -> None:
    # 2·10^5 positions × 2·10^4 scenarios: a dense boolean mask alone would be 4 GB.
    rng = np.random.default_rng(11)
    n, s = 200_000, 20_000
    side = np.where(rng.random(n) < 0.8, 1, -1)
    liq = np.where(side == 1, P0 * rng.uniform(0.3, 0.999, n), P0 * rng.uniform(1.001, 2.0, n))
    ladder = build_ladder(side, rng.uniform(0.1, 2.0, n), liq, P0)
    exo = P0 * (1 - np.linspace(-0.5, 0.6, s))
    tracemalloc.start()
    result = solve_cascade(ladder, exo, SqrtImpact(0.7, 0.05, 5e6), DecayRetention(5.0, 0.05))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert result.converged.all()
    assert peak < 64 * s * 8  # a few dozen scenario-length vectors, nothing of size n·s
