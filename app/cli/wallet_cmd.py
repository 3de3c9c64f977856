"""`coldsplit wallet`: the cold account's watch-only wallet — backend, sync, balance, coins, spends.

Balances, coins and history are read from the local wallet file (no network); `sync`,
`broadcast` and a fee estimate talk to the chain backend set with `wallet backend`.
`send` and `bump` write an unsigned PSBT for the usual path: `psbt review`, sign on
the device, `psbt finalize --extract`, then `wallet broadcast`.
"""

from __future__ import annotations

import argparse
import functools
import json
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli.context import CommandContext
from app.errors import NetworkFailure, UserError

if TYPE_CHECKING:
    from app.cold.accounts import ColdAccount
    from app.store.database import Store

# Wallet libraries (bdk) load in the handlers: every `coldsplit` command builds this parser.
Handler = Callable[[argparse.Namespace, CommandContext], int]
DEFAULT_FEE_TARGET_BLOCKS = 6
MAX_TX_FILE_BYTES = 4 * 1024 * 1024  # far above any standard transaction (400,000 weight units)
SATS_PER_BTC = Decimal(100_000_000)


class WalletNetworkError(NetworkFailure):
    """The chain backend could not be reached or answered badly (exit 4)."""


class WalletCommandError(UserError):
    """A wallet request the user can fix."""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "wallet", help="the cold account's watch-only wallet: sync, balance, spend"
    )
    actions = parser.add_subparsers(dest="wallet_action", metavar="ACTION", required=True)
    backend = actions.add_parser("backend", help="show or set the chain backend of the network in use")
    kind = backend.add_mutually_exclusive_group()
    kind.add_argument("--electrum", metavar="URL", help="Electrum server, tcp://HOST:PORT or ssl://HOST:PORT")
    kind.add_argument("--esplora", metavar="URL", help="Esplora REST API, https://HOST/api")
    kind.add_argument("--cbf", metavar="IP:PORT", help="a full node serving compact block filters (BIP157)")
    backend.add_argument("--proxy", metavar="HOST:PORT", help="SOCKS5 proxy, e.g. Tor at 127.0.0.1:9050")
    backend.add_argument("--timeout", type=int, default=10, help="seconds to wait for an answer")
    backend.add_argument("--gap-limit", type=int, default=20, help="unused addresses in a row ending a scan")
    backend.set_defaults(handler=backend_command)
    sync = _account_parser(actions, "sync", "fetch the account's transactions from the backend", sync_command)
    sync.add_argument("--full", action="store_true", help="a full scan with the gap limit, not incremental")
    for name, text in (
        ("balance", "confirmed and pending balance"),
        ("utxos", "unspent coins"),
        ("history", "transactions, with labels"),
        ("transfers", "expected deposits"),
    ):
        _account_parser(actions, name, text, VIEWS[name]).add_argument("--json", action="store_true")
    _register_spending(actions)
    expect = _account_parser(
        actions, "expect", "expect a deposit at a device-verified address", expect_command
    )
    expect.add_argument("address")
    expect.add_argument("--amount", required=True, metavar="BTC")
    expect.add_argument("--confirmations", type=int, default=1)


def _account_parser(
    actions: argparse._SubParsersAction[argparse.ArgumentParser], name: str, text: str, handler: Handler
) -> argparse.ArgumentParser:
    parser = actions.add_parser(name, help=text)
    parser.add_argument("--account", help="cold account name (default: the only one on this network)")
    parser.set_defaults(handler=handler)
    return parser


