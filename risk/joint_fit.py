"""The joint fit: one parameter set for every recorded crash, and each event held out.

docs/validation.md states the procedure. Over the fixed grid of μ, κ and w_min, each
event's shock is conditioned on BTC's recorded fall; for each grid point every combination
of the fitted betas (risk.beta_fit) is scored, so the betas are chosen with μ, κ and w_min
by one loss: the sum over events of the squared log-distance from each checked row to its
range, plus 1e-3 × the squared log-distance to the prior (μ 1, κ 15, w_min 0.05, β 1),
which only breaks ties inside a flat valley. The fit is repeated without each event
(leave-one-event-out): that event's held-out parameters.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from risk._types import FloatArray
from risk.beta_fit import BETA_PRIOR, beta_prior_pull, combination_betas, combination_losses, fitted_assets
from risk.calibration import DEFAULT_GRID, EventBench, Grid, Parameters
from risk.presets import Preset

REGULARISATION = 1e-3
PRIOR = Parameters(1.0, 15.0, 0.05)


def prior_distance(params: Parameters) -> float:
    """Squared log-distance of μ, κ and w_min to the prior (the betas' is in risk.beta_fit)."""
    return (
        math.log(params.impact_scale / PRIOR.impact_scale) ** 2
        + math.log((params.kappa + 1.0) / (PRIOR.kappa + 1.0)) ** 2
        + math.log(params.w_min / PRIOR.w_min) ** 2
    )


def regularised(params: Parameters, loss: float) -> float:
    """What the fit minimises: the loss plus the small pull of every parameter to its prior."""
    pull = sum(math.log(beta / BETA_PRIOR) ** 2 for _, beta in params.betas)
    return loss + REGULARISATION * (prior_distance(params) + pull)


@dataclass(frozen=True)
class Fit:
    """The best parameters for a set of events, and their loss there (without the prior pull)."""

    params: Parameters
    loss: float
    events: tuple[str, ...]


@dataclass(frozen=True)
class Calibration:
    """The joint fit, each event's held-out fit, and the conditioned shocks of both."""

    grid: Grid
    joint: Fit
    held_out: Mapping[str, Fit]  # event → the fit on every other event
    shocks: Mapping[str, float]  # event → conditioned shock under the joint fit
    held_out_shocks: Mapping[str, float]  # event → conditioned shock under its held-out fit

    def parameters_for(self, event: str, *, held_out: bool) -> tuple[Parameters, float]:
        if held_out:
            return self.held_out[event].params, self.held_out_shocks[event]
        return self.joint.params, self.shocks[event]


@dataclass
class _Best:
    """The best point so far for one set of events."""

    events: tuple[int, ...]
    fitted: tuple[str, ...]
    objective: float = math.inf
    fit: Fit | None = None

    def offer(
        self, point: Parameters, per_event: Sequence[FloatArray], pull: FloatArray, names: Sequence[str]
    ) -> None:
        loss = sum((per_event[e] for e in self.events), np.zeros_like(pull))
        objective = loss + REGULARISATION * (pull + prior_distance(point))
        index = int(np.argmin(objective))
        if float(objective.flat[index]) < self.objective:
            self.objective = float(objective.flat[index])
            betas = combination_betas(self.fitted, index)
            self.fit = Fit(
                point.with_betas(betas), float(loss.flat[index]), tuple(names[e] for e in self.events)
            )


def calibrate(presets: Sequence[Preset], grid: Grid = DEFAULT_GRID) -> Calibration:
    """Fit jointly on every preset, and once more without each (leave-one-event-out)."""
    benches = [EventBench.of(p) for p in presets]
    names = [p.name for p in presets]
    fitted = fitted_assets(benches)
    pull = beta_prior_pull(fitted)
    every = tuple(range(len(names)))
    sets = [_Best(every, fitted)] + [_Best(tuple(i for i in every if i != e), fitted) for e in every]
    for point in grid.points():
        per_event = [combination_losses(b, point, fitted, b.condition(point)) for b in benches]
        for best in sets:
            best.offer(point, per_event, pull, names)
    joint, *held = (best.fit for best in sets)
    assert joint is not None and all(h is not None for h in held)
    held_out = {names[e]: fit for e, fit in zip(every, held, strict=True) if fit is not None}
    return Calibration(
        grid=grid,
        joint=joint,
        held_out=held_out,
        shocks={b.preset.name: b.condition(joint.params) for b in benches},
        held_out_shocks={b.preset.name: b.condition(held_out[b.preset.name].params) for b in benches},
    )
