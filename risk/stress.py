"""Stress a portfolio with a crash preset: the drawdown curve and a Monte-Carlo tail.

The preset's crowds are laid under the portfolio's own (today's) prices — the crowd
shape, leverage and open interest of the recorded crash, around current prices —
and its betas, depegs and venue dislocations drive the shocks. Assets the preset
does not describe move with BTC by the portfolio's beta and do not cascade.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from risk._types import BoolArray, FloatArray
from risk.bisect_tree import bisect_rows
from risk.engine import EngineReport, PreparedBook, evaluate_prepared, prepare
from risk.market import AssetMarket, Market
from risk.portfolio import Portfolio
from risk.presets import Preset
from risk.scenarios import Scenarios, ShockModel, drawdown_grid, sample_scenarios


class Setup(Protocol):
    """What the stress curves need: the shock model and a way to evaluate scenarios on the
    user's portfolio (the prepared book here; the advisor's shared crowd elsewhere)."""

    @property
    def shock(self) -> ShockModel: ...

    def evaluate(self, scenarios: Scenarios) -> EngineReport: ...


@dataclass(frozen=True)
class StressSetup:
    book: PreparedBook
    shock: ShockModel

    def evaluate(self, scenarios: Scenarios) -> EngineReport:
        return evaluate_prepared(self.book, scenarios)


@dataclass(frozen=True)
class StressReport:
    """The curve, the Monte-Carlo sample, and the survival drawdowns refined between
    grid points (None when nothing falls on the grid, or the grid has no drawdown)."""

    curve: EngineReport
    sample: EngineReport
    samples: int
    seed: int
    survival_drawdown: float | None
    survival_drawdown_no_cascade: float | None


def stress_setup(portfolio: Portfolio, preset: Preset) -> StressSetup:
    """The prepared book (user positions merged into the crowd ladders) and the shock model."""
    market = preset.build_market({a: p for a, p in portfolio.prices.items() if a in _names(preset)})
    extra = sorted(portfolio.assets() - set(market.names))
    entries = market.assets + tuple(AssetMarket(asset, portfolio.prices[asset]) for asset in extra)
    shock = preset.shock_model().with_assets({asset: portfolio.beta(asset) for asset in extra})
    return StressSetup(prepare(portfolio, Market(entries)), shock)


def stress(
    setup: StressSetup, btc_drawdowns: FloatArray, *, samples: int = 10_000, seed: int = 0
) -> StressReport:
    """The curve over `btc_drawdowns` and the tail measures over a seeded sample."""
    curve = evaluate_prepared(setup.book, drawdown_grid(setup.shock, btc_drawdowns))
    sample = evaluate_prepared(
        setup.book, sample_scenarios(setup.shock, samples, np.random.default_rng(seed))
    )
    refined = refine_survival(setup, curve, cascade=True)
    refined_plain = refine_survival(setup, curve, cascade=False)
    return StressReport(curve, sample, samples, seed, refined, refined_plain)


def refine_survival(
    setup: Setup, curve: EngineReport, *, cascade: bool, tolerance: float = 1e-5
) -> float | None:
    """Bisect between the grid's survival drawdown and the next grid point, where the
    first liquidation happens, down to `tolerance`. None if nothing falls on the grid.
    (Its probes go to the engine 31 at a time: risk.bisect_tree, the same answer.)"""
    survived = curve.summary.survival_drawdown if cascade else curve.summary.survival_drawdown_no_cascade
    if survived is None:
        return None
    liquidated = curve.liquidated_margin_usd if cascade else curve.liquidated_margin_usd_no_cascade
    falls = (curve.btc_drawdown > survived) & (liquidated > 0)
    if not np.any(falls):
        return survived

    def lost(probes: FloatArray) -> BoolArray:
        report = setup.evaluate(drawdown_grid(setup.shock, probes.reshape(-1)))
        loss = report.liquidated_margin_usd if cascade else report.liquidated_margin_usd_no_cascade
        hit: BoolArray = (loss > 0).reshape(probes.shape)
        return hit

    low, _ = bisect_rows(
        np.array([survived]),
        np.array([float(np.min(curve.btc_drawdown[falls]))]),
        lost,
        lambda a, b: bool(b[0] - a[0] > tolerance),
    )
    return float(low[0])


def _names(preset: Preset) -> set[str]:
    return {a.asset for a in preset.assets}
