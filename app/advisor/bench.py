"""The engine runs the advisor makes: one stress, many candidate portfolios.

The market (the preset's crowds laid under today's prices) is built once (and kept
between calls for the same preset and prices), and the crowd's cascade is solved once
along every ensemble member's stress path; every candidate portfolio then adds its own
rungs and re-solves only the rows they reach (`risk.engine_shared`), and is evaluated on
drawdowns all along the stress, so an account "survives" only if none of its positions
falls on the way down, not merely at the bottom — and none falls on a sudden 10% gap
down or up either (the source article's rule, which also protects short positions).

A bisection varies one account against the others held fixed, so `account_slacks`
evaluates that account alone against the others laid on the ladders once, and returns
how far each position stays from liquidation — which app.advisor.search follows.
"""

from __future__ import annotations

import copy
import math
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np

from app.advisor.policy import Stress
from app.risk_calibration import member_parameters_array, member_shocks
from risk._types import FloatArray, IntArray, RiskInputError
from risk.engine import EngineReport, UserAccounts, user_accounts
from risk.engine_book import UserBook, compile_book
from risk.engine_shared import CrowdSolution, SharedCrowd, add_rungs, evaluate_shared, solve_crowd
from risk.engine_units import LiquidationUnit, liquidation_units
from risk.market import AssetMarket, Market
from risk.portfolio import Account, MarginMode, Portfolio, default_beta
from risk.scenarios import MAX_DRAWDOWN, AssetShock, Scenarios, ShockModel, drawdown_grid, ensemble_grid
from risk.stress import refine_survival
from risk.stress_ensemble import Band, Tipping, ensemble_curve, tipping_points

# The stress is checked along its whole path, every 2.5% of its BTC drawdown: a hedged
# account can fall half-way down and recover as its short gains (the cascade moves BTC
# and the alts by different amounts), so the bottom alone is not enough.
_PATH = np.linspace(0.0, 1.0, 41)[1:]
# The survival-drawdown curve: BTC drawdowns 0 to 60%, refined by bisection.
_SURVIVAL_GRID = np.linspace(0.0, 0.6, 61)
GAP = 0.10  # the source article's rule: margin must survive a sudden 10% gap
# Candidates whose per-member slacks a bench keeps (a whole advice evaluates a few hundred).
_MEMBERS_KEPT = 4096


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


@dataclass(frozen=True, eq=False)
class _Crowds:
    """What every advice on one market shares: the preset's crowds laid under today's prices,
    sorted once, and the crowd's cascade solved on each grid asked so far (keyed by the grid)."""

    market: Market
    shock: ShockModel
    crowd: SharedCrowd
    grids: dict[bytes, CrowdSolution]


_CROWDS: OrderedDict[tuple[object, ...], _Crowds] = OrderedDict()
_CROWDS_KEPT = 4  # markets kept between calls (a GUI re-advises the same holdings)
_CROWDS_LOCK = threading.Lock()


def _shared_crowd(stress: Stress, prices: Mapping[str, float], betas: Mapping[str, float]) -> _Crowds:
    """The market for the stress's preset on these prices, from the last calls when it is the same."""
    key = (stress.preset, tuple(sorted(prices.items())), tuple(sorted(betas.items())))
    with _CROWDS_LOCK:  # the GUI advises on a worker thread
        if key in _CROWDS:
            _CROWDS.move_to_end(key)
            return _CROWDS[key]
    preset_assets = {a.asset for a in stress.preset.assets}
    built = stress.preset.build_market({a: p for a, p in prices.items() if a in preset_assets})
    extra = sorted(set(prices) - set(built.names))
    market = Market(built.assets + tuple(AssetMarket(a, float(prices[a])) for a in extra))
    shock = stress.preset.shock_model().with_assets({a: _beta(betas, a) for a in extra})
    crowds = _Crowds(market, shock, SharedCrowd.of(market), {})
    with _CROWDS_LOCK:
        _CROWDS[key] = crowds
        while len(_CROWDS) > _CROWDS_KEPT:
            _CROWDS.popitem(last=False)
    return crowds


def forget_shared_crowds() -> None:
    """Drop the markets kept between calls (benchmarks time a first advice with this)."""
    with _CROWDS_LOCK:
        _CROWDS.clear()


