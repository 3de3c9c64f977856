"""The stress of risk.stress run once per ensemble member, all members in one engine call.

Members differ in the calibrated impact multiplier, κ and w_min (risk.ensemble); each
member's scenarios are columns of one `Scenarios` (risk.scenarios.ensemble_grid), so the
crowd ladders are sorted once and every fixed point of every member is solved together.
Every figure comes back as P10/P50/P90 across members.

The survival drawdown is reported twice, because both are "the drawdown you survive":
the exogenous BTC *shock* (the x axis of the curve, before forced selling) and the
*settled* BTC fall that shock ends in once the cascade has run.

A cascade tipping point is where a small step of the shock makes the settled fall jump
(the fixed point leaves one branch for a much lower one); `tipping_points` names each on
the joint fit's BTC curve, narrowed by bisection.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from risk._types import BoolArray, FloatArray
from risk.bisect_tree import bisect_rows
from risk.engine import EngineReport, expected_shortfall, value_at_risk
from risk.scenarios import BTC, MemberParameters, drawdown_grid, ensemble_grid, sample_members
from risk.stress import Setup

QUANTILES = (0.1, 0.5, 0.9)


@dataclass(frozen=True)
class Band:
    """P10/P50/P90 of a figure across the ensemble (None where no member has the figure)."""

    p10: float | None
    p50: float | None
    p90: float | None

    @classmethod
    def of(cls, values: FloatArray) -> Band:
        finite = values[np.isfinite(values)]
        if finite.size == 0:
            return cls(None, None, None)
        low, mid, high = (float(q) for q in np.quantile(finite, QUANTILES))
        return cls(low, mid, high)


@dataclass(frozen=True)
class Tipping:
    """Between shocks `shock_low` and `shock_high` the settled BTC fall jumps from `fall_low`
    to `fall_high`."""

    shock_low: float
    shock_high: float
    fall_low: float
    fall_high: float


@dataclass(frozen=True)
class EnsembleStress:
    members: int
    drawdowns: FloatArray  # the curve's grid (G)
    liquidated_share: FloatArray  # members × G
    btc_settled_fall: FloatArray  # members × G
    survival_shock: FloatArray  # per member (NaN when nothing falls on the grid)
    survival_settled_fall: FloatArray  # the settled BTC fall at that shock, per member
    es99_usd: FloatArray  # per member
    var95_usd: FloatArray

    def curve_band(self) -> FloatArray:
        """3 × G: P10, P50, P90 of the liquidated share at each drawdown."""
        band: FloatArray = np.quantile(self.liquidated_share, QUANTILES, axis=0)
        return band


def _btc_fall(report: EngineReport) -> FloatArray:
    btc = report.assets.index(BTC)
    fall: FloatArray = 1.0 - report.settled_prices[btc] / report.exo_prices[btc] * (1.0 - report.btc_drawdown)
    return fall


def stress_ensemble(
    setup: Setup,
    members: MemberParameters,
    drawdowns: FloatArray,
    *,
    samples: int = 2_000,
    seed: int = 0,
) -> EnsembleStress:
    """The curve, the survival drawdowns and the Monte-Carlo tail for every member.

    The Monte-Carlo shocks are the same for every member (common random numbers), so the
    band shows the parameters' uncertainty, not sampling noise.
    """
    curve = ensemble_curve(setup, members, drawdowns)
    tail = _tail(setup, members, samples, seed)
    return EnsembleStress(
        members.size,
        drawdowns,
        curve.liquidated_share,
        curve.btc_settled_fall,
        curve.survival_shock,
        curve.survival_settled_fall,
        *tail,
    )


@dataclass(frozen=True)
class EnsembleCurve:
    liquidated_share: FloatArray  # members × G
    btc_settled_fall: FloatArray  # members × G
    survival_shock: FloatArray  # per member, NaN when nothing falls on the grid
    survival_settled_fall: FloatArray

    def band(self) -> FloatArray:
        """3 × G: P10, P50, P90 of the liquidated share at each drawdown."""
        result: FloatArray = np.quantile(self.liquidated_share, QUANTILES, axis=0)
        return result


def ensemble_curve(setup: Setup, members: MemberParameters, drawdowns: FloatArray) -> EnsembleCurve:
    """Every member's curve and survival drawdown (shock and settled fall), without the tail."""
    count, grid = members.size, drawdowns.size
    curve = setup.evaluate(ensemble_grid(setup.shock, drawdowns, members))
    share = curve.liquidated_share.reshape(count, grid)
    fall = _btc_fall(curve).reshape(count, grid)
    survival = _survival_shocks(setup, members, drawdowns, share)
    return EnsembleCurve(share, fall, survival, _settled_fall_at(setup, members, survival))


