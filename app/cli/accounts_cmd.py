"""`coldsplit accounts`: exchange accounts read through read-only API keys, CSV or by hand.

    coldsplit accounts add --venue binance [--name main]      # asks for a READ-ONLY key
    coldsplit accounts add --venue hyperliquid --wallet-address 0x…
    coldsplit accounts list [--json]
    coldsplit accounts show NAME [--json]                      # holdings, trader's numbers, liq. check
    coldsplit accounts refresh [NAME]                          # all API accounts without NAME
    coldsplit accounts import FILE.csv [--account NAME] [--venue V]  # NAME defaults to FILE
    coldsplit accounts export NAME FILE.csv
    coldsplit accounts export-portfolio FILE.json              # for coldsplit risk report --portfolio
    coldsplit accounts set NAME kind=position symbol=BTC/USDT:USDT side=long size=0.1 …
    coldsplit accounts unset NAME kind=position symbol=BTC/USDT:USDT side=long
    coldsplit accounts remove NAME                             # deletes the keyring entry too

Keys are read from the terminal without echo, or for scripts from a file descriptor
(`--secret-from-fd N`), standard input (`--secret-stdin`) or COLDSPLIT_API_KEY,
COLDSPLIT_API_SECRET and COLDSPLIT_API_PASSPHRASE (readable by the same user's
processes: see app.cli.secret_input) — never from the command line, where shell
history and `ps` would keep them.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from app.cli import secret_input
from app.cli.accounts_numbers import account_line, numbers_json, position_line, stored_account_numbers
from app.cli.context import CommandContext
from app.cli.secret_input import SecretField
from app.errors import UserError
from app.exchanges.accounts import (
    export_holdings_csv,
    key_warning,
    liquidation_checks,
    remove_account,
    set_entry,
    unset_entry,
)
from app.exchanges.client import ClientOptions
from app.exchanges.csv_io import COLUMNS
from app.exchanges.liqcheck import LiquidationCheck
from app.exchanges.models import AccountHoldings, MarginMode
from app.exchanges.registry import all_venues, get_venue
from app.exchanges.repository import VenueAccount, get_account, list_accounts, load_holdings
from app.secrets import NO_BACKEND_MESSAGE, READ_ONLY_ADVICE, ApiCredentials, SecretStore
from app.store import Store, open_store
from app.usecases.holdings import refresh_holdings, write_portfolio
from app.usecases.imports import NewExchangeAccount, add_exchange_account, import_account_csv
from app.usecases.trader_numbers import AccountNumbers

ENV_KEY, ENV_SECRET, ENV_PASSPHRASE = "COLDSPLIT_API_KEY", "COLDSPLIT_API_SECRET", "COLDSPLIT_API_PASSPHRASE"
_MODES = [m.value for m in MarginMode if m is not MarginMode.SPOT]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("accounts", help="exchange accounts: API import, CSV, manual entry")
    actions = parser.add_subparsers(dest="accounts_action", metavar="ACTION", required=True)
    add = actions.add_parser(
        "add", help="add an account read through a read-only API key (or wallet address)"
    )
    add.add_argument("--venue", required=True, choices=sorted(all_venues()))
    add.add_argument("--name", help="a name for the account (default: the venue's name)")
    add.add_argument(
        "--margin-mode", choices=_MODES, help="how the account pools margin (default: the venue's)"
    )
    add.add_argument("--wallet-address", help="Hyperliquid: the account's public address (no key needed)")
    secret_input.add_arguments(add)
    add.set_defaults(handler=add_account)
    listing = actions.add_parser("list", help="list the accounts (never their keys)")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=list_accounts_cmd)
    show = actions.add_parser(
        "show",
        help="an account's holdings, its trader's numbers (equity, margin ratio; per position notional, "
        "leverage, PnL, margin, liquidation price and distance) and the liquidation-price check",
    )
    show.add_argument("name")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=show_account)
    refresh = actions.add_parser("refresh", help="read balances and positions again from the venue")
    refresh.add_argument("name", nargs="?", help="one account (default: every API account)")
    _network_flags(refresh)
    refresh.set_defaults(handler=refresh_accounts)
    imp = actions.add_parser(
        "import",
        aliases=["import-csv"],
        help=f"replace an account's holdings from CSV ({', '.join(COLUMNS)})",
    )
    imp.add_argument("file", type=Path)
    imp.add_argument("--account", help="the account to fill, created if new (default: the file's name)")
    imp.add_argument("--venue", choices=sorted(all_venues()), help="needed when the account is new")
    imp.add_argument("--margin-mode", choices=_MODES, default="cross")
    imp.set_defaults(handler=import_csv)
    exp = actions.add_parser("export", aliases=["export-csv"], help="write an account's holdings as CSV")
    exp.add_argument("name")
    exp.add_argument("file", type=Path)
    exp.set_defaults(handler=export_csv)
    engine = actions.add_parser("export-portfolio", help="write the accounts as the engine's portfolio JSON")
    engine.add_argument("file", type=Path)
    engine.add_argument("--account", action="append", help="only this account (repeatable; default: all)")
    engine.set_defaults(handler=export_portfolio)
    manual = actions.add_parser(
        "set", help="add or change one balance, loan or position by hand (CSV columns as key=value)"
    )
    manual.add_argument("name")
    manual.add_argument("fields", nargs="+", metavar="COLUMN=VALUE")
    manual.add_argument("--venue", choices=sorted(all_venues()), help="needed when the account is new")
    manual.set_defaults(handler=set_manual)
    unset = actions.add_parser("unset", help="delete one balance, loan or position entered by hand or CSV")
    unset.add_argument("name")
    unset.add_argument(
        "fields", nargs="+", metavar="COLUMN=VALUE", help="kind= with symbol= side= or asset= wallet="
    )
    unset.set_defaults(handler=unset_manual)
    remove = actions.add_parser("remove", help="delete an account, its holdings and its keyring entry")
    remove.add_argument("name")
    remove.set_defaults(handler=remove_account_cmd)


def _network_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--timeout", type=float, default=15.0, help="seconds to wait for each answer")
    parser.add_argument(
        "--api-base-url", help="send every request to this base URL (a proxy or a test server)"
    )


def client_options(args: argparse.Namespace) -> ClientOptions:
    if not 0 < args.timeout <= 300:
        raise UserError("--timeout must be between 0 and 300 seconds")
    return ClientOptions(args.api_base_url, int(args.timeout * 1000))


def add_account(args: argparse.Namespace, ctx: CommandContext) -> int:
    venue = get_venue(args.venue)
    secrets = SecretStore()
    credentials = None
    if not venue.needs_wallet_address:
        print(READ_ONLY_ADVICE, file=sys.stderr)
        if not secrets.has_backend:
            print(f"Note: {NO_BACKEND_MESSAGE}.", file=sys.stderr)
        fields = [SecretField("API key", ENV_KEY)]
        if venue.needs_secret:
            fields.append(SecretField("API secret", ENV_SECRET))
        if venue.needs_passphrase:
            fields.append(SecretField("API passphrase", ENV_PASSPHRASE))
        values = dict(zip((f.env for f in fields), secret_input.read_secrets(args, fields), strict=True))
        credentials = ApiCredentials(
            values[ENV_KEY], values.get(ENV_SECRET, ""), values.get(ENV_PASSPHRASE, "")
        )
    mode = MarginMode(args.margin_mode) if args.margin_mode else None
    new = NewExchangeAccount(args.name or venue.name, venue.name, credentials, args.wallet_address, mode)
    account = add_exchange_account(ctx.db_path, secrets, new)
    where = "" if credentials is None else f"; key kept in {secrets.backend_name}"
    print(f"added {account.name} ({venue.display_name}, {account.margin_mode.value}){where}")
    print(f"next: coldsplit accounts refresh {account.name}")
    return 0


def _account_row(account: VenueAccount, holdings: AccountHoldings) -> dict[str, Any]:
    return {
        "name": account.name,
        "venue": account.venue,
        "source": account.source,
        "margin_mode": account.margin_mode.value,
        "refreshed_at": account.refreshed_at,
        "balances": len(holdings.balances),
        "positions": len(holdings.positions),
        "loans": len(holdings.loans),
        "key_in_keyring": account.secret_ref is not None,
    }


def list_accounts_cmd(args: argparse.Namespace, ctx: CommandContext) -> int:
    with open_store(ctx.db_path) as store:
        rows = [_account_row(a, load_holdings(store, a)) for a in list_accounts(store)]
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    if not rows:
        print("no accounts yet: coldsplit accounts add --venue VENUE, or accounts import FILE.csv")
    for row in rows:
        refreshed = row["refreshed_at"] or "never refreshed"
        print(
            f"{row['name']}: {row['venue']} ({row['source']}, {row['margin_mode']}) — "
            f"{row['balances']} balances, "
            f"{row['positions']} positions, {row['loans']} loans; {refreshed}"
        )
    return 0


def _holdings_json(
    account: VenueAccount,
    holdings: AccountHoldings,
    checks: list[LiquidationCheck],
    numbers: AccountNumbers | str,
) -> dict[str, Any]:
    return {
        **_account_row(account, holdings),
        "balances": [asdict(b) for b in holdings.balances],
        "loans": [asdict(x) for x in holdings.loans],
        "positions": [
            {**asdict(p), "liquidation_check": asdict(c)}
            for p, c in zip(holdings.positions, checks, strict=True)
        ],
        **numbers_json(numbers),
    }


def _print_holdings(
    account: VenueAccount,
    holdings: AccountHoldings,
    checks: list[LiquidationCheck],
    numbers: AccountNumbers | str,
) -> None:
    print(f"{account.name}: {account.venue} ({account.source}, {account.margin_mode.value})")
    print(account_line(numbers))
    for b in holdings.balances:
        print(f"  balance  {b.wallet:>8}  {b.asset:<6} {b.amount:,.8g}")
    for x in holdings.loans:
        print(f"  loan     {x.wallet:>8}  {x.asset:<6} {x.amount:,.8g}")
    traded = numbers.positions if not isinstance(numbers, str) else ()
    for i, (p, c) in enumerate(zip(holdings.positions, checks, strict=True)):
        venue = "—" if c.venue_price is None else f"{c.venue_price:,.2f}"
        engine = "—" if c.engine_price is None else f"{c.engine_price:,.2f}"
        flag = f"  FLAG: gap {c.gap:.2%} > 0.5%" if c.flagged and c.gap is not None else ""
        note = f"  ({c.note})" if c.note else ""
        print(
            f"  position {p.symbol} {p.side.value} {p.size:g} @ {p.entry_price:,.2f} "
            f"(mark {p.mark_price:,.2f}, "
            f"{p.margin_mode.value}); liquidation venue {venue}, engine {engine}{flag}{note}"
        )
        if i < len(traded):
            print(position_line(traded[i]))


def show_account(args: argparse.Namespace, ctx: CommandContext) -> int:
    with open_store(ctx.db_path) as store:
        account = get_account(store, args.name)
        holdings = load_holdings(store, account)
        checks = liquidation_checks(store, account, holdings)
        numbers = stored_account_numbers(store, account)
    if args.json:
        print(json.dumps(_holdings_json(account, holdings, checks, numbers), indent=2, ensure_ascii=False))
    else:
        _print_holdings(account, holdings, checks, numbers)
    return 0


def refresh_accounts(args: argparse.Namespace, ctx: CommandContext) -> int:
    options = client_options(args)
    secrets = SecretStore()
    outcomes = refresh_holdings(ctx.db_path, secrets, options, name=args.name).outcomes
    with open_store(ctx.db_path) as store:
        for outcome in outcomes:
            name, holdings = outcome.name, outcome.holdings
            if holdings is None:
                print(f"{name}: not refreshed: {outcome.failure}", file=sys.stderr)
                continue
            _warn_about_key(store, secrets, name, options)
            checks = liquidation_checks(store, get_account(store, name), holdings)
            flagged = sum(c.flagged for c in checks)
            flags = f"; {flagged} liquidation price(s) differ from the engine's by > 0.5%" if flagged else ""
            print(
                f"{name}: {len(holdings.balances)} balances, {len(holdings.positions)} positions, "
                f"{len(holdings.loans)} loans{flags}"
            )
    return 2 if any(o.holdings is None for o in outcomes) else 0


def _warn_about_key(store: Store, secrets: SecretStore, name: str, options: ClientOptions) -> None:
    try:
        warning = key_warning(store, secrets, name, options)
    except UserError as exc:
        warning = f"could not check what the key of {name!r} may do ({exc.message})"
    if warning:
        print(f"warning: {warning}", file=sys.stderr)


def import_csv(args: argparse.Namespace, ctx: CommandContext) -> int:
    name: str = args.account or args.file.stem
    holdings = import_account_csv(ctx.db_path, args.file, name, args.venue, MarginMode(args.margin_mode))
    print(
        f"{name}: imported {len(holdings.balances)} balances, {len(holdings.loans)} loans, "
        f"{len(holdings.positions)} positions from {args.file}"
    )
    return 0


def export_csv(args: argparse.Namespace, ctx: CommandContext) -> int:
    with open_store(ctx.db_path) as store:
        holdings = export_holdings_csv(store, args.name, args.file)
    count = len(holdings.balances) + len(holdings.loans) + len(holdings.positions)
    print(f"{args.name}: wrote {count} rows to {args.file}")
    return 0


def export_portfolio(args: argparse.Namespace, ctx: CommandContext) -> int:
    names = ", ".join(write_portfolio(ctx.db_path, args.file, args.account))
    print(f"wrote {names} to {args.file}; next: coldsplit risk report --portfolio {args.file}")
    return 0


def _fields(items: list[str]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or key.strip() not in COLUMNS:
            raise UserError(f"{item!r}: expected COLUMN=VALUE with a column from {', '.join(COLUMNS)}")
        fields[key.strip()] = value
    return fields


def unset_manual(args: argparse.Namespace, ctx: CommandContext) -> int:
    with open_store(ctx.db_path) as store:
        described = unset_entry(store, args.name, _fields(args.fields))
    print(f"{args.name}: deleted {described}")
    return 0


def set_manual(args: argparse.Namespace, ctx: CommandContext) -> int:
    fields = _fields(args.fields)
    with open_store(ctx.db_path) as store:
        entry = set_entry(store, args.name, fields, venue_name=args.venue)
    print(f"{args.name}: saved {type(entry).__name__.lower()} {json.dumps(asdict(entry), default=str)}")
    return 0


def remove_account_cmd(args: argparse.Namespace, ctx: CommandContext) -> int:
    with open_store(ctx.db_path) as store:
        account = remove_account(store, SecretStore(), args.name)
    extra = " and its keyring entry" if account.secret_ref is not None else ""
    print(f"removed {account.name}{extra}")
    return 0
