"""`coldsplit psbt`: offline PSBT commands — review, convert, combine, finalize, extract.

None of them needs a network connection or a chain backend. Review proves ownership
against the cold accounts in the store when there are any; otherwise it shows what
the key origins claim. `psbt sign` is the terminal's front of the one signing use case
(`app.usecases.psbt.sign_psbt`, the same the GUI calls): it reviews against the
connected hardware wallet, refuses what the review blocks (--yes only skips the
question), asks, signs on the device and writes the result only when every new
signature verifies.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.context import CommandContext
from app.cli.device_session import add_device_options
from app.cli.psbt_qr_cmd import add_sign_qr_options, register_qr
from app.errors import UserError

if TYPE_CHECKING:
    from wallet.psbt.model import Psbt
    from wallet.psbt.review_model import PsbtReview
    from wallet.types import Network

# Wallet libraries (bdk, bip-utils) load in the handlers, not here: every `coldsplit`
# command builds this parser, and those imports cost seconds.
STDIO = "-"
SIGN_DESCRIPTION = """\
Review the PSBT against the hardware wallet (and the stored account, if any), ask on the
terminal (skip with --yes; the device asks anyway), sign on the device, verify every new
signature and write OUT atomically. The input file is never modified. Whatever the review
refuses (another network, nothing ours, false or far-away change, invalid amounts, unusual
sighash) is refused here too; --yes never overrides that.

Offline: nothing in this command touches the network or a chain backend, so it runs on an
air-gapped machine. No stored account is needed there: change is proven against the
device's own xpubs, read before the review is shown. With --account (or stored accounts
of the device on the network in use) it is proven against the account's descriptor. The
network comes from --network, the account, or the coin type in the key paths (1h: a test
network), and is shown.
"""
Handler = Callable[[argparse.Namespace, CommandContext], int]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "psbt", help="review, convert, combine, finalize and extract PSBTs (offline)"
    )
    actions = parser.add_subparsers(dest="psbt_action", metavar="ACTION", required=True)
    for name in ("review", "inspect"):
        review = actions.add_parser(name, help="show inputs, outputs, change, fee and warnings")
        review.add_argument("file", help="PSBT file (binary, base64 or hex), or - for standard input")
        review.add_argument("--json", action="store_true", help="machine-readable output")
        review.add_argument("--account", help="prove ownership against this cold account only")
        review.add_argument("--fingerprint", help="our master fingerprint, when no account is stored")
        review.set_defaults(handler=review_command)
    conv = actions.add_parser("convert", help="convert between PSBT version 0 (BIP174) and 2 (BIP370)")
    conv.add_argument("file")
    conv.add_argument("--to", type=int, choices=[0, 2], required=True, help="target PSBT version")
    _output_options(conv, required=False)
    conv.set_defaults(handler=convert_command)
    comb = actions.add_parser("combine", help="merge the signatures of partially signed copies")
    comb.add_argument("files", nargs="+", metavar="FILE", help="two or more PSBTs of one transaction")
    _output_options(comb, required=True)
    comb.set_defaults(handler=combine_command)
    fin = actions.add_parser("finalize", help="build final scriptSigs/witnesses (checks every signature)")
    fin.add_argument("file")
    _output_options(fin, required=True)
    fin.add_argument(
        "--extract", action="store_true", help="write the network-ready transaction (hex) instead"
    )
    fin.set_defaults(handler=finalize_command)
    _register_sign(actions)
    register_qr(actions)
    ext = actions.add_parser("extract", help="print the network-ready transaction of a finalized PSBT (hex)")
    ext.add_argument("file")
    ext.add_argument("-o", "--output", default=STDIO, help="write the hex here instead of standard output")
    ext.add_argument("--overwrite", action="store_true", help="allow replacing the input file")
    ext.set_defaults(handler=extract_command)


def _register_sign(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sign = actions.add_parser(
        "sign",
        help="review, then sign on the hardware wallet (offline, air-gapped use)",
        description=SIGN_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sign.add_argument(
        "file", nargs="?", help="PSBT file (binary, base64 or hex), or - for standard input (or --qr-in)"
    )
    sign.add_argument("-o", "--output", help="file for the signed PSBT (never the input; or --qr-out)")
    sign.add_argument("--binary", action="store_true", help="write binary PSBT instead of base64 text")
    sign.add_argument("--account", help="prove ownership and change against this cold account")
    sign.add_argument("--yes", action="store_true", help="do not ask on the terminal (the device still asks)")
    add_device_options(sign)
    add_sign_qr_options(sign)
    sign.set_defaults(handler=sign_command)


def _output_options(parser: argparse.ArgumentParser, *, required: bool) -> None:
    parser.add_argument("-o", "--output", required=required, default=STDIO, help="output file (- = stdout)")
    parser.add_argument("--binary", action="store_true", help="write binary PSBT instead of base64 text")
    parser.add_argument("--overwrite", action="store_true", help="allow replacing the input file")


def _translated(handler: Handler) -> Handler:
    """Wallet-layer errors are the user's to fix: one line, exit 2."""

    @functools.wraps(handler)
    def run(args: argparse.Namespace, ctx: CommandContext) -> int:
        from wallet.addresses import AddressMismatchError
        from wallet.psbt.errors import PsbtError
        from wallet.types import KeyInputError

        try:
            return handler(args, ctx)
        except (PsbtError, KeyInputError, AddressMismatchError) as exc:
            raise UserError(str(exc)) from exc

    return run


