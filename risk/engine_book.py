"""The user's accounts compiled into flat arrays, evaluated for all scenarios at once.

`LiquidationUnit.equity_and_maintenance` states the rules unit by unit; this module
computes the same numbers with a fixed handful of numpy calls however many
positions there are — positions × scenarios matrices (the user has tens of
positions, never the crowd's millions), one `maintenance_margin` call per tier
table, one `collateral_value` call per haircut table and one `np.add.reduceat` per
sum over a unit's rows — so a 512-point curve stays within the GUI slider's budget.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from risk._types import BoolArray, FloatArray, IntArray
from risk.engine_units import LiquidationUnit
from risk.margin import HaircutTiers, TierTable, maintenance_margin
from risk.portfolio import MarginMode
from risk.venue_rules import rule_for

VenueFactor = Callable[[str, str], FloatArray]
T = TypeVar("T")


@dataclass(frozen=True, eq=False)
class _Rows:
    """One row per position (or collateral holding): its asset, venue and unit."""

    asset: IntArray
    venue: tuple[str, ...]
    unit: IntArray


@dataclass(frozen=True, eq=False)
class UserBook:
    asset_names: tuple[str, ...]
    positions: _Rows
    side_size: FloatArray
    size: FloatArray
    entry: FloatArray
    mm_at_entry: BoolArray  # per position: MM on the entry value (Bybit classic, isolated)
    close_fee: FloatArray  # per position: the venue's fee to close joins MM (OKX)
    tier_groups: tuple[tuple[TierTable, IntArray], ...]
    collateral: _Rows
    amount: FloatArray
    haircut_groups: tuple[tuple[HaircutTiers, IntArray], ...]
    isolated_margin: FloatArray  # per unit (0 for cross books)
    factor: FloatArray  # per unit
    has_positions: BoolArray  # per unit
    loops: _Rows
    loop_p0: FloatArray
    loop_exposure: FloatArray
    loop_debt: FloatArray
    loop_lt: FloatArray

    def breaches(
        self,
        prices: FloatArray,
        venue_factor: VenueFactor,
        dislocated: frozenset[tuple[str, str]] = frozenset(),
    ) -> tuple[BoolArray, FloatArray]:
        """(fallen units × S, equity units × S) at the market prices (assets × S).

        `venue_factor(venue, asset)` is asked only for the (venue, asset) pairs in
        `dislocated`; every other venue trades at the market price.
        """
        state = self.state(prices, venue_factor, dislocated)
        return state.fallen, state.equity

    def state(
        self,
        prices: FloatArray,
        venue_factor: VenueFactor,
        dislocated: frozenset[tuple[str, str]] = frozenset(),
    ) -> UnitState:
        """Each unit's equity, liquidation threshold and position value (units × S)."""
        scenarios = prices.shape[1]
        position_prices = _venue_prices(self.positions, prices, self.asset_names, venue_factor, dislocated)
        pnl = self.side_size[:, None] * (position_prices - self.entry[:, None])
        maintenance = np.zeros_like(position_prices)
        notional = self.size[:, None] * position_prices
        # A classic Bybit account takes an isolated position's MM on its entry value; the rest at the mark.
        mm_notional = np.where(self.mm_at_entry[:, None], (self.size * self.entry)[:, None], notional)
        for table, rows in self.tier_groups:
            maintenance[rows] = maintenance_margin(table, mm_notional[rows])
        maintenance += self.close_fee[:, None] * notional
        credit = np.zeros((self.amount.size, scenarios))
        held = self.amount[:, None] * _venue_prices(
            self.collateral, prices, self.asset_names, venue_factor, dislocated
        )
        for haircut, rows in self.haircut_groups:
            credit[rows] = haircut.collateral_value(held[rows])
        # Sums per unit over each unit's rows (they come grouped by unit): `np.add.reduceat`,
        # not a product with the 0/1 membership matrix, which hands a BLAS its threads — on a
        # busy two-core machine they made a 1,024-scenario evaluation five times slower.
        units = self.factor.size
        equity = (
            self.isolated_margin[:, None]
            + _by_unit(self.positions.unit, pnl, units)
            + _by_unit(self.collateral.unit, credit, units)
        )
        threshold = self.factor[:, None] * _by_unit(self.positions.unit, maintenance, units)
        if self.loop_p0.size:
            # A loop falls at HF ≤ 1, i.e. equity ≤ debt·(1/LT − 1) (see LiquidationUnit).
            relative = _venue_prices(self.loops, prices, self.asset_names, venue_factor, dislocated)
            relative /= self.loop_p0[:, None]
            loop_equity = self.loop_exposure[:, None] * relative - self.loop_debt[:, None]
            equity += _by_unit(self.loops.unit, loop_equity, units)
            floor = (self.loop_debt * (1.0 / self.loop_lt - 1.0))[:, None]
            threshold += _by_unit(self.loops.unit, floor, units)
        fallen: BoolArray = (equity <= threshold) & self.has_positions[:, None]
        return UnitState(fallen, equity, threshold, _by_unit(self.positions.unit, notional, units))


