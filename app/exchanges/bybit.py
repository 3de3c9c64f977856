"""Bybit: the unified trading account (UTA): one wallet of collateral coins, USDT/USDC perps.

Coins in the unified wallet are all margin, each valued at Bybit's tiered collateral
ratio (public GET /v5/spot-margin-trade/collateral, "Get Tiered Collateral Ratio");
its tiers are in coins and become USD floors at the coin's value in the wallet
(usdValue / walletBalance). Borrowed coins are loans. Maintenance-margin tiers come
from the public risk-limit table of each market held.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import ccxt

from app.exchanges.client import StrictJsonMixin
from app.exchanges.errors import VenueBadResponse
from app.exchanges.models import AccountHoldings, HaircutTier, MarginMode
from app.exchanges.venue import (
    Venue,
    balances_from_ccxt,
    dig,
    loans_from_ccxt,
    positions_from_ccxt,
    require_shape,
    require_tiers_for,
    tiers_from_ccxt,
)

_BYBIT_TRADING_GROUPS = (
    "ContractTrade",
    "Spot",
    "Options",
    "Derivatives",
    "CopyTrading",
    "BlockTrade",
    "Exchange",
)


SETTLE_COINS = ("USDT", "USDC")


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

    def key_permissions(self, client: ccxt.Exchange) -> frozenset[str] | None:
        """From GET /v5/user/query-api: readOnly 1 is a read-only key; else its permission lists."""
        answer = self.call("the API key's permissions", client.privateGetV5UserQueryApi)
        result = answer.get("result") if isinstance(answer, dict) else None
        if not isinstance(result, dict):
            raise VenueBadResponse(f"{self.display_name} sent unreadable API key permissions")
        if str(result.get("readOnly")) == "1":
            return frozenset()
        granted = result.get("permissions") or {}
        found = set()
        for group, names in granted.items():
            if group in _BYBIT_TRADING_GROUPS and names:
                found.add("trade")
            elif group == "Wallet":
                found |= {"withdraw" for n in names or [] if n == "Withdraw"}
                found |= {"transfer" for n in names or [] if "Transfer" in n}
        # A key that is not read-only can place orders even when it lists no trading group.
        return frozenset(found or {"trade"})

    def read_holdings(self, client: ccxt.Exchange, margin_mode: MarginMode) -> AccountHoldings:
        venue = self.display_name
        self.call("markets", client.load_markets)
        wallet = self.call("the unified wallet", client.fetch_balance)
        require_shape(bool(dig(wallet, "info", "result", "list")), venue, "the unified wallet")
        raw_positions = []
        # /v5/position/list answers one settle coin at a time: USDT perps, then USDC perps.
        for settle in SETTLE_COINS:
            params = {"category": "linear", "settleCoin": settle}
            raw_positions += self.call(f"{settle} positions", client.fetch_positions, None, params)
            answer = dig(client.last_json_response, "result", "list")
            require_shape(isinstance(answer, list), venue, f"the {settle} positions")
        positions = positions_from_ccxt(raw_positions, client.markets, venue)
        tiers = {}
        if positions:
            symbols = sorted({p.symbol for p in positions})
            raw_tiers = {
                s: self.call(f"{s} risk limits", client.fetch_market_leverage_tiers, s) for s in symbols
            }
            tiers = tiers_from_ccxt(raw_tiers, venue)
            require_tiers_for(positions, tiers, venue)
        balances = tuple(
            replace(b, haircut_tiers=self._haircuts(client, wallet, b.asset))
            for b in balances_from_ccxt(wallet, "unified", venue)
        )
        return AccountHoldings(
            balances=balances,
            positions=positions,
            loans=loans_from_ccxt(wallet, "unified", venue),
            margin_tiers=tiers,
        )

    def _haircuts(self, client: ccxt.Exchange, wallet: dict[str, Any], asset: str) -> tuple[HaircutTier, ...]:
        venue = self.display_name
        answer = self.call(
            f"the {asset} collateral ratios", client.publicGetV5SpotMarginTradeCollateral, {"currency": asset}
        )
        rows = (answer.get("result") or {}).get("list") if isinstance(answer, dict) else None
        if not isinstance(rows, list):
            raise VenueBadResponse(f"{venue} sent no collateral ratio list for {asset}")
        tiers = next((r.get("collateralRatioList") for r in rows if r.get("currency") == asset), None)
        if not tiers:
            return ()
        price = _coin_price(wallet, asset, venue)
        try:
            parsed = [HaircutTier(float(t["minQty"]) * price, float(t["collateralRatio"])) for t in tiers]
        except (KeyError, TypeError, ValueError):
            raise VenueBadResponse(f"{venue} sent malformed collateral ratios for {asset}") from None
        if any(not 0 <= t.haircut <= 1 or t.floor_usd < 0 for t in parsed):
            raise VenueBadResponse(f"{venue} sent a collateral ratio outside 0..1 for {asset}")
        return tuple(sorted(parsed, key=lambda t: t.floor_usd))


def _coin_price(wallet: dict[str, Any], asset: str, venue: str) -> float:
    """USD per coin as the wallet values it (usdValue / walletBalance)."""
    accounts = (wallet.get("info") or {}).get("result", {}).get("list") or []
    for coin in (c for account in accounts for c in account.get("coin", [])):
        if coin.get("coin") == asset:
            try:
                return float(coin["usdValue"]) / float(coin["walletBalance"])
            except (KeyError, TypeError, ValueError, ZeroDivisionError):
                break
    raise VenueBadResponse(f"{venue} sent no USD value for {asset} in the unified wallet")


BYBIT = Bybit()
