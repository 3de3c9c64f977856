"""The engine's liquidation price for each imported position, against the venue's own.

The engine (risk.margin, RISK_MODEL.md §4) recomputes every position's liquidation
price from size, entry, the margin behind it and the venue's maintenance tiers. When
it and the venue's figure differ by more than 0.5% the position is flagged: either
the import missed something (a transfer, another position sharing the margin) or the
venue applies a rule the model does not, and the stress results for that position
deserve less trust.

Compared: isolated positions (margin = the isolated wallet) and cross positions of a
single-collateral account (margin = the settle coin's balance, with the other cross
positions' maintenance and PnL). A unified or multi-collateral account liquidates on
the haircut value of every coin, so a per-position price is not comparable; it is
reported as not compared, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.exchanges.models import AccountHoldings, MarginMode, MarginTier, Position
from risk._types import RiskInputError
from risk.margin import TierTable, binance_liquidation_price_tiered, maintenance_margin

GAP_THRESHOLD = 0.005


@dataclass(frozen=True)
class LiquidationCheck:
    symbol: str
    side: str
    venue_price: float | None
    engine_price: float | None
    gap: float | None  # |engine − venue| / venue
    flagged: bool
    note: str


def _table(tiers: tuple[MarginTier, ...]) -> TierTable:
    return TierTable(np.array([t.floor_usd for t in tiers]), np.array([t.mmr for t in tiers]))


def _upnl(p: Position) -> float:
    return p.side.sign * p.size * (p.mark_price - p.entry_price)


def _cross_margin(holdings: AccountHoldings, position: Position) -> tuple[float, float, float] | str:
    """(wallet balance, other positions' maintenance, other positions' PnL), or why not comparable."""
    settle = position.symbol.rsplit(":", 1)[-1]
    margin_wallets = [b for b in holdings.balances if b.wallet != "spot"]
    if any(b.asset != settle for b in margin_wallets):
        return "not compared: the margin wallet holds more than one collateral coin"
    others = [p for p in holdings.positions if p is not position and p.margin_mode is MarginMode.CROSS]
    other_mm = 0.0
    for other in others:
        tiers = holdings.margin_tiers.get(other.symbol)
        if not tiers:
            return f"not compared: no margin tiers for {other.symbol}, which shares the margin"
        other_mm += float(maintenance_margin(_table(tiers), other.notional))
    wallet = sum(b.amount for b in margin_wallets)
    return wallet, other_mm, sum(_upnl(p) for p in others)


def check_position(
    holdings: AccountHoldings, position: Position, account_mode: MarginMode
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
    if position.margin_mode is MarginMode.ISOLATED:
        if position.isolated_margin is None:
            return result(None, "not compared: the isolated margin is unknown")
        wallet, other_mm, other_upnl = position.isolated_margin, 0.0, 0.0
    elif account_mode is MarginMode.UNIFIED or position.margin_mode is MarginMode.UNIFIED:
        return result(None, "not compared: a unified account liquidates on all its collateral at once")
    else:
        margin = _cross_margin(holdings, position)
        if isinstance(margin, str):
            return result(None, margin)
        wallet, other_mm, other_upnl = margin
    try:
        price = binance_liquidation_price_tiered(
            _table(tiers),
            position.side.sign,
            position.size,
            position.entry_price,
            wallet,
            other_mm,
            other_upnl,
        )
    except RiskInputError as exc:
        return result(None, f"not compared: {exc}")
    return result(price if price > 0 else None, "")


def check_liquidation_prices(holdings: AccountHoldings, account_mode: MarginMode) -> list[LiquidationCheck]:
    return [check_position(holdings, p, account_mode) for p in holdings.positions]
