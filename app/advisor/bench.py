"""The engine runs the advisor makes: one stress, many candidate portfolios.

The market (the preset's crowds laid under today's prices) is built once; every
candidate portfolio is then merged into it (`risk.engine.prepare`) and evaluated on
drawdowns all along the stress, so an account "survives" only if none of its positions
falls on the way down, not merely at the bottom — and none falls on a sudden 10% gap
down or up either (the source article's rule, which also protects short positions).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from app.advisor.policy import Stress
from app.risk_calibration import member_parameters_array, member_shocks
from risk._types import FloatArray, IntArray, RiskInputError
from risk.engine import EngineReport, evaluate_prepared, prepare
from risk.engine_units import LiquidationUnit
from risk.market import AssetMarket, Market
from risk.portfolio import MarginMode, Portfolio, default_beta
from risk.scenarios import MAX_DRAWDOWN, AssetShock, ShockModel, drawdown_grid, ensemble_grid
from risk.stress import StressSetup, refine_survival
from risk.stress_ensemble import Band, Tipping, ensemble_curve, tipping_points

# The stress is checked along its whole path, every 2.5% of its BTC drawdown: a hedged
# account can fall half-way down and recover as its short gains (the cascade moves BTC
# and the alts by different amounts), so the bottom alone is not enough.
_PATH = np.linspace(0.0, 1.0, 41)[1:]
# The survival-drawdown curve: BTC drawdowns 0 to 60%, refined by bisection.
_SURVIVAL_GRID = np.linspace(0.0, 0.6, 61)
GAP = 0.10  # the source article's rule: margin must survive a sudden 10% gap


@dataclass(frozen=True)
class Fallen:
    """What a stress liquidates: (account name, position label) pairs, loops apart, and
    (account name, index into the account's positions) of every fallen position."""

    positions: frozenset[tuple[str, str]]
    loops: frozenset[tuple[str, str]]
    indices: frozenset[tuple[str, int]] = frozenset()

    def account_falls(self, account: str) -> bool:
        return any(name == account for name, _ in self.positions)

    def labels(self, account: str) -> list[str]:
        return sorted(label for name, label in self.positions | self.loops if name == account)

    def position_indices(self, account: str) -> frozenset[int]:
        return frozenset(index for name, index in self.indices if name == account)


@dataclass(frozen=True)
class StressResult:
    fallen: Fallen
    liquidated_share: float
    liquidated_usd: float
    exchange_margin_usd: float


class StressBench:
    """Evaluates portfolios that share one set of prices under one stress."""

    def __init__(self, stress: Stress, prices: Mapping[str, float], betas: Mapping[str, float]) -> None:
        self.stress = stress
        preset_assets = {a.asset for a in stress.preset.assets}
        built = stress.preset.build_market({a: p for a, p in prices.items() if a in preset_assets})
        extra = sorted(set(prices) - set(built.names))
        self.market = Market(built.assets + tuple(AssetMarket(a, float(prices[a])) for a in extra))
        self.shock = stress.preset.shock_model().with_assets({a: _beta(betas, a) for a in extra})
        self._path = drawdown_grid(self.shock, _PATH * stress.btc_drawdown)
        # The same path once per calibrated ensemble member, each to its own conditioned shock
        # plus the buffer (a custom shock is the same for every member); a position "falls"
        # when it falls in more members than the survival share allows.
        self.members = member_parameters_array()
        self._ensemble_path = ensemble_grid(self.shock, _PATH, self.members, _member_bottoms(stress))
        self.allowed_falls = ensemble_allowed_falls(self.members.size, stress.survive_share)
        # The gap rule: every asset moves by its beta, no cascade, no depeg, both directions.
        plain = Market(tuple(AssetMarket(a.asset, a.p0) for a in self.market.assets))
        betas_all = {s.asset: s.beta for s in self.shock.assets}
        gap_model = ShockModel(tuple(AssetShock(a, beta=b) for a, b in betas_all.items()))
        self._gap_market = plain
        self._gap = drawdown_grid(gap_model, np.array([GAP, -GAP]))

    def run(self, portfolio: Portfolio) -> StressResult:
        """Who falls anywhere on the stress path or on a 10% gap either way, and the share of
        margin liquidated at the bottom of the stress.

        The gap keeps a plan honest in the direction the crash does not test: a short (or a
        net-short account) stripped to the margin a crash needs would fall on the first rally.
        """
        book = prepare(portfolio, self.market)
        report = evaluate_prepared(book, self._ensemble_path)
        stress = self._ensemble_fallen(book_accounts(book.units), report)
        gap = self.gap_failures(portfolio)
        bottom = _PATH.size - 1  # member 0, the joint fit, at the bottom of its path
        return StressResult(
            Fallen(stress.positions | gap.positions, stress.loops | gap.loops, stress.indices | gap.indices),
            float(report.liquidated_share[bottom]),
            float(report.liquidated_margin_usd[bottom]),
            report.exchange_margin_usd,
        )

    def _ensemble_fallen(self, rows: list[_Row], report: EngineReport) -> Fallen:
        """What falls on the path in more members than `allowed_falls` (member-major columns)."""
        member = report.fallen_scenario // _PATH.size
        pairs = np.unique(member * len(rows) + report.fallen_position)
        counts = np.bincount(pairs % max(len(rows), 1), minlength=len(rows))
        return _rows_fallen(rows, np.flatnonzero(counts > self.allowed_falls))

    def account_falls(self, portfolio: Portfolio, account: str) -> bool:
        """Whether any position of `account` falls on the stress path or a 10% gap: the run
        above, stopping after the stress when it already decides."""
        book = prepare(portfolio, self.market)
        report = evaluate_prepared(book, self._ensemble_path)
        if self._ensemble_fallen(book_accounts(book.units), report).account_falls(account):
            return True
        return self.gap_failures(portfolio).account_falls(account)

    def gap_failures(self, portfolio: Portfolio) -> Fallen:
        """Who falls on a sudden 10% gap down or up (no cascade: the rule is about leverage)."""
        book = prepare(portfolio, self._gap_market)
        report = evaluate_prepared(book, self._gap)
        return _fallen(book_accounts(book.units), report, range(report.btc_drawdown.size))

    def survival_drawdown(self, portfolio: Portfolio) -> float | None:
        """The largest BTC drawdown (with the cascade) that liquidates nothing, to 1e-5."""
        book = prepare(portfolio, self.market)
        curve = evaluate_prepared(book, drawdown_grid(self.shock, _SURVIVAL_GRID))
        return refine_survival(StressSetup(book, self.shock), curve, cascade=True)

    def survival_band(self, portfolio: Portfolio) -> tuple[float | None, float | None, float | None]:
        """P10/P50/P90 across the ensemble of the survival drawdown (initial shock), to 1e-5."""
        book = prepare(portfolio, self.market)
        spread = ensemble_curve(StressSetup(book, self.shock), self.members, _SURVIVAL_GRID)
        band = Band.of(spread.survival_shock)
        return band.p10, band.p50, band.p90

    def tipping_points(self, portfolio: Portfolio) -> tuple[Tipping, ...]:
        """Where the joint fit's cascade jumps between 0% and 60% BTC shock (usually none)."""
        try:
            book = prepare(portfolio, self.market)
        except RiskInputError:
            return ()
        return tuple(tipping_points(StressSetup(book, self.shock)))

    def settled_fall(self, portfolio: Portfolio, shock: float) -> float:
        """Where BTC settles (its fall from today) once the cascade has run from `shock`."""
        report = evaluate_prepared(
            prepare(portfolio, self.market), drawdown_grid(self.shock, np.array([shock]))
        )
        btc = report.assets.index("BTC")
        return 1.0 - float(report.settled_prices[btc, 0] / report.exo_prices[btc, 0]) * (1.0 - shock)

    def venue_price_factor(self, venue: str, asset: str) -> float:
        """The stress's price of `asset` on `venue` at its bottom, as a share of today's price."""
        d = float(self._path.drawdown(asset)[-1]) if asset in self._path.assets else 0.0
        return (1.0 - d) * float(self._path.venue_factor(venue, asset)[-1])

    def beta(self, asset: str) -> float:
        """The asset's move with BTC in this stress (the preset's, else the portfolio's)."""
        for shock in self.shock.assets:
            if shock.asset == asset:
                return shock.beta
        return 0.0

    def dislocation(self, venue: str, asset: str) -> float:
        """The extra drop of `asset` on `venue` alone at the stress's bottom (0 when none)."""
        return 1.0 - float(self._path.venue_factor(venue, asset)[-1])

    def lowest_price_venue(self, asset: str) -> str:
        """The venue whose book prints `asset` lowest in the stress ("every venue" when none stands out)."""
        venues = sorted({d.venue for d in self.shock.venue_dislocations if d.asset == asset})
        if not venues:
            return "every venue"
        return min(venues, key=lambda venue: self.venue_price_factor(venue, asset))

    def lowest_price_factor(self, asset: str) -> float:
        venue = self.lowest_price_venue(asset)
        return self.venue_price_factor("" if venue == "every venue" else venue, asset)


@dataclass(frozen=True)
class _Row:
    """One engine label: its account, and the position's index there (None for a loop)."""

    account: str
    label: str
    index: int | None


def book_accounts(units: tuple[LiquidationUnit, ...]) -> list[_Row]:
    """A row for every position label, in the engine's label order (a cross book lists its
    cross positions in account order; an isolated unit is one of the account's positions)."""
    rows: list[_Row] = []
    for unit in units:
        positions = unit.account.positions
        if unit.loop is not None:
            rows.append(_Row(unit.account.name, unit.labels[0], None))
        elif unit.position is not None:
            index = next(i for i, p in enumerate(positions) if p is unit.position)
            rows.append(_Row(unit.account.name, unit.labels[0], index))
        else:
            cross = [i for i, p in enumerate(positions) if p.margin_mode is MarginMode.CROSS]
            rows.extend(
                _Row(unit.account.name, label, i) for label, i in zip(unit.labels, cross, strict=True)
            )
    return rows


def _rows_fallen(rows: list[_Row], fallen: IntArray) -> Fallen:
    positions: set[tuple[str, str]] = set()
    loops: set[tuple[str, str]] = set()
    indices: set[tuple[str, int]] = set()
    for k in fallen:
        row = rows[int(k)]
        if row.index is None:
            loops.add((row.account, row.label))
        else:
            positions.add((row.account, row.label))
            indices.add((row.account, row.index))
    return Fallen(frozenset(positions), frozenset(loops), frozenset(indices))


def _fallen(rows: list[_Row], report: EngineReport, scenarios: range) -> Fallen:
    positions: set[tuple[str, str]] = set()
    loops: set[tuple[str, str]] = set()
    indices: set[tuple[str, int]] = set()
    for s in scenarios:
        for k in report.fallen_positions(s):
            row = rows[int(k)]
            if row.index is None:
                loops.add((row.account, row.label))
            else:
                positions.add((row.account, row.label))
                indices.add((row.account, row.index))
    return Fallen(frozenset(positions), frozenset(loops), frozenset(indices))


def ensemble_allowed_falls(members: int, survive_share: float) -> int:
    """How many members may liquidate a position that still "survives in `survive_share` of
    the ensemble": at 90% of 16 members, 1 (15 of 16 must survive, 93.75% ≥ 90%)."""
    must_survive = math.ceil(survive_share * members - 1e-9)
    return members - must_survive


def _member_bottoms(stress: Stress) -> FloatArray:
    """Each member's stress depth: its conditioned shock for the preset plus the buffer, or the
    custom shock plus the buffer for every member."""
    members = member_shocks(stress.preset)
    count = member_parameters_array().size
    if stress.policy.btc_drawdown is not None or members is None:
        return np.full(count, stress.btc_drawdown)
    return np.minimum(members + stress.policy.buffer, MAX_DRAWDOWN)


def _beta(betas: Mapping[str, float], asset: str) -> float:
    return float(betas.get(asset, default_beta(asset)))
