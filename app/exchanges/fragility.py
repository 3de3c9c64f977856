"""Fragility signals from a market snapshot, each with its threshold and a plain reading.

The signals are the warning signs the crash write-ups name (RISK_MODEL.md §6 sources):
open interest rising without spot buying, funding one-sided, thin books at ±1% and
±5%, and liquidation levels clustered close to the price. Each is "warning", "ok" or
"unknown" (with why); none is ever silently skipped. On an offline snapshot whose inputs
include a calibrated figure (a model input, not published data) the signal is "calibrated":
its reading is shown, marked as such, and it warns of nothing.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from app.exchanges.market import MarketSnapshot, preset_path
from risk.crowd import build_ladder
from risk.presets import load_preset

# Open interest up at least this much between two snapshots while spot volume grew by
# less than half as much: positions are being added with borrowed money, not bought.
OI_RISE = 0.05
# Funding per 8 h beyond ±0.03%: three times the 0.01% most venues charge at balance.
FUNDING_8H = 0.0003
# Book depth as a share of open interest. Before the 2025-10-10 crash BTC had $20M
# within 1% and $40M within 5% (CoinDesk) against $70B of open interest (Glassnode):
# 0.029% and 0.057%. Books thinner than that, relative to the leverage they must absorb,
# are flagged.
THIN_1PCT_OF_OI = 0.0003
THIN_5PCT_OF_OI = 0.0006
# Forced selling (buying) that a 5% move would trigger, against the bids (asks) within 5%.
CLUSTER_MOVE = 0.05
CLUSTER_RATIO = 1.0


@dataclass(frozen=True)
class Signal:
    name: str
    status: str  # "warning", "ok", "unknown", or "calibrated" (built on a calibrated figure)
    threshold: str
    reading: str
    value: float | None = None


def _unless_calibrated(signal: Signal, now: MarketSnapshot, inputs: tuple[str, ...]) -> Signal:
    """The signal, or — when any input is a calibrated figure — its reading marked as such, no warning."""
    calibrated = [name for name in inputs if name in now.calibrated]
    if not calibrated or signal.status == "unknown":
        return signal
    what = ", ".join(_READING_NAMES[name] for name in calibrated)
    reading = signal.reading
    if signal.status == "warning":  # keep the figures, drop the conclusion drawn from them
        cut = min((i for i in (reading.find(": "), reading.find("; ")) if i >= 0), default=len(reading))
        reading = reading[:cut]
    return dataclasses.replace(
        signal,
        status="calibrated",
        reading=f"{reading} — not assessed: calibrated in this preset, not data: {what}",
    )


_READING_NAMES = {
    "depth_1pct": "depth within 1%",
    "depth_5pct": "depth within 5%",
    "open_interest": "open interest",
    "open_interest_change": "open interest change",
    "spot_volume": "spot volume",
    "spot_volume_change": "spot volume change",
    "funding": "funding",
}


def _pct(x: float) -> str:
    return f"{x * 100:+.2f}%"


def _usd(x: float) -> str:
    return f"${x / 1e6:,.1f}M" if abs(x) < 1e9 else f"${x / 1e9:,.2f}B"


def oi_without_spot(now: MarketSnapshot, before: MarketSnapshot | None) -> Signal:
    threshold = f"open interest up ≥ {OI_RISE:.0%} while spot volume rises less than half as much"
    name = "open interest rising without spot volume"
    if before is None:
        return Signal(name, "unknown", threshold, "needs an earlier live snapshot to compare with")
    figures = (now.open_interest_usd, now.spot_volume_usd, before.open_interest_usd, before.spot_volume_usd)
    oi_now, spot_now, oi_before, spot_before = figures
    if oi_now is None or spot_now is None or not oi_before or not spot_before:
        return Signal(name, "unknown", threshold, "needs open interest and spot volume in both snapshots")
    oi_change = oi_now / oi_before - 1.0
    spot_change = spot_now / spot_before - 1.0
    since = f"since {before.fetched_at}"
    if oi_change >= OI_RISE and spot_change < oi_change / 2:
        reading = (
            f"open interest {_pct(oi_change)} {since} while spot volume {_pct(spot_change)}: "
            "the move is being built with leverage, not spot buying, and can unwind fast"
        )
        return Signal(name, "warning", threshold, reading, oi_change)
    reading = f"open interest {_pct(oi_change)} and spot volume {_pct(spot_change)} {since}"
    return Signal(name, "ok", threshold, reading, oi_change)


def one_sided_funding(now: MarketSnapshot) -> Signal:
    name = "one-sided funding"
    threshold = f"funding beyond ±{FUNDING_8H:.2%} per 8 h"
    rate = now.funding_rate_8h
    if rate is None:
        return Signal(name, "unknown", threshold, "no funding rate in this snapshot")
    if abs(rate) >= FUNDING_8H:
        crowd, payer = ("long", "longs pay shorts") if rate > 0 else ("short", "shorts pay longs")
        reading = f"funding {_pct(rate)} per 8 h: {payer} heavily; the crowd leans {crowd} and is crowded"
        return Signal(name, "warning", threshold, reading, rate)
    return Signal(name, "ok", threshold, f"funding {_pct(rate)} per 8 h, near balance", rate)


def _depth_within(now: MarketSnapshot, side: str, distance: float) -> tuple[float | None, str]:
    seen = now.band(side, distance)
    if seen is not None:
        return seen, ""
    fit = now.bid_fit if side == "bid" else now.ask_fit
    if fit is None:
        return None, ""
    return fit.depth(distance), " (the book shown stops short: extrapolated from the depth fit)"


def thin_depth(now: MarketSnapshot, distance: float, share_of_oi: float) -> Signal:
    name = f"thin depth at ±{distance:.0%}"
    threshold = f"bids or asks within {distance:.0%} below {share_of_oi:.3%} of open interest"
    bid, bid_note = _depth_within(now, "bid", distance)
    ask, ask_note = _depth_within(now, "ask", distance)
    if bid is None or ask is None or not now.open_interest_usd:
        return Signal(name, "unknown", threshold, "needs the order book and open interest")
    side, depth, note = ("bids", bid, bid_note) if bid <= ask else ("asks", ask, ask_note)
    share = depth / now.open_interest_usd
    reading = f"{side} within {distance:.0%} hold {_usd(depth)}, {share:.3%} of open interest{note}"
    if share < share_of_oi:
        reading += "; forced orders would move the price further than before the 2025-10-10 crash"
        return Signal(name, "warning", threshold, reading, share)
    return Signal(name, "ok", threshold, reading, share)


def liquidation_cluster(now: MarketSnapshot, preset_name: str) -> Signal:
    """Liquidations a 5% move would set off (the preset's crowd shape at today's OI) against the book."""
    name = "liquidation levels clustered near the price"
    threshold = (
        f"forced orders within {CLUSTER_MOVE:.0%} ≥ {CLUSTER_RATIO:g}× the book within {CLUSTER_MOVE:.0%}"
    )
    base = now.symbol.split("/", 1)[0]
    spec = next((a for a in load_preset(preset_path(preset_name)).assets if a.asset == base), None)
    bid, _ = _depth_within(now, "bid", CLUSTER_MOVE)
    ask, _ = _depth_within(now, "ask", CLUSTER_MOVE)
    if (
        spec is None
        or spec.crowd is None
        or not now.open_interest_usd
        or not now.mark_price
        or not bid
        or not ask
    ):
        return Signal(
            name, "unknown", threshold, f"needs open interest, the book and a crowd shape for {base}"
        )
    crowd = dataclasses.replace(spec.crowd, open_interest_usd=now.open_interest_usd)
    p0 = now.mark_price
    ladder = build_ladder(*crowd.synthesize(p0), p0)
    sells = float(ladder.forced_sell_usd(np.array([p0 * (1 - CLUSTER_MOVE)]))[0])
    buys = float(ladder.forced_buy_usd(np.array([p0 * (1 + CLUSTER_MOVE)]))[0])
    ratio, side, forced, book = max(
        (sells / bid, "a 5% drop", sells, bid), (buys / ask, "a 5% rally", buys, ask)
    )
    reading = (
        f"{side} would force {_usd(forced)} of liquidations against {_usd(book)} of book "
        f"(crowd shaped like the {preset_name} preset, scaled to today's open interest)"
    )
    if ratio >= CLUSTER_RATIO:
        return Signal(name, "warning", threshold, reading + ": the move can feed itself", ratio)
    return Signal(name, "ok", threshold, reading, ratio)


def fragility_signals(now: MarketSnapshot, before: MarketSnapshot | None, preset_name: str) -> list[Signal]:
    oi_spot = ("open_interest", "open_interest_change", "spot_volume", "spot_volume_change")
    return [
        _unless_calibrated(oi_without_spot(now, before), now, oi_spot),
        _unless_calibrated(one_sided_funding(now), now, ("funding",)),
        _unless_calibrated(thin_depth(now, 0.01, THIN_1PCT_OF_OI), now, ("depth_1pct", "open_interest")),
        _unless_calibrated(thin_depth(now, 0.05, THIN_5PCT_OF_OI), now, ("depth_5pct", "open_interest")),
        _unless_calibrated(liquidation_cluster(now, preset_name), now, ("depth_5pct", "open_interest")),
    ]
