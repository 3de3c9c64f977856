"""The holdings split: what sits on exchanges (per venue account) and what sits in cold storage.

A holdings file is the engine's portfolio JSON (risk.portfolio_json) with two optional
lists beside it, which the engine itself ignores:

    "spot": [{"account": "Binance Spot", "venue": "binance", "asset": "ETH", "amount": 10,
              "long_term": true}]            coins in an exchange spot wallet (not margin)
    "cold": [{"account": "Trezor BTC", "asset": "BTC", "amount": 1.2}]
                                             coins in a cold-storage account
    "unpriced": [{"place": "trading", "account": "hl spot", "asset": "HYPE", "amount": 3}]
                                             spot or cold coins without a price: listed
                                             and named in a note, left out of every total

Every asset in the spot and cold lists needs a price in "prices", and BTC needs one for
the BTC column. A builder that cannot price a spot or cold asset (app.holdings_store: no
market snapshot of it) puts it in "unpriced" instead, so the totals say what they leave out
rather than failing or pretending it is worth nothing.

Margin-account value is counted as risk.portfolio counts exchange-held margin:
collateral at market value, each position's unrealised PnL and isolated margin (both
in USD, shown as the asset "USD"), and a lending loop's equity (its capital) in the
looped asset.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import numpy as np

from app.errors import UserError
from app.messages import Message, MessageKey, message
from risk._types import RiskInputError
from risk.jsonfields import Fields, load_json_object
from risk.portfolio import Account, Portfolio
from risk.portfolio_json import load_portfolio

USD = "USD"


class HoldingsError(UserError):
    """A holdings file the user can fix (a missing price, a bad field)."""


class Place(StrEnum):
    TRADING = "trading"
    COLD = "cold"


@dataclass(frozen=True)
class SpotHolding:
    """Coins in an exchange's spot wallet: not margin, so nothing is liquidated with them."""

    account: str
    venue: str
    asset: str
    amount: float
    long_term: bool


@dataclass(frozen=True)
class ColdHolding:
    account: str
    asset: str
    amount: float


@dataclass(frozen=True)
class Unpriced:
    """Spot or cold coins without a price: shown by name, counted in no total."""

    place: Place
    account: str
    asset: str
    amount: float


@dataclass(frozen=True)
class HoldingsDocument:
    portfolio: Portfolio
    spot: tuple[SpotHolding, ...]
    cold: tuple[ColdHolding, ...]
    unpriced: tuple[Unpriced, ...] = ()

    def price(self, asset: str) -> float:
        if asset == USD:
            return 1.0
        if asset not in self.portfolio.prices:
            raise HoldingsError(f"holdings: no price for {asset} (add it to 'prices')")
        return float(self.portfolio.prices[asset])


@dataclass(frozen=True)
class Line:
    """One asset in one account: where it sits, how much, and its value."""

    place: Place
    account: str
    venue: str | None
    asset: str
    amount: float
    usd: float
    btc: float


@dataclass(frozen=True)
class Holdings:
    lines: tuple[Line, ...]
    total_usd: float
    trading_usd: float
    cold_usd: float
    btc_price: float
    unpriced: tuple[Unpriced, ...] = ()

    def notes(self) -> tuple[Message, ...]:
        return unpriced_notes(self.unpriced)

    @property
    def exchange_share(self) -> float:
        """The share of total wealth that sits on exchanges (0 when there is nothing at all)."""
        return self.trading_usd / self.total_usd if self.total_usd > 0 else 0.0

    def by_account(self, place: Place) -> dict[str, float]:
        totals: dict[str, float] = defaultdict(float)
        for line in self.lines:
            if line.place is place:
                totals[line.account] += line.usd
        return dict(totals)

    def by_asset(self) -> dict[str, dict[str, float]]:
        """Per asset: coins and USD, trading and cold."""
        table: dict[str, dict[str, float]] = {}
        for line in self.lines:
            row = table.setdefault(
                line.asset, {"trading_amount": 0.0, "cold_amount": 0.0, "trading_usd": 0.0, "cold_usd": 0.0}
            )
            row[f"{line.place.value}_amount"] += line.amount
            row[f"{line.place.value}_usd"] += line.usd
        return dict(sorted(table.items()))


