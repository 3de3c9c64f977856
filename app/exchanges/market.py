"""The market snapshot the engine and the fragility signals read, per venue and symbol.

Live: order book (depth curve and its D1/γ fit on each side), open interest, funding,
mark and index prices, perp and spot 24h volume, read through ccxt's unified calls.
Snapshots are kept with their timestamps in the store (a history, so changes in open
interest can be measured). With no network, the last stored snapshot is used, and
without one the scenario preset's pre-crash figures stand in, marked as such.
"""

from __future__ import annotations

import json
import math
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import ccxt

from app.errors import UserError
from app.exchanges.depth import BANDS, DepthCurve, DepthFit, depth_curve, fit_depth
from app.exchanges.errors import VenueBadResponse
from app.exchanges.premarket import CALIBRATED, PreCrashMarket, load_pre_crash_market
from app.exchanges.venue import Venue
from app.resources import resource_path
from app.store import Store, utc_now
from risk.impact import BookImpact
from risk.presets import Preset, load_preset

DEFAULT_PRESET = "2025-10-10"


class MarketDataError(UserError):
    pass


@dataclass(frozen=True)
class MarketSnapshot:
    venue: str
    symbol: str
    fetched_at: str
    source: str  # "live" or "preset"
    mark_price: float | None = None
    index_price: float | None = None
    open_interest_usd: float | None = None
    funding_rate: float | None = None
    funding_interval_hours: float | None = None
    perp_volume_usd: float | None = None
    spot_volume_usd: float | None = None
    bid_fit: DepthFit | None = None
    ask_fit: DepthFit | None = None
    # {"bid": {"0.01": usd or None when the book does not reach}, "ask": {...}}
    bands: dict[str, dict[str, float | None]] = field(default_factory=dict)
    preset: str | None = None
    # Readings of a preset snapshot that are calibrated model inputs, not published data
    # (names from CALIBRATABLE); fragility signals built on them warn of nothing.
    calibrated: tuple[str, ...] = ()

    @property
    def funding_rate_8h(self) -> float | None:
        """Funding per 8 hours, so hourly (Hyperliquid) and 8-hourly venues compare."""
        if self.funding_rate is None:
            return None
        return self.funding_rate * 8.0 / (self.funding_interval_hours or 8.0)

    def book_impact(self, side: str = "bid") -> BookImpact | None:
        """The engine's book-walk impact model from this snapshot's depth fit (bids for sell-offs)."""
        fit = self.bid_fit if side == "bid" else self.ask_fit
        if fit is None or fit.depth1_usd <= 0 or fit.gamma <= 0:
            return None
        return BookImpact(depth1_usd=fit.depth1_usd, gamma=fit.gamma)

    def band(self, side: str, distance: float) -> float | None:
        return self.bands.get(side, {}).get(f"{distance:g}")

    def as_dict(self) -> dict[str, Any]:
        fits = {
            s: None if f is None else f.__dict__ for s, f in (("bid", self.bid_fit), ("ask", self.ask_fit))
        }
        return {
            **{k: v for k, v in self.__dict__.items() if k not in ("bid_fit", "ask_fit")},
            "depth_fit": fits,
        }


