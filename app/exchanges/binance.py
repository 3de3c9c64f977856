"""Binance: the spot wallet and the USDⓈ-M futures wallet with its positions and brackets.

An account set to margin mode `unified` is a Portfolio Margin account: its wallet,
debts, UM positions and brackets are read from the papi endpoints ccxt exposes
(`portfolioMargin`), and the engine liquidates it at uniMMR ≤ 1.05.

One ColdSplit account covers both wallets of one Binance key: spot balances (not
margin, but they can be moved there) and the USDⓈ-M futures account (cross or
isolated positions, maintenance-margin brackets from /fapi/v1/leverageBracket).
"""

from __future__ import annotations

from typing import Any

import ccxt

from app.exchanges.client import StrictJsonMixin
from app.exchanges.errors import VenueBadResponse
from app.exchanges.models import AccountHoldings, Balance, Loan, MarginMode
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

# GET /sapi/v1/account/apiRestrictions flags (Binance wallet API docs) and what each allows.
_BINANCE_PERMISSIONS = {
    "enableWithdrawals": "withdraw",
    "enableInternalTransfer": "transfer",
    "permitsUniversalTransfer": "transfer",
    "enableSpotAndMarginTrading": "trade",
    "enableFutures": "trade",
    "enableMargin": "trade",
    "enableVanillaOptions": "trade",
    "enablePortfolioMarginTrading": "trade",
}


class BinanceClient(StrictJsonMixin, ccxt.binance):  # type: ignore[misc]
    pass


class Binance(Venue):
    name = "binance"
    display_name = "Binance"
    book_limit = 1000
    default_margin_mode = MarginMode.CROSS

    def new_exchange(self, config: dict[str, Any]) -> ccxt.Exchange:
        options = {
            # Spot and USDⓈ-M only; the coin list needs a wallet permission a read-only key may lack.
            "fetchMarkets": {"types": ["spot", "linear"]},
            "fetchCurrencies": False,
            "fetchMargins": False,
        }
        return BinanceClient({**config, "options": options})

    def key_permissions(self, client: ccxt.Exchange) -> frozenset[str] | None:
        restrictions = self.call("the API key's permissions", client.sapiGetAccountApiRestrictions)
        if not isinstance(restrictions, dict):
            raise VenueBadResponse(f"{self.display_name} sent unreadable API key permissions")
        return frozenset(
            permission for flag, permission in _BINANCE_PERMISSIONS.items() if restrictions.get(flag) is True
        )

    def read_holdings(self, client: ccxt.Exchange, margin_mode: MarginMode) -> AccountHoldings:
        venue = self.display_name
        portfolio = margin_mode is MarginMode.UNIFIED
        # Portfolio Margin accounts answer on the papi endpoints (ccxt's `portfolioMargin` flag).
        params: dict[str, Any] = {"subType": "linear"}
        if portfolio:
            params["portfolioMargin"] = True
        self.call("markets", client.load_markets)
        spot = self.call("the spot balance", client.fetch_balance, {"type": "spot"})
        require_shape(isinstance(dig(spot, "info", "balances"), list), venue, "the spot balance")
        loans: tuple[Loan, ...] = ()
        if portfolio:
            unified = self.call(
                "the Portfolio Margin balance", client.fetch_balance, {"portfolioMargin": True}
            )
            margin, loans = _portfolio_wallet(unified, venue)
        else:
            futures = self.call(
                "the USDⓈ-M balance", client.fetch_balance, {"type": "swap", "subType": "linear"}
            )
            margin = _futures_wallet_balances(futures, venue)
        raw_positions = self.call("USDⓈ-M positions", client.fetch_positions, None, dict(params))
        require_shape(isinstance(client.last_json_response, list), venue, "the positions")
        positions = positions_from_ccxt(raw_positions, client.markets, venue)
        tiers = {}
        if positions:
            symbols = sorted({p.symbol for p in positions})
            raw_tiers = self.call("margin brackets", client.fetch_leverage_tiers, symbols, dict(params))
            tiers = tiers_from_ccxt(raw_tiers, venue)
            require_tiers_for(positions, tiers, venue)
        balances = balances_from_ccxt(spot, "spot", venue) + margin
        return AccountHoldings(balances=balances, positions=positions, loans=loans, margin_tiers=tiers)


def _futures_wallet_balances(futures: dict[str, Any], venue: str) -> tuple[Balance, ...]:
    """The futures wallet balance per asset, without unrealised PnL.

    ccxt reports `marginBalance` (wallet + unrealised PnL); the engine recomputes PnL
    from the positions at each scenario price, so it needs the wallet balance itself.
    """
    info = futures.get("info")
    assets = info.get("assets") if isinstance(info, dict) else None
    if not isinstance(assets, list):
        raise VenueBadResponse(f"{venue} sent a USDⓈ-M account without its assets list")
    wallet_only = {
        "total": {str(a.get("asset")): a.get("walletBalance") for a in assets if isinstance(a, dict)}
    }
    return balances_from_ccxt(wallet_only, "futures", venue)


def _portfolio_wallet(unified: dict[str, Any], venue: str) -> tuple[tuple[Balance, ...], tuple[Loan, ...]]:
    """Portfolio Margin: each asset's total wallet balance (no PnL) and its cross-margin debt."""
    entries = unified.get("info")
    if not isinstance(entries, list):
        raise VenueBadResponse(f"{venue} sent a Portfolio Margin balance that is not a list")
    rows = [e for e in entries if isinstance(e, dict)]
    wallet = {"total": {str(e.get("asset")): e.get("totalWalletBalance") for e in rows}}
    debts = {}
    for e in rows:
        try:
            debts[str(e.get("asset"))] = float(e.get("crossMarginBorrowed") or 0) + float(
                e.get("crossMarginInterest") or 0
            )
        except (TypeError, ValueError):
            raise VenueBadResponse(f"{venue} sent a non-numeric Portfolio Margin debt") from None
    return balances_from_ccxt(wallet, "portfolio", venue), loans_from_ccxt(
        {"debt": debts}, "portfolio", venue
    )


BINANCE = Binance()
