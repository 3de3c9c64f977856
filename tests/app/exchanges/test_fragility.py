"""Fragility signals: each fires past its threshold, stays quiet inside it, and says when it cannot tell."""

from __future__ import annotations

import dataclasses

import pytest

from app.exchanges.depth import DepthFit
from app.exchanges.fragility import (
    fragility_signals,
    liquidation_cluster,
    oi_without_spot,
    one_sided_funding,
    thin_depth,
)
from app.exchanges.market import MarketSnapshot


def _snap(**changes: object) -> MarketSnapshot:
    base = MarketSnapshot(
        venue="binance",
        symbol="BTC/USDT:USDT",
        fetched_at="2026-01-01T00:00:00+00:00",
        source="live",
        mark_price=100_000.0,
        open_interest_usd=50e9,
        funding_rate=0.0001,
        spot_volume_usd=2e9,
        bid_fit=DepthFit(40e6, 0.4, 1.0, 12),
        ask_fit=DepthFit(40e6, 0.4, 1.0, 12),
        bands={"bid": {"0.01": 40e6, "0.05": 76e6}, "ask": {"0.01": 45e6, "0.05": 80e6}},
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_open_interest_rising_without_spot_volume() -> None:
    before = _snap(open_interest_usd=50e9, spot_volume_usd=2e9)
    rising = oi_without_spot(_snap(open_interest_usd=54e9, spot_volume_usd=2e9), before)
    assert rising.status == "warning" and rising.value == pytest.approx(0.08)
    assert "+8.00%" in rising.reading and "leverage" in rising.reading
    with_spot = oi_without_spot(_snap(open_interest_usd=54e9, spot_volume_usd=2.2e9), before)
    assert with_spot.status == "ok"
    small = oi_without_spot(_snap(open_interest_usd=51e9, spot_volume_usd=1e9), before)
    assert small.status == "ok"
    assert oi_without_spot(_snap(), None).status == "unknown"
    assert oi_without_spot(_snap(spot_volume_usd=None), before).status == "unknown"


@pytest.mark.parametrize(
    ("rate", "hours", "status", "words"),
    [
        (0.0005, 8.0, "warning", "longs pay shorts"),
        (-0.0004, 8.0, "warning", "shorts pay longs"),
        (0.0001, 8.0, "ok", "near balance"),
        (0.00005, 1.0, "warning", "+0.04%"),  # hourly 0.005% is 0.04% per 8 h
        (None, None, "unknown", "no funding"),
    ],
)
def test_one_sided_funding(rate: float | None, hours: float | None, status: str, words: str) -> None:
    signal = one_sided_funding(_snap(funding_rate=rate, funding_interval_hours=hours))
    assert signal.status == status and words in signal.reading
    assert "0.03%" in signal.threshold


def test_thin_depth_uses_the_thinner_side_against_open_interest() -> None:
    ok = thin_depth(_snap(), 0.01, 0.0003)  # $40M bids vs $50B OI = 0.08%
    assert ok.status == "ok" and ok.value == pytest.approx(0.0008) and "bids" in ok.reading
    thin = thin_depth(_snap(open_interest_usd=200e9), 0.01, 0.0003)  # 0.02%
    assert thin.status == "warning" and "2025-10-10" in thin.reading


def test_thin_depth_beyond_the_book_is_extrapolated_and_said_so() -> None:
    signal = thin_depth(_snap(bands={"bid": {"0.01": 40e6}, "ask": {"0.01": 45e6}}), 0.05, 0.0006)
    assert "extrapolated" in signal.reading
    assert signal.value == pytest.approx(DepthFit(40e6, 0.4, 1.0, 12).depth(0.05) / 50e9)
    assert thin_depth(_snap(bands={}, bid_fit=None, ask_fit=None), 0.05, 0.0006).status == "unknown"


def test_liquidation_cluster_compares_the_crowd_ladder_with_the_book() -> None:
    # The 2025-10-10 crowd at $70B of OI against a deep book: a 5% move cannot feed itself.
    deep = liquidation_cluster(_snap(open_interest_usd=1e9), "2025-10-10")
    assert deep.status == "ok" and deep.value is not None and deep.value < 1
    thin = liquidation_cluster(_snap(open_interest_usd=200e9), "2025-10-10")
    assert thin.status == "warning" and "feed itself" in thin.reading
    # The ratio grows with open interest: the same crowd shape, scaled.
    assert thin.value is not None and thin.value > deep.value * 100
    assert liquidation_cluster(_snap(symbol="DOGE/USDT:USDT"), "2025-10-10").status == "unknown"


def test_every_signal_is_reported() -> None:
    names = [s.name for s in fragility_signals(_snap(), None, "2025-10-10")]
    assert names == [
        "open interest rising without spot volume",
        "one-sided funding",
        "thin depth at ±1%",
        "thin depth at ±5%",
        "liquidation levels clustered near the price",
    ]
