"""One beta to BTC per cascading asset, the same in every recorded crash, fitted jointly.

The presets used to carry a beta per event (ETH 1.1 on 2020-03-12, 1.45 on 2026-01-31), so
an event's own fall was an input to the check of that fall. Here each asset besides BTC
that has a crowd (ETH, SOL, the alt basket) takes one beta on log returns for every event,
chosen with μ, κ and w_min by the same loss (docs/validation.md, "Betas").

Why this is cheap: every asset cascades on its own book, so BTC's settled fall, and with
it the conditioned shock, depends on μ, κ and w_min alone. For one parameter point and one
event, each other asset is solved once over the whole beta grid (one engine call of
len(BETA_GRID) scenarios), and every combination of betas is then scored by broadcasting.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from risk._types import FloatArray, RiskInputError
from risk.calibration import EventBench, Parameters, calibrated_impact, row_misses
from risk.cascade import solve_cascade
from risk.impact import DecayRetention, retention
from risk.replay import AssetReplay, metric_value
from risk.scenarios import BTC, follow_btc

BETA_GRID: FloatArray = np.round(np.arange(0.8, 3.0 + 1e-9, 0.05), 2)
# The tie-break's centre: "moves with BTC". It only chooses inside a flat valley.
BETA_PRIOR = 1.0


def fitted_assets(benches: Sequence[EventBench]) -> tuple[str, ...]:
    """Every asset besides BTC that has a crowd in some event: each gets one fitted beta."""
    names = {a for b in benches for a in b.ladders if a != BTC}
    return tuple(sorted(names))


@dataclass(frozen=True)
class _AssetSweep:
    """One asset over the beta grid at an event's conditioned shock."""

    settled_drawdown: FloatArray
    long_liquidated_usd: FloatArray
    liquidated_usd: FloatArray
    retention: FloatArray


def _sweep(bench: EventBench, params: Parameters, asset: str, shock: float) -> _AssetSweep:
    spec = bench.preset.asset(asset)
    impact = calibrated_impact(spec, params)
    assert impact is not None  # an asset with a crowd has an impact model (presets checks it)
    keep = DecayRetention(params.kappa, params.w_min)
    exo = spec.p0 * (1.0 - follow_btc(np.full(BETA_GRID.shape, shock), BETA_GRID))
    solved = solve_cascade(bench.ladders[asset], exo, impact, keep)
    fall = 1.0 - solved.price / spec.p0
    return _AssetSweep(
        settled_drawdown=fall,
        long_liquidated_usd=np.where(solved.price < spec.p0, solved.liquidated_usd, 0.0),
        liquidated_usd=solved.liquidated_usd,
        retention=retention(keep, np.abs(fall)),
    )


def _axis(values: FloatArray, position: int, dims: int) -> FloatArray:
    shape = [1] * dims
    shape[position] = values.size
    shaped: FloatArray = values.reshape(shape)
    return shaped


def combination_losses(
    bench: EventBench, params: Parameters, fitted: tuple[str, ...], shock: float
) -> FloatArray:
    """The event's squared misses for every combination of the fitted assets' betas:
    an array with one axis of len(BETA_GRID) per fitted asset (in `fitted`'s order)."""
    base = bench.assets_at(params.with_betas({}), shock)
    dims = len(fitted)
    sweeps = {a: _sweep(bench, params, a, shock) for a in fitted if a in bench.ladders}
    total: FloatArray = np.zeros((1,) * dims)
    for row in bench.preset.validation:
        # BTC's fall is conditioned to its range's middle, so it misses only where a tipping
        # point makes the cascade jump past it: a fit must not land there.
        value = _row_values(row.metric, base, sweeps, fitted)
        total = total + row_misses(row, value) ** 2
    return total


def _row_values(
    metric: str, base: tuple[AssetReplay, ...], sweeps: dict[str, _AssetSweep], fitted: tuple[str, ...]
) -> FloatArray:
    dims = len(fitted)
    if metric in ("long_liquidated_usd", "liquidated_usd"):
        others = tuple(a for a in base if a.asset not in sweeps)
        value: FloatArray = np.full((1,) * dims, metric_value(metric, others) if others else 0.0)
        for asset, sweep in sweeps.items():
            value = value + _axis(getattr(sweep, metric), fitted.index(asset), dims)
        return value
    name, _, asset = metric.partition(".")
    if asset in sweeps:
        if name not in ("settled_drawdown", "retention"):
            raise RiskInputError(f"{metric}: the joint fit checks {asset}'s fall or depth left, not this")
        return _axis(getattr(sweeps[asset], name), fitted.index(asset), dims)
    return np.full((1,) * dims, metric_value(metric, base))


def beta_prior_pull(fitted: tuple[str, ...]) -> FloatArray:
    """Σ log(β/β_prior)² over the fitted assets, for every combination."""
    dims = len(fitted)
    pull: FloatArray = np.zeros((1,) * dims)
    for position in range(dims):
        pull = pull + _axis(np.log(BETA_GRID / BETA_PRIOR) ** 2, position, dims)
    return pull


def combination_betas(fitted: tuple[str, ...], flat_index: int) -> dict[str, float]:
    """The betas of one combination (a flat index into the combination array)."""
    if not fitted:
        return {}
    indices = np.unravel_index(flat_index, (BETA_GRID.size,) * len(fitted))
    return {a: float(BETA_GRID[int(i)]) for a, i in zip(fitted, indices, strict=True)}