class StressBench:
    """Evaluates portfolios that share one set of prices under one stress."""

    def __init__(self, stress: Stress, prices: Mapping[str, float], betas: Mapping[str, float]) -> None:
        self.stress = stress
        shared = _shared_crowd(stress, prices, betas)
        self.market, self.shock, self._crowd, self._grids = (
            shared.market,
            shared.shock,
            shared.crowd,
            shared.grids,
        )
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
        # The crowd alone is solved once for the path and the gap; each candidate portfolio
        # then re-solves only the scenarios where the cascade reaches one of its own rungs.
        self._path_crowd = self.crowd_solution(self._ensemble_path)
        self._gap_crowd = solve_crowd(SharedCrowd.of(plain), self._gap)
        self._path_and_gap = _Columns((self._ensemble_path, self._gap))
        self._last_setup: SharedSetup | None = None
        self._last_run: tuple[Portfolio, StressResult] | None = None
        self._others_cache: dict[tuple[str, tuple[Account, ...], tuple[tuple[str, float], ...]], _Others] = {}
        self._members_cache: dict[
            tuple[str, tuple[Account, ...], tuple[tuple[str, float], ...]], _Members
        ] = {}

    def forget_candidates(self) -> None:
        """Drop the kept per-member slacks (benchmarks time a candidate's evaluation with this)."""
        self._members_cache.clear()

    def with_survive_share(self, share: float) -> StressBench:
        """The same bench deciding survival at another share of the members: the market, the
        crowd's solved paths and the other accounts' rungs are shared (none depends on the
        share); only the last whole-portfolio answer, which does, is not."""
        other = copy.copy(self)
        other.stress = replace(self.stress, survive_share=share)
        other.allowed_falls = ensemble_allowed_falls(self.members.size, share)
        other._last_run = None
        return other

    def run(self, portfolio: Portfolio) -> StressResult:
        """Who falls anywhere on the stress path or on a 10% gap either way, and the share of
        margin liquidated at the bottom of the stress.

        The gap keeps a plan honest in the direction the crash does not test: a short (or a
        net-short account) stripped to the margin a crash needs would fall on the first rally.
        The last answer is kept: the advice re-checks one proposed split several times.
        """
        if self._last_run is not None and self._last_run[0] is portfolio:
            return self._last_run[1]
        user = user_accounts(portfolio, self.market)
        report = evaluate_shared(self._path_crowd, user)
        stress = self._ensemble_fallen(book_accounts(user.units), report)
        gap = self._gap_fallen(user)
        bottom = _PATH.size - 1  # member 0, the joint fit, at the bottom of its path
        result = StressResult(
            Fallen(stress.positions | gap.positions, stress.loops | gap.loops, stress.indices | gap.indices),
            float(report.liquidated_share[bottom]),
            float(report.liquidated_margin_usd[bottom]),
            report.exchange_margin_usd,
        )
        self._last_run = (portfolio, result)
        return result

    def _ensemble_fallen(self, rows: list[_Row], report: EngineReport) -> Fallen:
        """What falls on the path in more members than `allowed_falls` (member-major columns)."""
        member = report.fallen_scenario // _PATH.size
        pairs = np.unique(member * len(rows) + report.fallen_position)
        counts = np.bincount(pairs % max(len(rows), 1), minlength=len(rows))
        return _rows_fallen(rows, np.flatnonzero(counts > self.allowed_falls))

    def account_falls(self, portfolio: Portfolio, account: str) -> bool:
        """Whether any position of `account` falls on the stress path or a 10% gap: what `run`
        says of that account, with the other accounts laid on the ladders once (below)."""
        return bool(self.account_fallen_indices(portfolio, account))

    def account_fallen_indices(self, portfolio: Portfolio, account: str) -> frozenset[int]:
        """Indices of the positions of `account` that fall on the stress path (in more members
        than allowed) or on a 10% gap — `run(portfolio).fallen.position_indices(account)`."""
        return frozenset(i for i, slack in self.account_slacks(portfolio, account).items() if slack <= 0)

    def account_fallen(self, portfolio: Portfolio, account: str) -> Fallen:
        """What of `account` falls (positions and loops): `run(portfolio).fallen` for that account."""
        rows, slack = self._account_rows(portfolio, account)
        return _rows_fallen(rows, np.flatnonzero(slack <= 0))

    def account_slacks(self, portfolio: Portfolio, account: str) -> dict[int, float]:
        """Per position of `account` (by index), how far its unit stays from liquidation, in USD:
        equity minus threshold at its worst point on the gap, and on the path in the member
        that decides the survival share (the `allowed_falls + 1`-th worst member). ≤ 0 exactly
        when `run` says the position falls."""
        rows, slack = self._account_rows(portfolio, account)
        return {row.index: float(s) for row, s in zip(rows, slack, strict=True) if row.index is not None}

    def _account_rows(self, portfolio: Portfolio, account: str) -> tuple[list[_Row], FloatArray]:
        """The engine rows (positions and loops) of `account` and each one's slack: in the member
        that decides the survival share, and on the gap. Raises RiskInputError where `run` would."""
        rows, ranked, gap, repeats = self._account_members(portfolio, account)
        unit_slack = np.minimum(ranked[:, self.allowed_falls], gap)  # at least one member must survive
        return rows, np.repeat(unit_slack, repeats)

    def _account_members(self, portfolio: Portfolio, account: str) -> _Members:
        """Each unit of `account`: its worst slack on the path in every member, ranked (worst
        first), and its worst on the gap. Kept per candidate (bounded): the ensemble bands ask
        the same candidates (the account today, everything withdrawn) at other survival shares,
        which only pick another rank; copies of the bench share the store.

        A bisection varies one account against fixed others, so the others' rungs are laid on
        the crowd's solution once (`_others`); each candidate then adds only its own rungs
        and evaluates only its own units.
        """
        key = (account, portfolio.accounts, tuple(sorted(portfolio.prices.items())))
        found = self._members_cache.get(key)
        if found is not None:
            return found
        others = self._others(portfolio, account)
        alone = replace(portfolio, accounts=tuple(a for a in portfolio.accounts if a.name == account))
        missing = sorted(alone.assets() - set(self.market.names))
        if missing:
            raise RiskInputError(f"market: no entry for the portfolio's assets {', '.join(missing)}")
        units = liquidation_units(alone, self.market)
        margin = others.margin_usd + float(sum(u.margin_usd for u in units))
        if not margin > 0:
            raise RiskInputError(
                f"portfolio {portfolio.name}: holds no margin on any exchange (total {margin})"
            )
        compiled = compile_book(units, self.market.names)
        settled = add_rungs(others.path, alone).settled
        # One evaluation for the path and the gap: the gap's columns carry no dislocation.
        slack = _unit_slack(compiled, np.hstack([settled, self._gap_crowd.exo]), self._path_and_gap)
        path = slack[:, : self._ensemble_path.size]
        worst = path.reshape(len(units), self.members.size, _PATH.size).min(axis=2)
        members = (
            book_accounts(units),
            np.sort(worst, axis=1),
            slack[:, self._ensemble_path.size :].min(axis=1),
            [len(u.labels) for u in units],
        )
        if len(self._members_cache) >= _MEMBERS_KEPT:
            self._members_cache.clear()
        self._members_cache[key] = members
        return members

    def _others(self, portfolio: Portfolio, account: str) -> _Others:
        """The accounts other than `account`, laid on the stress path's ladders (cached)."""
        accounts = tuple(a for a in portfolio.accounts if a.name != account)
        key = (account, accounts, tuple(sorted(portfolio.prices.items())))
        if key not in self._others_cache and not accounts:
            self._others_cache[key] = _Others(self._path_crowd, 0.0)  # (a Portfolio needs an account)
        if key not in self._others_cache:
            rest = replace(portfolio, accounts=accounts)
            # Refused here (e.g. an account already below maintenance) means refused for all.
            units = liquidation_units(rest, self.market)
            margin = float(sum(u.margin_usd for u in units))
            self._others_cache[key] = _Others(add_rungs(self._path_crowd, rest, trail=True), margin)
        return self._others_cache[key]

    def gap_failures(self, portfolio: Portfolio) -> Fallen:
        """Who falls on a sudden 10% gap down or up (no cascade: the rule is about leverage)."""
        return self._gap_fallen(user_accounts(portfolio, self._gap_market))

    def _gap_fallen(self, user: UserAccounts) -> Fallen:
        # The gap market has the stress market's assets and prices, so the same units serve.
        report = evaluate_shared(self._gap_crowd, user)
        return _fallen(book_accounts(user.units), report, range(report.btc_drawdown.size))

    def setup(self, portfolio: Portfolio) -> SharedSetup:
        """The portfolio's stress setup on the shared crowd (risk.stress.Setup): no ladder is
        merged; a grid the crowd was already solved on is not solved again (the last setup is
        kept, since the advice asks several questions of one portfolio in a row)."""
        if self._last_setup is None or self._last_setup.user.portfolio is not portfolio:
            self._last_setup = SharedSetup(self, user_accounts(portfolio, self.market), self.shock)
        return self._last_setup

    def crowd_solution(self, scenarios: Scenarios) -> CrowdSolution:
        """The crowd alone under `scenarios`, kept for grids (a probe of a few shocks is not)."""
        if scenarios.size < 8:
            return solve_crowd(self._crowd, scenarios)
        members = scenarios.members
        # The drawdowns carry the members' betas; BTC's and the parameters name the grid.
        key = (
            scenarios.btc_drawdown.tobytes()
            + scenarios.drawdowns.tobytes()
            + (b"" if members is None else members.key())
        )
        if key not in self._grids:
            self._grids[key] = solve_crowd(self._crowd, scenarios)
        return self._grids[key]

    def survival_drawdown(self, portfolio: Portfolio) -> float | None:
        """The largest BTC drawdown (with the cascade) that liquidates nothing, to 1e-5."""
        setup = self.setup(portfolio)
        curve = setup.evaluate(drawdown_grid(self.shock, _SURVIVAL_GRID))
        return refine_survival(setup, curve, cascade=True)

    def survival_band(self, portfolio: Portfolio) -> tuple[float | None, float | None, float | None]:
        """P10/P50/P90 across the ensemble of the survival drawdown (initial shock), to 1e-5."""
        spread = ensemble_curve(self.setup(portfolio), self.members, _SURVIVAL_GRID)
        band = Band.of(spread.survival_shock)
        return band.p10, band.p50, band.p90

    def tipping_points(self, portfolio: Portfolio) -> tuple[Tipping, ...]:
        """Where the joint fit's cascade jumps between 0% and 60% BTC shock (usually none)."""
        try:
            setup = self.setup(portfolio)
        except RiskInputError:
            return ()
        return tuple(tipping_points(setup))

    def settled_fall(self, portfolio: Portfolio, shock: float) -> float:
        """Where BTC settles (its fall from today) once the cascade has run from `shock`."""
        report = self.setup(portfolio).evaluate(drawdown_grid(self.shock, np.array([shock])))
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


