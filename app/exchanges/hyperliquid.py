"""Hyperliquid: read by the public wallet address alone (the info endpoint needs no key).

Perp margin is USDC in the clearinghouse; spot tokens sit in the spot clearinghouse.
Hyperliquid's maintenance margin is half the initial margin at maximum leverage,
mmr = 1 / (2 · max_leverage) (Hyperliquid docs, "Margining"; RISK_MODEL.md §4). Large
markets step their max leverage down with notional ("Margin tiers": BTC 40x up to
$150M, 20x beyond), read from the margin tables in `meta`; each tier's mmr follows the
same rule.
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

    def _margin_tables(self, client: ccxt.Exchange) -> dict[int, list[dict[str, Any]]]:
        """Tiered margin tables by id, from POST /info {"type": "meta"} (ccxt's markets drop them).

        Tables with an id below 50 are flat at that leverage and not listed; a market on
        one of those, or on none, uses its max leverage at every size.
        """
        meta = self.call("margin tables", client.publicPostInfo, {"type": "meta"})
        listed = meta.get("marginTables") if isinstance(meta, dict) else None
        if not isinstance(listed, list):
            raise VenueBadResponse(f"{self.display_name} sent the margin tables in an unexpected shape")
        tables: dict[int, list[dict[str, Any]]] = {}
        for entry in listed:
            if isinstance(entry, list) and len(entry) == 2 and isinstance(entry[1], dict):
                tiers = entry[1].get("marginTiers")
                if isinstance(entry[0], int) and isinstance(tiers, list):
                    tables[entry[0]] = [t for t in tiers if isinstance(t, dict)]
        return tables

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
        tables = self._margin_tables(client) if positions else {}
        tiers = {p.symbol: hyperliquid_tiers(client.markets[p.symbol], tables, venue) for p in positions}
        held = tuple(b for b in balances if b.amount > 0)
        return AccountHoldings(balances=held, positions=positions, margin_tiers=tiers)


def _tier(floor: Any, max_leverage: Any, where: str, venue: str) -> MarginTier:
    try:
        floor_usd, leverage = float(floor), float(max_leverage)
    except (TypeError, ValueError):
        raise VenueBadResponse(f"{venue} sent a malformed margin tier for {where}") from None
    if not (floor_usd >= 0 and leverage >= 1):
        raise VenueBadResponse(f"{venue} sent an impossible margin tier for {where}")
    return MarginTier(floor_usd, 1.0 / (2.0 * leverage), leverage)


def hyperliquid_tiers(
    market: dict[str, Any], tables: dict[int, list[dict[str, Any]]], venue: str
) -> tuple[MarginTier, ...]:
    """The market's margin table if `meta` lists one for it, else one tier at its max leverage."""
    symbol = str(market.get("symbol"))
    table_id = (market.get("info") or {}).get("marginTableId")
    listed = tables.get(table_id) if isinstance(table_id, int) else None
    if listed:
        return tuple(
            sorted(
                (_tier(t.get("lowerBound"), t.get("maxLeverage"), symbol, venue) for t in listed),
                key=lambda t: t.floor_usd,
            )
        )
    max_leverage = market.get("limits", {}).get("leverage", {}).get("max")
    return (_tier(0.0, max_leverage, symbol, venue),)


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
