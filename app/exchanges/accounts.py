"""Adding, refreshing and removing venue accounts: keyring, ccxt and the store together.

A refresh reads everything from the venue first and writes only when every read
succeeded, in one transaction: a 401 on the last request leaves the previous
holdings exactly as they were. Adding an account stores its key in the keyring
first and rolls the keyring entry back if the store refuses the account.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from app.exchanges.client import ClientOptions
from app.exchanges.csv_io import (
    MAX_CSV_BYTES,
    CsvImportError,
    entry_from_fields,
    parse_holdings_csv,
    render_holdings_csv,
    shipped_symbols,
)
from app.exchanges.liqcheck import LiquidationCheck, check_liquidation_prices
from app.exchanges.market import latest_marks
from app.exchanges.models import AccountHoldings, Balance, Loan, MarginMode, Position
from app.exchanges.registry import get_venue
from app.exchanges.repository import (
    AccountError,
    VenueAccount,
    delete_account,
    delete_entry,
    find_account,
    get_account,
    insert_account,
    load_holdings,
    replace_holdings,
    stored_symbols,
    upsert_entry,
    write_margin_tiers,
    write_markets,
)
from app.exchanges.venue import AccountAccess, Venue
from app.fsutil import atomic_write_text, read_bounded
from app.secrets import ApiCredentials, SecretStore
from app.store import Store, guard_no_secret


class MissingCredentialsError(AccountError):
    pass


_WALLET = re.compile(r"^0x[0-9a-fA-F]{40}$")


def validate_access(venue: Venue, credentials: ApiCredentials | None, wallet_address: str | None) -> None:
    if venue.needs_wallet_address:
        if not wallet_address or not _WALLET.match(wallet_address):
            raise MissingCredentialsError(
                f"{venue.display_name} needs a wallet address (0x followed by 40 hex digits)"
            )
        return
    if credentials is None or not credentials.api_key:
        raise MissingCredentialsError(f"{venue.display_name} needs an API key")
    if venue.needs_secret and not credentials.secret:
        raise MissingCredentialsError(f"{venue.display_name} needs the API key's secret")
    if venue.needs_passphrase and not credentials.passphrase:
        raise MissingCredentialsError(f"{venue.display_name} needs the API key's passphrase")


def add_api_account(
    store: Store,
    secrets: SecretStore,
    *,
    name: str,
    venue_name: str,
    margin_mode: MarginMode | None = None,
    credentials: ApiCredentials | None = None,
    wallet_address: str | None = None,
) -> VenueAccount:
    guard_no_secret(name, "the account name")  # before the keyring names an entry after it
    venue = get_venue(venue_name)
    validate_access(venue, credentials, wallet_address)
    if find_account(store, name) is not None:
        # Checked before the keyring is touched: the entry of the existing account must survive.
        raise AccountError(f"an account named {name!r} already exists; pick another name or remove it first")
    ref = (
        SecretStore.ref_for(venue.name, name)
        if credentials is not None and not venue.needs_wallet_address
        else None
    )
    if ref is not None and credentials is not None:
        secrets.store(ref, credentials)
    try:
        with store.transaction() as db:
            insert_account(
                db,
                name=name,
                venue=venue.name,
                margin_mode=margin_mode or venue.default_margin_mode,
                source="api",
                secret_ref=ref,
                wallet_address=wallet_address if venue.needs_wallet_address else None,
            )
    except BaseException:
        if ref is not None:
            secrets.delete(ref)
        raise
    return get_account(store, name)


def add_offline_account(
    store: Store, *, name: str, venue_name: str, margin_mode: MarginMode, source: str
) -> VenueAccount:
    venue = get_venue(venue_name)
    with store.transaction() as db:
        insert_account(db, name=name, venue=venue.name, margin_mode=margin_mode, source=source)
    return get_account(store, name)


def remove_account(store: Store, secrets: SecretStore, name: str) -> VenueAccount:
    """Delete the keyring entry first: if the keyring refuses, the account stays and can be removed again."""
    account = get_account(store, name)
    if account.secret_ref is not None:
        secrets.delete(account.secret_ref)
    with store.transaction() as db:
        delete_account(db, account.id)
    return account


def account_access(account: VenueAccount, secrets: SecretStore) -> AccountAccess:
    if account.wallet_address:
        return AccountAccess(wallet_address=account.wallet_address)
    if account.secret_ref is None:
        raise MissingCredentialsError(
            f"account {account.name!r} was entered by hand or from CSV; it has no API key to refresh with"
        )
    credentials = secrets.read(account.secret_ref)
    if credentials is None:
        where = "in the OS keyring" if secrets.has_backend else "in this session (there is no OS keyring)"
        raise MissingCredentialsError(
            f"no API key for account {account.name!r} {where}; remove the account and add it again"
        )
    return AccountAccess(credentials=credentials)


def key_warning(
    store: Store, secrets: SecretStore, name: str, options: ClientOptions | None = None
) -> str | None:
    """A plain warning when the account's API key can do more than read; None when it is read-only."""
    account = get_account(store, name)
    venue = get_venue(account.venue)
    if account.wallet_address:
        return None
    client = venue.make_client(account_access(account, secrets), options or ClientOptions())
    granted = venue.key_permissions(client)
    if not granted:
        return None
    return (
        f"the {venue.display_name} key of account {name!r} can {', '.join(sorted(granted))}; ColdSplit only "
        "reads, and a read-only key cannot move funds even if it is copied off this computer — create a "
        "read-only key, then remove and add the account again"
    )


