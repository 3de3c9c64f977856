"""The cascade's fixed-point iteration on many rows at once: risk.multicascade's inner loop.

Each row is one asset under one scenario; the map is risk.cascade's (forced volume at the
current price → impact with the retention of the move so far → the next price) and a row
stops when a step moves it by at most tol·P0. Everything a row needs is gathered once per
solve (`RowParams`), not at every iteration: with the small working sets the advisor
solves (a handful to a few hundred rows), the cost of an iteration is its number of numpy
calls, not its arithmetic. Every value is computed by the same operations in the same order
as before the gathering, so each row settles on the very same float.

A row may start part-way (`start`, with `budget` iterations left of the cap): the advisor
resumes a row from the iterate where a new rung is first reached, because every iterate
before it is the one already computed without that rung (risk.engine_shared). `trace`
keeps every iterate of every row (a row that has settled repeats its price), for the
solution that further rungs will be laid on.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from risk._types import BoolArray, FloatArray, IntArray

_ONE_PERCENT = 0.01
_LAZY_ROWS = 64  # up to this many rows, settled rows are dropped lazily (see `settle`)


@dataclass(frozen=True, eq=False)
class SideLookup:
    """One side's sorted rung keys and cumulative USD on the shared key axis, with each
    row's segment offsets: forced USD = cum[index_offset + searchsorted(keys, offset + key)]."""

    keys: FloatArray
    cum: FloatArray
    query_offset: FloatArray  # per row: segment·span
    index_offset: IntArray  # per row: the segment's cumulative start minus its key start
    low: float  # the key is clipped to [low, high] (just beyond the farthest rung)
    high: float
    clipped: bool = True  # False: the caller has shown every key of the solve lies in [low, high]

    def forced_usd(self, key: FloatArray) -> FloatArray:
        # np.maximum/np.minimum give np.clip's value for these finite keys, at a third of its cost.
        clipped = np.minimum(np.maximum(key, self.low), self.high) if self.clipped else key
        reached = np.searchsorted(self.keys, self.query_offset + clipped, side="right")
        volume: FloatArray = self.cum[self.index_offset + reached]
        return volume

    def take(self, keep: IntArray) -> SideLookup:
        return SideLookup(
            self.keys,
            self.cum,
            self.query_offset[keep],
            self.index_offset[keep],
            self.low,
            self.high,
            self.clipped,
        )


@dataclass(frozen=True, eq=False)
class BookRows:
    """Per row: the book-impact parameters and which rows use the square-root law instead."""

    depth: FloatArray
    inverse_gamma: FloatArray
    cap: FloatArray
    is_sqrt: BoolArray

    def take(self, keep: IntArray) -> BookRows:
        return BookRows(self.depth[keep], self.inverse_gamma[keep], self.cap[keep], self.is_sqrt[keep])


