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

A re-solved row does not start again from P_exo either: its iterates are the crowd's own
until the first one that reaches a new rung, so the crowd's solve keeps every iterate
(`Trail`) and the row resumes from that one, with the iterations already made counted
against the cap (risk.settle_kernel). It lands on the very float the full re-solve lands
on, in a fraction of the iterations — the rung the advisor moves is usually reached only
near the settled price.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

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
from risk.multicascade import (
    MultiCascade,
    RowSolution,
    RowStart,
    all_rows,
    prepare_cascades,
    solve_rows_from,
    with_user_rungs,
)
from risk.portfolio import Portfolio
from risk.scenarios import Scenarios

# A rung within this relative distance of the crowd's settled price counts as reached, so
# the rounding of the ladder keys (−liq/P0) can never hide a rung the iteration touches.
_REACH_MARGIN = 1e-9
# Solves of more rows than this keep no trail (a 10⁴-draw tail would hold ~10⁸ iterates).
_TRAIL_ROWS = 20_000


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
class Trail:
    """Every iterate of every row of a solution (iterations × cascading × S; a row that has
    settled repeats its price), the iterations each row made and whether it converged."""

    prices: FloatArray
    steps: IntArray
    converged: BoolArray


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
    trail: Trail | None = None  # None: re-solved rows start again from P_exo


def solve_crowd(crowd: SharedCrowd, scenarios: Scenarios) -> CrowdSolution:
    exo = exo_prices(crowd.market, scenarios)
    settled = exo.copy()
    liquidated = np.zeros((crowd.cascading.size, exo.shape[1]))
    if crowd.cascades is None:
        return CrowdSolution(crowd, scenarios, exo, settled, liquidated)
    members = scenarios.members
    rows = RowStart(*all_rows(crowd.cascades, exo[crowd.cascading], members))
    shape = liquidated.shape
    solved = solve_rows_from(crowd.cascades, rows, members, trace=rows.exo.size <= _TRAIL_ROWS)
    settled[crowd.cascading] = solved.price.reshape(shape)
    trail = None
    if solved.trace is not None:
        trail = Trail(
            solved.trace.reshape(-1, *shape), solved.steps.reshape(shape), solved.converged.reshape(shape)
        )
    return CrowdSolution(crowd, scenarios, exo, settled, solved.liquidated.reshape(shape), (), trail)


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


def add_rungs(solution: CrowdSolution, portfolio: Portfolio, *, trail: bool = False) -> CrowdSolution:
    """The solution with the portfolio's positions on the ladders too: only the scenarios
    whose settled price reaches one of its rungs are solved again (with every rung), each
    from its first iterate that reaches one (see the module docstring). With `trail` the
    result keeps its iterates too, for more rungs to be laid on it."""
    crowd = solution.crowd
    new = portfolio_rungs(crowd, portfolio)
    rungs = (
        new if not solution.rungs else tuple(_joined(a, b) for a, b in zip(solution.rungs, new, strict=True))
    )
    reached = _reached(solution, new)
    if crowd.cascades is None or not np.any(reached):
        # No iterate reaches a new rung (they fall monotonically to the settled price): same trail.
        return replace(solution, rungs=rungs, trail=solution.trail if trail else None)
    which, columns = np.nonzero(reached)
    rows = RowStart(which, solution.exo[crowd.cascading[which], columns], columns)
    first = None
    if solution.trail is not None:
        first = _first_reaching(solution.trail, crowd.cascades, new, rows)
        old = solution.trail
        rows = replace(
            rows,
            start=old.prices[first, which, columns],
            done=first,
            finished=(first == old.steps[which, columns]) & old.converged[which, columns],
        )
    keep = trail and first is not None
    laid = with_user_rungs(crowd.cascades, rungs)
    solved = solve_rows_from(laid, rows, solution.scenarios.members, trace=keep)
    settled, liquidated = solution.settled.copy(), solution.liquidated.copy()
    settled[crowd.cascading[which], columns] = solved.price
    liquidated[which, columns] = solved.liquidated
    merged = None
    if keep and solution.trail is not None and first is not None:
        merged = _merged_trail(solution.trail, solved, which, columns, first)
    return CrowdSolution(crowd, solution.scenarios, solution.exo, settled, liquidated, rungs, merged)


def _first_reaching(old: Trail, cascades: MultiCascade, new: tuple[Rungs, ...], rows: RowStart) -> IntArray:
    """Per re-solved row, the first iterate of `old` at which one of the `new` rungs counts as
    reached (by `_reached`'s own test), and never past the iteration the row settled at."""
    top = np.array([liq[side == 1].max(initial=-np.inf) for side, _, liq in new])
    bottom = np.array([liq[side == -1].min(initial=np.inf) for side, _, liq in new])
    which, columns = rows.asset, rows.scenario
    path = old.prices[:, which, columns]
    falling = rows.exo <= cascades.p0[which]
    hit = np.where(
        falling, top[which] >= path * (1.0 - _REACH_MARGIN), bottom[which] <= path * (1.0 + _REACH_MARGIN)
    )
    # A row none of whose iterates counts (cannot happen: it was chosen at its settled price)
    # would resume from P_exo, i.e. be solved in full.
    first: IntArray = np.minimum(np.argmax(hit, axis=0), old.steps[which, columns])
    return first


def _merged_trail(
    old: Trail, solved: RowSolution, which: IntArray, columns: IntArray, first: IntArray
) -> Trail:
    """`old` with each re-solved row's iterates from its resumed one on replaced by the new ones."""
    resumed = solved.trace
    assert resumed is not None  # asked for with trace=True
    length = max(old.prices.shape[0], int(np.max(first + resumed.shape[0])))
    prices = np.concatenate(
        [old.prices, np.repeat(old.prices[-1:], length - old.prices.shape[0], axis=0)], axis=0
    )
    after = np.arange(length)[:, None] - first[None, :]
    values = resumed[np.clip(after, 0, resumed.shape[0] - 1), np.arange(first.size)[None, :]]
    prices[:, which, columns] = np.where(after >= 0, values, prices[:, which, columns])
    steps, converged = old.steps.copy(), old.converged.copy()
    steps[which, columns] = solved.steps
    converged[which, columns] = solved.converged
    return Trail(prices, steps, converged)


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
