"""The parameters no source gives, fitted once and jointly over every recorded crash.

docs/validation.md states the procedure; in short:

* Calibrated, one set for every event: `impact_scale` μ (a multiplier on every
  asset's square-root impact), the market-maker retention w(δ) = max(w_min, exp(−κ·δ))
  through `kappa` and `w_min`, and one beta to BTC on log returns per cascading asset
  (risk.beta_fit). The fit itself is risk.joint_fit.
* Impact is a square-root law. Where a preset gives a *sourced* ±1% book depth D1
  (CoinDesk/Kaiko figures), its scale is fit to that depth:
  I = μ · 1% · sqrt(X / (w · λ₀ · D1)), λ₀ = 150 — latent liquidity as a multiple of the
  visible book (the sqrt law's reach at 1% on 2025-10-10 with Y = 0.7, σ = 2.5%,
  ADV $9B is (1%/(0.7·2.5%))² · $9B / $20M ≈ 147 books). Elsewhere the preset's own
  Y·σ/sqrt(ADV) is used (status: calibrated per event, not fitted here), times μ.
* Each event's exogenous BTC shock is not observed. It is *conditioned*: solved so that
  the replay reproduces the middle of the recorded BTC fall. The BTC row therefore
  holds by construction and is never reported as a pass; the checks are the other rows
  (long liquidations, ETH's fall, depth left).
* The fit minimises, over a fixed grid, the sum over events and checked rows of the
  squared log-distance from each value to its recorded range (0 inside), plus a small
  pull (1e-3 × squared log-distance) towards the prior μ = 1, κ = 15, w_min = 0.05,
  β = 1, so ties inside a flat valley resolve the same way every time.
* Held out: for each event the fit is repeated without it (leave-one-event-out), and
  the event is replayed with those parameters — its out-of-sample result.
* Plausible ranges (the ensemble's): for each parameter, the span of the joint fit and
  every leave-one-out fit, widened to at least ×/÷1.5 (μ), ±50% (κ) and ×/÷2 (w_min).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np

from risk._types import FloatArray, IntArray
from risk.cascade import solve_cascade
from risk.crowd import Ladder, build_ladder
from risk.impact import DecayRetention, ImpactModel, SqrtImpact, retention
from risk.presets import AssetPreset, Preset, ValidationRow
from risk.replay import AssetReplay, calm_asset, measured_asset, metric_value
from risk.scenarios import BTC, MAX_DRAWDOWN, drawdown_grid

BASE_LATENT_RATIO = 150.0
CONDITIONED_METRIC = "settled_drawdown.BTC"
_SHOCK_GRID = np.concatenate([np.linspace(0.002, 0.2, 100), np.linspace(0.205, 0.9, 140)])


@dataclass(frozen=True)
class Parameters:
    """One calibrated set: the impact multiplier μ, the retention's κ and w_min, and each
    cascading asset's beta to BTC on log returns (empty: every preset keeps its own)."""

    impact_scale: float
    kappa: float
    w_min: float
    betas: tuple[tuple[str, float], ...] = ()

    def as_dict(self) -> dict[str, float]:
        return {"impact_scale": self.impact_scale, "kappa": self.kappa, "w_min": self.w_min}

    def beta(self, asset: str) -> float | None:
        """The fitted beta of `asset`, or None when the fit has none for it."""
        return dict(self.betas).get(asset)

    def with_betas(self, betas: Mapping[str, float]) -> Parameters:
        return replace(self, betas=tuple(sorted((a, float(b)) for a, b in betas.items())))


@dataclass(frozen=True)
class Grid:
    impact_scale: tuple[float, ...]
    kappa: tuple[float, ...]
    w_min: tuple[float, ...]

    def points(self) -> list[Parameters]:
        return [Parameters(m, k, w) for m in self.impact_scale for k in self.kappa for w in self.w_min]


DEFAULT_GRID = Grid(
    tuple(float(x) for x in np.round(np.geomspace(0.25, 4.0, 17), 4)),
    (0.0, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 60.0),
    (0.01, 0.02, 0.05, 0.1, 0.2),
)


def calibrated_impact(spec: AssetPreset, params: Parameters) -> ImpactModel | None:
    """The asset's square-root impact under `params` (fit to its sourced depth when it has one)."""
    if spec.impact is None:
        return None
    i_max = spec.impact.i_max
    if spec.depth1 is not None and spec.depth1.sourced:
        # I = μ·1%·sqrt(X/(w·λ₀·D1)) written as SqrtImpact(y·σ·sqrt(X/(w·ADV))).
        return SqrtImpact(params.impact_scale, 0.01, BASE_LATENT_RATIO * spec.depth1.value, i_max)
    if isinstance(spec.impact, SqrtImpact):
        return replace(spec.impact, y=spec.impact.y * params.impact_scale)
    return spec.impact


def impact_basis(spec: AssetPreset) -> str:
    """Which law drives the asset's impact, in words (for the replay and the docs)."""
    if spec.depth1 is not None and spec.depth1.sourced:
        return f"sqrt law fit to the sourced ±1% depth ${spec.depth1.value:,.0f} ({spec.depth1.source})"
    return "sqrt law on the preset's σ and ADV (calibrated per event, not fitted)"


def with_betas(preset: Preset, params: Parameters) -> Preset:
    """The preset with the fitted betas on every asset they cover (and the tokens tracking one)."""
    if not params.betas:
        return preset
    fitted = dict(params.betas)
    assets = tuple(
        replace(spec, shock=replace(spec.shock, beta=fitted[spec.beta_asset], fitted=True))
        if spec.beta_asset in fitted
        else spec
        for spec in preset.assets
    )
    return replace(preset, assets=assets)