@dataclass(frozen=True, eq=False)
class RowParams:
    """Everything the map needs per row (see the module docstring). Optional parts are None
    where every row shares the plain case (no ensemble multiplier, all decaying retention,
    all square-root impact, no user rungs)."""

    exo: FloatArray
    p0: FloatArray
    limit: FloatArray  # tol·P0: the stopping rule
    kappa: FloatArray  # negated: the retention is exp(−κ·δ), and −κ is exact
    w_min: FloatArray
    scale: FloatArray  # y·σ/√ADV of the row's asset (0 for a book asset)
    i_max: FloatArray
    budget: IntArray  # iterations left before the cap
    crowd: SideLookup
    user: SideLookup | None = None
    multiplier: FloatArray | None = None
    fixed_w: FloatArray | None = None  # a constant retention (NaN where it decays)
    book: BookRows | None = None

    def take(self, keep: IntArray) -> RowParams:
        return RowParams(
            self.exo[keep],
            self.p0[keep],
            self.limit[keep],
            self.kappa[keep],
            self.w_min[keep],
            self.scale[keep],
            self.i_max[keep],
            self.budget[keep],
            self.crowd.take(keep),
            None if self.user is None else self.user.take(keep),
            None if self.multiplier is None else self.multiplier[keep],
            None if self.fixed_w is None else self.fixed_w[keep],
            None if self.book is None else self.book.take(keep),
        )

    def volume(self, key: FloatArray) -> FloatArray:
        volume = self.crowd.forced_usd(key)
        if self.user is not None:
            volume = volume + self.user.forced_usd(key)
        return volume

    def retention(self, move: FloatArray) -> FloatArray:
        decayed: FloatArray = np.maximum(np.exp(self.kappa * move), self.w_min)
        if self.fixed_w is None:
            return decayed
        w: FloatArray = np.where(np.isnan(self.fixed_w), decayed, self.fixed_w)
        return w

    def impact(self, volume: FloatArray, w: FloatArray) -> FloatArray:
        raw = self.scale * np.sqrt(volume / w)
        if self.book is not None:
            book = self.book
            ratio = np.minimum(volume / (w * book.depth), book.cap)
            raw = np.where(book.is_sqrt, raw, _ONE_PERCENT * np.power(ratio, book.inverse_gamma))
        if self.multiplier is not None:
            raw = raw * self.multiplier
        move: FloatArray = np.minimum(raw, self.i_max)
        return move


@dataclass(frozen=True, eq=False)
class Settled:
    price: FloatArray
    converged: BoolArray
    steps: IntArray  # iterations this call made per row (the budget for a row that did not converge)
    trace: FloatArray | None  # (steps + 1) × rows: every iterate, from the start; None unless asked


def settle(params: RowParams, start: FloatArray, down: bool, *, trace: bool = False) -> Settled:
    """Iterate every row from `start` until it settles or spends its budget (rows that all
    move one way: `down` is a fall).

    In a small working set settled rows leave only once a quarter of it has settled (gathering
    the rows' parameters anew costs more than evaluating a few settled rows); a settled row is
    never written again, so every row stops exactly where the plain loop stops.
    """
    price = start.copy()
    converged = np.zeros(start.size, dtype=np.bool_)
    steps = params.budget.copy()
    trail = [price.copy()] if trace else []
    active = np.arange(start.size)
    live = params.budget > 0  # per working row: still moving
    if not live.all():  # rows resumed at their settled price (no budget) are not iterated
        params, active, live = params.take(np.flatnonzero(live)), active[live], live[live]
    size = moving = live.size  # working rows, and how many of them still move
    budget_left = int(params.budget.min(initial=0)) if size else 0
    for i in range(int(params.budget.max(initial=0))):
        if i >= budget_left:  # rows that started part-way reach the cap before the others
            live &= params.budget > i
            moving = int(np.count_nonzero(live))
        if moving == 0:
            break
        current = price[active]
        relative = current / params.p0
        volume = params.volume(-relative if down else relative)
        shift = params.impact(volume, params.retention(np.abs(relative - 1.0)))
        # exo·(1 ∓ shift): the same float as exo·(1 + direction·shift), one operation fewer.
        updated = params.exo * (1.0 - shift) if down else params.exo * (1.0 + shift)
        close = np.abs(updated - current) <= params.limit
        if moving == size:  # every working row still moves: no masks
            settled = close
            price[active] = updated
        else:
            settled = live & close
            price[active[live]] = updated[live]
        count = int(np.count_nonzero(settled))
        if count:
            done = active[settled]
            converged[done] = True
            steps[done] = i + 1
            live &= ~settled
            moving -= count
        if trace:
            trail.append(price.copy())
        if moving < size and (size > _LAZY_ROWS or moving * 4 <= size * 3):
            keep = np.flatnonzero(live)
            active, params, live = active[keep], params.take(keep), live[keep]
            size = moving
            budget_left = int(params.budget.min(initial=0)) if size else 0
    return Settled(price, converged, steps, np.array(trail) if trace else None)
