"""`coldsplit eth`: the Ethereum cold account — endpoint, sync, balance, history, tokens;
send, review, sign (offline) and broadcast are in app.cli.eth_send_cmd. Every action calls
app.usecases.eth / app.usecases.eth_send, as the GUI does.

    coldsplit eth endpoint set URL --network mainnet|sepolia|holesky|local [--timeout S]
    coldsplit eth endpoint show | clear
    coldsplit eth account create|verify|addresses   (app.cli.eth_account_cmd)
    coldsplit eth sync [--account NAME] [--from-block N]
    coldsplit eth balance [--account NAME] [--json]
    coldsplit eth history [--account NAME] [--limit N] [--json]
    coldsplit eth tokens add CONTRACT | list
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from app.cli.context import CommandContext

SubParsers = argparse._SubParsersAction


def register(subparsers: SubParsers[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "eth", help="the Ethereum cold account: sync, balance, history, tokens, send, sign"
    )
    actions = parser.add_subparsers(dest="eth_cmd", metavar="ACTION", required=True)
    _register_endpoint(actions)
    sync = actions.add_parser("sync", help="read balances, history and pending transfers from the endpoint")
    sync.add_argument("--account", help="only this cold account's addresses")
    sync.add_argument("--from-block", type=int, help="first sync: start the history at this block")
    sync.set_defaults(handler=sync_command)
    for name, handler, what in (
        ("balance", balance_command, "balances of the last good sync"),
        ("history", history_command, "transfers in and out, pending first"),
    ):
        action = actions.add_parser(name, help=what)
        action.add_argument("--account", help="only this cold account's addresses")
        action.add_argument("--json", action="store_true", help="print JSON")
        if name == "history":
            action.add_argument("--limit", type=int, default=50, help="newest N entries (default 50)")
        action.set_defaults(handler=handler)
    receive = actions.add_parser("receive", help="the device-verified addresses to receive at (EIP-681)")
    receive.add_argument("--account", help="only this cold account's addresses")
    receive.add_argument("--amount", help="ask for this amount (ETH or token units)")
    receive.add_argument("--token", help="ask for a watched token instead of ETH")
    receive.set_defaults(handler=receive_command)
    from app.cli import eth_account_cmd

    eth_account_cmd.register(actions)
    expect = actions.add_parser("expect", help="expect a deposit at a verified address (arrival tracking)")
    expect.add_argument("--address", required=True, help="a device-verified ETH address")
    expect.add_argument("--amount", required=True, help="amount in ETH or token units")
    expect.add_argument("--token", help="a watched token's symbol or contract (default: ETH)")
    expect.add_argument("--confirmations", type=int, default=12, help="blocks deep to count as confirmed")
    expect.set_defaults(handler=expect_command)
    arrivals = actions.add_parser("arrivals", help="expected deposits: waiting, received, confirmed")
    arrivals.set_defaults(handler=arrivals_command)
    tokens = actions.add_parser("tokens", help="the ERC-20 tokens watched")
    token_actions = tokens.add_subparsers(dest="tokens_cmd", metavar="ACTION", required=True)
    add = token_actions.add_parser("add", help="watch a token by contract address")
    add.add_argument("contract")
    add.set_defaults(handler=tokens_add)
    token_actions.add_parser("list", help="the watched tokens").set_defaults(handler=tokens_list)
    from app.cli import eth_send_cmd

    eth_send_cmd.register(actions)


def _register_endpoint(actions: SubParsers[argparse.ArgumentParser]) -> None:
    from app.eth.networks import EthNetwork

    endpoint = actions.add_parser("endpoint", help="the JSON-RPC endpoint (saved in settings)")
    endpoint_actions = endpoint.add_subparsers(dest="endpoint_cmd", metavar="ACTION", required=True)
    change = endpoint_actions.add_parser("set", help="use this endpoint")
    change.add_argument("url", help="http(s)://host:port of an Ethereum JSON-RPC endpoint")
    change.add_argument("--network", dest="eth_network", required=True, choices=[n.value for n in EthNetwork])
    change.add_argument("--timeout", type=int, default=10, help="seconds per request (default 10)")
    change.add_argument(
        "--proxy", help="a SOCKS5 proxy host:port to reach it through (e.g. Tor's 127.0.0.1:9050)"
    )
    change.set_defaults(handler=endpoint_set)
    endpoint_actions.add_parser("show", help="print it").set_defaults(handler=endpoint_show)
    endpoint_actions.add_parser("clear", help="forget it").set_defaults(handler=endpoint_clear)


def receive_command(args: argparse.Namespace, ctx: CommandContext) -> int:
    from app.eth.watch import ETH
    from app.usecases.eth import eth_receive

    found = eth_receive(ctx.db_path, ctx.settings, args.account, args.amount, args.token or ETH)
    if not found:
        print("no device-verified Ethereum address yet; verify one with `coldsplit eth account verify`")
    for item in found:
        print(f"{item.account}  {item.address}  ({item.path}, verified on the device {item.verified_at})")
        print(f"  {item.uri}")
    return 0


def endpoint_set(args: argparse.Namespace, ctx: CommandContext) -> int:
    from app.eth.networks import EthEndpointSetting, EthNetwork
    from app.usecases.settings import SettingsChange, change_settings

    endpoint = EthEndpointSetting(
        EthNetwork.parse(args.eth_network), args.url.strip(), args.timeout, args.proxy
    )
    change_settings(ctx.settings_path, SettingsChange(eth_endpoint=(endpoint,)))
    print(json.dumps(endpoint.as_dict(), indent=2))
    return 0


def endpoint_show(args: argparse.Namespace, ctx: CommandContext) -> int:
    endpoint = ctx.settings.eth_endpoint
    print(json.dumps(None if endpoint is None else endpoint.as_dict(), indent=2))
    return 0


def endpoint_clear(args: argparse.Namespace, ctx: CommandContext) -> int:
    from app.usecases.settings import SettingsChange, change_settings

    change_settings(ctx.settings_path, SettingsChange(eth_endpoint=(None,)))
    print("the Ethereum endpoint was forgotten")
    return 0


def sync_command(args: argparse.Namespace, ctx: CommandContext) -> int:
    from app.usecases.eth import sync_eth

    if args.from_block is not None and args.from_block < 0:
        from app.errors import UsageError

        raise UsageError("--from-block must be 0 or more")
    for report in sync_eth(ctx.db_path, ctx.settings, args.account, args.from_block):
        print(
            f"{report.address}: synced to block {report.tip} (read from block {report.scanned_from}); "
            f"{report.transfers_seen} transfer(s) seen, {report.pending} pending"
        )
    return 0


def _views(args: argparse.Namespace, ctx: CommandContext, limit: int = 1000) -> list[Any]:
    from app.usecases.eth import eth_accounts_view

    return eth_accounts_view(ctx.db_path, ctx.settings, args.account, limit)


def _state_line(view: Any) -> str:
    state = view.state
    if state is None:
        return "never synced: run `coldsplit eth sync`"
    read = (
        f"balances read {state.synced_at} at block {state.scanned_block}"
        if state.synced_at
        else "no good sync yet"
    )
    if state.state == "unreachable":
        return f"last sync FAILED ({state.message}); {read}"
    return read


def balance_command(args: argparse.Namespace, ctx: CommandContext) -> int:
    from app.eth.tokens import format_units

    views = _views(args, ctx, 0)
    if args.json:
        rows = [
            {
                "account": v.account,
                "address": v.address,
                "chain_id": v.chain_id,
                "state": None if v.state is None else vars(v.state),
                "balances": [
                    {**vars(b), "amount_text": format_units(b.amount, b.decimals)} for b in v.balances
                ],
            }
            for v in views
        ]
        print(json.dumps(rows, indent=2))
        return 0
    if not views:
        print(
            "no device-verified Ethereum address yet; create the account with `coldsplit eth account create` "
            "and verify its address with `coldsplit eth account verify`"
        )
    for view in views:
        print(f"{view.account}  {view.address}  ({_state_line(view)})")
        for b in view.balances:
            print(f"  {format_units(b.amount, b.decimals):>24} {b.symbol}")
    return 0


def history_command(args: argparse.Namespace, ctx: CommandContext) -> int:
    from app.eth.tokens import format_units

    views = _views(args, ctx, max(1, args.limit))
    if args.json:
        print(
            json.dumps(
                [{"address": v.address, "history": [vars(h) for h in v.history]} for v in views], indent=2
            )
        )
        return 0
    for view in views:
        print(f"{view.account}  {view.address}  ({_state_line(view)})")
        for h in view.history:
            where = (
                "pending" if h.block_number is None else f"block {h.block_number}, {h.confirmations} conf."
            )
            sign = "+" if h.direction == "in" else "-" if h.direction == "out" else "±"
            amount = format_units(h.amount, h.decimals)
            moved = f"{sign}{amount} {h.symbol}  {h.direction} {h.counterparty}"
            how = f"  ({h.note})" if h.note else ""
            print(f"  {h.status:9} {moved}  {where}  {h.tx_hash}{how}")
    return 0


def tokens_add(args: argparse.Namespace, ctx: CommandContext) -> int:
    from app.usecases.eth import add_eth_token

    token = add_eth_token(ctx.db_path, ctx.settings, args.contract)
    print(f"watching {token.symbol} ({token.decimals} decimals) at {token.contract}")
    return 0


def tokens_list(args: argparse.Namespace, ctx: CommandContext) -> int:
    from app.usecases.eth import eth_tokens

    for token in eth_tokens(ctx.db_path, ctx.settings):
        origin = "built in" if token.builtin else "added"
        print(f"{token.symbol:8} {token.decimals:3} decimals  {token.contract}  ({origin})")
    return 0


def expect_command(args: argparse.Namespace, ctx: CommandContext) -> int:
    from app.eth.watch import ETH
    from app.usecases.eth import expect_eth_arrival

    arrival = expect_eth_arrival(
        ctx.db_path, ctx.settings, args.address, args.amount, args.token or ETH, args.confirmations
    )
    where = f"at {arrival.address} from block {arrival.start_block}"
    print(f"expecting arrival #{arrival.id} {where}: {arrival.status}")
    return 0


def arrivals_command(args: argparse.Namespace, ctx: CommandContext) -> int:
    from app.eth.tokens import format_units
    from app.usecases.eth import eth_arrivals, eth_tokens

    units = {t.contract: (t.symbol, t.decimals) for t in eth_tokens(ctx.db_path, ctx.settings)}
    for a in eth_arrivals(ctx.db_path, ctx.settings):
        symbol, decimals = ("ETH", 18) if a.asset == "ETH" else units.get(a.asset, (a.asset, 0))
        got = format_units(a.received, decimals)
        print(
            f"#{a.id} {a.status:9} {got}/{format_units(a.expected, decimals)} {symbol} at {a.address} "
            f"({a.confirmations_required} conf.) {','.join(a.tx_hashes)}"
        )
    return 0
