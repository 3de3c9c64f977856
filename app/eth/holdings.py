"""The Ethereum cold account's part of the holdings split: the last good sync's balances of
ETH and the watched stablecoins, as "cold" rows beside the Bitcoin ones.

The Bitcoin network in use picks the Ethereum chains: mainnet with Ethereum mainnet, the
test networks with Sepolia, Holesky and a local chain. Only balances a sync read are shown
(never an estimate). `eth_cold_balances` gives every one of them; `eth_cold_rows` (the demo's)
keeps those it can price: ETH when the portfolio prices it, the USD stablecoins at 1.
"""

from __future__ import annotations

from typing import Any

from app.eth.tokens import watched_tokens
from app.eth.watch import ETH
from app.store.database import Store
from risk.portfolio import USD_STABLECOINS

_TEST_CHAINS = (11155111, 17000, 31337)


def _chains(network: str) -> tuple[int, ...]:
    return (1,) if network == "mainnet" else _TEST_CHAINS


def eth_cold_balances(store: Store, network: str) -> list[dict[str, Any]]:
    """Every non-zero synced balance of a verified address (ETH and each watched token, by symbol)."""
    chains = _chains(network)
    marks = ",".join("?" for _ in chains)
    rows = store.query(
        "SELECT v.account, b.chain_id, b.asset, b.amount FROM eth_balances b "
        f"JOIN verified_eth_addresses v ON v.address = b.address WHERE b.chain_id IN ({marks}) "
        "AND b.amount != '0' ORDER BY v.account, b.asset != 'ETH', b.asset",
        chains,
    )
    balances = []
    for account, chain_id, asset, amount in rows:
        symbol, decimals = ETH, 18
        if asset != ETH:
            token = next((t for t in watched_tokens(store, int(chain_id)) if t.contract == asset), None)
            if token is None:
                continue  # a balance of a token no longer watched
            symbol, decimals = token.symbol, token.decimals
        balances.append({"account": str(account), "asset": symbol, "amount": int(amount) / 10**decimals})
    return balances


def eth_cold_rows(store: Store, network: str, prices: dict[str, float]) -> list[dict[str, Any]]:
    """Holdings "cold" rows for the synced ETH balances; sets a stablecoin's price to 1 if missing."""
    cold = []
    for row in eth_cold_balances(store, network):
        symbol = str(row["asset"])
        if symbol != ETH:
            if symbol.upper() not in USD_STABLECOINS:
                continue
            prices.setdefault(symbol, 1.0)
        elif ETH not in prices:
            continue
        cold.append(row)
    return cold
