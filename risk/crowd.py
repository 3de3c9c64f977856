"""The crowd's liquidation ladder: who is forced to trade at which price (RISK_MODEL.md §1).

Each side is sorted by liquidation price once, with cumulative USD sums, so the forced
volume at any price is one `searchsorted` lookup — for a whole vector of scenario
prices at once, without ever building a positions × scenarios matrix.

Longs are kept in descending liquidation order: the cumulative sum at k is then the
volume of exactly the k longs a fall reaches first, summed from the top, with no
subtraction of large totals (which would lose precision on small cascades).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from risk._types import BoolArray, FloatArray, IntArray, RiskInputError
from risk._validate import as_side_array, find_invalid_rows
from risk.crowd_io import load_crowd_csv, load_crowd_npz, save_crowd_npz

__all__ = [
    "Ladder",
    "build_ladder",
    "load_crowd_csv",
    "load_crowd_npz",
    "merge_ladders",
    "save_crowd_npz",
    "synthesize_crowd",
]


@dataclass(frozen=True, eq=False)
class Ladder:
    """Sorted liquidation prices and cumulative forced volume per side, around P0.

    `long_neg_liq` holds −liq of the longs in ascending order (so highest liq first);
    `long_cum_usd[k]` is the USD volume of the first k of them. `short_liq` is ascending
    and `short_cum_usd[k]` the USD volume of the first k shorts. Both cumulative arrays
    start with 0.
    """

    p0: float
    long_neg_liq: FloatArray
    long_usd: FloatArray
    long_cum_usd: FloatArray
    short_liq: FloatArray
    short_usd: FloatArray
    short_cum_usd: FloatArray

    @property
    def size(self) -> int:
        """Number of positions on the ladder (both sides)."""
        return int(self.long_neg_liq.size + self.short_liq.size)

    def longs_reached(self, p: FloatArray) -> IntArray:
        """How many longs have liq ≥ p (they are liquidated once the price falls to p)."""
        counts: IntArray = np.searchsorted(self.long_neg_liq, -np.asarray(p, dtype=np.float64), side="right")
        return counts.astype(np.int64, copy=False)

    def shorts_reached(self, p: FloatArray) -> IntArray:
        """How many shorts have liq ≤ p (they are liquidated once the price rises to p)."""
        counts: IntArray = np.searchsorted(self.short_liq, np.asarray(p, dtype=np.float64), side="right")
        return counts.astype(np.int64, copy=False)

    def forced_sell_usd(self, p: FloatArray) -> FloatArray:
        """X_down(p): USD sold by longs liquidated at or above p."""
        volume: FloatArray = self.long_cum_usd[self.longs_reached(p)]
        return volume

    def forced_buy_usd(self, p: FloatArray) -> FloatArray:
        """X_up(p): USD bought back by shorts liquidated at or below p."""
        volume: FloatArray = self.short_cum_usd[self.shorts_reached(p)]
        return volume

    def liquidated_count(self, p: FloatArray, down: BoolArray) -> IntArray:
        """Positions liquidated at price p: longs where `down`, shorts elsewhere."""
        prices = np.asarray(p, dtype=np.float64)
        counts: IntArray = np.where(down, self.longs_reached(prices), self.shorts_reached(prices))
        return counts


def _check_p0(p0: float) -> float:
    value = float(p0)
    if not math.isfinite(value) or value <= 0:
        raise RiskInputError(f"P0 must be a finite price > 0; got {p0!r}", field="p0")
    return value


def _cumulative(usd: FloatArray) -> FloatArray:
    cum = np.empty(usd.size + 1, dtype=np.float64)
    cum[0] = 0.0
    np.cumsum(usd, out=cum[1:])
    return cum


def _sorted_with_order(values: FloatArray) -> tuple[FloatArray, IntArray]:
    """Positive finite floats sorted ascending, and the order that sorts them.

    About twice as fast as np.argsort on large arrays: positive doubles order like their
    bit patterns, so packing the top bits of each value with its index into one uint64
    lets numpy's vectorised integer sort do the work. Values that agree in those top
    bits (within ~1e-9 relative, more for huge arrays) come out in index order; a stable
    sort of the nearly sorted result fixes them in near-linear time.
    """
    count = values.size
    if count < 2:
        return values.copy(), np.arange(count, dtype=np.int64)
    index_bits = (count - 1).bit_length()
    index_mask = np.uint64((1 << index_bits) - 1)
    keys = (np.ascontiguousarray(values).view(np.uint64) & ~index_mask) | np.arange(count, dtype=np.uint64)
    keys.sort()
    approximate = (keys & index_mask).astype(np.int64)
    nearly_sorted = values[approximate]
    fix = np.argsort(nearly_sorted, kind="stable")
    order: IntArray = approximate[fix]
    return nearly_sorted[fix], order


def _ladder_from_sides(
    p0: float, long_liq: FloatArray, long_usd: FloatArray, short_liq: FloatArray, short_usd: FloatArray
) -> Ladder:
    ascending_long, long_order = _sorted_with_order(long_liq)
    short_sorted, short_order = _sorted_with_order(short_liq)
    # Longs highest liquidation price first: a fall reaches them in that order.
    sorted_long_usd = long_usd[long_order[::-1]]
    sorted_short_usd = short_usd[short_order]
    return Ladder(
        p0=p0,
        long_neg_liq=-ascending_long[::-1],
        long_usd=sorted_long_usd,
        long_cum_usd=_cumulative(sorted_long_usd),
        short_liq=short_sorted,
        short_usd=sorted_short_usd,
        short_cum_usd=_cumulative(sorted_short_usd),
    )


def build_ladder(
    side: npt.ArrayLike, size: npt.ArrayLike, liq: npt.ArrayLike, p0: float, *, allow_empty: bool = False
) -> Ladder:
    """Validate a position table and sort it into a ladder.

    Every row must have side +1/−1, a finite size > 0 and a finite liquidation price > 0
    on the far side of P0 (a long liquidated above P0 would already be gone). Invalid
    rows raise `RiskInputError` naming their count, the first row (0-based) and the
    reason; nothing is dropped. An empty table is an error unless `allow_empty`.
    """
    p0 = _check_p0(p0)
    sides = as_side_array(side)
    sizes = np.asarray(size, dtype=np.float64)
    liqs = np.asarray(liq, dtype=np.float64)
    if not (sides.ndim == sizes.ndim == liqs.ndim == 1) or not (sides.size == sizes.size == liqs.size):
        raise RiskInputError(
            f"side, size and liq_price must be 1-D arrays of one length; got shapes "
            f"{sides.shape}, {sizes.shape}, {liqs.shape}"
        )
    if sides.size == 0 and not allow_empty:
        raise RiskInputError("the crowd is empty: no positions to build a ladder from")
    problem = find_invalid_rows(sides, sizes, liqs, p0)
    if problem is not None:
        value = liqs[problem.row] if problem.field == "liq_price" else sizes[problem.row]
        shown = int(sides[problem.row]) if problem.field == "side" else float(value)
        detail = (
            f"field {problem.field}: {problem.reason} (got {shown!r}); {problem.count} invalid row(s) in all"
        )
        raise RiskInputError(
            f"row {problem.row} (0-based), {detail}", row=problem.row, field=problem.field, detail=detail
        )
    usd = sizes * liqs
    is_long = sides == 1
    return _ladder_from_sides(p0, liqs[is_long], usd[is_long], liqs[~is_long], usd[~is_long])


def merge_ladders(a: Ladder, b: Ladder) -> Ladder:
    """One ladder holding both sets of positions (e.g. the crowd plus the user's own).

    When `b` is small (a user's handful of positions on a crowd of 10⁴–10⁶), its rungs are
    inserted into `a`'s sorted arrays (a binary search each, then one copy) instead of
    sorting everything again: the advisor merges thousands of candidate portfolios.
    """
    if a.p0 != b.p0:
        raise RiskInputError(f"cannot merge ladders around different prices: P0 {a.p0} vs {b.p0}", field="p0")
    if b.size * 64 > a.size:
        return _ladder_from_sides(
            a.p0,
            -np.concatenate([a.long_neg_liq, b.long_neg_liq]),
            np.concatenate([a.long_usd, b.long_usd]),
            np.concatenate([a.short_liq, b.short_liq]),
            np.concatenate([a.short_usd, b.short_usd]),
        )
    long_keys, long_usd = _inserted(a.long_neg_liq, a.long_usd, b.long_neg_liq, b.long_usd)
    short_keys, short_usd = _inserted(a.short_liq, a.short_usd, b.short_liq, b.short_usd)
    return Ladder(
        p0=a.p0,
        long_neg_liq=long_keys,
        long_usd=long_usd,
        long_cum_usd=_cumulative(long_usd),
        short_liq=short_keys,
        short_usd=short_usd,
        short_cum_usd=_cumulative(short_usd),
    )


def _inserted(
    keys: FloatArray, usd: FloatArray, new_keys: FloatArray, new_usd: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """`keys` (ascending) with `new_keys` (ascending) inserted in order, and their USD alongside."""
    if new_keys.size == 0:
        return keys, usd
    where = np.searchsorted(keys, new_keys, side="right")
    merged_keys: FloatArray = np.insert(keys, where, new_keys)
    merged_usd: FloatArray = np.insert(usd, where, new_usd)
    return merged_keys, merged_usd


@dataclass(frozen=True)
class _SideDraw:
    entries: FloatArray
    entry_probs: FloatArray
    leverages: FloatArray
    leverage_probs: FloatArray
    continuous: bool = False


def _bin_edges(centres: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Each centre's bin [low, high): halfway to its neighbours, the end bins as wide as
    their inner half (a lone centre gets ±5%). Used on entry prices and on log leverage."""
    order = np.argsort(centres)
    ordered = centres[order]
    if ordered.size == 1:
        half = np.array([0.05 * abs(float(ordered[0])) or 0.05])
        low, high = ordered - half, ordered + half
    else:
        mids = 0.5 * (ordered[1:] + ordered[:-1])
        low = np.concatenate([[2.0 * ordered[0] - mids[0]], mids])
        high = np.concatenate([mids, [2.0 * ordered[-1] - mids[-1]]])
    lows, highs = np.empty_like(low), np.empty_like(high)
    lows[order], highs[order] = low, high
    return lows, highs


def _smoothed(choice: IntArray, centres: FloatArray, rng: np.random.Generator, *, log: bool) -> FloatArray:
    """Values spread uniformly over each chosen centre's bin (in log space for leverage), so a
    crowd drawn from a few buckets has a continuous density and no two liquidation prices
    coincide: a curve over the crowd then has no steps that come from the buckets."""
    axis = np.log(centres) if log else centres
    low, high = _bin_edges(axis)
    drawn = low[choice] + (high[choice] - low[choice]) * rng.random(choice.size)
    values: FloatArray = np.exp(drawn) if log else drawn
    return values


def _probabilities(weights: npt.ArrayLike, name: str) -> FloatArray:
    w = np.asarray(weights, dtype=np.float64)
    if w.ndim != 1 or w.size == 0 or not np.all(np.isfinite(w)) or np.any(w < 0) or w.sum() <= 0:
        raise RiskInputError(f"{name} must be finite, non-negative and not all zero", field=name)
    probs: FloatArray = w / w.sum()
    return probs


def _liquidation_prices(entry: FloatArray, leverage: FloatArray, mmr: float, side: int) -> FloatArray:
    # The heatmap construction (CoinGlass, Hyblock): liq ≈ entry·(1 − side·(1/lev − mmr)).
    liq: FloatArray = entry * (1.0 - side * (1.0 / leverage - mmr))
    return liq


def _draw_alive(
    draw: _SideDraw, side: int, p0: float, mmr: float, n: int, rng: np.random.Generator
) -> FloatArray:
    """Liquidation prices of n positions still open at P0 (rejection sampling)."""
    kept: list[FloatArray] = []
    remaining = n
    for _ in range(100):
        batch = max(2 * remaining, 1024)
        entry_pick = rng.choice(draw.entries.size, size=batch, p=draw.entry_probs)
        leverage_pick = rng.choice(draw.leverages.size, size=batch, p=draw.leverage_probs)
        if draw.continuous:
            entry = _smoothed(entry_pick, draw.entries, rng, log=False)
            # A bucket never spreads below 1x (no leverage) nor its entry below zero.
            leverage = np.maximum(_smoothed(leverage_pick, draw.leverages, rng, log=True), 1.0 + 1e-6)
            entry = np.maximum(entry, 1e-12 * float(draw.entries.max()))
        else:
            entry, leverage = draw.entries[entry_pick], draw.leverages[leverage_pick]
        liq = _liquidation_prices(entry, leverage, mmr, side)
        alive = liq[(liq > 0) & ((liq < p0) if side == 1 else (liq > p0))]
        kept.append(alive[:remaining])
        remaining -= kept[-1].size
        if remaining == 0:
            return np.concatenate(kept)
    raise RiskInputError(
        f"cannot synthesise {'longs' if side == 1 else 'shorts'}: almost no entry/leverage pair "
        f"leaves a position open at P0={p0}",
        field="entry_prices",
    )


def synthesize_crowd(
    open_interest_usd: float,
    p0: float,
    leverage_shares: Mapping[float, float],
    entry_prices: FloatArray,
    entry_weights: FloatArray,
    long_share: float,
    mmr: float,
    n: int,
    rng: np.random.Generator,
    *,
    continuous: bool = False,
    short_share: float | None = None,
) -> tuple[IntArray, FloatArray, FloatArray]:
    """A crowd of n positions on both sides of `open_interest_usd` (valued at P0), by leverage bucket.

    Every contract has a long and a short, so each side's open interest is the whole OI;
    `long_share` and `short_share` are the shares of it held by leveraged, liquidatable
    positions on each side (the rest: hedged, unlevered or cross-collateralised far away).
    The longs carry OI·long_share and the shorts OI·short_share; `short_share` None means
    1 − long_share (the older split of OI between the sides). Position counts follow
    round(n·long_share) longs and the rest shorts; only their sizes carry the notionals.

    Entries are drawn from the entry-price distribution and leverages from the bucket
    shares; pairs whose liquidation price P0 has already crossed are redrawn, because
    the open interest observed at P0 only holds positions that are still alive. With
    `continuous`, each entry and leverage is spread over its bucket (entries uniformly
    halfway to the neighbouring entries, leverage log-uniformly halfway to the
    neighbouring buckets), so the crowd has a density rather than a few dozen rungs.
    """
    p0 = _check_p0(p0)
    if not math.isfinite(open_interest_usd) or open_interest_usd <= 0:
        raise RiskInputError(
            f"open interest must be > 0; got {open_interest_usd!r}", field="open_interest_usd"
        )
    if not 0.0 <= long_share <= 1.0:
        raise RiskInputError(f"long_share must be in [0, 1]; got {long_share!r}", field="long_share")
    shorts_share = 1.0 - long_share if short_share is None else short_share
    if not 0.0 <= shorts_share <= 1.0:
        raise RiskInputError(f"short_share must be in [0, 1]; got {short_share!r}", field="short_share")
    if not 0.0 <= mmr < 1.0:
        raise RiskInputError(f"mmr must be in [0, 1); got {mmr!r}", field="mmr")
    if n < 1:
        raise RiskInputError(f"n must be at least 1; got {n}", field="n")
    leverages = np.array(list(leverage_shares.keys()), dtype=np.float64)
    if leverages.size == 0 or not np.all(np.isfinite(leverages)) or np.any(leverages < 1.0):
        raise RiskInputError("leverage buckets must be finite and ≥ 1", field="leverage_shares")
    entries = np.asarray(entry_prices, dtype=np.float64)
    if entries.ndim != 1 or not np.all(np.isfinite(entries)) or np.any(entries <= 0):
        raise RiskInputError("entry prices must be finite and > 0", field="entry_prices")
    draw = _SideDraw(
        entries=entries,
        entry_probs=_probabilities(entry_weights, "entry_weights"),
        leverages=leverages,
        leverage_probs=_probabilities(list(leverage_shares.values()), "leverage_shares"),
        continuous=continuous,
    )
    if entries.size != draw.entry_probs.size:
        raise RiskInputError("entry_prices and entry_weights differ in length", field="entry_weights")
    n_long = round(n * long_share)
    long_liq = _draw_alive(draw, 1, p0, mmr, n_long, rng) if n_long else np.empty(0)
    short_liq = _draw_alive(draw, -1, p0, mmr, n - n_long, rng) if n - n_long else np.empty(0)
    side = np.concatenate([np.ones(n_long, np.int64), -np.ones(n - n_long, np.int64)])
    coins_per_long = open_interest_usd * long_share / p0 / max(n_long, 1)
    coins_per_short = open_interest_usd * shorts_share / p0 / max(n - n_long, 1)
    size = np.where(side == 1, coins_per_long, coins_per_short)
    return side, size, np.concatenate([long_liq, short_liq])