def with_parameters(preset: Preset, params: Parameters, btc_drawdown: float | None = None) -> Preset:
    """The preset with the calibrated impact and retention on every cascading asset, the
    fitted betas, and (when given) the conditioned exogenous BTC shock."""
    assets = tuple(
        replace(
            spec,
            impact=calibrated_impact(spec, params),
            retention=DecayRetention(params.kappa, params.w_min)
            if spec.crowd is not None
            else spec.retention,
        )
        for spec in with_betas(preset, params).assets
    )
    shock = preset.btc_drawdown if btc_drawdown is None else min(MAX_DRAWDOWN, max(btc_drawdown, 1e-6))
    return replace(preset, assets=assets, btc_drawdown=shock)


def target_drawdown(preset: Preset) -> float:
    """The middle of the recorded BTC fall: what the conditioned shock reproduces."""
    row = next(r for r in preset.validation if r.metric == CONDITIONED_METRIC)
    return 0.5 * (row.low + row.high)


@dataclass(frozen=True, eq=False)
class EventBench:
    """One recorded crash with its crowds synthesised and sorted once, for many parameter sets."""

    preset: Preset
    crowds: Mapping[str, tuple[IntArray, FloatArray, FloatArray]]
    ladders: Mapping[str, Ladder]

    @classmethod
    def of(cls, preset: Preset) -> EventBench:
        crowds = {s.asset: s.crowd.synthesize(s.p0) for s in preset.assets if s.crowd is not None}
        ladders = {a: build_ladder(*crowd, preset.asset(a).p0) for a, crowd in crowds.items()}
        return cls(preset, crowds, ladders)

    def settled_btc_drawdown(self, params: Parameters, shocks: FloatArray) -> FloatArray:
        """BTC's settled drawdown for each exogenous BTC shock (BTC cascades on its own ladder)."""
        spec = self.preset.asset(BTC)
        impact = calibrated_impact(spec, params)
        if impact is None or BTC not in self.ladders:
            return np.asarray(shocks, dtype=np.float64)
        exo = spec.p0 * (1.0 - np.asarray(shocks, dtype=np.float64))
        solved = solve_cascade(self.ladders[BTC], exo, impact, DecayRetention(params.kappa, params.w_min))
        fall: FloatArray = 1.0 - solved.price / spec.p0
        return fall

    def condition(self, params: Parameters, target: float | None = None) -> float:
        """The smallest exogenous shock whose settled BTC fall reaches `target` (the recorded
        middle by default), to 1e-6. At a tipping point the fall jumps past the target; the
        shock is then the tipping point and the conditioned row shows the overshoot."""
        goal = target_drawdown(self.preset) if target is None else target
        falls = self.settled_btc_drawdown(params, _SHOCK_GRID)
        reached = np.flatnonzero(falls >= goal)
        if reached.size == 0:
            return float(_SHOCK_GRID[-1])
        first = int(reached[0])
        low = 0.0 if first == 0 else float(_SHOCK_GRID[first - 1])
        high = float(_SHOCK_GRID[first])
        while high - low > 1e-6:
            middle = 0.5 * (low + high)
            if self.settled_btc_drawdown(params, np.array([middle]))[0] >= goal:
                high = middle
            else:
                low = middle
        return high

    def assets_at(self, params: Parameters, shock: float) -> tuple[AssetReplay, ...]:
        """Every asset of the event through its cascade at the exogenous BTC shock."""
        preset = with_betas(self.preset, params)
        scenarios = drawdown_grid(preset.shock_model(), np.array([shock]))
        keep = DecayRetention(params.kappa, params.w_min)
        results = []
        for spec in preset.assets:
            exo = scenarios.exo_price(spec.asset, spec.p0)
            impact = calibrated_impact(spec, params)
            if spec.asset not in self.ladders or impact is None:
                results.append(calm_asset(spec.asset, spec.p0, float(exo[0])))
                continue
            solved = solve_cascade(self.ladders[spec.asset], exo, impact, keep)
            kept = float(retention(keep, np.abs(1.0 - solved.price / spec.p0))[0])
            results.append(measured_asset(spec.asset, spec.p0, solved, *self.crowds[spec.asset], kept))
        return tuple(results)

    def measure(self, params: Parameters, shock: float) -> dict[str, float]:
        """Every validation metric of the event at this shock."""
        assets = self.assets_at(params, shock)
        return {row.metric: metric_value(row.metric, assets) for row in self.preset.validation}


def row_misses(row: ValidationRow, values: FloatArray) -> FloatArray:
    """Log-distance from each value to the row's range: 0 inside, e.g. 0.1 for 10.5% above;
    10 for a value that is not a positive number."""
    valid = np.isfinite(values) & (values > 0)
    safe = np.where(valid, values, 1.0)
    miss = np.maximum(0.0, np.maximum(np.log(max(row.low, 1e-300) / safe), np.log(safe / row.high)))
    result: FloatArray = np.where(valid, miss, 10.0)
    return result


def row_miss(row: ValidationRow, value: float) -> float:
    """row_misses for one value."""
    return float(row_misses(row, np.array([value], dtype=np.float64))[0])


def event_loss(bench: EventBench, params: Parameters) -> float:
    """The event's squared misses with its shock conditioned under `params` (BTC's fall
    counts too: it misses only where a tipping point makes the cascade jump past it)."""
    values = bench.measure(params, bench.condition(params))
    return math.fsum(row_miss(r, values[r.metric]) ** 2 for r in bench.preset.validation)
