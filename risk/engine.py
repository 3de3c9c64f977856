"""evaluate(portfolio, market, scenarios): how much of the user's exchange-held margin
each shock liquidates, with the liquidation cascade and without it (RISK_MODEL.md §4–5).

Per scenario: every asset's crowd ladder (with the user's own positions merged in, so
they add to the forced volume X) is solved for its settled price; venue dislocations
then give each venue's price; each *liquidation unit* — a cross/unified account, one
isolated position, or one lending loop — falls when its equity is at or below its
maintenance margin (times the account's factor; a loop at health factor 1) at those
prices. A fallen unit loses its whole pre-shock margin (which covers any clearance
fee: a venue takes no more than the margin) — except where the venue returns what is
left (Hyperliquid: risk.venue_rules.liquidation_loss); equity below zero at the settled
price is bad debt. The same accounts are also evaluated at the exogenous prices
(p = P_exo) to show what the cascade adds.

The user's positions are a handful, so their evaluation is a units × scenarios
computation; the crowd never is (sorted ladders, solved together in
risk.multicascade, which matches risk.cascade asset by asset). Many portfolios against
one crowd (the advisor's candidates) go through risk.engine_shared instead of `prepare`:
the crowd solved once, each portfolio re-solving only the rows its own rungs reach.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Protocol

import numpy as np

from risk._types import BoolArray, FloatArray, IntArray, RiskInputError
from risk.crowd import Ladder, build_ladder, merge_ladders
from risk.engine_book import UserBook, compile_book
from risk.engine_units import LiquidationUnit, liquidation_units, user_liquidation_prices
from risk.market import AssetMarket, Market
from risk.multicascade import AssetCascade, MultiCascade, prepare_cascades, solve_all
from risk.portfolio import Portfolio
from risk.scenarios import MemberParameters, Scenarios
from risk.venue_rules import BINANCE, VenueRule, liquidation_loss, rule_for


@dataclass(frozen=True)
class PreparedBook:
    """The portfolio's units and each asset's market with the user's positions merged in.

    Building it sorts the merged ladders once; a GUI slider re-evaluates only this.
    """

    portfolio: Portfolio
    market: Market
    units: tuple[LiquidationUnit, ...]
    exchange_margin_usd: float
    compiled: UserBook
    cascading: IntArray  # indices of the assets whose crowd cascades
    cascades: MultiCascade | None


@dataclass(frozen=True)
class Summary:
    """Survival drawdowns (largest BTC drawdown in the scenarios with nothing of the
    user's liquidated, counting up from zero), their ratio, and tail measures of the
    liquidated margin over the scenarios (meaningful for a Monte-Carlo sample)."""

    survival_drawdown: float | None
    survival_drawdown_no_cascade: float | None
    survives_every_scenario: bool
    amplification: float | None
    var95_usd: float
    es99_usd: float
    var95_usd_no_cascade: float
    es99_usd_no_cascade: float


@dataclass(frozen=True)
class EngineReport:
    """Per-scenario results (arrays of length S; prices are assets × S) and the summary.

    Fallen positions are sparse pairs: position `fallen_position[i]` (an index into
    `position_labels`) fell in scenario `fallen_scenario[i]` (with the cascade).
    """

    assets: tuple[str, ...]
    btc_drawdown: FloatArray
    exo_prices: FloatArray
    settled_prices: FloatArray
    crowd_liquidated_usd: FloatArray
    exchange_margin_usd: float
    liquidated_margin_usd: FloatArray
    liquidated_share: FloatArray
    bad_debt_usd: FloatArray
    liquidated_margin_usd_no_cascade: FloatArray
    liquidated_share_no_cascade: FloatArray
    bad_debt_usd_no_cascade: FloatArray
    position_labels: tuple[str, ...]
    fallen_scenario: IntArray
    fallen_position: IntArray
    summary: Summary

    def fallen_positions(self, scenario: int) -> IntArray:
        """Indices (into `position_labels`) of the positions liquidated in one scenario."""
        picked: IntArray = self.fallen_position[self.fallen_scenario == scenario]
        return picked


class UserUnits(Protocol):
    """What the report needs of the user's side: the units, their margin, the compiled book."""

    @property
    def units(self) -> tuple[LiquidationUnit, ...]: ...

    @property
    def exchange_margin_usd(self) -> float: ...

    @property
    def compiled(self) -> UserBook: ...


@dataclass(frozen=True)
class UserAccounts:
    """The portfolio's liquidation units compiled against a market's prices (no ladders)."""

    portfolio: Portfolio
    units: tuple[LiquidationUnit, ...]
    exchange_margin_usd: float
    compiled: UserBook


def user_accounts(portfolio: Portfolio, market: Market) -> UserAccounts:
    """Check the accounts are solvent at pre-shock prices and compile them (no ladder work)."""
    missing = sorted(portfolio.assets() - set(market.names))
    if missing:
        raise RiskInputError(f"market: no entry for the portfolio's assets {', '.join(missing)}")
    units = liquidation_units(portfolio, market)
    margin = float(sum(u.margin_usd for u in units))
    if not margin > 0:
        raise RiskInputError(f"portfolio {portfolio.name}: holds no margin on any exchange (total {margin})")
    return UserAccounts(portfolio, units, margin, compile_book(units, market.names))


def prepare(portfolio: Portfolio, market: Market) -> PreparedBook:
    """Check the accounts are solvent at pre-shock prices and merge them into the ladders."""
    user = user_accounts(portfolio, market)
    entries = tuple(with_user_positions(entry, portfolio, market) for entry in market.assets)
    merged = Market(entries)
    cascading = np.array([k for k, e in enumerate(entries) if e.cascades], dtype=np.int64)
    cascades = prepare_cascades([cascade_of(entries[k]) for k in cascading]) if cascading.size else None
    return PreparedBook(
        portfolio, merged, user.units, user.exchange_margin_usd, user.compiled, cascading, cascades
    )


def cascade_of(entry: AssetMarket) -> AssetCascade:
    if entry.ladder is None or entry.impact is None:
        raise RiskInputError(f"market {entry.asset}: a cascading asset needs a ladder and an impact model")
    return AssetCascade(entry.ladder, entry.impact, entry.retention)


def evaluate(portfolio: Portfolio, market: Market, scenarios: Scenarios) -> EngineReport:
    return evaluate_prepared(prepare(portfolio, market), scenarios)


def evaluate_prepared(book: PreparedBook, scenarios: Scenarios) -> EngineReport:
    """The report for every scenario, with and without the cascade."""
    exo = exo_prices(book.market, scenarios)
    settled, crowd_usd = _settle_all(book, exo, scenarios.members)
    return assemble_report(book, scenarios, exo, settled, crowd_usd)


def exo_prices(market: Market, scenarios: Scenarios) -> FloatArray:
    """Every asset's exogenous price per scenario (assets × S), in the market's order."""
    absent = [name for name in market.names if name not in scenarios.assets]
    if absent:
        raise RiskInputError(f"scenarios: no shock for {', '.join(absent)}")
    return np.vstack([scenarios.exo_price(entry.asset, entry.p0) for entry in market.assets])


def assemble_report(
    book: UserUnits, scenarios: Scenarios, exo: FloatArray, settled: FloatArray, crowd_usd: FloatArray
) -> EngineReport:
    """The report once every asset's settled price is known: the user's units at the
    settled prices (with the cascade) and at the exogenous ones (without)."""
    with_cascade = _outcome(book, scenarios, settled)
    without = _outcome_without_cascade(book, scenarios, exo)
    margin = book.exchange_margin_usd
    fallen_scenario, fallen_position = _fallen_pairs(book.units, with_cascade.fallen)
    return EngineReport(
        assets=book.compiled.asset_names,
        btc_drawdown=scenarios.btc_drawdown,
        exo_prices=exo,
        settled_prices=settled,
        crowd_liquidated_usd=crowd_usd,
        exchange_margin_usd=margin,
        liquidated_margin_usd=with_cascade.liquidated,
        liquidated_share=with_cascade.liquidated / margin,
        bad_debt_usd=with_cascade.bad_debt,
        liquidated_margin_usd_no_cascade=without.liquidated,
        liquidated_share_no_cascade=without.liquidated / margin,
        bad_debt_usd_no_cascade=without.bad_debt,
        position_labels=tuple(label for u in book.units for label in u.labels),
        fallen_scenario=fallen_scenario,
        fallen_position=fallen_position,
        summary=_summary(scenarios.btc_drawdown, with_cascade.liquidated, without.liquidated),
    )


@dataclass(frozen=True)
class _Outcome:
    liquidated: FloatArray
    bad_debt: FloatArray
    fallen: BoolArray  # units × scenarios


def _outcome_without_cascade(book: UserUnits, scenarios: Scenarios, exo: FloatArray) -> _Outcome:
    """The outcome at the exogenous prices. Ensemble members differ only in the cascade, so
    their columns repeat the same shocks: each distinct shock is evaluated once (the band of
    a 64-point curve has 16 copies of each)."""
    if scenarios.members is None:
        return _outcome(book, scenarios, exo)
    shocks = np.vstack([exo, scenarios.severity[None, :]])
    _, first, back = np.unique(shocks, axis=1, return_index=True, return_inverse=True)
    if first.size == exo.shape[1]:
        return _outcome(book, scenarios, exo)
    distinct = replace(
        scenarios,
        btc_drawdown=scenarios.btc_drawdown[first],
        drawdowns=scenarios.drawdowns[:, first],
        severity=scenarios.severity[first],
        members=None,
    )
    once = _outcome(book, distinct, exo[:, first])
    back = back.reshape(-1)
    return _Outcome(once.liquidated[back], once.bad_debt[back], once.fallen[:, back])


def _outcome(book: UserUnits, scenarios: Scenarios, prices: FloatArray) -> _Outcome:
    dislocated = frozenset((d.venue, d.asset) for d in scenarios.venue_dislocations)
    state = book.compiled.state(prices, scenarios.venue_factor, dislocated)
    fallen, equity = state.fallen, state.equity
    losses = np.zeros_like(equity)
    for rule, rows in _rule_groups(book.units).items():
        margins = np.array([book.units[u].margin_usd for u in rows])[:, None]
        losses[rows] = liquidation_loss(
            rule, margins, equity[rows], state.threshold[rows], state.notional[rows]
        )
    liquidated: FloatArray = np.where(fallen, losses, 0.0).sum(axis=0)
    bad_debt: FloatArray = np.where(fallen, np.maximum(-equity, 0.0), 0.0).sum(axis=0)
    return _Outcome(liquidated, bad_debt, fallen)


def _rule_groups(units: tuple[LiquidationUnit, ...]) -> dict[VenueRule, list[int]]:
    """Unit indices by their venue's liquidation rule (a loop falls whole, as on Binance)."""
    groups: dict[VenueRule, list[int]] = {}
    for u, unit in enumerate(units):
        groups.setdefault(BINANCE if unit.loop is not None else rule_for(unit.venue), []).append(u)
    return groups


def _settle_all(
    book: PreparedBook, exo: FloatArray, members: MemberParameters | None = None
) -> tuple[FloatArray, FloatArray]:
    """Settled prices (assets × S) and the crowd's liquidated USD summed over assets."""
    settled = exo.copy()
    crowd_usd = np.zeros(exo.shape[1])
    if book.cascades is not None:
        prices, liquidated, _ = solve_all(book.cascades, exo[book.cascading], members=members)
        settled[book.cascading] = prices
        crowd_usd = liquidated.sum(axis=0)
    return settled, crowd_usd


def with_user_positions(entry: AssetMarket, portfolio: Portfolio, market: Market) -> AssetMarket:
    """The asset's market with the user's positions on its ladder (they add to X)."""
    if not entry.cascades or entry.ladder is None:
        return entry
    side, size, liq = user_liquidation_prices(portfolio, market, entry.asset)
    if side.size == 0:
        return entry
    own: Ladder = build_ladder(side, size, liq, entry.p0)
    return AssetMarket(entry.asset, entry.p0, entry.impact, entry.retention, merge_ladders(entry.ladder, own))


def _fallen_pairs(units: tuple[LiquidationUnit, ...], fallen: BoolArray) -> tuple[IntArray, IntArray]:
    scenarios: list[IntArray] = []
    positions: list[IntArray] = []
    first = 0
    for u, unit in enumerate(units):
        hit = np.flatnonzero(fallen[u]).astype(np.int64)
        for offset in range(len(unit.labels)):
            scenarios.append(hit)
            positions.append(np.full(hit.size, first + offset, dtype=np.int64))
        first += len(unit.labels)
    if not scenarios:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    s, p = np.concatenate(scenarios), np.concatenate(positions)
    order = np.lexsort((p, s))
    return s[order], p[order]


def _summary(btc_drawdown: FloatArray, liquidated: FloatArray, liquidated_plain: FloatArray) -> Summary:
    survival = survival_drawdown(btc_drawdown, liquidated)
    survival_plain = survival_drawdown(btc_drawdown, liquidated_plain)
    amplification = None
    if survival is not None and survival_plain is not None and survival > 0:
        amplification = survival_plain / survival
    return Summary(
        survival_drawdown=survival,
        survival_drawdown_no_cascade=survival_plain,
        survives_every_scenario=bool(np.all(liquidated == 0)),
        amplification=amplification,
        var95_usd=value_at_risk(liquidated, 0.95),
        es99_usd=expected_shortfall(liquidated, 0.99),
        var95_usd_no_cascade=value_at_risk(liquidated_plain, 0.95),
        es99_usd_no_cascade=expected_shortfall(liquidated_plain, 0.99),
    )


def survival_drawdown(btc_drawdown: FloatArray, liquidated: FloatArray) -> float | None:
    """The largest drawdown d ≥ 0 such that no scenario with 0 ≤ drawdown ≤ d liquidates anything.

    None when no scenario is a drawdown; 0 when even the smallest drawdown liquidates.
    """
    falls = btc_drawdown >= 0
    if not np.any(falls):
        return None
    d = btc_drawdown[falls]
    hit = liquidated[falls] > 0
    order = np.argsort(d, kind="stable")
    d, hit = d[order], hit[order]
    if not np.any(hit):
        return float(d[-1])
    first_hit = int(np.argmax(hit))
    return float(d[first_hit - 1]) if first_hit > 0 else 0.0


def value_at_risk(losses: FloatArray, level: float) -> float:
    """The `level` quantile of the loss distribution (inverted empirical CDF, no interpolation)."""
    return float(np.quantile(losses, level, method="inverted_cdf"))


def expected_shortfall(losses: FloatArray, level: float) -> float:
    """Mean of the worst (1 − level) share of the losses (at least one scenario)."""
    # The epsilon keeps (1 − 0.99) · 100 = 1.0000000000000009 from rounding up to 2.
    tail = max(1, int(np.ceil((1.0 - level) * losses.size - 1e-9)))
    worst = np.partition(losses, losses.size - tail)[losses.size - tail :]
    return float(worst.mean())
