"""Price impact of forced volume and the share of depth market makers leave in place.

RISK_MODEL.md §2. Two impact laws, both monotone in the forced volume X and in the
retention w (less depth left → larger move), capped at ``i_max`` < 1 so a price
never reaches zero:

- `SqrtImpact`: the square-root law, I = Y·σ·sqrt(X / (w·ADV)) (Donier & Bonart 2015).
- `BookImpact`: walking a visible book whose depth within a move x is
  D(x) = D1·(x / 1%)^γ, so the move that absorbs X is x = 1%·(X / (w·D1))^(1/γ).

Retention w is either a constant per scenario or w(δ) = max(w_min, exp(−κ·δ)) with δ
the total move so far (market makers pull quotes as the crash deepens).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from risk._types import FloatArray, RiskInputError

_ONE_PERCENT = 0.01


def _require(name: str, value: float, *, low: float, high: float = math.inf, low_open: bool = True) -> None:
    """Reject a parameter outside (low, high] (or [low, high] when low_open is False) or not finite."""
    below = value <= low if low_open else value < low
    if not math.isfinite(value) or below or value > high:
        bracket = "(" if low_open else "["
        raise RiskInputError(
            f"{name} must be finite and in {bracket}{low}, {high}]; got {value!r}", field=name
        )


@dataclass(frozen=True)
class SqrtImpact:
    """Square-root impact: I(X) = min(i_max, y·sigma·sqrt(X / (w·adv_usd)))."""

    y: float
    sigma: float
    adv_usd: float
    i_max: float = 0.99

    def __post_init__(self) -> None:
        _require("y", self.y, low=0.0)
        _require("sigma", self.sigma, low=0.0)
        _require("adv_usd", self.adv_usd, low=0.0)
        _require("i_max", self.i_max, low=0.0, high=1.0)
        if self.i_max >= 1.0:
            raise RiskInputError(f"i_max must be below 1; got {self.i_max!r}", field="i_max")


@dataclass(frozen=True)
class BookImpact:
    """Book walk: depth D(x) = depth1_usd·(x/1%)^gamma, I = min(i_max, x absorbing X)."""

    depth1_usd: float
    gamma: float
    i_max: float = 0.99

    def __post_init__(self) -> None:
        _require("depth1_usd", self.depth1_usd, low=0.0)
        _require("gamma", self.gamma, low=0.0)
        _require("i_max", self.i_max, low=0.0, high=1.0)
        if self.i_max >= 1.0:
            raise RiskInputError(f"i_max must be below 1; got {self.i_max!r}", field="i_max")


ImpactModel = SqrtImpact | BookImpact


@dataclass(frozen=True)
class ConstantRetention:
    """Market makers keep the share w of their depth whatever the move."""

    w: float

    def __post_init__(self) -> None:
        _require("w", self.w, low=0.0, high=1.0)


@dataclass(frozen=True)
class DecayRetention:
    """Depth left in place falls with the move: w(δ) = max(w_min, exp(−kappa·δ))."""

    kappa: float
    w_min: float

    def __post_init__(self) -> None:
        _require("kappa", self.kappa, low=0.0, low_open=False)
        _require("w_min", self.w_min, low=0.0, high=1.0)


Retention = ConstantRetention | DecayRetention


def retention(r: Retention, delta: FloatArray) -> FloatArray:
    """The share of depth left when the price has moved by delta (≥ 0, as a fraction of P0)."""
    delta = np.asarray(delta, dtype=np.float64)
    if isinstance(r, ConstantRetention):
        return np.full(delta.shape, r.w, dtype=np.float64)
    decayed: FloatArray = np.exp(-r.kappa * delta)
    return np.maximum(decayed, r.w_min)


def price_impact(model: ImpactModel, volume_usd: FloatArray, w: FloatArray) -> FloatArray:
    """The relative move (0 ≤ I ≤ i_max) that forced volume `volume_usd` causes with retention `w`."""
    volume = np.asarray(volume_usd, dtype=np.float64)
    share = np.asarray(w, dtype=np.float64)
    if isinstance(model, SqrtImpact):
        raw: FloatArray = model.y * model.sigma * np.sqrt(volume / (share * model.adv_usd))
        return np.minimum(raw, model.i_max)
    # Clip the depth ratio where the move reaches i_max anyway, so the power cannot overflow.
    ratio_at_cap = (model.i_max / _ONE_PERCENT) ** model.gamma
    ratio = np.minimum(volume / (share * model.depth1_usd), ratio_at_cap)
    move: FloatArray = _ONE_PERCENT * np.power(ratio, 1.0 / model.gamma)
    return np.minimum(move, model.i_max)
