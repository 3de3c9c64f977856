"""The holdings split as the GUI is handed it: totals, accounts, positions, and what has no price.

Kept apart from app.services.ports (which re-exports these names) so that file stays small.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.messages import Message

if TYPE_CHECKING:  # numpy and the engine load with the holdings, on a worker
    from app.usecases.trader_numbers import AccountNumbers


@dataclass(frozen=True)
class AccountLine:
    place: str  # "trading" or "cold"
    account: str
    venue: str
    usd: float


@dataclass(frozen=True)
class PositionLine:
    account: str
    venue: str
    asset: str
    side: str
    size: float
    entry: float
    mode: str


@dataclass(frozen=True)
class HoldingsView:
    name: str
    source: Path
    total_usd: float
    trading_usd: float
    cold_usd: float
    exchange_share: float
    accounts: tuple[AccountLine, ...]
    positions: tuple[PositionLine, ...]
    # Each margin account's equity, maintenance and margin ratio, and per position the
    # trader's numbers (app.usecases.trader_numbers), in the portfolio's order.
    margin_accounts: tuple[AccountNumbers, ...] = ()
    # One sentence per asset without a price (listed, counted in no total; app.holdings).
    notes: tuple[Message, ...] = ()
