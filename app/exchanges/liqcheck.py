"""The engine's liquidation price for each imported position, against the venue's own.

The engine (risk.margin, RISK_MODEL.md §4) recomputes every position's liquidation
price from what was imported. When it and the venue's figure differ by more than 0.5%
the position is flagged: either the import missed something (a transfer, a position
sharing the margin) or the venue applies a rule the model does not, and the stress
results for that position deserve less trust.

- Isolated positions: the venue's own rule (risk.venue_rules: a classic Bybit account takes MM on the entry
  value, OKX adds the fee to close, Binance and Hyperliquid take MM at the mark) with the
  position's own margin and tiers (the bracket chosen at the liquidation price itself).
- Cross and unified accounts: the price of the position's asset at which the whole
  account (risk.margin.MarginAccount: every collateral coin at its haircut, every
  position's PnL and tiered maintenance, plus OKX's fee to close) reaches equity =
  threshold × maintenance, all
  other prices held at today's; threshold 1.05 for Binance Portfolio Margin. Bisection
  on the account's own breach test, so no venue formula is assumed.

What the engine cannot model (a loan, a coin without a price, missing tiers) is
reported as not compared, with the reason, never guessed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from app.exchanges.models import AccountHoldings, HaircutTier, MarginMode, MarginTier, Position
from risk._types import RiskInputError
from risk.margin import (
    FULL_VALUE,
    CollateralHolding,
    HaircutTiers,
    MarginAccount,
    PerpPosition,
    TierTable,
)
from risk.portfolio import USD_STABLECOINS
from risk.venue_rules import rule_for, venue_liquidation_price

GAP_THRESHOLD = 0.005
PORTFOLIO_MARGIN_THRESHOLD = 1.05  # Binance Portfolio Margin: liquidation at uniMMR ≤ 1.05
_GRID = 4001


@dataclass(frozen=True)
class LiquidationCheck:
    symbol: str
    side: str
    venue_price: float | None
    engine_price: float | None
    gap: float | None  # |engine − venue| / venue
    flagged: bool
    note: str


def _table(tiers: tuple[MarginTier, ...], fee_rate: float = 0.0) -> TierTable:
    """The venue's brackets; a fee to close on the value (OKX) joins every bracket's rate."""
    mmrs = np.array([t.mmr for t in tiers]) + fee_rate
    return TierTable(np.array([t.floor_usd for t in tiers]), np.minimum(mmrs, 1.0))


def _haircut(tiers: tuple[HaircutTier, ...]) -> HaircutTiers:
    if not tiers:
        return FULL_VALUE
    return HaircutTiers(np.array([t.floor_usd for t in tiers]), np.array([t.haircut for t in tiers]))


def _isolated_price(position: Position, tiers: tuple[MarginTier, ...], venue: str) -> float | str:
    if position.isolated_margin is None:
        return "not compared: the isolated margin is unknown"
    return venue_liquidation_price(
        rule_for(venue),
        _table(tiers),
        position.side.sign,
        position.size,
        position.entry_price,
        position.isolated_margin,
        isolated=True,
    )


def margin_collateral(holdings: AccountHoldings) -> dict[str, float] | str:
    """Coins held as margin (spot wallets left out), stablecoin loans netted against stablecoins.

    The engine's account has no debt. A USD-stablecoin loan is worth $1 like the stablecoin
    collateral it is netted against, so netting is exact; a loan in any other coin moves
    with the market and cannot be netted — the reason is returned instead.
    """
    amounts: dict[str, float] = {}
    for balance in holdings.balances:
        if balance.wallet != "spot":
            amounts[balance.asset] = amounts.get(balance.asset, 0.0) + balance.amount
    for loan in holdings.loans:
        if loan.asset.upper() not in USD_STABLECOINS:
            return f"owes {loan.amount:g} {loan.asset}, a loan in a coin that is not a USD stablecoin"
        owed = loan.amount
        for asset in [a for a in amounts if a.upper() in USD_STABLECOINS and amounts[a] > 0]:
            paid = min(owed, amounts[asset])
            amounts[asset] -= paid
            owed -= paid
        if owed > 1e-9:
            return f"owes {loan.amount:g} {loan.asset}, more than its stablecoin collateral"
    return {asset: amount for asset, amount in amounts.items() if amount > 0}


def _margin_account(
    holdings: AccountHoldings, prices: Mapping[str, float], threshold: float, fee_rate: float = 0.0
) -> MarginAccount | str:
    amounts = margin_collateral(holdings)
    if isinstance(amounts, str):
        return f"not compared: the account {amounts}"
    haircuts = {b.asset: b.haircut_tiers for b in holdings.balances if b.wallet != "spot" and b.haircut_tiers}
    cross = [p for p in holdings.positions if p.margin_mode is not MarginMode.ISOLATED]
    missing = sorted(set(amounts) - set(prices))
    if missing:
        return f"not compared: no price for {', '.join(missing)} (take a market snapshot of it)"
    untiered = sorted(p.symbol for p in cross if not holdings.margin_tiers.get(p.symbol))
    if untiered:
        return f"not compared: no margin tiers for {', '.join(untiered)}, which shares the margin"
    return MarginAccount(
        [
            CollateralHolding(a, amount, _haircut(haircuts.get(a, ())))
            for a, amount in sorted(amounts.items())
        ],
        [
            PerpPosition(
                p.base_asset,
                p.side.sign,
                p.size,
                p.entry_price,
                _table(holdings.margin_tiers[p.symbol], fee_rate),
            )
            for p in cross
        ],
        threshold,
    )


def _breach_price(account: MarginAccount, position: Position, prices: Mapping[str, float]) -> float | None:
    """The nearest price of the position's asset (others fixed) at which the account is liquidated."""
    marks = {**prices, position.base_asset: position.mark_price}
    return account.breach_price(position.base_asset, position.side.sign > 0, marks, grid=_GRID)