def _network_choice(args: argparse.Namespace, ctx: CommandContext) -> tuple[Network | None, Network]:
    """(the explicit --network or None, the network in use) as the wallet layer names them."""
    from wallet.types import Network

    return (Network(args.network) if args.network else None), ctx.network


@_translated
def review_command(args: argparse.Namespace, ctx: CommandContext) -> int:
    from app.psbt_files import read_psbt
    from app.usecases.psbt import accounts_in_use, review
    from wallet.types import parse_fingerprint

    psbt = read_psbt(args.file)
    explicit, in_use = _network_choice(args, ctx)
    accounts = accounts_in_use(ctx.db_path, in_use, args.account)
    fingerprint = parse_fingerprint(args.fingerprint) if args.fingerprint else None
    reviewed = review(psbt, accounts, fingerprint=fingerprint, network=explicit, default_network=in_use)
    print(json.dumps(reviewed.to_dict(), indent=2) if args.json else reviewed.to_text())
    return 0


@_translated
def sign_command(args: argparse.Namespace, ctx: CommandContext) -> int:
    """The CLI's front of `app.usecases.psbt.sign_psbt`: files, the terminal, the device session."""
    from app.cli.device_session import DeviceCommandError, opened_device_for
    from app.cli.psbt_qr_cmd import animation_settings, psbt_from_frames, write_frames
    from app.psbt_files import psbt_bytes, read_psbt, write_output
    from app.usecases.psbt import SignRequest, accounts_in_use, sign_psbt

    sources = _sign_sources(args)
    qr_settings = animation_settings(args, "qr-")
    psbt = psbt_from_frames(args.qr_in) if args.qr_in else read_psbt(args.file)
    explicit, in_use = _network_choice(args, ctx)
    accounts = accounts_in_use(ctx.db_path, in_use, args.account)
    request = SignRequest(psbt, accounts, args.account is not None, explicit, in_use)

    def save(signed: Psbt) -> None:
        if args.output:
            write_output(args.output, psbt_bytes(signed, binary=args.binary), inputs=sources, overwrite=None)
        if args.qr_out:
            write_frames(args.qr_out, signed, qr_settings)

    def consent(_review: PsbtReview, fingerprint: bytes) -> None:
        if not args.yes:  # --yes skips this question only; the gate has already refused any block
            _confirm_on_terminal(fingerprint.hex())

    try:
        with opened_device_for(args, request.planned_network()) as session:
            outcome = sign_psbt(
                request,
                session.call,
                show=lambda review: print(review.to_text(), flush=True),
                consent=consent,
                save=save,
            )
    except DeviceCommandError as exc:
        raise type(exc)(f"{exc.message}; nothing was written", exc.detail) from exc
    inputs = ", ".join(f"#{n}" for n in outcome.signed.newly_signed_inputs)
    written = " and ".join(w for w in (args.output, args.qr_out and f"QR frames in {args.qr_out}") if w)
    print(f"signed inputs {inputs} on device {outcome.fingerprint.hex()}; wrote {written}")
    return 0


