"""`coldsplit eth send|review|sign|broadcast`: transfers out of the Ethereum cold account,
through app.usecases.eth_send (the GUI's way too).

    coldsplit eth send --account NAME --to ADDR --amount X [--token SYMBOL|CONTRACT]
                       [--nonce N] [--gas N] [--max-fee-gwei G] [--priority-fee-gwei G]
                       [--eth-usd PRICE] [-o UNSIGNED.json | --yes] [--device PATH]
    coldsplit eth review UNSIGNED.json [--eth-usd PRICE]
    coldsplit eth sign UNSIGNED.json -o SIGNED.json [--yes] [--device PATH]   (offline)
    coldsplit eth broadcast SIGNED.json

`send` without -o reviews, asks on the terminal (skip with --yes; the device asks anyway),
signs on the device, verifies the signed bytes and broadcasts. With -o it writes the
unsigned transfer for an air-gapped `eth sign`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli.context import CommandContext
from app.errors import UserError

SubParsers = argparse._SubParsersAction
MAX_FILE_BYTES = 1_000_000


def register(actions: SubParsers[argparse.ArgumentParser]) -> None:
    from app.cli.device_session import add_device_options

    send = actions.add_parser("send", help="build, review, sign on the device and broadcast a transfer")
    send.add_argument("--account", required=True, help="the cold account sending")
    send.add_argument("--from", dest="sender", help="which of its verified addresses (default: its first)")
    send.add_argument("--to", required=True, help="recipient address")
    send.add_argument("--amount", required=True, help="amount in ETH or token units, e.g. 0.5")
    send.add_argument("--token", help="an ERC-20 token's symbol or contract (default: ETH)")
    send.add_argument("--nonce", type=int, help="default: the node's next nonce")
    send.add_argument(
        "--gas", type=int, help="gas limit (default: 21000 for ETH, the node's estimate for a token)"
    )
    send.add_argument("--max-fee-gwei", help="max fee per gas (default: 2 × base fee + priority fee)")
    send.add_argument("--priority-fee-gwei", help="priority fee per gas (default: the node's suggestion)")
    send.add_argument("--eth-usd", type=float, help="ETH price in USD, to show the fee in dollars")
    send.add_argument("-o", "--output", type=Path, help="write the unsigned transfer here instead of signing")
    send.add_argument("--yes", action="store_true", help="do not ask on the terminal (the device still asks)")
    add_device_options(send)
    send.set_defaults(handler=send_command)

    review = actions.add_parser("review", help="review an unsigned or signed transfer file (offline)")
    review.add_argument("file", type=Path)
    review.add_argument("--eth-usd", type=float, help="ETH price in USD")
    review.set_defaults(handler=review_command)

    sign = actions.add_parser("sign", help="sign an unsigned transfer file on the device (offline)")
    sign.add_argument("file", type=Path)
    sign.add_argument("-o", "--output", type=Path, required=True, help="where to write the signed transfer")
    sign.add_argument("--eth-usd", type=float, help="ETH price in USD")
    sign.add_argument("--yes", action="store_true", help="do not ask on the terminal (the device still asks)")
    add_device_options(sign)
    sign.set_defaults(handler=sign_command)

    broadcast = actions.add_parser("broadcast", help="send a signed transfer file through the endpoint")
    broadcast.add_argument("file", type=Path)
    broadcast.set_defaults(handler=broadcast_command)


def _fees(args: argparse.Namespace) -> Any:
    from app.eth.send import FeeChoice
    from app.eth.tokens import parse_units

    def gwei(text: str | None) -> int | None:
        return None if text is None else parse_units(text, 9)

    for name in ("nonce", "gas"):
        value = getattr(args, name)
        if value is not None and value < 0:
            raise UserError(f"--{name} must be 0 or more")
    return FeeChoice(args.nonce, args.gas, gwei(args.max_fee_gwei), gwei(args.priority_fee_gwei))


def _print_review(review: Any) -> None:
    for line in review.lines():
        print(line)


def _read(path: Path) -> object:
    from risk.textio import JsonTextError, parse_json, read_at_most

    try:
        return parse_json(read_at_most(path, MAX_FILE_BYTES).decode("utf-8"), str(path))
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"cannot read {path}: {exc}") from None
    except JsonTextError as exc:
        raise UserError(str(exc)) from None


def _write(path: Path, document: dict[str, Any]) -> None:
    from app.eth.send import dumps
    from app.fsutil import atomic_write_text

    try:
        atomic_write_text(path, dumps(document))
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc}") from None


def _confirm(what: str) -> None:
    print(f"{what}? [y/N] ", end="", file=sys.stderr, flush=True)
    try:
        answer = sys.stdin.readline()
    except (OSError, ValueError):
        answer = ""
    if not answer.endswith("\n"):
        print(file=sys.stderr)
    if answer.strip().lower() not in ("y", "yes"):
        raise UserError("not signed: not confirmed at the terminal (pass --yes in scripts); nothing was sent")


def _sign(args: argparse.Namespace, ctx: CommandContext, review: Any) -> Any:
    from app.cli.device_session import opened_device_for
    from app.usecases.eth_send import sign_eth_transfer

    if not args.yes:
        _confirm("Sign this transfer on the device")
    with opened_device_for(args, ctx.network) as session:
        return sign_eth_transfer(session.call, review)


def send_command(args: argparse.Namespace, ctx: CommandContext) -> int:
    from app.eth.watch import ETH
    from app.usecases.eth_send import broadcast_eth, prepare_eth_send

    review = prepare_eth_send(
        ctx.db_path,
        ctx.settings,
        args.account,
        args.to,
        args.amount,
        args.token or ETH,
        sender=args.sender,
        fees=_fees(args),
        eth_usd=args.eth_usd,
    )
    _print_review(review)
    if args.output is not None:
        _write(args.output, review.transfer.to_json())
        print(f"unsigned transfer written to {args.output}; sign it with `coldsplit eth sign`")
        return 0
    signed = _sign(args, ctx, review)
    print(f"sent {broadcast_eth(ctx.db_path, ctx.settings, signed)}")
    return 0


def review_command(args: argparse.Namespace, ctx: CommandContext) -> int:
    from app.usecases.eth_send import review_eth_file

    _print_review(review_eth_file(ctx.db_path, _read(args.file), args.eth_usd))
    return 0


def sign_command(args: argparse.Namespace, ctx: CommandContext) -> int:
    from app.usecases.eth_send import review_eth_file

    review = review_eth_file(ctx.db_path, _read(args.file), args.eth_usd)
    _print_review(review)
    signed = _sign(args, ctx, review)
    _write(args.output, signed.to_json())
    print(f"signed {signed.tx_hash}; written to {args.output} (send it with `coldsplit eth broadcast`)")
    return 0


def broadcast_command(args: argparse.Namespace, ctx: CommandContext) -> int:
    from app.usecases.eth_send import broadcast_eth, signed_from_json

    signed = signed_from_json(_read(args.file))
    print(f"sent {broadcast_eth(ctx.db_path, ctx.settings, signed)}")
    return 0
