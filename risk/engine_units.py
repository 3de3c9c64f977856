"""Liquidation units — what falls together — and the user's own rungs on the crowd ladder.

A cross/unified account falls as one unit (all its cross positions at once, taking
all its collateral); an isolated position falls alone, taking its isolated margin.
Collateral listed on an account is what remains in its cross wallet: isolated
margins have already been moved out of it, as on Binance.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from risk._types import FloatArray, IntArray, RiskInputError
from risk.margin import MarginAccount, maintenance_margin
from risk.market import Market
from risk.portfolio import Account, Loop, MarginMode, Portfolio, Position
from risk.venue_rules import rule_for, venue_liquidation_price

PriceOf = Callable[[str], FloatArray]


@dataclass(frozen=True)
class LiquidationUnit:
    """A cross book, one isolated position (`position`) or one lending loop (`loop`).

    A loop's prices are relative to `p0`, its asset's pre-shock price.
    """

    account: Account
    position: Position | None
    margin_usd: float
    labels: tuple[str, ...]
    book: MarginAccount | None = None
    loop: Loop | None = None
    p0: float = 1.0

    @property
    def is_cross_book(self) -> bool:
        return self.position is None and self.loop is None

    @property
    def venue(self) -> str:
        return self.account.venue

    def equity_and_maintenance(self, price: PriceOf) -> tuple[FloatArray, FloatArray]:
        """Equity and the liquidation threshold (factor × maintenance) at venue prices.

        A unit without positions has no maintenance and can never be liquidated; its
        threshold is −inf so even an empty wallet does not count as a liquidation.
        """
        factor = self.account.maintenance_factor
        rule = rule_for(self.venue)
        if self.loop is not None:
            # HF ≤ 1 ⟺ exposure·p·LT ≤ debt ⟺ equity ≤ debt·(1/LT − 1).
            loop = self.loop.loop
            equity = loop.equity(price(self.loop.asset) / self.p0)
            return equity, np.full(equity.shape, loop.debt * (1.0 / loop.lt - 1.0))
        if self.position is not None:
            position = self.position
            p = price(position.asset)
            equity = position.isolated_margin + position.pnl(p)
            # A classic Bybit account: an isolated position's MM is on its entry value (risk.venue_rules).
            basis = np.full(p.shape, position.entry) if rule.isolated_mm_at_entry else p
            mm = maintenance_margin(position.tiers, position.size * basis)
            return equity, factor * (mm + rule.close_fee_rate * position.size * p)
        if self.book is None:
            raise RiskInputError(f"account {self.account.name}: cross book missing")
        prices = {asset: price(asset) for asset in self.account.assets()}
        equity = self.book.equity(prices)
        if not self.book.positions:
            return equity, np.full(equity.shape, -np.inf)
        fee = sum((rule.close_fee_rate * p.size * prices[p.asset] for p in self.book.positions), np.zeros(1))
        return equity, factor * (self.book.maintenance(prices) + fee)


def liquidation_units(portfolio: Portfolio, market: Market) -> tuple[LiquidationUnit, ...]:
    """Every unit with its pre-shock margin; refuses accounts already below maintenance."""
    units: list[LiquidationUnit] = []
    for account in portfolio.accounts:
        cross = account.cross_positions
        margin = sum(c.amount * market.p0(c.asset) for c in account.collateral)
        margin += sum(float(p.pnl(np.array(market.p0(p.asset)))) for p in cross)
        if account.collateral or cross:
            book = MarginAccount(account.collateral, tuple(p.as_perp() for p in cross))
            labels = tuple(_label(account, p) for p in cross)
            units.append(LiquidationUnit(account, None, margin, labels, book))
        for position in account.isolated_positions:
            equity = position.isolated_margin + float(position.pnl(np.array(market.p0(position.asset))))
            units.append(LiquidationUnit(account, position, equity, (_label(account, position),)))
        for held in account.loops:
            label = f"{account.name}: {held.asset} loop x{held.loop.cycles} at LTV {held.loop.ltv:g}"
            p0 = market.p0(held.asset)
            units.append(LiquidationUnit(account, None, held.loop.capital, (label,), loop=held, p0=p0))
    for unit in units:
        _check_solvent(unit, market)
    return tuple(units)


def user_liquidation_prices(
    portfolio: Portfolio, market: Market, asset: str
) -> tuple[IntArray, FloatArray, FloatArray]:
    """(side, size, liq) of the user's positions on `asset` that its own move can liquidate.

    Each price is the venue's own rule (risk.venue_rules) with everything else held at P0:
    for an isolated position the margin is its own; for a cross one it is the account's
    collateral value and the other positions enter through their MM and PnL. A position that no move
    of its own asset can liquidate (e.g. a long backed by ample stablecoins) has no
    rung on the ladder; that is not a dropped row but a price that does not exist.
    """
    p0 = market.p0(asset)
    sides: list[int] = []
    sizes: list[float] = []
    prices: list[float] = []
    for account in portfolio.accounts:
        for position in account.positions:
            if position.asset != asset:
                continue
            liq = _own_liquidation_price(account, position, market)
            if np.isfinite(liq) and liq > 0 and (liq < p0 if position.side == 1 else liq > p0):
                sides.append(position.side)
                sizes.append(position.size)
                prices.append(liq)
    return np.array(sides, dtype=np.int64), np.array(sizes), np.array(prices)


def _own_liquidation_price(account: Account, position: Position, market: Market) -> float:
    index = next(i for i, p in enumerate(account.positions) if p is position)
    return _liquidation_price_at(account, index, tuple((a, market.p0(a)) for a in sorted(account.assets())))


# The advisor asks for the same account's rungs many times (every candidate of another account,
# every curve); an account is immutable and its rungs depend on it and its assets' prices only.
@lru_cache(maxsize=4096)
def _liquidation_price_at(account: Account, index: int, prices: tuple[tuple[str, float], ...]) -> float:
    p0 = dict(prices)
    position = account.positions[index]
    if position.margin_mode is MarginMode.ISOLATED:
        wallet, other_mm, other_pnl = position.isolated_margin, 0.0, 0.0
    else:
        # The cross wallet at pre-shock prices: collateral credited after haircuts.
        wallet = sum(
            float(c.haircut.collateral_value(c.amount * p0[c.asset])[()]) for c in account.collateral
        )
        others = [
            p for i, p in enumerate(account.positions) if i != index and p.margin_mode is MarginMode.CROSS
        ]
        fee = rule_for(account.venue).close_fee_rate
        other_mm = sum(
            float(p.maintenance(np.array(p0[p.asset]))) + fee * p.size * p0[p.asset] for p in others
        )
        other_pnl = sum(float(p.pnl(np.array(p0[p.asset]))) for p in others)
    isolated = position.margin_mode is MarginMode.ISOLATED
    return venue_liquidation_price(
        rule_for(account.venue),
        position.tiers,
        position.side,
        position.size,
        position.entry,
        wallet,
        isolated,
        other_mm,
        other_pnl,
    )


def _check_solvent(unit: LiquidationUnit, market: Market) -> None:
    equity, threshold = unit.equity_and_maintenance(lambda asset: np.array([market.p0(asset)]))
    if not equity[0] > threshold[0]:
        what = f"account {unit.account.name}" if unit.is_cross_book else unit.labels[0]
        raise RiskInputError(
            f"{what} is already at or below maintenance at the pre-shock prices "
            f"(equity {equity[0]:,.2f} USD, maintenance {threshold[0]:,.2f} USD)"
        )


def _label(account: Account, position: Position) -> str:
    side = "long" if position.side == 1 else "short"
    return f"{account.name}: {position.asset} {side} {position.size:g} ({position.margin_mode.value})"
