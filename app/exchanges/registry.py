"""The venues ColdSplit can read, listed explicitly (no lookup by class name)."""

from __future__ import annotations

from app.errors import UserError
from app.exchanges.binance import BINANCE
from app.exchanges.bybit import BYBIT
from app.exchanges.hyperliquid import HYPERLIQUID
from app.exchanges.okx import OKX
from app.exchanges.venue import Venue


class UnknownVenueError(UserError):
    pass


def all_venues() -> dict[str, Venue]:
    return {venue.name: venue for venue in (BINANCE, BYBIT, OKX, HYPERLIQUID)}


def get_venue(name: str) -> Venue:
    venues = all_venues()
    venue = venues.get(name.strip().lower())
    if venue is None:
        raise UnknownVenueError(f"unknown venue {name!r}; choose one of {', '.join(venues)}")
    return venue