def _num(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number and abs(number) != float("inf") else None


def _interval_hours(text: Any) -> float | None:
    if isinstance(text, str) and text.endswith("h") and text[:-1].isdigit():
        return float(text[:-1])
    return None


def read_live(venue: Venue, client: ccxt.Exchange, symbol: str) -> MarketSnapshot:
    """Every figure for `symbol`, all read before anything is returned (or a VenueError)."""
    venue.call("markets", client.load_markets)
    market = client.markets.get(symbol)
    if market is None or not market.get("contract"):
        raise MarketDataError(f"{venue.display_name} has no perpetual {symbol!r} (try e.g. BTC/USDT:USDT)")
    book = venue.call(f"the {symbol} order book", client.fetch_order_book, symbol, venue.book_limit)
    funding = _funding(venue, client, symbol)
    ticker = venue.call(f"the {symbol} ticker", client.fetch_ticker, symbol)
    mark = _num(funding.get("markPrice")) or _num(ticker.get("last"))
    if mark is None or mark <= 0:
        raise VenueBadResponse(f"{venue.display_name} sent no mark price for {symbol}")
    interest = venue.call(f"the {symbol} open interest", client.fetch_open_interest, symbol)
    oi_usd = _num(interest.get("openInterestValue"))
    if oi_usd is None and _num(interest.get("openInterestAmount")) is not None:
        oi_usd = float(interest["openInterestAmount"]) * float(market.get("contractSize") or 1.0) * mark
    spot_symbol = f"{market['base']}/{market['quote']}"
    spot_volume = None
    if spot_symbol in client.markets:
        spot = venue.call(f"the {spot_symbol} spot ticker", client.fetch_ticker, spot_symbol)
        spot_volume = _num(spot.get("quoteVolume"))
    mid = _book_mid(book, mark)
    bid = depth_curve(book.get("bids") or [], mid, "bid", venue.display_name)
    ask = depth_curve(book.get("asks") or [], mid, "ask", venue.display_name)
    return MarketSnapshot(
        venue=venue.name,
        symbol=symbol,
        fetched_at=utc_now(),
        source="live",
        mark_price=mark,
        index_price=_num(funding.get("indexPrice")),
        open_interest_usd=oi_usd,
        funding_rate=_num(funding.get("fundingRate")),
        funding_interval_hours=_interval_hours(funding.get("interval")),
        perp_volume_usd=_num(ticker.get("quoteVolume")),
        spot_volume_usd=spot_volume,
        bid_fit=fit_depth(bid),
        ask_fit=fit_depth(ask),
        bands={"bid": _bands(bid), "ask": _bands(ask)},
    )


def _funding(venue: Venue, client: ccxt.Exchange, symbol: str) -> dict[str, Any]:
    if client.has.get("fetchFundingRate"):
        result = venue.call(f"the {symbol} funding rate", client.fetch_funding_rate, symbol)
    else:
        rates = venue.call(f"the {symbol} funding rate", client.fetch_funding_rates, [symbol])
        result = rates.get(symbol) if isinstance(rates, dict) else None
    if not isinstance(result, dict):
        raise VenueBadResponse(f"{venue.display_name} sent no funding rate for {symbol}")
    return result


def _book_mid(book: dict[str, Any], mark: float) -> float:
    bids, asks = book.get("bids") or [], book.get("asks") or []
    if bids and asks:
        return (float(bids[0][0]) + float(asks[0][0])) / 2.0
    return mark


def _bands(curve: DepthCurve) -> dict[str, float | None]:
    return {f"{x:g}": curve.at(x) for x in BANDS}


def save_snapshot(db: sqlite3.Connection, snapshot: MarketSnapshot) -> None:
    extra = {
        "bands": snapshot.bands,
        "ask_fit": None if snapshot.ask_fit is None else snapshot.ask_fit.__dict__,
        "bid_fit": None if snapshot.bid_fit is None else snapshot.bid_fit.__dict__,
        "funding_interval_hours": snapshot.funding_interval_hours,
        "preset": snapshot.preset,
    }
    db.execute(
        "INSERT INTO market_snapshots (venue, symbol, fetched_at, source, mark_price, index_price, "
        "open_interest_usd, funding_rate, perp_volume_usd, spot_volume_usd, depth1_usd, depth_gamma, "
        "depth_json) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            snapshot.venue,
            snapshot.symbol,
            snapshot.fetched_at,
            snapshot.source,
            snapshot.mark_price,
            snapshot.index_price,
            snapshot.open_interest_usd,
            snapshot.funding_rate,
            snapshot.perp_volume_usd,
            snapshot.spot_volume_usd,
            snapshot.bid_fit.depth1_usd if snapshot.bid_fit else None,
            snapshot.bid_fit.gamma if snapshot.bid_fit else None,
            json.dumps(extra),
        ),
    )


def _fit(data: Any) -> DepthFit | None:
    return None if not isinstance(data, dict) else DepthFit(**data)


def stored_snapshots(store: Store, venue: str, symbol: str, limit: int = 2) -> list[MarketSnapshot]:
    """The newest live snapshots first."""
    rows = store.query(
        "SELECT * FROM market_snapshots WHERE venue = ? AND symbol = ? AND source = 'live' "
        "ORDER BY fetched_at DESC, id DESC LIMIT ?",
        (venue, symbol, limit),
    )
    result = []
    for row in rows:
        extra = json.loads(row["depth_json"])
        result.append(
            MarketSnapshot(
                venue=row["venue"],
                symbol=row["symbol"],
                fetched_at=row["fetched_at"],
                source=row["source"],
                mark_price=row["mark_price"],
                index_price=row["index_price"],
                open_interest_usd=row["open_interest_usd"],
                funding_rate=row["funding_rate"],
                funding_interval_hours=extra.get("funding_interval_hours"),
                perp_volume_usd=row["perp_volume_usd"],
                spot_volume_usd=row["spot_volume_usd"],
                bid_fit=_fit(extra.get("bid_fit")),
                ask_fit=_fit(extra.get("ask_fit")),
                bands=extra.get("bands", {}),
                preset=extra.get("preset"),
            )
        )
    return result


def latest_marks(store: Store) -> dict[str, float]:
    """The newest stored live mark of each base asset (any venue)."""
    rows = store.query(
        "SELECT symbol, mark_price FROM market_snapshots WHERE source = 'live' AND mark_price > 0 "
        "ORDER BY fetched_at, id"
    )
    return {str(r["symbol"]).split("/", 1)[0]: float(r["mark_price"]) for r in rows}  # newest wins