def load_holdings(path: Path) -> HoldingsDocument:
    """The portfolio plus its spot and cold lists; every error names the field."""
    try:
        portfolio = load_portfolio(path)
        root = Fields(load_json_object(path, "holdings"), path.name)
        spot = (
            tuple(_spot(item) for item in root.objects("spot", allow_empty=True)) if root.has("spot") else ()
        )
        cold = (
            tuple(_cold(item) for item in root.objects("cold", allow_empty=True)) if root.has("cold") else ()
        )
        unpriced = (
            tuple(_unpriced(item) for item in root.objects("unpriced", allow_empty=True))
            if root.has("unpriced")
            else ()
        )
    except RiskInputError as exc:
        raise HoldingsError(exc.message) from None
    document = HoldingsDocument(portfolio, spot, cold, unpriced)
    for asset in {h.asset for h in spot} | {h.asset for h in cold} | {"BTC"}:
        document.price(asset)
    return document


def _spot(item: Fields) -> SpotHolding:
    long_term = item.data.get("long_term", False)
    if not isinstance(long_term, bool):
        raise HoldingsError(f"{item.at('long_term')}: expected true or false, got {long_term!r}")
    return SpotHolding(
        item.text("account"),
        item.text("venue").strip().lower(),
        item.text("asset"),
        item.number("amount", low=0),
        long_term,
    )


def _cold(item: Fields) -> ColdHolding:
    return ColdHolding(item.text("account"), item.text("asset"), item.number("amount", low=0))


def _unpriced(item: Fields) -> Unpriced:
    place = item.text("place")
    if place not in {p.value for p in Place}:
        raise HoldingsError(f"{item.at('place')}: expected 'trading' or 'cold', got {place!r}")
    return Unpriced(Place(place), item.text("account"), item.text("asset"), item.number("amount", low=0))


def unpriced_notes(unpriced: tuple[Unpriced, ...]) -> tuple[Message, ...]:
    """One sentence per asset without a price: how much, where, and how to give it one."""
    by_asset: dict[str, list[Unpriced]] = defaultdict(list)
    for item in unpriced:
        by_asset[item.asset].append(item)
    return tuple(
        message(
            MessageKey.NOTE_UNPRICED,
            amount=f"{sum(i.amount for i in items):,.8g}",
            asset=asset,
            accounts=", ".join(sorted({i.account for i in items})),
        )
        for asset, items in sorted(by_asset.items())
    )


def compute_holdings(document: HoldingsDocument) -> Holdings:
    """Every line of the split with its USD and BTC value, and the totals."""
    btc_price = document.price("BTC")
    raw: list[tuple[Place, str, str | None, str, float]] = []
    for account in document.portfolio.accounts:
        raw.extend(
            (Place.TRADING, account.name, account.venue, asset, amount)
            for asset, amount in margin_account_amounts(account, document.portfolio.prices).items()
        )
    raw.extend((Place.TRADING, s.account, s.venue, s.asset, s.amount) for s in document.spot)
    raw.extend((Place.COLD, c.account, None, c.asset, c.amount) for c in document.cold)
    lines = tuple(
        Line(place, account, venue, asset, amount, amount * document.price(asset), 0.0)
        for place, account, venue, asset, amount in raw
    )
    lines = tuple(
        Line(x.place, x.account, x.venue, x.asset, x.amount, x.usd, x.usd / btc_price) for x in lines
    )
    trading = float(sum(x.usd for x in lines if x.place is Place.TRADING))
    cold = float(sum(x.usd for x in lines if x.place is Place.COLD))
    return Holdings(lines, trading + cold, trading, cold, btc_price, document.unpriced)


def margin_account_amounts(account: Account, prices: Mapping[str, float]) -> dict[str, float]:
    """What a margin account holds, per asset, at pre-shock prices (the engine's exchange-held margin)."""
    amounts: dict[str, float] = defaultdict(float)
    for holding in account.collateral:
        amounts[holding.asset] += holding.amount
    usd = 0.0
    for position in account.positions:
        usd += float(position.pnl(np.array(prices[position.asset]))) + position.isolated_margin
    if usd != 0.0:
        amounts[USD] += usd
    for loop in account.loops:
        amounts[loop.asset] += loop.loop.capital / prices[loop.asset]
    return dict(amounts)
