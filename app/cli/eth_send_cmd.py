"""`coldsplit eth send|review|sign|broadcast`: transfers out of the Ethereum cold account,
through app.usecases.eth_send (the GUI's way too).

    coldsplit eth send --account NAME --to ADDR --amount X [--token SYMBOL|CONTRACT]
                       [--nonce N] [--gas N] [--max-fee-gwei G] [--priority-fee-gwei G]
                       [--legacy [--gas-price-gwei G]]
                       [--eth-usd PRICE] [-o UNSIGNED.json | --yes] [--device PATH]
    coldsplit eth review UNSIGNED.json [--eth-usd PRICE]
    coldsplit eth sign UNSIGNED.json -o SIGNED.json [--yes] [--device PATH]   (offline)
    coldsplit eth broadcast SIGNED.json

Each also by QR code (ERC-4527 URs; app.cli.eth_qr_cmd): `send --qr-out DIR`, `sign --qr-in
IMAGE... --qr-out DIR`, `broadcast --qr-in IMAGE... --unsigned UNSIGNED.json`.

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
    from app.cli.eth_qr_cmd import add_qr_in, add_qr_out

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
    send.add_argument(
        "--legacy",
        action="store_true",
        help="a legacy (EIP-155) transaction with one gas price, not EIP-1559",
    )
    send.add_argument(
        "--gas-price-gwei", help="with --legacy: the gas price (default: the node's eth_gasPrice)"
    )
    send.add_argument("--eth-usd", type=float, help="ETH price in USD, to show the fee in dollars")
    send.add_argument("-o", "--output", type=Path, help="write the unsigned transfer here instead of signing")
    send.add_argument("--yes", action="store_true", help="do not ask on the terminal (the device still asks)")
    add_qr_out(send, "the unsigned transfer (ur:eth-sign-request) for an air-gapped signer")
    add_device_options(send)
    send.set_defaults(handler=send_command)

    review = actions.add_parser("review", help="review an unsigned or signed transfer file (offline)")
    review.add_argument("file", type=Path)
    review.add_argument("--eth-usd", type=float, help="ETH price in USD")
    review.set_defaults(handler=review_command)

    sign = actions.add_parser(
        "sign",
        help="sign an unsigned transfer file on the device (offline)",
        description="Sign an unsigned transfer on the device, on an air-gapped machine: nothing in "
        "this command touches the network. The transfer comes as a file or as QR frames.",
    )
    sign.add_argument("file", type=Path, nargs="?", help="the unsigned transfer file (or --qr-in)")
    sign.add_argument("-o", "--output", type=Path, help="where to write the signed transfer (or --qr-out)")
    add_qr_in(sign, "the unsigned transfer (ur:eth-sign-request)")
    add_qr_out(sign, "the signature (ur:eth-signature)")
    sign.add_argument("--eth-usd", type=float, help="ETH price in USD")
    sign.add_argument("--yes", action="store_true", help="do not ask on the terminal (the device still asks)")
    add_device_options(sign)
    sign.set_defaults(handler=sign_command)

    broadcast = actions.add_parser("broadcast", help="send a signed transfer file through the endpoint")
    broadcast.add_argument("file", type=Path, nargs="?", help="the signed transfer file (or --qr-in)")
    add_qr_in(broadcast, "the signature (ur:eth-signature)")
    broadcast.add_argument(
        "--unsigned", type=Path, help="with --qr-in: the unsigned transfer file the signature answers"
    )
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
    if args.gas_price_gwei is not None and not args.legacy:
        raise UserError("--gas-price-gwei is for a legacy transaction: add --legacy")
    if args.legacy and args.qr_out:
        raise UserError(
            "a QR signing request carries an EIP-1559 transaction only: drop --legacy or use -o FILE"
        )
    fees = (args.nonce, args.gas, gwei(args.max_fee_gwei), gwei(args.priority_fee_gwei))
    return FeeChoice(*fees, legacy=args.legacy, gas_price=gwei(args.gas_price_gwei))


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


def write_json(path: Path, document: dict[str, Any]) -> None:
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

    if args.qr_out:
        from app.cli.eth_qr_cmd import check_out_dir

        check_out_dir(args)  # before the node is asked anything
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
    if args.qr_out:
        from app.cli.eth_qr_cmd import show_request

        show_request(args, ctx.db_path, review.transfer)
        return 0
    if args.output is not None:
        write_json(args.output, review.transfer.to_json())
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
    from app.cli.eth_qr_cmd import check_out_dir, scanned, show_answer
    from app.usecases.eth_qr import review_eth_request, sign_request
    from app.usecases.eth_send import review_eth_file
    from wallet.airgap.eth import ETH_SIGN_REQUEST

    if (args.file is None) == (not args.qr_in):
        raise UserError(
            "give the unsigned transfer either as a file or as --qr-in IMAGE..., not both or neither"
        )
    if args.output is None and not args.qr_out:
        raise UserError("eth sign writes the signed transfer: give -o FILE (and/or --qr-out DIR)")
    qr_settings = check_out_dir(args)
    if args.qr_in:
        request = scanned(args.qr_in, ETH_SIGN_REQUEST)
        review = review_eth_request(ctx.db_path, request, args.eth_usd)
    else:
        review = review_eth_file(ctx.db_path, _read(args.file), args.eth_usd)
        request = b"" if qr_settings is None else sign_request(review.transfer)  # only a QR answer needs it
    _print_review(review)
    signed = _sign(args, ctx, review)
    if args.output is not None:
        write_json(args.output, signed.to_json())
    if qr_settings is not None:
        show_answer(args.qr_out, request, signed, qr_settings)
    written = " and ".join(str(w) for w in (args.output, args.qr_out and f"QR frames in {args.qr_out}") if w)
    print(f"signed {signed.tx_hash}; written to {written} (send it with `coldsplit eth broadcast`)")
    return 0


def broadcast_command(args: argparse.Namespace, ctx: CommandContext) -> int:
    from app.usecases.eth_send import broadcast_eth, signed_from_json

    if (args.file is None) == (not args.qr_in):
        raise UserError(
            "give the signed transfer either as a file or as --qr-in IMAGE..., not both or neither"
        )
    if args.qr_in:
        from app.cli.eth_qr_cmd import signed_from_frames

        if args.unsigned is None:
            raise UserError(
                "--qr-in needs --unsigned FILE: the unsigned transfer the scanned signature answers"
            )
        signed = signed_from_frames(args, _read(args.unsigned))
    else:
        signed = signed_from_json(_read(args.file))
    print(f"sent {broadcast_eth(ctx.db_path, ctx.settings, signed)}")
    return 0
