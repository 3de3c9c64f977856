"""The demo portfolio as every front-end shows it: the shipped sample (resources/demo/portfolio.json)
with the demo's cold Ethereum holdings beside it.

The demo window keeps its own store (`demo_db_path`: never mixed with real accounts). What the
demo's local chain paid the device-verified ETH address ("Receive demo ETH") is in that store
as its last sync read it, and becomes "cold" rows here exactly as live balances do for
`--portfolio stored` (app.eth.holdings: ETH and the USD stablecoins, priced like the rest of
the portfolio). The CLI's `--portfolio demo` reads the same store, so the window and the
command line show one demo portfolio. Only the store is read; no chain is asked.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from app.resources import demo_portfolio_path
from app.store import open_store
from wallet.types import Network

if TYPE_CHECKING:  # the holdings load numpy and the engine: with the first portfolio, not at start
    from app.holdings import HoldingsDocument

DEMO_SUBDIR = "demo"  # the demo's data dir under the real one
DEMO_NETWORK = Network.TESTNET  # the demo runs on testnet (its Ethereum side on a local chain)
DB_FILE = "coldsplit.sqlite3"


def demo_db_path(data_dir: Path) -> Path:
    """The demo window's store, for a front-end given the real data dir."""
    return data_dir / DEMO_SUBDIR / DB_FILE


def load_demo_holdings(db_path: Path | None) -> HoldingsDocument:
    """The sample portfolio plus the cold ETH and stablecoins the demo's store holds."""
    from app.holdings import ColdHolding, load_holdings

    document = load_holdings(demo_portfolio_path())
    if db_path is None or not db_path.exists():
        return document
    from app.eth.holdings import eth_cold_rows

    prices = dict(document.portfolio.prices)
    with open_store(db_path) as store:
        rows = eth_cold_rows(store, DEMO_NETWORK.value, prices)
    cold = tuple(
        ColdHolding(str(row["account"]), str(row["asset"]), float(row["amount"]))
        for row in rows
        if row["asset"] in document.portfolio.prices  # the sample prices every asset it can hold
    )
    return replace(document, cold=document.cold + cold) if cold else document
