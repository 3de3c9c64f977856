"""Hyperliquid: read by the public wallet address alone (the info endpoint needs no key).

Perp margin is USDC in the clearinghouse; spot tokens sit in the spot clearinghouse.
Hyperliquid's maintenance margin is half the initial margin at maximum leverage,
mmr = 1 / (2 · max_leverage) (Hyperliquid docs, "Margining"; RISK_MODEL.md §4), one
tier per market.
"""

from __future__ import annotations

from typing import Any

import ccxt

from app.exchanges.client import StrictJsonMixin
from app.exchanges.errors import VenueBadResponse
from app.exchanges.models import AccountHoldings, Balance, MarginMode, MarginTier
from app.exchanges.venue import Venue, balances_from_ccxt, dig, positions_from_ccxt, require_shape


class HyperliquidClient(StrictJsonMixin, ccxt.hyperliquid):  # type: ignore[misc]
    pass


class Hyperliquid(Venue):
    name = "hyperliquid"
    display_name = "Hyperliquid"
    needs_secret = False
    needs_wallet_address = True
    default_margin_mode = MarginMode.CROSS

    def new_exchange(self, config: dict[str, Any]) -> ccxt.Exchange:
        # Builder-deployed (HIP-3) perp dexes are left out: one request per dex, rarely margin users hold.
        return HyperliquidClient({**config, "options": {"fetchMarkets": {"types": ["spot", "swap"]}}})

    def read_holdings(self, client: ccxt.Exchange, margin_mode: MarginMode) -> AccountHoldings:
        venue = self.display_name
        self.call("markets", client.load_markets)
        spot = self.call("the spot balances", client.fetch_balance, {"type": "spot"})
        require_shape(isinstance(dig(spot, "info", "balances"), list), venue, "the spot balances")
        perp = self.call("the perp account", client.fetch_balance, {"type": "swap"})
        raw_positions = self.call("positions", client.fetch_positions)
        require_shape(
            isinstance(dig(client.last_json_response, "assetPositions"), list), venue, "the positions"
        )
        positions = positions_from_ccxt(raw_positions, client.markets, venue)
        balances = (*balances_from_ccxt(spot, "spot", venue), _perp_wallet(perp, raw_positions, venue))
        tiers: dict[str, tuple[MarginTier, ...]] = {
            p.symbol: (hyperliquid_tier(client.markets[p.symbol], venue),) for p in positions
        }
        held = tuple(b for b in balances if b.amount > 0)
        return AccountHoldings(balances=held, positions=positions, margin_tiers=tiers)


def hyperliquid_tier(market: dict[str, Any], venue: str) -> MarginTier:
    max_leverage = market.get("limits", {}).get("leverage", {}).get("max")
    if not isinstance(max_leverage, int | float) or max_leverage <= 0:
        raise VenueBadResponse(f"{venue} sent market {market.get('symbol')!r} without its max leverage")
    return MarginTier(0.0, 1.0 / (2.0 * float(max_leverage)), float(max_leverage))


def _perp_wallet(perp: dict[str, Any], raw_positions: list[dict[str, Any]], venue: str) -> Balance:
    """USDC in the perp account without unrealised PnL: account value − Σ unrealised PnL.

    The engine recomputes PnL at each scenario price from entry and size, so counting
    the venue's current PnL in the balance as well would count it twice.
    """
    info = perp.get("info")
    summary = info.get("marginSummary") if isinstance(info, dict) else None
    if not isinstance(summary, dict) or "accountValue" not in summary:
        raise VenueBadResponse(f"{venue} sent a perp account without its margin summary")
    try:
        account_value = float(summary["accountValue"])
        pnl = sum(float(p.get("unrealizedPnl") or 0.0) for p in raw_positions)
    except (TypeError, ValueError):
        raise VenueBadResponse(f"{venue} sent a non-numeric account value or PnL") from None
    return Balance("USDC", max(account_value - pnl, 0.0), "perp")


HYPERLIQUID = Hyperliquid()
