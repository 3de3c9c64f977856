"""Exchange accounts for the GUI: import a holdings CSV into the store, export the engine's portfolio.

The stored accounts (CSV, manual or read-only API) become one portfolio file under the
data dir, which the Trading, Risk and Advice pages then read like any holdings file.
"""

from __future__ import annotations

import json
from pathlib import Path

from app.exchanges.accounts import import_holdings_csv
from app.exchanges.engine_export import portfolio_json
from app.fsutil import atomic_write_text
from app.store import open_store

PORTFOLIO_FILE = "exchange_portfolio.json"


class TradingService:
    def __init__(self, db_path: Path) -> None:
        self._db_path = db_path

    def import_csv(self, path: Path, name: str, venue: str) -> Path:
        self._db_path.parent.mkdir(parents=True, exist_ok=True)
        with open_store(self._db_path) as store:
            import_holdings_csv(store, path, name=name.strip(), venue_name=venue.strip())
            portfolio = portfolio_json(store)
        target = self._db_path.parent / PORTFOLIO_FILE
        atomic_write_text(target, json.dumps(portfolio, indent=2) + "\n", mode=0o600)
        return target
