"""The stored accounts as holdings: one way for the command line and the GUI.

- `stored_holdings`: the stored exchange accounts (margin and spot) and the cold holdings
  (the synced watch-only BTC balances, the synced Ethereum account's ETH and watched tokens)
  as one holdings document (app.holdings_store) — what `--portfolio stored` reads;
- `write_stored_holdings`: the same document as a file, which the GUI's Trading page shows
  and its Overview, Risk and Advice pages read (live mode), so they show the CLI's numbers;
  an asset without a price is listed as unpriced there too, outside the totals;
- `stored_portfolio` / `write_portfolio`: the accounts (all, or the ones named) as the engine's
  portfolio JSON (`coldsplit risk report --portfolio stored`, `coldsplit accounts export-portfolio`);
- `refresh_holdings`: read the API accounts from their venues again
  (app.usecases.imports.refresh_api_accounts, which publishes `HoldingsRefreshed`), then
  write the GUI's holdings file (the GUI gives one; the CLI none). The CLI prints each
  account's outcome; the GUI shows the failures as one error after the others were read.

Files are written atomically and readable by the owner only (they list balances and positions).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.errors import UserError
from app.events import NO_EVENTS, Publisher
from app.exchanges.client import ClientOptions
from app.exchanges.engine_export import portfolio_json
from app.exchanges.repository import list_accounts, load_holdings
from app.fsutil import atomic_write_text
from app.secrets import SecretStore
from app.store import open_store
from app.usecases.imports import Refreshed, refresh_api_accounts

if TYPE_CHECKING:  # numpy and the engine load with the holdings, not with the command line
    from app.holdings import HoldingsDocument


def stored_portfolio(db_path: Path, names: list[str] | None = None) -> dict[str, Any]:
    """The accounts (all, or `names`) as the engine's portfolio JSON (read only, no network)."""
    if not db_path.exists():
        raise UserError("no stored accounts yet: add one with `coldsplit accounts`")
    with open_store(db_path) as store:
        return portfolio_json(store, names)


def write_portfolio(db_path: Path, target: Path, names: list[str] | None = None) -> tuple[str, ...]:
    """Write the accounts (all, or `names`) as the engine's portfolio; the names written."""
    portfolio = stored_portfolio(db_path, names)
    atomic_write_text(target, json.dumps(portfolio, indent=2) + "\n", mode=0o600)
    return tuple(str(a["name"]) for a in portfolio["accounts"])


@dataclass(frozen=True)
class StoredHoldingsFile:
    """Where the GUI keeps the stored holdings, and what the cold side is read from."""

    target: Path
    data_dir: Path  # the watch-only wallet files are under it
    network: str  # the Bitcoin network in use (it picks the Ethereum chains too)


def stored_holdings(
    db_path: Path, data_dir: Path, network: str, long_term: Iterable[str] | None = None
) -> HoldingsDocument:
    """The stored exchange and cold accounts as one holdings document (no network); `long_term`:
    the spot assets held for the long term (None: app.holdings_store's BTC and ETH)."""
    from app.holdings_store import DEFAULT_LONG_TERM, load_stored_holdings

    if not db_path.exists():
        raise UserError("no stored accounts yet: add one with `coldsplit accounts`")
    assets = DEFAULT_LONG_TERM if long_term is None else long_term
    with open_store(db_path) as store:
        return load_stored_holdings(store, data_dir, network, assets)


def write_stored_holdings(db_path: Path, where: StoredHoldingsFile) -> Path:
    """Write the document `stored_holdings` reads as `where.target`; the file."""
    from app.holdings_store import stored_holdings_json

    with open_store(db_path) as store:
        document = stored_holdings_json(store, where.data_dir, where.network)
    atomic_write_text(where.target, json.dumps(document, indent=2) + "\n", mode=0o600)
    return where.target


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
    portfolio: StoredHoldingsFile | None = None,
    name: str | None = None,
    events: Publisher = NO_EVENTS,
) -> HoldingsRefresh:
    """Read the API accounts (or the one named) again, then write the stored holdings to
    `portfolio` (when given: the GUI's; the CLI prints instead) if anything is held."""
    outcomes = refresh_api_accounts(db_path, secrets, options, name, events)
    written = None
    if portfolio is not None and holds_something(db_path):
        written = write_stored_holdings(db_path, portfolio)
    return HoldingsRefresh(outcomes, written)
