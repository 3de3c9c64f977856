"""A slow, obviously correct cascade: plain Python, one scenario at a time, a loop over positions.

It restates RISK_MODEL.md §2–3 directly from the formulas (it does not call the engine's
impact or retention functions) so the fast solver is checked against the spec, not
against itself.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from risk.impact import BookImpact, ConstantRetention, DecayRetention, ImpactModel, Retention, SqrtImpact


@dataclass(frozen=True)
class ReferenceOutcome:
    price: float
    liquidated_usd: float
    liquidated_count: int
    iterations: int
    converged: bool


def reference_retention(keep: Retention, delta: float) -> float:
    if isinstance(keep, ConstantRetention):
        return float(keep.w)
    assert isinstance(keep, DecayRetention)
    return max(float(keep.w_min), math.exp(-keep.kappa * delta))


def reference_impact(model: ImpactModel, volume: float, w: float) -> float:
    if isinstance(model, SqrtImpact):
        return min(model.i_max, model.y * model.sigma * math.sqrt(volume / (w * model.adv_usd)))
    assert isinstance(model, BookImpact)
    try:
        move = 0.01 * math.pow(volume / (w * model.depth1_usd), 1.0 / model.gamma)
    except OverflowError:
        move = math.inf
    return min(model.i_max, move)


def forced(positions: list[tuple[int, float, float]], price: float, falling: bool) -> tuple[float, int]:
    """USD volume and count of the positions liquidated once the price reaches `price`."""
    hit = [
        size * liq
        for side, size, liq in positions
        if (falling and side == 1 and liq >= price) or (not falling and side == -1 and liq <= price)
    ]
    return math.fsum(hit), len(hit)


def reference_cascade(
    positions: list[tuple[int, float, float]],
    p0: float,
    exo: float,
    impact: ImpactModel,
    keep: Retention,
    tol: float = 1e-9,
    max_iter: int = 1000,
) -> ReferenceOutcome:
    falling = exo <= p0
    price = exo
    iterations = 0
    converged = False
    while iterations < max_iter:
        iterations += 1
        volume, _ = forced(positions, price, falling)
        delta = abs(price / p0 - 1.0)
        shift = reference_impact(impact, volume, reference_retention(keep, delta))
        new_price = exo * (1.0 - shift) if falling else exo * (1.0 + shift)
        step = abs(new_price - price)
        price = new_price
        if step <= tol * p0:
            converged = True
            break
    volume, count = forced(positions, price, falling)
    return ReferenceOutcome(price, volume, count, iterations, converged)