@dataclass(frozen=True, eq=False)
class UnitState:
    """Per unit and scenario: fallen, equity, threshold (factor × MM) and position value."""

    fallen: BoolArray
    equity: FloatArray
    threshold: FloatArray
    notional: FloatArray


def compile_book(units: tuple[LiquidationUnit, ...], asset_names: tuple[str, ...]) -> UserBook:
    index = {name: k for k, name in enumerate(asset_names)}
    positions = [
        (u, p, unit.venue)
        for u, unit in enumerate(units)
        for p in ((unit.position,) if unit.position is not None else unit.account.cross_positions)
        if unit.loop is None
    ]
    holdings = [
        (u, c, unit.venue)
        for u, unit in enumerate(units)
        if unit.is_cross_book
        for c in unit.account.collateral
    ]
    loops = [(u, unit.loop, unit.venue, unit.p0) for u, unit in enumerate(units) if unit.loop is not None]
    return UserBook(
        asset_names=asset_names,
        positions=_Rows(
            np.array([index[p.asset] for _, p, _ in positions], dtype=np.int64),
            tuple(v for _, _, v in positions),
            np.array([u for u, _, _ in positions], dtype=np.int64),
        ),
        side_size=np.array([p.side * p.size for _, p, _ in positions], dtype=np.float64),
        size=np.array([p.size for _, p, _ in positions], dtype=np.float64),
        entry=np.array([p.entry for _, p, _ in positions], dtype=np.float64),
        mm_at_entry=np.array(
            [
                rule_for(v).isolated_mm_at_entry and p.margin_mode is MarginMode.ISOLATED
                for _, p, v in positions
            ],
            dtype=np.bool_,
        ),
        close_fee=np.array([rule_for(v).close_fee_rate for _, _, v in positions], dtype=np.float64),
        tier_groups=_groups([p.tiers for _, p, _ in positions]),
        collateral=_Rows(
            np.array([index[c.asset] for _, c, _ in holdings], dtype=np.int64),
            tuple(v for _, _, v in holdings),
            np.array([u for u, _, _ in holdings], dtype=np.int64),
        ),
        amount=np.array([c.amount for _, c, _ in holdings], dtype=np.float64),
        haircut_groups=_groups([c.haircut for _, c, _ in holdings]),
        isolated_margin=np.array([u.position.isolated_margin if u.position else 0.0 for u in units]),
        factor=np.array([u.account.maintenance_factor for u in units], dtype=np.float64),
        has_positions=np.array(
            [u.position is not None or u.loop is not None or bool(u.account.cross_positions) for u in units]
        ),
        loops=_Rows(
            np.array([index[held.asset] for _, held, _, _ in loops], dtype=np.int64),
            tuple(venue for _, _, venue, _ in loops),
            np.array([u for u, _, _, _ in loops], dtype=np.int64),
        ),
        loop_p0=np.array([p0 for _, _, _, p0 in loops], dtype=np.float64),
        loop_exposure=np.array([held.loop.exposure for _, held, _, _ in loops], dtype=np.float64),
        loop_debt=np.array([held.loop.debt for _, held, _, _ in loops], dtype=np.float64),
        loop_lt=np.array([held.loop.lt for _, held, _, _ in loops], dtype=np.float64),
    )


def _by_unit(unit: IntArray, values: FloatArray, units: int) -> FloatArray:
    """Units × S: the rows of `values` summed per unit (row i belongs to unit[i]; a unit's rows
    are contiguous, as `compile_book` lays them out); zero for a unit without rows."""
    out = np.zeros((units, values.shape[1]))
    if unit.size:
        starts = np.flatnonzero(np.concatenate([[True], unit[1:] != unit[:-1]]))
        out[unit[starts]] = np.add.reduceat(values, starts, axis=0)
    return out


def _groups(tables: list[T]) -> tuple[tuple[T, IntArray], ...]:
    """Row indices sharing each table (by identity: a table object is shared by name)."""
    by_id: dict[int, tuple[T, list[int]]] = {}
    for row, table in enumerate(tables):
        by_id.setdefault(id(table), (table, []))[1].append(row)
    return tuple((table, np.array(rows, dtype=np.int64)) for table, rows in by_id.values())


def _venue_prices(
    rows: _Rows,
    prices: FloatArray,
    names: tuple[str, ...],
    venue_factor: VenueFactor,
    dislocated: frozenset[tuple[str, str]],
) -> FloatArray:
    """Each row's price on its own venue: the market price times the venue's dislocation."""
    moved: FloatArray = prices[rows.asset]
    hit: dict[tuple[str, str], list[int]] = {}
    for row, (venue, asset) in enumerate(zip(rows.venue, rows.asset.tolist(), strict=True)):
        if (venue, names[asset]) in dislocated:
            hit.setdefault((venue, names[asset]), []).append(row)
    for (venue, asset_name), members in hit.items():
        moved[members] *= venue_factor(venue, asset_name)
    return moved
