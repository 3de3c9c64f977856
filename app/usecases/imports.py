"""Bringing accounts, holdings and labels in: one way for `coldsplit accounts add|import|refresh`,
`coldsplit cold labels import` and the GUI's Trading page.

- `add_exchange_account`: store a venue account read through its API (its key in the OS
  keyring only, or a wallet address for venues read by address); publishes `AccountAdded`;
- `import_account_csv`: a venue account's holdings from a CSV (created if new), with the
  margin mode chosen (the CLI's --margin-mode; the GUI offers no choice and stores cross);
- `refresh_api_accounts`: read the API accounts (or the one named) from their venues again.
  One that fails is reported and the others are still read; naming the failing account
  makes its error the whole answer. The GUI used to stop at the first failure;
- `import_cold_labels`: BIP329 labels for a cold account (all or nothing).

`import_account_csv` and `refresh_api_accounts` publish `HoldingsRefreshed` with the accounts
they changed, for the pages that show holdings. Reading exchanges needs the network:
front-ends call these from a worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.cold.labels import ImportSummary, LabelImportError, import_labels
from app.errors import UserError
from app.events import NO_EVENTS, AccountAdded, HoldingsRefreshed, Publisher
from app.exchanges.accounts import add_api_account, import_holdings_csv, refresh_account
from app.exchanges.client import ClientOptions
from app.exchanges.models import AccountHoldings, MarginMode
from app.exchanges.repository import VenueAccount, list_accounts
from app.fsutil import read_bounded
from app.secrets import ApiCredentials, SecretStore
from app.store import open_store

MAX_LABEL_FILE_BYTES = 20 * 1024 * 1024  # BIP329 files of very active wallets stay far below


@dataclass(frozen=True)
class NewExchangeAccount:
    """What the person gave: a name, the venue, and either an API key or a wallet address."""

    name: str
    venue: str
    credentials: ApiCredentials | None = None
    wallet_address: str | None = None
    margin_mode: MarginMode | None = None  # None: the venue's default


def add_exchange_account(
    db_path: Path, secrets: SecretStore, new: NewExchangeAccount, events: Publisher = NO_EVENTS
) -> VenueAccount:
    """Store the account (its key goes to the keyring only); it is read by the next refresh."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with open_store(db_path) as store:
        account = add_api_account(
            store,
            secrets,
            name=new.name,
            venue_name=new.venue,
            margin_mode=new.margin_mode,
            credentials=new.credentials,
            wallet_address=new.wallet_address,
        )
    events.publish(AccountAdded(account.name, "trading"))
    return account


def import_account_csv(
    db_path: Path,
    path: Path,
    name: str,
    venue: str | None = None,
    margin_mode: MarginMode = MarginMode.CROSS,
    events: Publisher = NO_EVENTS,
) -> AccountHoldings:
    """Replace the account's holdings with the CSV's (see the module docstring)."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    cleaned = name.strip()
    with open_store(db_path) as store:
        holdings = import_holdings_csv(
            store, path, name=cleaned, venue_name=(venue or "").strip() or None, margin_mode=margin_mode
        )
    events.publish(HoldingsRefreshed((cleaned,)))
    return holdings


@dataclass(frozen=True)
class Refreshed:
    """One account's outcome: its holdings, or why they could not be read (then the stored
    holdings are kept as they were)."""

    name: str
    holdings: AccountHoldings | None
    failure: str | None = None


def refresh_api_accounts(
    db_path: Path,
    secrets: SecretStore,
    options: ClientOptions,
    name: str | None = None,
    events: Publisher = NO_EVENTS,
) -> tuple[Refreshed, ...]:
    """Read the API accounts again (see the module docstring)."""
    outcomes: list[Refreshed] = []
    with open_store(db_path) as store:
        names = [name] if name else [a.name for a in list_accounts(store) if a.source == "api"]
        if not names:
            raise UserError(
                "no API accounts to refresh; add one with `coldsplit accounts add` or on the Trading page"
            )
        for each in names:
            try:
                outcomes.append(Refreshed(each, refresh_account(store, secrets, each, options)))
            except UserError as exc:
                if name:
                    raise
                outcomes.append(Refreshed(each, None, exc.message))
    read = tuple(o.name for o in outcomes if o.holdings is not None)
    if read:
        events.publish(HoldingsRefreshed(read))
    return tuple(outcomes)


def import_cold_labels(db_path: Path, account: str, path: Path) -> ImportSummary:
    """Add or update the cold account's labels from a BIP329 file; nothing changes on an error."""
    try:
        text = read_bounded(path, MAX_LABEL_FILE_BYTES, "a label file").decode("utf-8")
    except UnicodeDecodeError:
        raise UserError(f"{path} is not UTF-8 text") from None
    with open_store(db_path) as store:
        try:
            summary = import_labels(store, account, text)
        except LabelImportError as exc:
            raise LabelImportError(f"{path} {exc}; nothing was imported") from None
    return summary
