"""The risk page's numbers: the drawdown curve, one drawdown in detail, the crowd ladder.

A `RiskSession` prepares the portfolio against a preset once (sorting the crowd ladders,
the slow part); moving the drawdown slider then evaluates a single scenario, which is
a few milliseconds (benchmarks/bench_engine.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from app.errors import UserError
from app.resources import resource_path, scenario_names
from app.risk_calibration import calibrated, member_parameters_array
from risk._types import FloatArray, RiskInputError
from risk.crowd import Ladder
from risk.engine import evaluate_prepared
from risk.portfolio import Portfolio
from risk.portfolio_json import load_portfolio
from risk.presets import Preset, load_preset
from risk.scenarios import drawdown_grid
from risk.stress import StressSetup, refine_survival, stress_setup
from risk.stress_ensemble import Band, ensemble_curve, tipping_points

DEFAULT_PRESET = "2025-10-10"
CURVE_POINTS = 101
CURVE_MAX_DRAWDOWN = 0.5


class RiskViewError(UserError):
    """The portfolio or preset cannot be evaluated; the message says which and why."""


def preset_names() -> list[str]:
    return scenario_names()


def load_named_preset(name: str) -> Preset:
    if name not in preset_names():
        raise RiskViewError(f"no preset {name!r}: use one of {', '.join(preset_names())}")
    try:
        return calibrated(load_preset(resource_path("scenarios", f"{name}.json")))
    except RiskInputError as exc:
        raise RiskViewError(f"preset {name}: {exc}") from None


def read_portfolio(path: Path) -> Portfolio:
    try:
        return load_portfolio(path)
    except RiskInputError as exc:
        raise RiskViewError(f"portfolio {path.name}: {exc}") from None


@dataclass(frozen=True)
class RiskCurve:
    """The curve over a drawdown grid and the refined survival drawdowns."""

    drawdowns: FloatArray
    liquidated_share: FloatArray
    liquidated_share_no_cascade: FloatArray
    btc_settled: FloatArray
    btc_no_cascade: FloatArray
    exchange_margin_usd: float
    survival_drawdown: float | None
    survival_drawdown_no_cascade: float | None
    # Across the calibrated ensemble: P10/P50/P90 of the liquidated share (3 × points), of
    # the survival shock, and the settled BTC fall the joint fit's survival shock ends in.
    band: FloatArray | None = None
    survival_band: tuple[float | None, float | None, float | None] | None = None
    survival_settled_fall: float | None = None
    source: Path | None = None  # the portfolio file, so a page can tell whose curve this is
    # The stress's cascade tipping points (risk.stress_ensemble.tipping_points, the joint fit):
    # (shock from, shock to, settled BTC fall from, to), each bracket 0.1% of shock or less.
    tipping_points: tuple[tuple[float, float, float, float], ...] = ()

    @property
    def amplification(self) -> float | None:
        """How much sooner the cascade liquidates (survival without it over survival with it)."""
        survived, plain = self.survival_drawdown, self.survival_drawdown_no_cascade
        if survived is None or plain is None or survived <= 0:
            return None
        return plain / survived


@dataclass(frozen=True)
class DrawdownPoint:
    """One drawdown in detail: what falls and at what prices."""

    drawdown: float
    liquidated_share: float
    liquidated_share_no_cascade: float
    liquidated_usd: float
    bad_debt_usd: float
    btc_settled: float
    btc_no_cascade: float
    crowd_liquidated_usd: float
    fallen: tuple[str, ...]


@dataclass(frozen=True)
class LadderHeatmap:
    """Forced volume by price bin around P0: row 0 longs (sold on a fall), row 1 shorts."""

    asset: str
    p0: float
    bin_edges: FloatArray
    usd: FloatArray  # shape (2, bins)


class RiskSession:
    """A portfolio prepared against one preset."""

    def __init__(self, portfolio: Portfolio, preset: Preset, source: Path | None = None) -> None:
        self.portfolio = portfolio
        self.preset = preset
        self.source = source
        try:
            self._setup: StressSetup = stress_setup(portfolio, preset)
        except RiskInputError as exc:
            raise RiskViewError(f"{portfolio.name} under {preset.name}: {exc}") from None

    def curve(self, points: int = CURVE_POINTS, max_drawdown: float = CURVE_MAX_DRAWDOWN) -> RiskCurve:
        grid = np.linspace(0.0, max_drawdown, points)
        report = evaluate_prepared(self._setup.book, drawdown_grid(self._setup.shock, grid))
        btc = report.assets.index("BTC")
        return RiskCurve(
            drawdowns=grid,
            liquidated_share=report.liquidated_share,
            liquidated_share_no_cascade=report.liquidated_share_no_cascade,
            btc_settled=report.settled_prices[btc],
            btc_no_cascade=report.exo_prices[btc],
            exchange_margin_usd=report.exchange_margin_usd,
            survival_drawdown=refine_survival(self._setup, report, cascade=True),
            survival_drawdown_no_cascade=refine_survival(self._setup, report, cascade=False),
            source=self.source,
            tipping_points=tuple(
                (t.shock_low, t.shock_high, t.fall_low, t.fall_high) for t in tipping_points(self._setup)
            ),
            **self._ensemble(grid),
        )

    def _ensemble(self, grid: FloatArray) -> dict[str, Any]:
        spread = ensemble_curve(self._setup, member_parameters_array(), grid)
        band = Band.of(spread.survival_shock)
        settled = float(spread.survival_settled_fall[0])  # member 0 is the joint fit
        return {
            "band": spread.band(),
            "survival_band": None if band.p50 is None else (band.p10, band.p50, band.p90),
            "survival_settled_fall": settled if np.isfinite(settled) else None,
        }

    def at(self, drawdown: float) -> DrawdownPoint:
        report = evaluate_prepared(self._setup.book, drawdown_grid(self._setup.shock, np.array([drawdown])))
        btc = report.assets.index("BTC")
        return DrawdownPoint(
            drawdown=drawdown,
            liquidated_share=float(report.liquidated_share[0]),
            liquidated_share_no_cascade=float(report.liquidated_share_no_cascade[0]),
            liquidated_usd=float(report.liquidated_margin_usd[0]),
            bad_debt_usd=float(report.bad_debt_usd[0]),
            btc_settled=float(report.settled_prices[btc, 0]),
            btc_no_cascade=float(report.exo_prices[btc, 0]),
            crowd_liquidated_usd=float(report.crowd_liquidated_usd[0]),
            fallen=tuple(report.position_labels[int(i)] for i in np.sort(report.fallen_positions(0))),
        )

    def ladder_heatmap(self, asset: str = "BTC", bins: int = 80, span: float = 0.3) -> LadderHeatmap:
        """The merged crowd + user ladder of `asset`, binned over P0·(1 ± span)."""
        entry = self._setup.book.market.get(asset)
        edges = np.linspace(entry.p0 * (1 - span), entry.p0 * (1 + span), bins + 1)
        usd = np.zeros((2, bins))
        if entry.ladder is not None:
            usd = _binned(entry.ladder, edges)
        return LadderHeatmap(asset, entry.p0, edges, usd)


def _binned(ladder: Ladder, edges: FloatArray) -> FloatArray:
    longs, _ = np.histogram(-ladder.long_neg_liq, bins=edges, weights=ladder.long_usd)
    shorts, _ = np.histogram(ladder.short_liq, bins=edges, weights=ladder.short_usd)
    return np.vstack([longs, shorts]).astype(np.float64)


def open_session(portfolio_path: Path, preset_name: str) -> RiskSession:
    return RiskSession(read_portfolio(portfolio_path), load_named_preset(preset_name), portfolio_path)