def _market_rows(markets: Any) -> list[tuple[str, str, str]]:
    if not isinstance(markets, dict):
        return []
    return [
        (str(s), str(m.get("base")), str(m.get("quote"))) for s, m in markets.items() if isinstance(m, dict)
    ]


def refresh_account(
    store: Store, secrets: SecretStore, name: str, options: ClientOptions | None = None
) -> AccountHoldings:
    account = get_account(store, name)
    venue = get_venue(account.venue)
    client = venue.make_client(account_access(account, secrets), options or ClientOptions())
    holdings = venue.read_holdings(
        client, account.margin_mode
    )  # every network read happens before the first write
    with store.transaction() as db:
        replace_holdings(db, account.id, holdings, refreshed=True)
        write_margin_tiers(db, venue.name, holdings.margin_tiers)
        write_markets(db, venue.name, _market_rows(client.markets))
    return holdings


def known_symbols(store: Store, venue_name: str) -> set[str]:
    venue = get_venue(venue_name)
    return shipped_symbols(venue.name) | stored_symbols(store, venue.name)


def _offline_target(
    store: Store, name: str, venue_name: str | None, what: str
) -> tuple[VenueAccount | None, str]:
    account = find_account(store, name)
    if account is None:
        if venue_name is None:
            raise AccountError(f"no account named {name!r}; give --venue to create it from {what}")
        return None, get_venue(venue_name).name
    if account.source == "api":
        raise AccountError(
            f"account {name!r} is read from {account.venue}'s API and refreshing would overwrite {what}; "
            "use another account name"
        )
    if venue_name is not None and get_venue(venue_name).name != account.venue:
        raise AccountError(f"account {name!r} is a {account.venue} account, not {venue_name}")
    return account, account.venue


def import_holdings_csv(
    store: Store,
    path: Path,
    *,
    name: str,
    venue_name: str | None = None,
    margin_mode: MarginMode = MarginMode.CROSS,
) -> AccountHoldings:
    """Replace the holdings of a CSV/manual account with the file's (creating the account if needed)."""
    account, venue = _offline_target(store, name, venue_name, "the CSV")
    try:
        text = read_bounded(path, MAX_CSV_BYTES, "a holdings CSV").decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CsvImportError(f"cannot read {path} ({exc})") from None
    holdings = parse_holdings_csv(text, known_symbols(store, venue), path.name)
    with store.transaction() as db:
        account_id = (
            account.id
            if account
            else insert_account(db, name=name, venue=venue, margin_mode=margin_mode, source="csv")
        )
        replace_holdings(db, account_id, holdings, refreshed=False)
    return holdings


def export_holdings_csv(store: Store, name: str, path: Path) -> AccountHoldings:
    holdings = load_holdings(store, get_account(store, name))
    atomic_write_text(path, render_holdings_csv(holdings), mode=0o600)
    return holdings


def set_entry(
    store: Store,
    name: str,
    fields: dict[str, str],
    *,
    venue_name: str | None = None,
    margin_mode: MarginMode = MarginMode.CROSS,
) -> Balance | Loan | Position:
    """Manual add/edit of one balance, loan or position, validated exactly like a CSV row."""
    account, venue = _offline_target(store, name, venue_name, "manual entries")
    item = entry_from_fields(fields, known_symbols(store, venue))
    with store.transaction() as db:
        account_id = (
            account.id
            if account
            else insert_account(db, name=name, venue=venue, margin_mode=margin_mode, source="manual")
        )
        upsert_entry(db, account_id, item)
    return item


def unset_entry(store: Store, name: str, fields: dict[str, str]) -> str:
    """Delete a position (kind, symbol, side) or balance/loan (kind, asset, wallet) of an offline account."""
    account = get_account(store, name)
    if account.source == "api":
        raise AccountError(
            f"account {name!r} is read from {account.venue}'s API; a refresh would bring it back"
        )
    kind = fields.get("kind", "").strip().lower()
    if kind == "position":
        key = (fields.get("symbol", "").strip().upper(), fields.get("side", "").strip().lower())
        described = f"position {key[0]} {key[1]}"
    elif kind in ("balance", "loan"):
        key = ((fields.get("wallet") or "main").strip(), fields.get("asset", "").strip().upper())
        described = f"{kind} {key[1]} in {key[0]}"
    else:
        raise AccountError(
            "give kind=position with symbol= and side=, or kind=balance|loan with asset= [wallet=]"
        )
    with store.transaction() as db:
        if not delete_entry(db, account.id, kind, *key):
            raise AccountError(f"account {name!r} has no {described}")
    return described


def liquidation_checks(
    store: Store, account: VenueAccount, holdings: AccountHoldings
) -> list[LiquidationCheck]:
    """The engine-vs-venue liquidation check, with stored marks for collateral coins without a position."""
    portfolio_margin = account.venue == "binance" and account.margin_mode is MarginMode.UNIFIED
    return check_liquidation_prices(
        holdings, latest_marks(store), portfolio_margin=portfolio_margin, venue=account.venue
    )