def _survival_shocks(
    setup: Setup, members: MemberParameters, drawdowns: FloatArray, share: FloatArray
) -> FloatArray:
    """Per member, the largest shock liquidating nothing, bisected to 1e-5 between grid points
    (all members' probes in one engine call per step)."""
    falls = drawdowns >= 0
    hit = (share > 0) & falls[None, :]
    first = np.where(hit.any(axis=1), np.argmax(hit, axis=1), -1)
    high = np.where(first >= 0, drawdowns[np.maximum(first, 0)], np.nan)
    low = np.where(first > 0, drawdowns[np.maximum(first - 1, 0)], 0.0)
    open_ = first >= 0
    if not np.any(open_):
        return np.full(members.size, np.nan)
    rows = np.flatnonzero(open_)

    def lost(probes: FloatArray) -> BoolArray:
        # Member rows[i]'s probes are row i: each probe runs under its own member's parameters.
        chosen = members.take(rows, probes.shape[1])
        report = setup.evaluate(ensemble_grid(setup.shock, np.array([1.0]), chosen, probes.reshape(-1)))
        hit: BoolArray = (report.liquidated_margin_usd > 0).reshape(probes.shape)
        return hit

    refined, _ = bisect_rows(low[rows], high[rows], lost, lambda a, b: bool(np.max(b - a) > 1e-5))
    survival = np.full(members.size, np.nan)
    survival[rows] = refined
    return survival


def _settled_fall_at(setup: Setup, members: MemberParameters, shocks: FloatArray) -> FloatArray:
    known = np.where(np.isfinite(shocks), shocks, 0.0)
    report = setup.evaluate(ensemble_grid(setup.shock, np.array([1.0]), members, known))
    fall = _btc_fall(report)
    return np.where(np.isfinite(shocks), fall, np.nan)


def _tail(setup: Setup, members: MemberParameters, samples: int, seed: int) -> tuple[FloatArray, FloatArray]:
    count = members.size
    report = setup.evaluate(sample_members(setup.shock, members, samples, seed))
    lost = report.liquidated_margin_usd.reshape(count, samples)
    es = np.array([expected_shortfall(row, 0.99) for row in lost])
    var = np.array([value_at_risk(row, 0.95) for row in lost])
    return es, var


def tipping_points(
    setup: Setup, *, low: float = 0.0, high: float = 0.6, step: float = 0.0025, jump: float = 0.01
) -> list[Tipping]:
    """Where a shock step of `step` moves the settled BTC fall by more than `jump` (the
    joint fit), each narrowed by bisection until the shock bracket is 0.1% wide."""
    grid = np.arange(low, high + step / 2, step)
    fall = _btc_fall(setup.evaluate(drawdown_grid(setup.shock, grid)))
    found = []
    for k in np.flatnonzero(np.diff(fall) > jump):
        a, b = float(grid[k]), float(grid[k + 1])
        while b - a > 0.001:
            mid = 0.5 * (a + b)
            at = _btc_fall(setup.evaluate(drawdown_grid(setup.shock, np.array([a, mid, b]))))
            a, b = (mid, b) if at[2] - at[1] > at[1] - at[0] else (a, mid)
        ends = _btc_fall(setup.evaluate(drawdown_grid(setup.shock, np.array([a, b]))))
        found.append(Tipping(a, b, float(ends[0]), float(ends[1])))
    return found
