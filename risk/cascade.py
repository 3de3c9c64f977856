"""The liquidation cascade as a monotone fixed point, solved for many scenarios at once.

RISK_MODEL.md §3. For a drawdown the settled price solves

    p = P_exo · (1 − I(X_down(p), w(δ(p)))),   p_0 = P_exo,

and for a rally the mirror p = P_exo · (1 + I(X_up(p), w(δ(p)))). The map is monotone
and its first step moves away from P0, so iterating from P_exo walks monotonically to
the fixed point nearest P_exo. Each iteration costs one `searchsorted` per still-moving
scenario on the sorted ladder; scenarios that have settled drop out. No positions ×
scenarios matrix is ever built.

Stopping rule (per scenario): after computing p_{n+1}, stop when |p_{n+1} − p_n| ≤
tol·P0; `iterations` counts the map evaluations. A scenario still moving after
`max_iter` evaluations is reported with `converged = False`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from risk._types import BoolArray, FloatArray, IntArray, RiskInputError
from risk.crowd import Ladder
from risk.impact import ImpactModel, Retention, price_impact, retention


@dataclass(frozen=True, eq=False)
class CascadeResult:
    """Per-scenario outcome of the cascade; every array has one entry per scenario."""

    exo_price: FloatArray
    price: FloatArray
    liquidated_usd: FloatArray
    liquidated_count: IntArray
    iterations: IntArray
    converged: BoolArray
    p0: float

    @property
    def amplification(self) -> FloatArray:
        """(P0 − p)/(P0 − P_exo): how much further the cascade moved the price; 1 when P_exo = P0."""
        exo_move = self.p0 - self.exo_price
        settled_move = self.p0 - self.price
        safe = np.where(exo_move == 0.0, 1.0, exo_move)
        ratio: FloatArray = np.where(exo_move == 0.0, 1.0, settled_move / safe)
        return ratio


def _check_exo_prices(exo_prices: npt.ArrayLike) -> FloatArray:
    exo = np.asarray(exo_prices, dtype=np.float64)
    if exo.ndim != 1:
        raise RiskInputError(f"exo_prices must be a 1-D array of scenarios; got shape {exo.shape}")
    bad = ~np.isfinite(exo) | (exo <= 0)
    if np.any(bad):
        first = int(np.argmax(bad))
        raise RiskInputError(
            f"{int(bad.sum())} invalid scenario price(s); first at scenario {first}: "
            f"exo_price must be finite and > 0 (got {float(exo[first])!r})",
            row=first,
            field="exo_price",
        )
    return exo


def _settle(
    ladder: Ladder,
    exo: FloatArray,
    falling: bool,
    impact: ImpactModel,
    keep: Retention,
    tol: float,
    max_iter: int,
) -> tuple[FloatArray, IntArray, BoolArray]:
    """Iterate the map for scenarios that all move the same way; returns price, iterations, converged."""
    p0 = ladder.p0
    direction = -1.0 if falling else 1.0
    forced_usd = ladder.forced_sell_usd if falling else ladder.forced_buy_usd
    price = exo.copy()
    iterations = np.zeros(exo.size, dtype=np.int64)
    converged = np.zeros(exo.size, dtype=np.bool_)
    active = np.arange(exo.size)
    step_limit = tol * p0
    for step in range(1, max_iter + 1):
        if active.size == 0:
            break
        current = price[active]
        move = np.abs(current / p0 - 1.0)
        shift = price_impact(impact, forced_usd(current), retention(keep, move))
        updated = exo[active] * (1.0 + direction * shift)
        settled = np.abs(updated - current) <= step_limit
        price[active] = updated
        iterations[active] = step
        converged[active[settled]] = True
        active = active[~settled]
    return price, iterations, converged


def solve_cascade(
    ladder: Ladder,
    exo_prices: FloatArray,
    impact: ImpactModel,
    retention: Retention,
    *,
    tol: float = 1e-9,
    max_iter: int = 1000,
) -> CascadeResult:
    """Settled prices after forced liquidations for every exogenous price in `exo_prices`.

    Prices at or below P0 cascade down through the longs (forced sells); prices above
    P0 cascade up through the shorts (forced buys).
    """
    if not (math.isfinite(tol) and tol > 0):
        raise RiskInputError(f"tol must be > 0; got {tol!r}", field="tol")
    if max_iter < 1:
        raise RiskInputError(f"max_iter must be at least 1; got {max_iter}", field="max_iter")
    exo = _check_exo_prices(exo_prices)
    falling = exo <= ladder.p0
    price = np.empty_like(exo)
    iterations = np.empty(exo.size, dtype=np.int64)
    converged = np.empty(exo.size, dtype=np.bool_)
    for mask, is_falling in ((falling, True), (~falling, False)):
        if np.any(mask):
            price[mask], iterations[mask], converged[mask] = _settle(
                ladder, exo[mask], is_falling, impact, retention, tol, max_iter
            )
    liquidated_usd = np.where(falling, ladder.forced_sell_usd(price), ladder.forced_buy_usd(price))
    return CascadeResult(
        exo_price=exo,
        price=price,
        liquidated_usd=liquidated_usd,
        liquidated_count=ladder.liquidated_count(price, falling),
        iterations=iterations,
        converged=converged,
        p0=ladder.p0,
    )