def _register_spending(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    send = _account_parser(
        actions, "send", "build an unsigned spend (PSBT) for review and signing", send_command
    )
    send.add_argument("--to", action="append", required=True, metavar="ADDRESS")
    send.add_argument("--amount", action="append", metavar="BTC", help="one per --to")
    send.add_argument("--send-max", action="store_true", help="send everything selected, less the fee")
    send.add_argument("--utxo", action="append", default=[], metavar="TXID:VOUT", help="spend exactly these")
    send.add_argument("--no-rbf", action="store_true", help="do not signal replace-by-fee")
    _fee_options(send)
    _psbt_output(send)
    bump = _account_parser(
        actions, "bump", "a higher-fee replacement (RBF) of an unconfirmed spend", bump_command
    )
    bump.add_argument("txid")
    _fee_options(bump)
    _psbt_output(bump)
    broadcast = _account_parser(
        actions,
        "broadcast",
        "send a signed transaction spending a cold account's coins (without --account: the account "
        "of the network in use it spends from)",
        broadcast_command,
    )
    broadcast.add_argument("tx", help="hex, or a file with hex, a raw transaction or a finalized PSBT")


def _fee_options(parser: argparse.ArgumentParser) -> None:
    fee = parser.add_mutually_exclusive_group()
    fee.add_argument("--fee-rate", type=float, metavar="SAT/VB", help="manual fee rate")
    fee.add_argument(
        "--fee-target",
        type=int,
        metavar="BLOCKS",
        help=f"backend estimate (default {DEFAULT_FEE_TARGET_BLOCKS})",
    )


def _psbt_output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", required=True, help="PSBT file to write (- = standard output)")
    parser.add_argument("--binary", action="store_true", help="binary PSBT instead of base64 text")
    parser.add_argument("--overwrite", action="store_true", help="allow replacing an existing file")


def _translated(handler: Handler) -> Handler:
    """Wallet-layer errors are the user's to act on: one line, exit 2."""

    @functools.wraps(handler)
    def run(args: argparse.Namespace, ctx: CommandContext) -> int:
        from wallet.psbt.errors import PsbtError
        from wallet.types import KeyInputError
        from wallet.watch.errors import BackendError, WatchError

        try:
            return handler(args, ctx)
        except BackendError as exc:
            raise WalletNetworkError(str(exc)) from exc
        except (WatchError, PsbtError, KeyInputError) as exc:
            raise WalletCommandError(str(exc)) from exc

    return run


def parse_btc(text: str) -> int:
    """A BTC amount as satoshis: positive, at most 8 decimals, at most 21 million."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise WalletCommandError(f"{text!r} is not an amount in BTC") from None
    sats = value * SATS_PER_BTC
    if not value.is_finite() or sats != sats.to_integral_value() or not 0 < sats <= 21_000_000 * SATS_PER_BTC:
        raise WalletCommandError(f"{text!r} is not an amount in BTC (more than 0, at most 8 decimals)")
    return int(sats)


def btc(sats: int) -> str:
    return f"{Decimal(sats) / SATS_PER_BTC:.8f}"


def _account(store: Store, args: argparse.Namespace, ctx: CommandContext) -> ColdAccount:
    from app.watch.service import choose_account

    return choose_account(store, args.account, ctx.network.value)


def backend_command(args: argparse.Namespace, ctx: CommandContext) -> int:
    from app.usecases.settings import SettingsChange, change_settings
    from app.watch.backend_settings import NoBackendError, backend_for, backend_setting
    from wallet.watch.backends import BackendConfig, BackendKind
    from wallet.watch.errors import WatchError

    if args.electrum is None and args.esplora is None and args.cbf is None:
        try:
            print(f"{ctx.network.value}: {backend_for(ctx.settings, ctx.network).describe()}")
        except NoBackendError as exc:
            print(exc.message)
        return 0
    kind, url = (
        (BackendKind.ELECTRUM, args.electrum)
        if args.electrum is not None  # an empty URL is given, and refused below, not skipped
        else (BackendKind.ESPLORA, args.esplora)
        if args.esplora is not None
        else (BackendKind.CBF, "p2p://" + args.cbf.removeprefix("p2p://"))
    )
    try:
        config = BackendConfig(kind, url, args.proxy, args.timeout, args.gap_limit)
    except WatchError as exc:
        raise WalletCommandError(str(exc)) from None
    change_settings(ctx.settings_path, SettingsChange(backend=(ctx.network, backend_setting(config))))
    print(f"{ctx.network.value}: {config.describe()}")
    return 0


@_translated
def sync_command(args: argparse.Namespace, ctx: CommandContext) -> int:
    from app.usecases.chain import sync_cold_account
    from app.watch.backend_settings import backend_for

    config = backend_for(ctx.settings, ctx.network)
    network = ctx.network
    synced = sync_cold_account(ctx.db_path, ctx.data_dir, network, config, args.account, full_scan=args.full)
    report = synced.report
    kind = "full scan" if report.outcome.full_scan else "sync"
    print(f"{synced.account.name}: {kind} done, {report.outcome.new_transactions} new transactions")
    print(report.state.describe())
    for transfer in report.transfers:
        print(f"transfer #{transfer.id} to {transfer.address}: {transfer.status}")
    return 0


def _read_only(args: argparse.Namespace, ctx: CommandContext) -> tuple[Any, Any, dict[tuple[str, str], str]]:
    from app.store import open_store
    from app.watch.service import labels_of, open_account_wallet, sync_state

    with open_store(ctx.db_path) as store:
        account = _account(store, args, ctx)
        state = sync_state(store, account)
        labels = labels_of(store, account)
    return open_account_wallet(ctx.data_dir, account), state, labels


@_translated
def balance_command(args: argparse.Namespace, ctx: CommandContext) -> int:
    wallet, state, _ = _read_only(args, ctx)
    b = wallet.balances()
    if args.json:
        sync = {
            "state": state.state,
            "description": state.describe(),
            "synced_at": state.synced_at,
            "tip_height": state.tip_height,
            "backend": state.backend,
            "message": state.message,
        }
        amounts = {
            "confirmed_sat": b.confirmed,
            "pending_sat": b.pending,
            "immature_sat": b.immature,
            "spendable_sat": b.spendable,
            "total_sat": b.total,
        }
        print(json.dumps({"network": ctx.network.value, **amounts, "sync": sync}, indent=2))
        return 0
    print(f"confirmed  {btc(b.confirmed)} BTC")
    print(f"pending    {btc(b.pending)} BTC")
    print(f"total      {btc(b.total)} BTC")
    print(state.describe())
    return 0


@_translated
def utxos_command(args: argparse.Namespace, ctx: CommandContext) -> int:
    wallet, _, labels = _read_only(args, ctx)
    rows = []
    for u in wallet.utxos():
        label = labels.get(("output", u.outpoint)) or labels.get(("addr", u.address or "")) or ""
        rows.append(
            {
                "outpoint": u.outpoint,
                "amount_sat": u.amount,
                "address": u.address,
                "change": u.change,
                "index": u.index,
                "height": u.height,
                "label": label,
            }
        )
    if args.json:
        print(json.dumps(rows, indent=2))
    for r in rows if not args.json else []:
        where = "unconfirmed" if r["height"] is None else f"height {r['height']}"
        print(f"{r['outpoint']}\t{btc(r['amount_sat'])}\t{r['address']}\t{where}\t{r['label']}".rstrip())
    return 0


@_translated
def history_command(args: argparse.Namespace, ctx: CommandContext) -> int:
    wallet, _, labels = _read_only(args, ctx)
    rows = [
        {
            "txid": h.txid,
            "net_sat": h.net,
            "received_sat": h.received,
            "sent_sat": h.sent,
            "fee_sat": h.fee,
            "height": h.height,
            "time": h.time,
            "replaceable": h.replaceable,
            "label": labels.get(("tx", h.txid), ""),
        }
        for h in wallet.history()
    ]
    if args.json:
        print(json.dumps(rows, indent=2))
    for r in rows if not args.json else []:
        where = (
            "unconfirmed" + (" (RBF)" if r["replaceable"] else "")
            if r["height"] is None
            else f"height {r['height']}"
        )
        print(f"{r['txid']}\t{int(r['net_sat']):+d} sat\t{where}\t{r['label']}".rstrip())
    return 0


@_translated
def transfers_command(args: argparse.Namespace, ctx: CommandContext) -> int:
    from app.store import open_store
    from app.watch.pending import list_transfers

    with open_store(ctx.db_path) as store:
        transfers = list_transfers(store, _account(store, args, ctx).name)
    if args.json:
        print(json.dumps([t.__dict__ | {"txids": list(t.txids)} for t in transfers], indent=2))
        return 0
    if not transfers:
        print("no expected deposits; add one with `coldsplit wallet expect ADDRESS --amount BTC`")
    for t in transfers:
        got = f"{btc(t.received_sat)} of {btc(t.expected_sat)} BTC"
        print(f"#{t.id}\t{t.address}\t{got}\t{t.status}\t(needs {t.confirmations_required} confirmations)")
    return 0


VIEWS: dict[str, Handler] = {
    "balance": balance_command,
    "utxos": utxos_command,
    "history": history_command,
    "transfers": transfers_command,
}


@_translated
def expect_command(args: argparse.Namespace, ctx: CommandContext) -> int:
    from app.store import open_store
    from app.watch.pending import expect_transfer

    with open_store(ctx.db_path) as store:
        account = _account(store, args, ctx)
        transfer = expect_transfer(
            store, account.name, args.address, parse_btc(args.amount), args.confirmations
        )
    print(f"transfer #{transfer.id}: expecting {btc(transfer.expected_sat)} BTC at {transfer.address}")
    return 0


def _fee_rate(args: argparse.Namespace, ctx: CommandContext) -> float:
    if args.fee_rate is not None:
        return float(args.fee_rate)
    from app.usecases.chain import estimate_fee_rate
    from app.watch.backend_settings import backend_for

    target = args.fee_target or DEFAULT_FEE_TARGET_BLOCKS
    config = backend_for(ctx.settings, ctx.network)
    return estimate_fee_rate(ctx.data_dir, ctx.network, config, target)


@_translated
def send_command(args: argparse.Namespace, ctx: CommandContext) -> int:
    from app.usecases.spend import SpendOrder, build_account_spend, spend_source
    from wallet.watch.spend import Recipient

    amounts = args.amount or []
    if args.send_max:
        if len(args.to) != 1 or amounts:
            raise WalletCommandError("--send-max takes one --to and no --amount")
        recipients: tuple[Recipient, ...] = (Recipient(args.to[0], None),)
    else:
        if len(amounts) != len(args.to):
            raise WalletCommandError("give one --amount for each --to (or --send-max)")
        recipients = tuple(Recipient(to, parse_btc(a)) for to, a in zip(args.to, amounts, strict=True))
    source = spend_source(ctx.db_path, ctx.network, args.account)
    order = SpendOrder(recipients, _fee_rate(args, ctx), rbf=not args.no_rbf, utxos=tuple(args.utxo))
    _write_psbt(args, build_account_spend(ctx.data_dir, source, order))
    return 0


@_translated
def bump_command(args: argparse.Namespace, ctx: CommandContext) -> int:
    from app.store import open_store
    from app.watch.service import open_account_wallet
    from wallet.watch.spend import bump_fee

    with open_store(ctx.db_path) as store:
        account = _account(store, args, ctx)
    built = bump_fee(open_account_wallet(ctx.data_dir, account), args.txid, _fee_rate(args, ctx))
    _write_psbt(args, built)
    return 0


def _write_psbt(args: argparse.Namespace, built: Any) -> None:
    from app.psbt_files import psbt_bytes, write_output

    if args.output != "-" and Path(args.output).exists() and not args.overwrite:
        raise WalletCommandError(f"{args.output} exists; pass --overwrite to replace it")
    write_output(args.output, psbt_bytes(built.psbt, binary=args.binary), inputs=[])
    if args.output != "-":
        rbf = "replaceable (RBF)" if built.replaceable else "not replaceable"
        print(
            f"wrote {args.output}: txid {built.txid}, fee {built.fee} sat, {len(built.inputs)} inputs, "
            f"change {btc(built.change)} BTC, {rbf}"
        )
        print(
            "next: `coldsplit psbt review`, sign on the device, `psbt finalize --extract`, `wallet broadcast`"
        )


@_translated
def broadcast_command(args: argparse.Namespace, ctx: CommandContext) -> int:
    from app.usecases.chain import broadcast_transaction
    from app.watch.backend_settings import backend_for

    raw = _transaction_bytes(args.tx)
    config = backend_for(ctx.settings, ctx.network)
    network = ctx.network
    sent = broadcast_transaction(ctx.db_path, ctx.data_dir, network, config, raw, args.account)
    print(f"broadcast {sent.txid}")
    return 0


def _transaction_bytes(source: str) -> bytes:
    """Raw transaction bytes from hex text, a file of hex or binary, or a finalized PSBT file
    (the use case checks that it is a signed transaction)."""
    from wallet.psbt.model import load_psbt
    from wallet.psbt.operations import extract

    text = source.strip()
    if all(c in "0123456789abcdefABCDEF" for c in text) and len(text) % 2 == 0 and len(text) >= 120:
        return bytes.fromhex(text)
    from app.fsutil import read_bounded

    data = read_bounded(Path(source), MAX_TX_FILE_BYTES, "a transaction")
    stripped = data.strip()
    if stripped.startswith((b"psbt\xff", b"cHNidP")):
        return extract(load_psbt(data))
    if all(c in b"0123456789abcdefABCDEF" for c in stripped) and len(stripped) % 2 == 0:
        return bytes.fromhex(stripped.decode())
    return data
