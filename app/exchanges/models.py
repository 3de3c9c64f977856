"""The normalised trading-account model every venue mapping produces.

A venue account holds balances (with the collateral haircut tiers the venue applies),
positions and loans. Sizes are in base-asset units and always positive; the side says
which way. Prices and notionals are in the quote currency (USD or USDT). The venue's
own liquidation price is kept as reported so the engine's can be compared with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class MarginMode(StrEnum):
    """How a venue pools margin: one position, the whole account, or the whole wallet."""

    ISOLATED = "isolated"
    CROSS = "cross"
    UNIFIED = "unified"
    SPOT = "spot"


class Side(StrEnum):
    LONG = "long"
    SHORT = "short"

    @property
    def sign(self) -> int:
        return 1 if self is Side.LONG else -1


@dataclass(frozen=True)
class HaircutTier:
    """Collateral valued at `haircut` (0..1] of its market value above `floor_usd` of notional."""

    floor_usd: float
    haircut: float


@dataclass(frozen=True)
class MarginTier:
    """One maintenance-margin bracket: positions of notional >= floor_usd use `mmr`."""

    floor_usd: float
    mmr: float
    max_leverage: float


@dataclass(frozen=True)
class Balance:
    """An asset held in one wallet of the account ("spot", "futures", "unified", …)."""

    asset: str
    amount: float
    wallet: str = "main"
    haircut_tiers: tuple[HaircutTier, ...] = ()


@dataclass(frozen=True)
class Position:
    symbol: str
    base_asset: str
    side: Side
    size: float
    entry_price: float
    mark_price: float
    leverage: float | None
    margin_mode: MarginMode
    isolated_margin: float | None = None
    venue_liquidation_price: float | None = None

    @property
    def notional(self) -> float:
        return self.size * self.mark_price


@dataclass(frozen=True)
class Loan:
    asset: str
    amount: float
    wallet: str = "main"


@dataclass(frozen=True)
class AccountHoldings:
    """What one venue account holds at one moment, as imported or entered."""

    balances: tuple[Balance, ...] = ()
    positions: tuple[Position, ...] = ()
    loans: tuple[Loan, ...] = ()
    margin_tiers: dict[str, tuple[MarginTier, ...]] = field(default_factory=dict)
