"""Market snapshots through the real ccxt client: live, cached, stale fallback, preset fallback."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import numpy as np
import pytest

from app.exchanges.client import ClientOptions
from app.exchanges.market import MarketDataError
from app.exchanges.snapshots import get_snapshot
from app.store import Store
from risk.impact import price_impact
from tests.app.exchanges.fake_binance import binance_venue
from tests.app.exchanges.fake_bybit import bybit_venue
from tests.app.exchanges.fake_hyperliquid import hyperliquid_venue
from tests.app.exchanges.fake_okx import okx_venue
from tests.app.exchanges.loopback import LoopbackVenue, serve


def _options(venue: LoopbackVenue) -> ClientOptions:
    return ClientOptions(venue.base_url, 3000, throttle=False)


@pytest.mark.parametrize(
    ("name", "fake", "symbol", "depth1", "gamma", "oi_usd", "funding_8h"),
    [
        ("binance", binance_venue, "BTC/USDT:USDT", 20e6, 0.4, 85000.5 * 100_000, 0.00038246),
        ("bybit", bybit_venue, "BTC/USDT:USDT", 12e6, 0.45, 52000.5 * 100_000, 0.0001),
        ("okx", okx_venue, "BTC/USDT:USDT", 10e6, 0.5, 42000 * 100_000, 0.00012),
        # Hyperliquid funds hourly: 0.00125% per hour is 0.01% per 8 h; its book has 20 coarse levels
        ("hyperliquid", hyperliquid_venue, "BTC/USDC:USDC", 8e6, 0.5, 30000 * 100_000, 0.0001),
    ],
)
def test_live_snapshot_from_each_venue(
    store: Store,
    name: str,
    fake: Callable[[], LoopbackVenue],
    symbol: str,
    depth1: float,
    gamma: float,
    oi_usd: float,
    funding_8h: float,
) -> None:
    with serve(fake()) as venue:
        result = get_snapshot(store, name, symbol, options=_options(venue))
    snap = result.snapshot
    assert result.origin == "live" and snap.source == "live"
    assert snap.mark_price == pytest.approx(100_000.0)
    assert snap.open_interest_usd == pytest.approx(oi_usd)
    assert snap.funding_rate_8h == pytest.approx(funding_8h)
    assert snap.bid_fit is not None and snap.ask_fit is not None
    assert snap.bid_fit.depth1_usd == pytest.approx(depth1, rel=0.05)
    assert snap.bid_fit.gamma == pytest.approx(gamma, abs=0.05)
    assert snap.band("bid", 0.01) == pytest.approx(depth1, rel=0.05)
    rows = store.query("SELECT venue, symbol, source, depth1_usd FROM market_snapshots")
    assert [(r[0], r[1], r[2]) for r in rows] == [(name, symbol, "live")]
    assert rows[0][3] == pytest.approx(snap.bid_fit.depth1_usd)


def test_a_fresh_snapshot_is_reused_without_asking_the_venue(store: Store) -> None:
    with serve(binance_venue()) as venue:
        first = get_snapshot(store, "binance", "BTC/USDT:USDT", options=_options(venue))
        asked = len(venue.requests)
        again = get_snapshot(store, "binance", "BTC/USDT:USDT", options=_options(venue))
        assert len(venue.requests) == asked
        later = get_snapshot(store, "binance", "BTC/USDT:USDT", options=_options(venue), max_age=timedelta(0))
    assert again.origin == "cache" and again.snapshot == first.snapshot
    assert later.origin == "live" and later.previous == first.snapshot


def test_unreachable_venue_falls_back_to_the_stored_snapshot_and_says_so(store: Store) -> None:
    with serve(binance_venue()) as venue:
        first = get_snapshot(store, "binance", "BTC/USDT:USDT", options=_options(venue))
        venue.fail_with("/fapi/v1/depth", 503, "<html>Service Unavailable</html>")
        result = get_snapshot(
            store, "binance", "BTC/USDT:USDT", options=_options(venue), max_age=timedelta(0)
        )
    assert result.origin == "stale-cache" and result.snapshot == first.snapshot
    assert "Binance" in result.note and "may be out of date" in result.note
    assert len(store.query("SELECT id FROM market_snapshots")) == 1


def test_no_network_and_no_history_uses_the_preset_and_says_so(store: Store) -> None:
    result = get_snapshot(store, "binance", "BTC/USDT:USDT", offline=True)
    snap = result.snapshot
    assert result.origin == "preset" and snap.source == "preset" and snap.preset == "2025-10-10"
    assert snap.mark_price == 122000  # the preset's pre-crash BTC price
    assert snap.open_interest_usd == 70e9
    assert "preset" in result.note and "offline" in result.note
    assert store.query("SELECT id FROM market_snapshots") == []


def test_preset_without_the_asset_is_a_clear_error(store: Store) -> None:
    with pytest.raises(MarketDataError, match="no figures for DOGE"):
        get_snapshot(store, "binance", "DOGE/USDT:USDT", offline=True)


def test_unknown_symbol_is_a_clear_error(store: Store) -> None:
    with serve(binance_venue()) as venue, pytest.raises(MarketDataError, match="no perpetual"):
        get_snapshot(store, "binance", "XYZ/USDT:USDT", options=_options(venue))


def test_the_live_depth_fit_becomes_the_engines_book_impact(store: Store) -> None:
    with serve(binance_venue()) as venue:
        snap = get_snapshot(store, "binance", "BTC/USDT:USDT", options=_options(venue)).snapshot
    impact = snap.book_impact()
    assert impact is not None
    assert impact.depth1_usd == pytest.approx(20e6, rel=0.01) and impact.gamma == pytest.approx(0.4, abs=0.01)
    # Walking $20M of forced selling through it moves the price by about 1% (w = 1).
    moved = price_impact(impact, np.array([20e6]), np.array([1.0]))
    assert moved[0] == pytest.approx(0.01, rel=0.03)
