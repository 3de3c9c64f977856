"""Every asset's cascade in one iteration loop: the engine's fast path.

`risk.cascade.solve_cascade` settles one asset's ladder for S scenarios. The engine
needs K assets × S scenarios at once (a 512-point curve on ten assets), and looping
over assets costs K times the per-iteration overhead. Here the K ladders are laid
end to end on one key axis — asset k's rungs at key ``k·B + liq/P0_k`` (B larger than
any relative liquidation price) — so a single `searchsorted` serves every
(asset, scenario) row still moving, and the map, the stopping rule (|Δp| ≤ tol·P0)
and the iteration cap are exactly those of `solve_cascade`. The tests hold the two
equal to 1e-9 relative.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np

from risk._types import BoolArray, FloatArray, IntArray, RiskInputError
from risk.crowd import Ladder
from risk.impact import BookImpact, ConstantRetention, ImpactModel, Retention, SqrtImpact
from risk.scenarios import MemberParameters
from risk.settle_kernel import BookRows, RowParams, SideLookup, settle

_ONE_PERCENT = 0.01


@dataclass(frozen=True)
class AssetCascade:
    ladder: Ladder
    impact: ImpactModel
    retention: Retention


@dataclass(frozen=True, eq=False)
class _Side:
    """One side of every ladder on a shared key axis, with per-segment cumulative sums."""

    keys: FloatArray  # ascending: segment k holds k·span + relative key of each rung
    starts: IntArray  # first key index of each segment
    cum: FloatArray  # per segment [0, cumsum...], concatenated
    cum_starts: IntArray  # index of each segment's leading 0 in `cum`
    span: float
    reach: float  # |relative key| of the farthest rung, over all segments

    def forced_usd(self, asset: IntArray, relative_key: FloatArray) -> FloatArray:
        """USD of the rungs of `asset` with relative key ≤ `relative_key`.

        Queries are clipped to just beyond the farthest rung (which changes no count)
        so they can never reach into a neighbouring asset's segment.
        """
        query = asset * self.span + np.clip(relative_key, -self.reach - 1.0, self.reach + 1.0)
        reached = np.searchsorted(self.keys, query, side="right") - self.starts[asset]
        volume: FloatArray = self.cum[self.cum_starts[asset] + reached]
        return volume


def _side(segments: Sequence[tuple[FloatArray, FloatArray]]) -> _Side:
    """segments[k] = (ascending relative keys, cumulative USD with a leading 0)."""
    reach = max((float(np.max(np.abs(keys))) for keys, _ in segments if keys.size), default=0.0)
    # Segment k's keys lie in [k·span − reach, k·span + reach]; clipped queries stay
    # within 1 of that, and neighbours are 2·reach + 4 apart, so segments never mix.
    span = 2.0 * reach + 4.0
    sizes = np.array([keys.size for keys, _ in segments], dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    keys = np.concatenate([k * span + keys for k, (keys, _) in enumerate(segments)])
    cum_starts = np.concatenate([[0], np.cumsum(sizes + 1)[:-1]]).astype(np.int64)
    return _Side(keys, starts, np.concatenate([cum for _, cum in segments]), cum_starts, span, reach)


def _rungs(per_asset: Sequence[tuple[FloatArray, FloatArray]]) -> _Side | None:
    """per_asset[k] = (relative keys, USD) of asset k's extra rungs, as a small ladder of their
    own (sorted, summed, one `searchsorted` per query); None when there are none."""
    if not any(keys.size for keys, _ in per_asset):
        return None
    segments = []
    for keys, usd in per_asset:
        order = np.argsort(keys, kind="stable")
        cum = np.zeros(keys.size + 1)
        np.cumsum(usd[order], out=cum[1:])
        segments.append((keys[order], cum))
    return _side(segments)


@dataclass(frozen=True, eq=False)
class MultiCascade:
    """K assets prepared for repeated solves (the GUI slider re-solves, never re-sorts)."""

    p0: FloatArray
    longs: _Side
    shorts: _Side
    sqrt_scale: FloatArray  # y·σ / sqrt(ADV) per asset (0 for book assets)
    book_depth: FloatArray
    book_inverse_gamma: FloatArray
    book_cap: FloatArray
    is_sqrt: BoolArray
    i_max: FloatArray
    constant_w: FloatArray  # NaN where the retention decays
    kappa: FloatArray
    w_min: FloatArray
    # The user's own rungs, kept apart from the sorted crowd (see `with_user_rungs`).
    user_longs: _Side | None = None
    user_shorts: _Side | None = None

    @cached_property
    def all_sqrt(self) -> bool:
        return bool(np.all(self.is_sqrt))

    @cached_property
    def all_decay(self) -> bool:
        return bool(np.all(np.isnan(self.constant_w)))


def prepare_cascades(assets: Sequence[AssetCascade]) -> MultiCascade:
    if not assets:
        raise RiskInputError("prepare_cascades: no assets")
    p0 = np.array([a.ladder.p0 for a in assets])
    # Longs: −liq/P0 ascending, so "liq ≥ p" is "key ≤ −p/P0"; shorts: liq/P0 ascending.
    longs = _side([(a.ladder.long_neg_liq / a.ladder.p0, a.ladder.long_cum_usd) for a in assets])
    shorts = _side([(a.ladder.short_liq / a.ladder.p0, a.ladder.short_cum_usd) for a in assets])
    impacts = [a.impact for a in assets]
    keeps = [a.retention for a in assets]
    sqrt = [i if isinstance(i, SqrtImpact) else None for i in impacts]
    book = [i if isinstance(i, BookImpact) else None for i in impacts]
    return MultiCascade(
        p0=p0,
        longs=longs,
        shorts=shorts,
        sqrt_scale=np.array([i.y * i.sigma / np.sqrt(i.adv_usd) if i else 0.0 for i in sqrt]),
        book_depth=np.array([i.depth1_usd if i else 1.0 for i in book]),
        book_inverse_gamma=np.array([1.0 / i.gamma if i else 1.0 for i in book]),
        book_cap=np.array([(i.i_max / _ONE_PERCENT) ** i.gamma if i else 1.0 for i in book]),
        is_sqrt=np.array([i is not None for i in sqrt]),
        i_max=np.array([i.i_max for i in impacts]),
        constant_w=np.array([k.w if isinstance(k, ConstantRetention) else np.nan for k in keeps]),
        kappa=np.array([0.0 if isinstance(k, ConstantRetention) else k.kappa for k in keeps]),
        w_min=np.array([0.0 if isinstance(k, ConstantRetention) else k.w_min for k in keeps]),
    )


def with_user_rungs(
    cascades: MultiCascade, rungs: Sequence[tuple[IntArray, FloatArray, FloatArray]]
) -> MultiCascade:
    """The same crowd plus a few extra rungs per asset — rungs[k] = (side, size, liq) of
    asset k — without re-sorting the crowd: the forced volume at p is the crowd's sorted
    sum plus the extra rungs reached, a handful of comparisons per row. It equals the
    volume of the merged ladder (`risk.crowd.merge_ladders`) up to the order of the sum."""
    longs, shorts = [], []
    for (side, size, liq), p0 in zip(rungs, cascades.p0, strict=True):
        long, short = side == 1, side == -1
        # The crowd's keys: longs −liq/P0 ("reached when ≤ −p/P0"), shorts liq/P0.
        longs.append((-liq[long] / p0, size[long] * liq[long]))
        shorts.append((liq[short] / p0, size[short] * liq[short]))
    return replace(cascades, user_longs=_rungs(longs), user_shorts=_rungs(shorts))


def solve_all(
    cascades: MultiCascade,
    exo: FloatArray,
    *,
    tol: float = 1e-9,
    max_iter: int = 1000,
    members: MemberParameters | None = None,
) -> tuple[FloatArray, FloatArray, BoolArray]:
    """Settled prices, liquidated USD and convergence for exo prices of shape assets × S.

    With `members`, scenario s runs under its own ensemble member's parameters: every
    asset's impact times `impact_multiplier[s]`, and every decaying retention with
    `kappa[s]` and `w_min[s]` (the calibration fits one κ and w_min for all assets).
    """
    price, liquidated, converged = solve_rows(
        cascades, *all_rows(cascades, exo, members), members, tol=tol, max_iter=max_iter
    )
    return price.reshape(exo.shape), liquidated.reshape(exo.shape), converged.reshape(exo.shape)


def all_rows(
    cascades: MultiCascade, exo: FloatArray, members: MemberParameters | None
) -> tuple[IntArray, FloatArray, IntArray]:
    """(asset, exo, scenario) of every row of an assets × S price array, asset-major; refuses
    prices that are not finite and positive, and a member count that is not S."""
    k_count, scenarios = exo.shape
    if k_count != cascades.p0.size:
        raise RiskInputError(f"solve_all: {k_count} rows of prices for {cascades.p0.size} assets")
    if not np.all(np.isfinite(exo) & (exo > 0)):
        raise RiskInputError("solve_all: exogenous prices must be finite and > 0")
    if members is not None and members.size != scenarios:
        raise RiskInputError(f"solve_all: {members.size} member parameter sets for {scenarios} scenarios")
    asset = np.repeat(np.arange(k_count, dtype=np.int64), scenarios)
    scenario = np.tile(np.arange(scenarios, dtype=np.int64), k_count)
    return asset, exo.reshape(-1), scenario


def solve_rows(
    cascades: MultiCascade,
    asset: IntArray,
    exo: FloatArray,
    scenario: IntArray,
    members: MemberParameters | None = None,
    *,
    tol: float = 1e-9,
    max_iter: int = 1000,
) -> tuple[FloatArray, FloatArray, BoolArray]:
    """`solve_all` for chosen rows only: row i is asset `asset[i]` at exogenous price `exo[i]`,
    under member `scenario[i]` of `members`. Rows are independent, so each comes out as it
    would in a whole `solve_all` (the advisor re-solves only the rows a user rung reaches)."""
    solved = solve_rows_from(cascades, RowStart(asset, exo, scenario), members, tol=tol, max_iter=max_iter)
    return solved.price, solved.liquidated, solved.converged


@dataclass(frozen=True, eq=False)
class RowStart:
    """Rows to solve: asset, exogenous price and scenario of each, and optionally where each
    row resumes — `start` is its iterate after `done` iterations of the plain loop (which
    must not yet have settled unless `done` is the iteration it settled at: `finished`)."""

    asset: IntArray
    exo: FloatArray
    scenario: IntArray
    start: FloatArray | None = None
    done: IntArray | None = None
    finished: BoolArray | None = None  # resumed at the price the plain loop settles on


@dataclass(frozen=True, eq=False)
class RowSolution:
    price: FloatArray
    liquidated: FloatArray
    converged: BoolArray
    steps: IntArray  # iterations of the plain loop from the exogenous price, per row
    trace: FloatArray | None  # every iterate from `start` (risk.settle_kernel.Settled.trace)


def solve_rows_from(
    cascades: MultiCascade,
    rows: RowStart,
    members: MemberParameters | None = None,
    *,
    tol: float = 1e-9,
    max_iter: int = 1000,
    trace: bool = False,
) -> RowSolution:
    """`solve_rows`, each row resumed where `rows` says, with the iterates kept if `trace`."""
    asset, exo = rows.asset, rows.exo
    start = exo if rows.start is None else rows.start
    done = np.zeros(exo.size, dtype=np.int64) if rows.done is None else rows.done
    price, steps = start.copy(), done.copy()
    converged = np.zeros(exo.size, dtype=np.bool_) if rows.finished is None else rows.finished.copy()
    budget = np.where(converged, 0, max_iter - done)
    falling = exo <= cascades.p0[asset]
    parts = []
    for down in (True, False):
        chosen = np.flatnonzero(falling == down)
        if chosen.size:
            params = _params(cascades, asset[chosen], rows.scenario[chosen], members, exo[chosen], down)
            params = replace(params, limit=tol * params.p0, budget=budget[chosen])
            found = settle(params, start[chosen], down, trace=trace)
            price[chosen] = found.price
            converged[chosen] |= found.converged
            steps[chosen] += found.steps
            parts.append((chosen, found.trace))
    liquidated = np.where(
        falling, _forced(cascades, asset, price, True), _forced(cascades, asset, price, False)
    )
    return RowSolution(price, liquidated, converged, steps, _joined_trace(parts, price) if trace else None)


def _joined_trace(parts: list[tuple[IntArray, FloatArray | None]], price: FloatArray) -> FloatArray:
    """The falling and rising rows' iterates side by side, the shorter padded with its last."""
    length = max((t.shape[0] for _, t in parts if t is not None), default=1)
    joined = np.repeat(price[None, :], length, axis=0)
    for chosen, part in parts:
        if part is not None:
            joined[: part.shape[0], chosen] = part
    return joined


