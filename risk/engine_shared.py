"""One crowd, many portfolios: the cascade solved once and reused for every candidate.

The advisor asks the engine about hundreds of candidate portfolios under one stress (a
withdrawal a cent larger, a cut 0.1% deeper). `risk.engine.prepare` merges each
candidate's positions into the crowd ladders and `evaluate_prepared` re-solves every
asset's cascade, although the crowd is the same every time and the user's handful of
rungs changes the settled price only where the cascade actually reaches one of them.

Here the crowd alone is solved once per set of scenarios (`solve_crowd`). For a
portfolio, a row (asset, scenario) whose settled crowd price stays clear of every user
rung of that asset (a long's liquidation price below it in a fall, a short's above it in
a rally) settles exactly where the crowd alone settles: the fixed-point iteration falls
monotonically from P_exo to that price, so no iterate reaches the rung and the forced
volume, hence every iterate, is the crowd's own. Only the scenarios where some rung is
reached are solved again, on the merged ladders, exactly as `evaluate_prepared` does.
The report is then assembled by the same code as `evaluate_prepared`'s.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from risk._types import BoolArray, FloatArray, IntArray
from risk.engine import (
    EngineReport,
    UserAccounts,
    assemble_report,
    cascade_of,
    exo_prices,
)
from risk.engine_units import user_liquidation_prices
from risk.market import Market
from risk.multicascade import MultiCascade, prepare_cascades, solve_all, solve_rows, with_user_rungs
from risk.portfolio import Portfolio
from risk.scenarios import Scenarios

# A rung within this relative distance of the crowd's settled price counts as reached, so
# the rounding of the ladder keys (−liq/P0) can never hide a rung the iteration touches.
_REACH_MARGIN = 1e-9


@dataclass(frozen=True, eq=False)
class SharedCrowd:
    """A market's crowd ladders, sorted once for every portfolio evaluated against them."""

    market: Market
    cascading: IntArray  # indices of the assets whose crowd cascades
    cascades: MultiCascade | None

    @classmethod
    def of(cls, market: Market) -> SharedCrowd:
        cascading = np.array([k for k, e in enumerate(market.assets) if e.cascades], dtype=np.int64)
        entries = [cascade_of(market.assets[k]) for k in cascading]
        return cls(market, cascading, prepare_cascades(entries) if entries else None)


Rungs = tuple[IntArray, FloatArray, FloatArray]  # (side, size, liq) of the user's rungs on one asset


@dataclass(frozen=True, eq=False)
class CrowdSolution:
    """The crowd (plus any `rungs` already laid on it) under one set of scenarios: exogenous
    and settled prices (assets × S) and the liquidated USD per cascading asset (cascading × S)."""

    crowd: SharedCrowd
    scenarios: Scenarios
    exo: FloatArray
    settled: FloatArray
    liquidated: FloatArray
    rungs: tuple[Rungs, ...] = ()  # per cascading asset; empty: the crowd alone


def solve_crowd(crowd: SharedCrowd, scenarios: Scenarios) -> CrowdSolution:
    exo = exo_prices(crowd.market, scenarios)
    settled = exo.copy()
    liquidated = np.zeros((crowd.cascading.size, exo.shape[1]))
    if crowd.cascades is not None:
        prices, liquidated, _ = solve_all(crowd.cascades, exo[crowd.cascading], members=scenarios.members)
        settled[crowd.cascading] = prices
    return CrowdSolution(crowd, scenarios, exo, settled, liquidated)


def evaluate_shared(solution: CrowdSolution, user: UserAccounts) -> EngineReport:
    """`evaluate_prepared(prepare(user.portfolio, market), scenarios)`, re-solving only the
    scenarios where the cascade reaches one of the user's rungs."""
    laid = add_rungs(solution, user.portfolio)
    crowd_usd: FloatArray = laid.liquidated.sum(axis=0)
    return assemble_report(user, solution.scenarios, solution.exo, laid.settled, crowd_usd)


def portfolio_rungs(crowd: SharedCrowd, portfolio: Portfolio) -> tuple[Rungs, ...]:
    """The portfolio's rungs on every cascading asset (as `risk.engine.prepare` merges them)."""
    market = crowd.market
    return tuple(user_liquidation_prices(portfolio, market, market.assets[k].asset) for k in crowd.cascading)


def add_rungs(solution: CrowdSolution, portfolio: Portfolio) -> CrowdSolution:
    """The solution with the portfolio's positions on the ladders too: only the scenarios
    whose settled price reaches one of its rungs are solved again (with every rung)."""
    crowd = solution.crowd
    new = portfolio_rungs(crowd, portfolio)
    rungs = (
        new if not solution.rungs else tuple(_joined(a, b) for a, b in zip(solution.rungs, new, strict=True))
    )
    reached = _reached(solution, new)
    settled, liquidated = solution.settled, solution.liquidated
    if crowd.cascades is not None and np.any(reached):
        settled, liquidated = settled.copy(), liquidated.copy()
        which, columns = np.nonzero(reached)
        members = solution.scenarios.members
        prices, again, _ = solve_rows(
            with_user_rungs(crowd.cascades, rungs),
            which,
            solution.exo[crowd.cascading[which], columns],
            columns,
            members,
        )
        settled[crowd.cascading[which], columns] = prices
        liquidated[which, columns] = again
    return CrowdSolution(crowd, solution.scenarios, solution.exo, settled, liquidated, rungs)


def _joined(a: Rungs, b: Rungs) -> Rungs:
    return np.concatenate([a[0], b[0]]), np.concatenate([a[1], b[1]]), np.concatenate([a[2], b[2]])


def _reached(solution: CrowdSolution, rungs: tuple[Rungs, ...]) -> BoolArray:
    """Cascading assets × scenarios: where the settled price reaches one of the user's rungs
    (and that asset's cascade must be solved again)."""
    crowd = solution.crowd
    reached = np.zeros((crowd.cascading.size, solution.exo.shape[1]), dtype=np.bool_)
    for j, (k, (side, _, liq)) in enumerate(zip(crowd.cascading, rungs, strict=True)):
        if side.size == 0:
            continue
        price, falling = solution.settled[k], solution.exo[k] <= crowd.market.assets[k].p0
        longs, shorts = liq[side == 1], liq[side == -1]
        if longs.size:
            reached[j] |= falling & (longs.max() >= price * (1.0 - _REACH_MARGIN))
        if shorts.size:
            reached[j] |= ~falling & (shorts.min() <= price * (1.0 + _REACH_MARGIN))
    return reached