def is_fresh(snapshot: MarketSnapshot, max_age: timedelta) -> bool:
    return datetime.now(UTC) - datetime.fromisoformat(snapshot.fetched_at) <= max_age


def preset_path(name: str) -> Path:
    path = resource_path("scenarios", f"{name}.json")
    if not path.exists():
        known = ", ".join(sorted(p.stem for p in resource_path("scenarios").glob("*.json")))
        raise MarketDataError(f"no scenario preset {name!r} (presets: {known})")
    return path


def preset_snapshot(venue: str, symbol: str, preset_name: str = DEFAULT_PRESET) -> MarketSnapshot:
    """The preset's pre-crash figures for the symbol's base asset, marked as a preset (not live)."""
    return preset_snapshots(venue, symbol, preset_name)[0]


def preset_snapshots(
    venue: str, symbol: str, preset_name: str = DEFAULT_PRESET
) -> tuple[MarketSnapshot, MarketSnapshot | None]:
    """The pre-crash snapshot and, when the preset records changes, the one `days` before it.

    Depth, open interest, volume and funding come from the asset's `pre_crash_market`
    block (app.exchanges.premarket); a preset without one falls back to its price, its
    crowd's open interest and a book-impact model's depth, and the missing signals say so.
    """
    path = preset_path(preset_name)
    preset: Preset = load_preset(path)
    base = symbol.split("/", 1)[0]
    spec = next((a for a in preset.assets if a.asset == base), None)
    if spec is None:
        covered = ", ".join(a.asset for a in preset.assets)
        raise MarketDataError(f"preset {preset_name} has no figures for {base} (it covers {covered})")
    market = load_pre_crash_market(path, base)
    if market is None:
        fit = None
        if isinstance(spec.impact, BookImpact):
            fit = DepthFit(spec.impact.depth1_usd, spec.impact.gamma, 1.0, 0)
        snapshot = MarketSnapshot(
            venue=venue,
            symbol=symbol,
            fetched_at=utc_now(),
            source="preset",
            mark_price=spec.p0,
            open_interest_usd=spec.crowd.open_interest_usd if spec.crowd else None,
            bid_fit=fit,
            ask_fit=fit,
            bands={s: {f"{x:g}": fit.depth(x) for x in BANDS} for s in ("bid", "ask")} if fit else {},
            preset=preset.name,
        )
        return snapshot, None
    return _recorded_snapshots(venue, symbol, preset.name, spec.p0, market)


# Snapshot readings a preset's pre-crash block can mark "calibrated", keyed by that block's figure names.
CALIBRATABLE = {
    "depth_usd.0.01": "depth_1pct",
    "depth_usd.0.05": "depth_5pct",
    "open_interest_usd": "open_interest",
    "open_interest_change": "open_interest_change",
    "spot_volume_usd": "spot_volume",
    "spot_volume_change": "spot_volume_change",
    "funding_rate_8h": "funding",
}


def calibrated_readings(market: PreCrashMarket) -> tuple[str, ...]:
    """The snapshot readings that rest on a figure marked "calibrated" in the preset."""
    names = {
        CALIBRATABLE[k] for k, f in market.figures().items() if f.source == CALIBRATED and k in CALIBRATABLE
    }
    return tuple(sorted(names))


def _recorded_snapshots(
    venue: str, symbol: str, preset_name: str, p0: float, market: PreCrashMarket
) -> tuple[MarketSnapshot, MarketSnapshot]:
    depth1 = market.depth_usd["0.01"].value
    depth5 = market.depth_usd["0.05"].value
    # Two published bands fix the power law depth(x) = D1 (x / 1%)^γ exactly.
    fit = DepthFit(depth1, math.log(depth5 / depth1) / math.log(5.0), 1.0, 2)
    bands = {f"{x:g}": fit.depth(x) for x in BANDS} | {"0.01": depth1, "0.05": depth5}
    now = MarketSnapshot(
        venue=venue,
        symbol=symbol,
        fetched_at=utc_now(),
        source="preset",
        mark_price=p0,
        open_interest_usd=market.open_interest_usd.value,
        funding_rate=market.funding_rate_8h.value,
        funding_interval_hours=8.0,
        spot_volume_usd=market.spot_volume_usd.value,
        bid_fit=fit,
        ask_fit=fit,
        bands={"bid": dict(bands), "ask": dict(bands)},
        preset=preset_name,
        calibrated=calibrated_readings(market),
    )
    as_of = datetime.fromisoformat(market.as_of).replace(tzinfo=UTC)
    before = MarketSnapshot(
        venue=venue,
        symbol=symbol,
        fetched_at=(as_of - timedelta(days=market.change_days)).isoformat(),
        source="preset",
        open_interest_usd=market.open_interest_usd.value / (1.0 + market.open_interest_change.value),
        spot_volume_usd=market.spot_volume_usd.value / (1.0 + market.spot_volume_change.value),
        preset=preset_name,
    )
    return now, before
