"""The holdings file built from the store: the venue accounts as imported or refreshed.

Margin accounts come from `app.exchanges.engine_export` (collateral, positions with their
tier tables, stablecoin loans netted); each account's spot wallet becomes the holdings
file's "spot" list, long-term for the assets the user names (BTC and ETH by default,
the source article's long-term holdings). Cold holdings are the confirmed balances of
the network's Bitcoin cold accounts as their watch-only wallets last synced
(`coldsplit wallet sync`), and the Ethereum cold account's ETH and stablecoins as its last
good `coldsplit eth sync` read them (app.eth.holdings); reading them touches no network. A
cold account never synced is left out rather than shown as empty. A spot or cold asset with
no price (not a USD stablecoin, no market snapshot of it) goes to the "unpriced" list: named
in a note and left out of the totals, never valued at zero and never a refusal.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from app.exchanges.engine_export import portfolio_json
from app.exchanges.repository import list_accounts, load_holdings
from app.holdings import HoldingsDocument, HoldingsError
from app.holdings import load_holdings as load_holdings_file
from app.store import Store
from risk.portfolio import USD_STABLECOINS

DEFAULT_LONG_TERM = ("BTC", "ETH")


def stored_holdings_json(
    store: Store, data_dir: Path, network: str, long_term: Iterable[str] = DEFAULT_LONG_TERM
) -> dict[str, Any]:
    """The holdings document (app.holdings format) of the stored venue and cold accounts."""
    from app.eth.holdings import eth_cold_balances

    document = portfolio_json(store, title="Stored accounts")
    spot = _spot_rows(store, {asset.upper() for asset in long_term})
    cold = cold_balances(store, data_dir, network) + eth_cold_balances(store, network)
    prices = document["prices"]
    _price_held(prices, {row["asset"] for row in spot + cold}, _snapshot_prices(store))
    unpriced = [
        {"place": place, "account": row["account"], "asset": row["asset"], "amount": row["amount"]}
        for place, rows in (("trading", spot), ("cold", cold))
        for row in rows
        if row["asset"] not in prices
    ]
    return {
        **document,
        "spot": [row for row in spot if row["asset"] in prices],
        "cold": [row for row in cold if row["asset"] in prices],
        "unpriced": unpriced,
    }


def _spot_rows(store: Store, long_term: set[str]) -> list[dict[str, Any]]:
    """Each account's spot wallet, one row per asset (the margin wallets are engine_export's)."""
    spot: list[dict[str, Any]] = []
    for account in list_accounts(store):
        amounts: dict[str, float] = {}
        for balance in load_holdings(store, account).balances:
            if balance.wallet == "spot" and balance.amount > 0:
                amounts[balance.asset] = amounts.get(balance.asset, 0.0) + balance.amount
        spot.extend(
            {"account": f"{account.name} spot", "venue": account.venue, "asset": asset, "amount": amount,
             "long_term": asset.upper() in long_term}
            for asset, amount in sorted(amounts.items())
        )  # fmt: skip
    return spot


def _price_held(prices: dict[str, float], held: set[str], snapshots: dict[str, float]) -> None:
    """Price what is held as engine_export prices collateral: $1 for a USD stablecoin, else the
    newest market snapshot. One without either stays unpriced, except BTC: the split counts
    in BTC too, so it needs BTC's price even when no account holds it."""
    for asset in sorted((held | {"BTC"}) - set(prices)):
        if asset.upper() in USD_STABLECOINS:
            prices[asset] = 1.0
        elif asset in snapshots:
            prices[asset] = snapshots[asset]
        elif asset == "BTC":
            raise HoldingsError(
                "no price for BTC, which the split counts in: take a market snapshot of it first "
                "(coldsplit market snapshot --symbol BTC/USDT:USDT)"
            )


def cold_balances(store: Store, data_dir: Path, network: str) -> list[dict[str, Any]]:
    """Confirmed BTC of each synced cold account of `network`, from its local wallet file."""
    from app.cold.accounts import list_accounts as list_cold_accounts
    from app.watch.service import open_account_wallet, sync_state

    rows = []
    for account in list_cold_accounts(store):
        if account.network.value != network or sync_state(store, account).state == "never":
            continue
        satoshis = open_account_wallet(data_dir, account).balances().confirmed
        rows.append({"account": account.name, "asset": "BTC", "amount": satoshis / 100_000_000})
    return rows


def load_stored_holdings(
    store: Store, data_dir: Path, network: str, long_term: Iterable[str] = DEFAULT_LONG_TERM
) -> HoldingsDocument:
    """Load the stored accounts through the same checked reader as a holdings file."""
    document = stored_holdings_json(store, data_dir, network, long_term)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "stored-holdings.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        return load_holdings_file(path)


def _snapshot_prices(store: Store) -> dict[str, float]:
    """The newest live mark of each base asset (engine_export reads prices the same way)."""
    rows = store.query(
        "SELECT symbol, mark_price FROM market_snapshots WHERE source = 'live' AND mark_price > 0 "
        "ORDER BY fetched_at, id"
    )
    return {str(r["symbol"]).split("/", 1)[0]: float(r["mark_price"]) for r in rows}
