"""Replay a preset's crash through the model and compare it with what was recorded.

The replay applies the preset's exogenous BTC shock (and the betas, depegs and
venue dislocations that follow from it) to the synthesised crowds, solves every
asset's cascade, and measures what RISK_MODEL.md §6 records for the event. A preset
is calibrated when every measured value lies inside its documented range.

The model's crash leg only moves prices down, so it liquidates longs; the presets
therefore validate `long_liquidated_usd` against the long share of the recorded
24-hour total (the shorts caught in the rebound are outside a one-way cascade).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from risk._types import FloatArray, IntArray
from risk.cascade import CascadeResult, solve_cascade
from risk.impact import retention
from risk.presets import Preset, ValidationRow
from risk.scenarios import drawdown_grid


@dataclass(frozen=True)
class ReplayRow:
    metric: str
    value: float
    low: float
    high: float
    passed: bool
    source: str
    note: str


@dataclass(frozen=True)
class AssetReplay:
    asset: str
    p0: float
    exo_price: float
    price: float
    liquidated_usd: float
    liquidated_count: int
    iterations: int
    converged: bool
    retention: float
    open_interest_remaining_usd: float

    @property
    def settled_drawdown(self) -> float:
        return 1.0 - self.price / self.p0


def replay_assets(preset: Preset) -> tuple[AssetReplay, ...]:
    """Every asset of the preset through its cascade under the recorded shock."""
    market = preset.build_market()
    scenarios = drawdown_grid(preset.shock_model(), np.array([preset.btc_drawdown]))
    results = []
    for spec in preset.assets:
        entry = market.get(spec.asset)
        exo = scenarios.exo_price(spec.asset, entry.p0)
        if not entry.cascades or spec.crowd is None or entry.impact is None or entry.ladder is None:
            results.append(calm_asset(spec.asset, entry.p0, float(exo[0])))
            continue
        solved = solve_cascade(entry.ladder, exo, entry.impact, entry.retention)
        side, size, liq = spec.crowd.synthesize(entry.p0)
        results.append(
            measured_asset(
                spec.asset,
                entry.p0,
                solved,
                side,
                size,
                liq,
                float(retention(entry.retention, np.abs(1.0 - solved.price / entry.p0))[0]),
            )
        )
    return tuple(results)


def replay(preset: Preset) -> tuple[ReplayRow, ...]:
    """Each validation row of the preset with the model's value and whether it lands inside."""
    assets = replay_assets(preset)
    return tuple(_check(row, metric_value(row.metric, assets)) for row in preset.validation)


def measured_asset(
    asset: str,
    p0: float,
    solved: CascadeResult,
    side: IntArray,
    size: FloatArray,
    liq: FloatArray,
    kept: float,
) -> AssetReplay:
    price = float(solved.price[0])
    down = price < p0
    fallen = (side > 0) & (liq >= price) if down else (side < 0) & (liq <= price)
    # Open interest counts each side once (a long is matched by a short); the
    # liquidated coins leave both the book and the open interest.
    remaining_coins = float(size[side > 0].sum() - size[fallen].sum())
    return AssetReplay(
        asset=asset,
        p0=p0,
        exo_price=float(solved.exo_price[0]),
        price=price,
        liquidated_usd=float(solved.liquidated_usd[0]),
        liquidated_count=int(solved.liquidated_count[0]),
        iterations=int(solved.iterations[0]),
        converged=bool(solved.converged[0]),
        retention=kept,
        open_interest_remaining_usd=max(remaining_coins, 0.0) * price,
    )


def calm_asset(asset: str, p0: float, exo: float) -> AssetReplay:
    return AssetReplay(asset, p0, exo, exo, 0.0, 0, 0, True, 1.0, 0.0)


def metric_value(metric: str, assets: tuple[AssetReplay, ...]) -> float:
    if metric == "liquidated_usd":
        return sum(a.liquidated_usd for a in assets)
    if metric == "long_liquidated_usd":
        return sum(a.liquidated_usd for a in assets if a.price < a.p0)
    base, _, name = metric.partition(".")
    entry = next(a for a in assets if a.asset == name)
    values = {
        "settled_drawdown": entry.settled_drawdown,
        "retention": entry.retention,
        "open_interest_remaining_usd": entry.open_interest_remaining_usd,
    }
    return values[base]


def _check(row: ValidationRow, value: float) -> ReplayRow:
    passed = bool(np.isfinite(value) and row.low <= value <= row.high)
    return ReplayRow(row.metric, value, row.low, row.high, passed, row.source, row.note)