def default_prices(holdings: AccountHoldings, extra: Mapping[str, float] | None = None) -> dict[str, float]:
    """Today's prices the check holds fixed: $1 stablecoins, stored snapshot marks, position marks."""
    prices = {b.asset: 1.0 for b in holdings.balances if b.asset.upper() in USD_STABLECOINS}
    prices.update(extra or {})
    prices.update({p.base_asset: p.mark_price for p in holdings.positions})
    return prices


def check_position(
    holdings: AccountHoldings,
    position: Position,
    prices: Mapping[str, float],
    threshold: float = 1.0,
    venue: str = "binance",
) -> LiquidationCheck:
    def result(engine: float | None, note: str) -> LiquidationCheck:
        venue = position.venue_liquidation_price
        gap = None if engine is None or venue is None else abs(engine - venue) / venue
        flagged = gap is not None and gap > GAP_THRESHOLD
        if engine is None and venue is not None and not note:
            flagged, note = True, "the engine finds no liquidation price but the venue reports one"
        return LiquidationCheck(position.symbol, position.side.value, venue, engine, gap, flagged, note)

    tiers = holdings.margin_tiers.get(position.symbol)
    if not tiers:
        return result(None, "not compared: no maintenance tiers for this market (refresh the account)")
    try:
        if position.margin_mode is MarginMode.ISOLATED:
            found: float | str | None = _isolated_price(position, tiers, venue)
        else:
            account = _margin_account(holdings, prices, threshold, rule_for(venue).close_fee_rate)
            found = account if isinstance(account, str) else _breach_price(account, position, prices)
    except RiskInputError as exc:
        return result(None, f"not compared: {exc}")
    if isinstance(found, str):
        return result(None, found)
    return result(found if found is not None and found > 0 else None, "")


def check_liquidation_prices(
    holdings: AccountHoldings,
    prices: Mapping[str, float] | None = None,
    *,
    portfolio_margin: bool = False,
    venue: str = "binance",
) -> list[LiquidationCheck]:
    """Every position checked by `venue`'s rule; `prices` adds snapshot marks for collateral coins
    without a position."""
    known = default_prices(holdings, prices)
    threshold = PORTFOLIO_MARGIN_THRESHOLD if portfolio_margin else 1.0
    return [check_position(holdings, p, known, threshold, venue) for p in holdings.positions]
