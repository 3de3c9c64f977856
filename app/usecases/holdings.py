"""The stored exchange accounts as the engine's portfolio file: one way for `coldsplit accounts
export-portfolio` and the GUI's Trading page, whose Risk and Advice pages read that file.

- `write_portfolio`: the accounts (all, or the ones named) as one portfolio JSON written
  atomically, readable by the owner only (it lists balances and positions);
- `refresh_holdings`: read the API accounts from their venues again
  (app.usecases.imports.refresh_api_accounts, which publishes `HoldingsRefreshed`), then
  write the portfolio file the pages read (the GUI gives one; the CLI none). The CLI prints
  each account's outcome; the GUI shows the failures as one error after the others were read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from app.events import NO_EVENTS, Publisher
from app.exchanges.client import ClientOptions
from app.exchanges.engine_export import portfolio_json
from app.exchanges.repository import list_accounts, load_holdings
from app.fsutil import atomic_write_text
from app.secrets import SecretStore
from app.store import open_store
from app.usecases.imports import Refreshed, refresh_api_accounts


def write_portfolio(db_path: Path, target: Path, names: list[str] | None = None) -> tuple[str, ...]:
    """Write the accounts (all, or `names`) as the engine's portfolio; the names written."""
    with open_store(db_path) as store:
        portfolio = portfolio_json(store, names)
    atomic_write_text(target, json.dumps(portfolio, indent=2) + "\n", mode=0o600)
    return tuple(str(a["name"]) for a in portfolio["accounts"])


def holds_something(db_path: Path) -> bool:
    """Whether any stored account holds a balance, a position or a loan."""
    if not db_path.exists():
        return False
    with open_store(db_path) as store:
        for account in list_accounts(store):
            holdings = load_holdings(store, account)
            if holdings.balances or holdings.positions or holdings.loans:
                return True
    return False


@dataclass(frozen=True)
class HoldingsRefresh:
    outcomes: tuple[Refreshed, ...]
    portfolio: Path | None  # None when no account holds anything

    def failures(self) -> tuple[str, ...]:
        return tuple(f"{o.name}: {o.failure}" for o in self.outcomes if o.failure is not None)


def refresh_holdings(
    db_path: Path,
    secrets: SecretStore,
    options: ClientOptions,
    portfolio: Path | None = None,
    name: str | None = None,
    events: Publisher = NO_EVENTS,
) -> HoldingsRefresh:
    """Read the API accounts (or the one named) again, then write `portfolio` (when given: the
    GUI's; the CLI prints instead) if anything is held."""
    outcomes = refresh_api_accounts(db_path, secrets, options, name, events)
    written = None
    if portfolio is not None and holds_something(db_path):
        write_portfolio(db_path, portfolio)
        written = portfolio
    return HoldingsRefresh(outcomes, written)
