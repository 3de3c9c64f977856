"""A trader's numbers for each margin account and position, for the Trading page and `accounts show`.

One computation for both front-ends, from the engine's portfolio (risk.portfolio: a
holdings file, the demo, or the stored accounts exported by app.exchanges.engine_export),
with the mark of every asset taken from the portfolio's prices:

Per position
- size (coins), notional = size × mark, entry, mark;
- unrealised PnL = side × size × (mark − entry);
- margin: an isolated position's own margin as deposited; a cross position's share of the
  account's cross equity, split by notional (so the cross margins add up to the equity);
- leverage = notional / margin (none when the margin is gone);
- maintenance margin by the venue's rule (risk.venue_rules): the tier bracket of the mark
  notional, on the *entry* value for a Bybit isolated position, plus the fee to close at
  the taker rate on OKX;
- liquidation price by the venue's rule: an isolated position by the venue's formula with
  its own margin; a cross position at the price of its asset where the whole account
  (every collateral coin at its haircut, every cross position's PnL and maintenance, the
  account's maintenance factor) reaches its liquidation threshold, every other price held
  where it is — found by bisection on the account's own breach test, so a coin that is
  both collateral and position moves with the price as it does on the venue;
- distance to liquidation: how far the mark may move against the position before that
  price, as a share of the mark (0 or less: at or past it; none: no price liquidates it).

Per account
- equity: collateral at the venue's haircuts, plus every position's PnL, plus the
  isolated margins; maintenance: the sum over every position;
- margin ratio: the cross book's maintenance over its equity, as Binance, Bybit and OKX
  show it — the cross book is liquidated when the ratio reaches 1 / maintenance factor
  (100% usually, 95.2% under Binance Portfolio Margin's 1.05). None without cross positions.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from risk._types import FloatArray
from risk.margin import CollateralHolding, MarginAccount, PerpPosition, TierTable, maintenance_margin
from risk.portfolio import Account, MarginMode, Portfolio, Position
from risk.venue_rules import VenueRule, rule_for, venue_liquidation_price

# The cross search runs from the mark out to 1/1000 (longs) or 1000× (shorts) of it.
_SEARCH_SPAN = 1e3
_GRID = 2001


@dataclass(frozen=True)
class PositionNumbers:
    account: str
    venue: str
    asset: str
    side: str  # "long" or "short"
    mode: str  # "cross" or "isolated"
    size: float
    entry: float
    mark: float
    notional: float
    unrealised_pnl: float
    margin: float
    leverage: float | None
    maintenance: float
    liquidation_price: float | None
    distance: float | None  # share of the mark; None when no price liquidates the position


@dataclass(frozen=True)
class AccountNumbers:
    account: str
    venue: str
    equity: float
    maintenance: float
    cross_equity: float
    cross_maintenance: float
    margin_ratio: float | None  # cross maintenance / cross equity
    liquidation_ratio: float  # the margin ratio at which the cross book is liquidated
    positions: tuple[PositionNumbers, ...]


def trader_numbers(portfolio: Portfolio) -> tuple[AccountNumbers, ...]:
    """Every margin account of the portfolio (lending loops are not margin accounts)."""
    return tuple(
        _account_numbers(account, portfolio.prices)
        for account in portfolio.accounts
        if account.collateral or account.positions
    )


def _account_numbers(account: Account, prices: Mapping[str, float]) -> AccountNumbers:
    marks = {asset: float(price) for asset, price in prices.items()}
    rule = rule_for(account.venue)
    book = _cross_book(account, rule)
    cross_equity = _at_marks(book.equity, marks)
    cross_mm = _at_marks(book.maintenance, marks)
    cross_notional = sum(p.size * marks[p.asset] for p in account.cross_positions)
    positions = []
    for position in account.positions:
        mark = marks[position.asset]
        if position.margin_mode is MarginMode.ISOLATED:
            margin = position.isolated_margin
            liquidation = _isolated_liquidation(rule, position)
        else:
            margin = cross_equity * position.size * mark / cross_notional
            liquidation = _cross_liquidation(book, position, marks)
        positions.append(_position_numbers(account, rule, position, mark, margin, liquidation))
    isolated_equity = sum(p.margin + p.unrealised_pnl for p in positions if p.mode == MarginMode.ISOLATED)
    return AccountNumbers(
        account=account.name,
        venue=account.venue,
        equity=cross_equity + isolated_equity,
        maintenance=sum(p.maintenance for p in positions),
        cross_equity=cross_equity,
        cross_maintenance=cross_mm,
        margin_ratio=cross_mm / cross_equity if account.cross_positions and cross_equity > 0 else None,
        liquidation_ratio=1.0 / account.maintenance_factor,
        positions=tuple(positions),
    )


def _position_numbers(
    account: Account,
    rule: VenueRule,
    position: Position,
    mark: float,
    margin: float,
    liquidation: float | None,
) -> PositionNumbers:
    notional = position.size * mark
    distance = None if liquidation is None else position.side * (mark - liquidation) / mark
    return PositionNumbers(
        account=account.name,
        venue=account.venue,
        asset=position.asset,
        side="long" if position.side > 0 else "short",
        mode=position.margin_mode.value,
        size=position.size,
        entry=position.entry,
        mark=mark,
        notional=notional,
        unrealised_pnl=float(position.pnl(np.array(mark))),
        margin=margin,
        leverage=notional / margin if margin > 0 else None,
        maintenance=_maintenance(rule, position, mark),
        liquidation_price=liquidation,
        distance=distance,
    )


def _maintenance(rule: VenueRule, position: Position, mark: float) -> float:
    """The venue's maintenance margin of one position at the mark (risk.venue_rules)."""
    on_entry = position.margin_mode is MarginMode.ISOLATED and rule.isolated_mm_at_entry
    basis = position.entry if on_entry else mark
    mm = float(maintenance_margin(position.tiers, position.size * basis))
    return mm + rule.close_fee_rate * position.size * mark


def _cross_book(account: Account, rule: VenueRule) -> MarginAccount:
    """The cross wallet as risk.margin's account; OKX's fee to close joins each bracket's rate."""
    return MarginAccount(
        tuple(CollateralHolding(c.asset, c.amount, c.haircut) for c in account.collateral),
        tuple(
            PerpPosition(p.asset, p.side, p.size, p.entry, _with_fee(p.tiers, rule.close_fee_rate))
            for p in account.cross_positions
        ),
        threshold=account.maintenance_factor,
    )


def _with_fee(tiers: TierTable, fee_rate: float) -> TierTable:
    if fee_rate == 0:
        return tiers
    return TierTable(tiers.floors, np.minimum(tiers.mmrs + fee_rate, 1.0))


def _at_marks(measure: Callable[[Mapping[str, npt.ArrayLike]], FloatArray], marks: dict[str, float]) -> float:
    scenario: dict[str, npt.ArrayLike] = {asset: np.array([price]) for asset, price in marks.items()}
    return float(measure(scenario)[0])


def _isolated_liquidation(rule: VenueRule, position: Position) -> float | None:
    price = venue_liquidation_price(
        rule, position.tiers, position.side, position.size, position.entry, position.isolated_margin, True
    )
    return price if math.isfinite(price) and price > 0 else None


def _cross_liquidation(book: MarginAccount, position: Position, marks: dict[str, float]) -> float | None:
    """The nearest price of the position's asset, every other price held, at which the book falls."""
    return book.breach_price(position.asset, position.side > 0, marks, grid=_GRID, span=_SEARCH_SPAN)