@dataclass(frozen=True, eq=False)
class _Others:
    """The other accounts of a candidate's portfolio: their rungs laid on the stress path's
    crowd solution, and their margin (for the "holds no margin" check)."""

    path: CrowdSolution
    margin_usd: float


@dataclass(frozen=True, eq=False)
class SharedSetup:
    """A portfolio under the bench's stress, evaluated on the shared crowd (risk.stress.Setup)."""

    bench: StressBench
    user: UserAccounts
    shock: ShockModel

    def evaluate(self, scenarios: Scenarios) -> EngineReport:
        return evaluate_shared(self.bench.crowd_solution(scenarios), self.user)


@dataclass(frozen=True, eq=False)
class _Columns:
    """Scenario columns of several `Scenarios` side by side, for one `UserBook.state` call."""

    parts: tuple[Scenarios, ...]

    @property
    def dislocated(self) -> frozenset[tuple[str, str]]:
        return frozenset((d.venue, d.asset) for part in self.parts for d in part.venue_dislocations)

    def venue_factor(self, venue: str, asset: str) -> FloatArray:
        factors: FloatArray = np.concatenate([part.venue_factor(venue, asset) for part in self.parts])
        return factors


def _unit_slack(compiled: UserBook, prices: FloatArray, columns: _Columns) -> FloatArray:
    """Units × scenarios: equity minus the liquidation threshold (a unit falls where it is
    ≤ 0, as `UserBook.state` decides; +inf for a unit without positions, which never falls)."""
    state = compiled.state(prices, columns.venue_factor, columns.dislocated)
    slack: FloatArray = np.where(compiled.has_positions[:, None], state.equity - state.threshold, np.inf)
    return slack


@dataclass(frozen=True)
class _Row:
    """One engine label: its account, and the position's index there (None for a loop)."""

    account: str
    label: str
    index: int | None


# An account's rows, each unit's path slack per member ranked worst first, its gap slack, and
# how many rows each unit has.
_Members = tuple[list[_Row], FloatArray, FloatArray, list[int]]


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