def _forced(cascades: MultiCascade, asset: IntArray, price: FloatArray, down: bool) -> FloatArray:
    relative = price / cascades.p0[asset]
    key = -relative if down else relative
    volume = (cascades.longs if down else cascades.shorts).forced_usd(asset, key)
    user = cascades.user_longs if down else cascades.user_shorts
    if user is not None:
        volume = volume + user.forced_usd(asset, key)
    return volume


def _lookup(side: _Side, asset: IntArray, bounded: bool) -> SideLookup:
    offset = (asset * side.span).astype(np.float64)  # as `_Side.forced_usd` computes it (float64 already)
    return SideLookup(
        side.keys,
        side.cum,
        offset,
        side.cum_starts[asset] - side.starts[asset],
        -side.reach - 1.0,
        side.reach + 1.0,
        not bounded,
    )


def _keys_bounded(
    cascades: MultiCascade, asset: IntArray, exo: FloatArray, down: bool, multiplier: FloatArray | None
) -> bool:
    """Whether every iterate's key is known to lie within 1 of the farthest rung, so the
    lookups need not clip it. Each iterate is exo·(1 ∓ shift) with 0 ≤ shift ≤ i_max when no
    impact scale or multiplier is negative: a fall stays in (0, P0] (key in [−1, 0)), a rise
    in [exo, exo·(1 + i_max)]."""
    if np.any(cascades.sqrt_scale < 0) or (multiplier is not None and np.any(multiplier < 0)):
        return False
    if down:
        return True
    reach = min(cascades.longs.reach, cascades.shorts.reach)
    users = [u.reach for u in (cascades.user_longs, cascades.user_shorts) if u is not None]
    highest = (exo * (1.0 + cascades.i_max[asset])) / cascades.p0[asset]
    return bool(np.all(highest <= min([reach, *users]) + 1.0))


