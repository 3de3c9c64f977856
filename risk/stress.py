"""Stress a portfolio with a crash preset: the drawdown curve and a Monte-Carlo tail.

The preset's crowds are laid under the portfolio's own (today's) prices — the crowd
shape, leverage and open interest of the recorded crash, around current prices —
and its betas, depegs and venue dislocations drive the shocks. Assets the preset
does not describe move with BTC by the portfolio's beta and do not cascade.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from risk._types import FloatArray
from risk.engine import EngineReport, PreparedBook, evaluate_prepared, prepare
from risk.market import AssetMarket, Market
from risk.portfolio import Portfolio
from risk.presets import Preset
from risk.scenarios import ShockModel, drawdown_grid, sample_scenarios


@dataclass(frozen=True)
class StressSetup:
    book: PreparedBook
    shock: ShockModel


@dataclass(frozen=True)
class StressReport:
    curve: EngineReport
    sample: EngineReport
    samples: int
    seed: int


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
    return StressReport(curve, sample, samples, seed)


def _names(preset: Preset) -> set[str]:
    return {a.asset for a in preset.assets}
