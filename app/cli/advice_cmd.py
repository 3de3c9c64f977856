"""`coldsplit advice`, `holdings`, `stress-policy` and `eth-address`: the split and what should move.

    coldsplit holdings [--portfolio FILE|stored|demo] [--long-term BTC,ETH] [--json]
    coldsplit advice [--portfolio FILE|stored|demo] [--preset NAME] [--btc-drawdown D] [--buffer B]
                     [--to ADDRESS ...] [--min-transfer USD] [--json]          (alias: advise)
    coldsplit stress-policy show | set [--preset NAME] [--btc-drawdown D | --preset-shock] [--buffer B]
    coldsplit eth-address verify --account NAME [--index I] [--layout bip44|ledger-live] [--device PATH]
    coldsplit eth-address list

FILE is a holdings file (app.holdings: the engine's portfolio plus spot and cold lists);
`stored` builds one from the venue accounts in the store (app.holdings_store); `demo`
is the shipped sample with the demo window's cold ETH and stablecoins beside it
(app.usecases.demo_holdings), so the command line and the demo window agree.
Transfers go only to device-verified cold addresses: by default the latest verified one
per chain, or each `--to` address, which is refused unless a device has shown it and the
user confirmed it there.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.context import CommandContext

if TYPE_CHECKING:
    from app.holdings import HoldingsDocument

SubParsers = argparse._SubParsersAction  # argparse exposes no public name for it


def register(subparsers: SubParsers[argparse.ArgumentParser]) -> None:
    holdings = subparsers.add_parser("holdings", help="what sits on exchanges and in cold storage")
    _portfolio_option(holdings)
    holdings.add_argument("--json", action="store_true", help="print JSON")
    holdings.set_defaults(handler=holdings_command)

    advice = subparsers.add_parser(
        "advice", aliases=["advise"], help="what can move to cold storage now, what to cut, what is dangerous"
    )
    _portfolio_option(advice)
    advice.add_argument("--preset", help="crash preset for this run (default: the saved stress policy)")
    advice.add_argument("--btc-drawdown", type=float, help="custom BTC shock for this run, e.g. 0.15")
    advice.add_argument("--buffer", type=float, help="safety buffer added to the BTC drawdown, e.g. 0.02")
    advice.add_argument(
        "--survive-share",
        type=float,
        default=None,
        help="share of the calibrated ensemble every plan must survive in (default 0.9)",
    )
    advice.add_argument(
        "--to",
        action="append",
        default=[],
        metavar="ADDRESS",
        help="a device-verified cold address to send to",
    )
    advice.add_argument(
        "--min-transfer",
        type=float,
        metavar="USD",
        help="smallest transfer worth making (default: settings min_transfer_usd, else 100)",
    )
    advice.add_argument("--json", action="store_true", help="print JSON")
    advice.set_defaults(handler=advice_command)

    _register_policy(subparsers)
    _register_eth(subparsers)


def _portfolio_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--portfolio",
        default="demo",
        help="holdings JSON file, 'stored' (the venue accounts in the store) or 'demo' (default)",
    )
    parser.add_argument(
        "--long-term",
        default="BTC,ETH",
        metavar="ASSETS",
        help="with 'stored': spot assets held for the long term, comma-separated (default BTC,ETH)",
    )


def _register_policy(subparsers: SubParsers[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "stress-policy", help="the stress the advisor plans for (saved in settings)"
    )
    actions = parser.add_subparsers(dest="policy_action", metavar="ACTION", required=True)
    actions.add_parser("show", help="print the saved stress policy").set_defaults(handler=policy_show)
    change = actions.add_parser("set", help="change the saved stress policy")
    change.add_argument("--preset", help="crash preset name or JSON path")
    shock = change.add_mutually_exclusive_group()
    shock.add_argument("--btc-drawdown", type=float, help="a custom BTC shock instead of the preset's")
    shock.add_argument("--preset-shock", action="store_true", help="go back to the preset's own shock")
    change.add_argument("--buffer", type=float, help="safety buffer added to the BTC drawdown")
    change.set_defaults(handler=policy_set)


def add_eth_verify_options(verify: argparse.ArgumentParser) -> None:
    verify.add_argument(
        "--index", type=int, help="address index I (default: an Ethereum account's next address, else 0)"
    )
    verify.add_argument(
        "--layout",
        choices=["bip44", "ledger-live"],
        help="bip44: m/44h/60h/0h/0/I (default); ledger-live: m/44h/60h/Ih/0/0; "
        "an Ethereum account (`eth account create`) fixes its own",
    )


def _register_eth(subparsers: SubParsers[argparse.ArgumentParser]) -> None:
    from app.cli.device_session import add_device_options

    parser = subparsers.add_parser("eth-address", help="device-verified Ethereum cold addresses")
    actions = parser.add_subparsers(dest="eth_action", metavar="ACTION", required=True)
    verify = actions.add_parser("verify", help="show m/44h/60h/0h/0/I on the device; record it if confirmed")
    verify.add_argument("--account", required=True, help="cold account name to record it under")
    add_eth_verify_options(verify)
    add_device_options(verify)
    verify.set_defaults(handler=eth_verify)
    actions.add_parser("list", help="the verified Ethereum addresses").set_defaults(handler=eth_list)


def _document(args: argparse.Namespace, ctx: CommandContext) -> HoldingsDocument:
    from app.holdings import load_holdings

    if args.portfolio == "demo":
        from app.usecases.demo_holdings import demo_db_path, load_demo_holdings

        return load_demo_holdings(demo_db_path(ctx.data_dir))
    if args.portfolio != "stored":
        return load_holdings(Path(args.portfolio))
    from app.usecases.holdings import stored_holdings

    long_term = [a.strip() for a in args.long_term.split(",") if a.strip()]
    return stored_holdings(ctx.db_path, ctx.data_dir, ctx.network.value, long_term)


def holdings_command(args: argparse.Namespace, ctx: CommandContext) -> int:
    from app.advisor.report import EXPLAIN, holdings_json
    from app.holdings import compute_holdings

    holdings = compute_holdings(_document(args, ctx))
    notes = [note.text for note in holdings.notes()]
    if args.json:
        unpriced = [
            {"place": u.place.value, "account": u.account, "asset": u.asset, "amount": u.amount}
            for u in holdings.unpriced
        ]
        document = {
            **holdings_json(holdings),
            "unpriced": unpriced,
            "notes": notes,
            "explain": {k: EXPLAIN[k] for k in _HOLDINGS_KEYS},
        }
        print(json.dumps(document, indent=2, ensure_ascii=False))
        return 0
    print(
        f"total ${holdings.total_usd:,.2f} ({holdings.total_usd / holdings.btc_price:.8f} BTC); "
        f"on exchanges {holdings.exchange_share:.1%}"
    )
    for line in holdings.lines:
        print(
            f"  {line.place.value:7} {line.account:24} {line.asset:6} {line.amount:>16,.8f}"
            f"  ${line.usd:>14,.2f}  {line.btc:.8f} BTC"
        )
    for u in holdings.unpriced:
        print(f"  {u.place.value:7} {u.account:24} {u.asset:6} {u.amount:>16,.8f}  no price (not counted)")
    for note in notes:
        print(f"note: {note}")
    return 0


_HOLDINGS_KEYS = (
    "btc_price",
    "total_usd",
    "total_btc",
    "trading_usd",
    "cold_usd",
    "exchange_share",
    "usd",
    "btc",
    "trading_amount",
    "cold_amount",
)


def advice_command(args: argparse.Namespace, ctx: CommandContext) -> int:
    from app.advisor.policy import StressPolicy
    from app.advisor.report import render_json, render_text
    from app.usecases.advice import AdviceRequest, advice_targets, compute_advice

    document = _document(args, ctx)
    saved = ctx.settings.stress_policy
    policy = StressPolicy(
        preset=args.preset or saved.preset,
        btc_drawdown=args.btc_drawdown if args.btc_drawdown is not None else saved.btc_drawdown,
        buffer=args.buffer if args.buffer is not None else saved.buffer,
    )
    request = AdviceRequest(policy, args.min_transfer, args.survive_share)
    advice = compute_advice(
        document, request, ctx.settings, advice_targets(ctx.db_path, ctx.network, args.to)
    )
    render = render_json if args.json else render_text
    print(render(advice, document.portfolio.name), end="")
    return 0


def policy_show(args: argparse.Namespace, ctx: CommandContext) -> int:
    from app.advisor.policy import policy_from_settings

    print(json.dumps(policy_from_settings(ctx.settings).as_dict(), indent=2))
    return 0


def policy_set(args: argparse.Namespace, ctx: CommandContext) -> int:
    from app.advisor.policy import StressPolicy, policy_from_settings, resolve
    from app.usecases.settings import SettingsChange, change_settings

    saved = policy_from_settings(ctx.settings)
    drawdown = (
        None
        if args.preset_shock
        else (args.btc_drawdown if args.btc_drawdown is not None else saved.btc_drawdown)
    )
    policy = StressPolicy(
        preset=args.preset or saved.preset,
        btc_drawdown=drawdown,
        buffer=args.buffer if args.buffer is not None else saved.buffer,
    )
    resolve(policy)  # refuse a preset that does not load before saving it
    change_settings(ctx.settings_path, SettingsChange(stress_policy=policy))
    print(json.dumps(policy.as_dict(), indent=2))
    return 0


def eth_verify(args: argparse.Namespace, ctx: CommandContext) -> int:
    """The CLI's front of `app.usecases.eth_addresses.verify_eth_address` (the same host-side
    question as `cold verify` on a model whose address screen cannot refuse)."""
    from app.advisor.ethereum import ConfirmedEthAddress, eth_path
    from app.cli.device_session import DeviceCommandError, opened_device_for
    from app.cold.accounts import check_name
    from app.cold.refusal import Refusal, ask_match_on_terminal, refusal_for, refusal_sentence
    from app.usecases.eth_addresses import verify_eth_address

    name = check_name(args.account)
    eth_path(args.index or 0, args.layout or "bip44")  # a bad index is refused before the device is opened
    model = ""

    def announce(path: str, address: str) -> None:  # after the silent read, before the screen
        print(f"the device will show the Ethereum address at {path}; it must read {address}")
        print(refusal_sentence(model))

    def matches(confirmed: ConfirmedEthAddress) -> bool:
        return refusal_for(model) is Refusal.ON_DEVICE or ask_match_on_terminal(confirmed.address)

    try:
        with opened_device_for(args, ctx.network) as session:
            model = session.call(lambda wallet: wallet.info()).model
            recorded = verify_eth_address(
                ctx.db_path,
                session.call,
                name,
                args.index,
                announce=announce,
                matches=matches,
                layout=args.layout,
            )
    except DeviceCommandError as exc:
        raise type(exc)(f"{exc.message}; nothing was recorded", exc.detail) from exc
    print(
        f"verified on device {recorded.fingerprint}: {recorded.address} at {recorded.path} "
        f"({recorded.verified_at})"
    )
    return 0


def eth_list(args: argparse.Namespace, ctx: CommandContext) -> int:
    from app.advisor.ethereum import eth_withdrawal_targets
    from app.store import open_store

    rows = []
    if ctx.db_path.exists():
        with open_store(ctx.db_path) as store:
            rows = [vars(v) for v in eth_withdrawal_targets(store)]
    print(json.dumps(rows, indent=2))
    return 0