def _sign_sources(args: argparse.Namespace) -> list[str]:
    """Check the command line's inputs and outputs before the device is asked anything."""
    from app.airgap.files import check_frame_directory
    from app.psbt_files import check_output

    if bool(args.file) == bool(args.qr_in):
        raise UserError("give the PSBT either as a file or as --qr-in IMAGE..., not both or neither")
    if not args.output and not args.qr_out:
        raise UserError("psbt sign writes the signed PSBT to a file: give -o FILE (and/or --qr-out DIR)")
    if args.output == STDIO:
        raise UserError("psbt sign writes the signed PSBT to a file: give -o FILE")
    sources: list[str] = args.qr_in or [args.file]
    if args.output:
        check_output(args.output, inputs=sources, overwrite=None)
    if args.qr_out:
        check_frame_directory(Path(args.qr_out))
    if args.file == STDIO and not args.yes:
        raise UserError("the PSBT comes on standard input, so the terminal cannot be asked: add --yes")
    return sources


def _confirm_on_terminal(fingerprint_hex: str) -> None:
    """Ask before the device does; anything but yes (or no terminal at all) signs nothing."""
    print(f"Sign this transaction with device {fingerprint_hex}? [y/N] ", end="", file=sys.stderr, flush=True)
    try:
        answer = sys.stdin.readline()
    except (OSError, ValueError):  # no usable standard input (closed, or not readable)
        answer = ""
    if not answer.endswith("\n"):
        print(file=sys.stderr)  # end the prompt's line: no one typed Enter
    if answer.strip().lower() not in ("y", "yes"):
        raise UserError(
            "not signed: not confirmed at the terminal (pass --yes in scripts); nothing was written"
        )


@_translated
def convert_command(args: argparse.Namespace, ctx: CommandContext) -> int:
    from app.psbt_files import psbt_bytes, read_psbt, write_output
    from wallet.psbt.operations import convert

    converted = convert(read_psbt(args.file), args.to)
    write_output(
        args.output, psbt_bytes(converted, binary=args.binary), inputs=[args.file], overwrite=args.overwrite
    )
    return 0


@_translated
def combine_command(args: argparse.Namespace, ctx: CommandContext) -> int:
    from app.psbt_files import psbt_bytes, read_psbt, write_output
    from wallet.psbt.operations import combine

    if len(args.files) < 2:
        raise UserError("give at least two PSBT files to combine")
    combined = read_psbt(args.files[0])
    total = 0
    for name in args.files[1:]:
        combined, added = combine(combined, read_psbt(name))
        total += added
    write_output(
        args.output, psbt_bytes(combined, binary=args.binary), inputs=args.files, overwrite=args.overwrite
    )
    _note(args.output, f"combined {len(args.files)} PSBTs: {total} fields added")
    return 0


@_translated
def finalize_command(args: argparse.Namespace, ctx: CommandContext) -> int:
    from app.psbt_files import psbt_bytes, read_psbt, write_output
    from app.usecases.psbt import finalize_psbt

    final = finalize_psbt(read_psbt(args.file), extract_transaction=args.extract)
    if args.extract:
        write_output(
            args.output,
            (final.raw.hex() + "\n").encode("ascii"),
            inputs=[args.file],
            overwrite=args.overwrite,
        )
        _note(args.output, f"finalized and extracted; txid {final.txid}")
        return 0
    write_output(
        args.output, psbt_bytes(final.psbt, binary=args.binary), inputs=[args.file], overwrite=args.overwrite
    )
    _note(args.output, f"finalized; txid {final.txid}")
    return 0


@_translated
def extract_command(args: argparse.Namespace, ctx: CommandContext) -> int:
    from app.psbt_files import read_psbt, write_output
    from wallet.psbt.operations import extract

    raw = extract(read_psbt(args.file))
    write_output(
        args.output, (raw.hex() + "\n").encode("ascii"), inputs=[args.file], overwrite=args.overwrite
    )
    return 0


def _note(output: str, message: str) -> None:
    """A status line, on stdout only when stdout is not carrying the PSBT itself."""
    if output != STDIO:
        print(message)
