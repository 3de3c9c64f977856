"""OKX: the trading account (spot/margin/swap in one), read with key, secret and passphrase.

OKX states position tiers in contracts, not in notional; they are turned into USD
floors at the position's mark price (contracts × contract value × mark), which is the
notional the engine brackets by, at today's price.
"""

from __future__ import annotations

from typing import Any

import ccxt

from app.exchanges.client import StrictJsonMixin
from app.exchanges.errors import VenueBadResponse
from app.exchanges.models import AccountHoldings, Loan, MarginMode, MarginTier, Position
from app.exchanges.venue import (
    Venue,
    balances_from_ccxt,
    dig,
    loans_from_ccxt,
    positions_from_ccxt,
    require_shape,
    tiers_from_ccxt,
)


class OkxClient(StrictJsonMixin, ccxt.okx):  # type: ignore[misc]
    pass


class Okx(Venue):
    name = "okx"
    display_name = "OKX"
    needs_passphrase = True
    book_limit = 400
    default_margin_mode = MarginMode.CROSS

    def new_exchange(self, config: dict[str, Any]) -> ccxt.Exchange:
        return OkxClient(
            {
                **config,
                "has": {"fetchCurrencies": False},
                # Dated futures too, so a futures position is read rather than refused as unknown.
                "options": {"fetchMarkets": {"types": ["spot", "swap", "future"]}},
            }
        )

    def key_permissions(self, client: ccxt.Exchange) -> frozenset[str] | None:
        """From GET /api/v5/account/config: `perm` lists read_only, trade and withdraw."""
        answer = self.call("the API key's permissions", client.privateGetAccountConfig)
        data = answer.get("data") if isinstance(answer, dict) else None
        if not isinstance(data, list) or not data or not isinstance(data[0], dict):
            raise VenueBadResponse(f"{self.display_name} sent unreadable API key permissions")
        granted = {p.strip() for p in str(data[0].get("perm", "")).split(",")}
        return frozenset(granted & {"trade", "withdraw"})

    def read_holdings(self, client: ccxt.Exchange, margin_mode: MarginMode) -> AccountHoldings:
        venue = self.display_name
        self.call("markets", client.load_markets)
        account = self.call("the trading account", client.fetch_balance)
        require_shape(
            isinstance(dig(account, "info", "data", 0, "details"), list), venue, "the trading account"
        )
        raw_positions = self.call("positions", client.fetch_positions)
        require_shape(isinstance(dig(client.last_json_response, "data"), list), venue, "the positions")
        positions = positions_from_ccxt(raw_positions, client.markets, venue)
        tiers: dict[str, tuple[MarginTier, ...]] = {}
        for position in positions:
            raw = self.call(
                f"{position.symbol} position tiers", client.fetch_market_leverage_tiers, position.symbol
            )
            in_contracts = tiers_from_ccxt({position.symbol: raw}, venue)[position.symbol]
            tiers[position.symbol] = _in_usd(in_contracts, client.markets[position.symbol], position)
        return AccountHoldings(
            balances=balances_from_ccxt(account, "trading", venue),
            positions=positions,
            loans=_liabilities(account, venue),
            margin_tiers=tiers,
        )


def _liabilities(account: dict[str, Any], venue: str) -> tuple[Loan, ...]:
    """Borrowed coins: OKX's per-currency `liab` (ccxt leaves it out of the unified balance)."""
    info = account.get("info")
    data = info.get("data") if isinstance(info, dict) else None
    details = (
        data[0].get("details") if isinstance(data, list) and data and isinstance(data[0], dict) else None
    )
    if not isinstance(details, list):
        return loans_from_ccxt(account, "trading", venue)
    debts = {str(d.get("ccy")): d.get("liab") for d in details if isinstance(d, dict)}
    return loans_from_ccxt({"debt": debts}, "trading", venue)


def _in_usd(
    tiers: tuple[MarginTier, ...], market: dict[str, Any], position: Position
) -> tuple[MarginTier, ...]:
    usd_per_contract = float(market.get("contractSize") or 1.0) * position.mark_price
    return tuple(MarginTier(t.floor_usd * usd_per_contract, t.mmr, t.max_leverage) for t in tiers)


OKX = Okx()