def _params(
    cascades: MultiCascade,
    asset: IntArray,
    scenario: IntArray,
    members: MemberParameters | None,
    exo: FloatArray,
    down: bool,
) -> RowParams:
    """The rows' parameters gathered once (the limit and budget are filled in by the caller)."""
    p0 = cascades.p0[asset]
    if members is None:
        kappa, w_min, multiplier = cascades.kappa[asset], cascades.w_min[asset], None
    else:
        kappa, w_min = members.kappa[scenario], members.w_min[scenario]
        multiplier = members.impact_multiplier[scenario]
    user = cascades.user_longs if down else cascades.user_shorts
    bounded = _keys_bounded(cascades, asset, exo, down, multiplier)
    book = None
    if not cascades.all_sqrt:
        book = BookRows(
            cascades.book_depth[asset],
            cascades.book_inverse_gamma[asset],
            cascades.book_cap[asset],
            cascades.is_sqrt[asset],
        )
    return RowParams(
        exo=exo,
        p0=p0,
        limit=p0,
        kappa=-kappa,
        w_min=w_min,
        scale=cascades.sqrt_scale[asset],
        i_max=cascades.i_max[asset],
        budget=np.zeros(asset.size, dtype=np.int64),
        crowd=_lookup(cascades.longs if down else cascades.shorts, asset, bounded),
        user=None if user is None else _lookup(user, asset, bounded),
        multiplier=multiplier,
        fixed_w=None if cascades.all_decay else cascades.constant_w[asset],
        book=book,
    )
