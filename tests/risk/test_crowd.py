"""The liquidation ladder: forced volume by lookup equals a brute-force sum; bad rows are named."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from risk._types import RiskInputError
from risk.crowd import _sorted_with_order, build_ladder, merge_ladders, synthesize_crowd

P0 = 100.0


def _brute_force(
    side: np.ndarray, size: np.ndarray, liq: np.ndarray, p: float
) -> tuple[float, float, int, int]:
    longs = (side == 1) & (liq >= p)
    shorts = (side == -1) & (liq <= p)
    return (
        math.fsum(size[longs] * liq[longs]),
        math.fsum(size[shorts] * liq[shorts]),
        int(longs.sum()),
        int(shorts.sum()),
    )


@settings(max_examples=100, deadline=None)
@given(
    rows=st.lists(
        st.tuples(st.booleans(), st.floats(1e-3, 1e3), st.floats(0.01, 0.999), st.floats(1.001, 5.0)),
        min_size=1,
        max_size=40,
    ),
    probes=st.lists(st.floats(0.001, 6.0), min_size=1, max_size=10),
)
def test_forced_volume_matches_a_brute_force_sum(
    rows: list[tuple[bool, float, float, float]], probes: list[float]
) -> None:
    side = np.array([1 if is_long else -1 for is_long, *_ in rows])
    size = np.array([r[1] for r in rows])
    liq = np.array([P0 * (r[2] if r[0] else r[3]) for r in rows])
    ladder = build_ladder(side, size, liq, P0)
    assert ladder.size == len(rows)
    prices = P0 * np.array([*probes, 1.0])
    prices[-1] = liq[0]  # probe an exact liquidation price too: liq ≥ p counts
    sells = ladder.forced_sell_usd(prices)
    buys = ladder.forced_buy_usd(prices)
    for k, p in enumerate(prices):
        sell, buy, n_long, n_short = _brute_force(side, size, liq, float(p))
        assert math.isclose(sells[k], sell, rel_tol=1e-12, abs_tol=1e-9)
        assert math.isclose(buys[k], buy, rel_tol=1e-12, abs_tol=1e-9)
        assert ladder.liquidated_count(np.array([p]), np.array([True]))[0] == n_long
        assert ladder.liquidated_count(np.array([p]), np.array([False]))[0] == n_short


def test_merging_adds_the_users_positions_to_the_crowd() -> None:
    crowd = build_ladder([1, -1], [2.0, 3.0], [90.0, 110.0], P0)
    mine = build_ladder([1], [1.0], [95.0], P0)
    merged = merge_ladders(crowd, mine)
    assert merged.size == 3
    assert merged.forced_sell_usd(np.array([89.0]))[0] == pytest.approx(2 * 90 + 95)
    assert merged.forced_buy_usd(np.array([111.0]))[0] == pytest.approx(330)
    with pytest.raises(RiskInputError, match="different prices"):
        merge_ladders(crowd, build_ladder([1], [1.0], [95.0], 101.0))


@pytest.mark.parametrize(
    ("side", "size", "liq", "message"),
    [
        ([1, 1], [1.0, math.nan], [90.0, 90.0], "row 1 .*field size: must be a finite number"),
        ([1, 1], [1.0, math.inf], [90.0, 90.0], "row 1 .*field size"),
        ([1, 1, 1], [1.0, 1.0, -2.0], [90.0, 90.0, 90.0], "row 2 .*field size: must be > 0"),
        ([1, 1], [0.0, 1.0], [90.0, 90.0], "row 0 .*field size: must be > 0"),
        ([1, 1], [1.0, 1.0], [90.0, 0.0], "row 1 .*field liq_price: must be > 0"),
        ([1, 1], [1.0, 1.0], [90.0, math.nan], "row 1 .*field liq_price: must be a finite"),
        ([1, 1], [1.0, 1.0], [90.0, 120.0], "row 1 .*liq_price: a long must be liquidated below P0"),
        ([-1, 1], [1.0, 1.0], [80.0, 90.0], "row 0 .*liq_price: a short must be liquidated above P0"),
        ([1, 0], [1.0, 1.0], [90.0, 90.0], "row 1 .*field side"),
        ([1, 1, 1], [1.0, -1.0, -1.0], [90.0, 90.0, 90.0], "2 invalid row"),
    ],
)
def test_invalid_rows_are_counted_and_the_first_is_named(
    side: list[int], size: list[float], liq: list[float], message: str
) -> None:
    with pytest.raises(RiskInputError, match=message) as caught:
        build_ladder(side, size, liq, P0)
    assert caught.value.row is not None and caught.value.field is not None


def test_an_empty_crowd_is_an_error_unless_asked_for() -> None:
    with pytest.raises(RiskInputError, match="empty"):
        build_ladder([], [], [], P0)
    empty = build_ladder([], [], [], P0, allow_empty=True)
    assert empty.size == 0 and empty.forced_sell_usd(np.array([1.0]))[0] == 0.0


@pytest.mark.parametrize("p0", [0.0, -1.0, math.nan, math.inf])
def test_p0_must_be_a_price(p0: float) -> None:
    with pytest.raises(RiskInputError, match="P0"):
        build_ladder([1], [1.0], [0.5], p0)


def test_mismatched_lengths_are_refused() -> None:
    with pytest.raises(RiskInputError, match="one length"):
        build_ladder([1, 1], [1.0], [90.0, 90.0], P0)


def test_synthesised_crowd_carries_the_open_interest_and_is_alive_at_p0() -> None:
    rng = np.random.default_rng(3)
    entries = np.linspace(80, 120, 41)
    side, size, liq = synthesize_crowd(
        open_interest_usd=1e9,
        p0=P0,
        leverage_shares={5.0: 0.5, 20.0: 0.3, 50.0: 0.2},
        entry_prices=entries,
        entry_weights=np.ones(41),
        long_share=0.7,
        mmr=0.005,
        n=10_000,
        rng=rng,
    )
    assert side.size == size.size == liq.size == 10_000
    assert np.count_nonzero(side == 1) == 7_000
    assert math.isclose(float(np.sum(size) * P0), 1e9, rel_tol=1e-9)
    assert np.all(liq[side == 1] < P0) and np.all(liq[side == -1] > P0)
    # liq = entry·(1 − 1/lev + mmr) for longs: a 5x long entered at 100 sits at 80.5.
    assert np.any(np.isclose(liq[side == 1], 100 * (1 - 0.2 + 0.005)))
    build_ladder(side, size, liq, P0)  # valid by construction


def test_synthesis_refuses_a_crowd_that_cannot_exist() -> None:
    with pytest.raises(RiskInputError, match="entry"):
        synthesize_crowd(
            1e9,
            P0,
            {100.0: 1.0},
            np.array([200.0]),
            np.array([1.0]),
            1.0,
            0.005,
            10,
            np.random.default_rng(0),
        )


@settings(max_examples=100, deadline=None)
@given(
    base=st.lists(st.floats(1e-6, 1e9), min_size=1, max_size=300),
    nudges=st.lists(st.integers(-3, 3), min_size=1, max_size=300),
)
def test_ladder_sort_is_exact_with_ties_and_neighbouring_floats(base: list[float], nudges: list[int]) -> None:
    # Values a few ulps apart share their top bits: the packed-key sort must still order them.
    values = np.array([b + n * np.spacing(b) for b, n in zip(base * 2, nudges * 2, strict=False)])
    ordered, order = _sorted_with_order(values)
    assert sorted(order.tolist()) == list(range(values.size))
    np.testing.assert_array_equal(ordered, values[order])
    assert np.all(np.diff(ordered) >= 0)


def test_inserting_a_few_rungs_equals_sorting_everything_again() -> None:
    """merge_ladders inserts a small ladder into a big one; the result is the full sort's."""
    rng = np.random.default_rng(7)
    n = 20_000
    side = np.where(rng.random(n) < 0.5, 1, -1)
    liq = np.where(side == 1, rng.uniform(50, 99.9, n), rng.uniform(100.1, 150, n))
    crowd = build_ladder(side, rng.uniform(0.1, 2.0, n), liq, 100.0)
    mine = build_ladder([1, 1, -1], [3.0, 1.0, 2.0], [80.0, 95.5, 120.0], 100.0)
    fast = merge_ladders(crowd, mine)
    prices = np.linspace(40, 160, 997)
    reference_long = np.array(
        [crowd.forced_sell_usd(np.array([p]))[0] + mine.forced_sell_usd(np.array([p]))[0] for p in prices]
    )
    reference_short = np.array(
        [crowd.forced_buy_usd(np.array([p]))[0] + mine.forced_buy_usd(np.array([p]))[0] for p in prices]
    )
    np.testing.assert_allclose(fast.forced_sell_usd(prices), reference_long, rtol=1e-12)
    np.testing.assert_allclose(fast.forced_buy_usd(prices), reference_short, rtol=1e-12)
    assert np.all(np.diff(fast.long_neg_liq) >= 0) and np.all(np.diff(fast.short_liq) >= 0)
    assert fast.size == crowd.size + 3
