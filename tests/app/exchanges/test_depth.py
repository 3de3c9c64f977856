"""The depth fit recovers a known curve, and reports what the book does not show."""

from __future__ import annotations

import pytest

from app.exchanges.depth import depth_curve, fit_depth
from app.exchanges.errors import VenueBadResponse
from tests.app.exchanges.books import book_levels


@pytest.mark.parametrize(("depth1", "gamma"), [(20e6, 0.4), (3e6, 0.7), (150e6, 0.25)])
def test_fit_recovers_d1_and_gamma_of_a_power_law_book(depth1: float, gamma: float) -> None:
    bids, asks = book_levels(50_000.0, depth1, gamma, levels=400, step=0.00025)
    for side, levels in (("bid", bids), ("ask", asks)):
        curve = depth_curve([[float(p), float(a)] for p, a in levels], 50_000.0, side, "test")
        fit = fit_depth(curve)
        assert fit is not None
        assert fit.depth1_usd == pytest.approx(depth1, rel=0.03)
        assert fit.gamma == pytest.approx(gamma, abs=0.03)
        assert fit.r_squared > 0.99


def test_coindesk_prerash_btc_book_gives_gamma_near_0_4() -> None:
    # RISK_MODEL.md §2: 0.5% $15.5M, 1% $20M, 5% $40M; one level at each band edge.
    mid = 100_000.0
    bids = [
        [mid * (1 - 0.005), 15.5e6 / (mid * 0.995)],
        [mid * 0.99, 4.5e6 / (mid * 0.99)],
        [mid * 0.95, 20e6 / (mid * 0.95)],
    ]
    curve = depth_curve(bids, mid, "bid", "test")
    assert curve.at(0.01) == pytest.approx(20e6)
    assert curve.at(0.05) == pytest.approx(40e6)
    fit = fit_depth(curve)
    assert fit is not None and fit.gamma == pytest.approx(0.4, abs=0.1)


def test_depth_beyond_the_books_reach_is_unknown_not_zero() -> None:
    bids, _ = book_levels(100.0, 1e6, 0.5, levels=20, step=0.001)  # reaches 2%
    curve = depth_curve([[float(p), float(a)] for p, a in bids], 100.0, "bid", "test")
    assert curve.at(0.05) is None
    assert curve.at(0.02) is not None


def test_too_short_a_book_gives_no_fit() -> None:
    curve = depth_curve([[99.95, 10.0]], 100.0, "bid", "test")
    assert fit_depth(curve) is None


@pytest.mark.parametrize("levels", [[["abc", "1"]], [[100.0, -1.0]], [[float("nan"), 1.0]], [[101.0, 1.0]]])
def test_malformed_or_crossed_books_are_refused(levels: list[list[object]]) -> None:
    with pytest.raises(VenueBadResponse):
        depth_curve(levels, 100.0, "bid", "Binance")  # type: ignore[arg-type]
