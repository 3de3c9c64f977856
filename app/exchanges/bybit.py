"""Bybit: the unified trading account (UTA): one wallet of collateral coins, USDT/USDC perps.

Coins in the unified wallet are all margin, each valued at a tiered collateral ratio
(read from /v5/account/collateral-info by the engine's haircut tables when present);
borrowed coins are loans. Maintenance-margin tiers come from the public risk-limit
table of each market held.
"""

from __future__ import annotations

from typing import Any

import ccxt

from app.exchanges.client import StrictJsonMixin
from app.exchanges.models import AccountHoldings, MarginMode
from app.exchanges.venue import (
    Venue,
    balances_from_ccxt,
    loans_from_ccxt,
    positions_from_ccxt,
    tiers_from_ccxt,
)


class BybitClient(StrictJsonMixin, ccxt.bybit):  # type: ignore[misc]
    pass


class Bybit(Venue):
    name = "bybit"
    display_name = "Bybit"
    book_limit = 500
    default_margin_mode = MarginMode.UNIFIED

    def new_exchange(self, config: dict[str, Any]) -> ccxt.Exchange:
        return BybitClient(
            {
                **config,
                # The coin list needs a wallet permission a read-only key may lack; markets suffice.
                "has": {"fetchCurrencies": False},
                "options": {"fetchMarkets": {"types": ["spot", "linear"]}},
            }
        )

    def read_holdings(self, client: ccxt.Exchange) -> AccountHoldings:
        venue = self.display_name
        self.call("markets", client.load_markets)
        wallet = self.call("the unified wallet", client.fetch_balance)
        raw_positions = self.call("positions", client.fetch_positions, None, {"category": "linear"})
        positions = positions_from_ccxt(raw_positions, client.markets, venue)
        tiers = {}
        if positions:
            symbols = sorted({p.symbol for p in positions})
            raw_tiers = {
                s: self.call(f"{s} risk limits", client.fetch_market_leverage_tiers, s) for s in symbols
            }
            tiers = tiers_from_ccxt(raw_tiers, venue)
        return AccountHoldings(
            balances=balances_from_ccxt(wallet, "unified", venue),
            positions=positions,
            loans=loans_from_ccxt(wallet, "unified", venue),
            margin_tiers=tiers,
        )


BYBIT = Bybit()
