"""QR codes for the air-gapped round trip: `psbt qr show|read` and `psbt sign --qr-in/--qr-out`.

    online$  coldsplit psbt qr show unsigned.psbt --out to-signer/     # frames + animation.gif
    offline$ coldsplit psbt sign --qr-in scans/*.png --qr-out to-online/
    online$  coldsplit psbt qr read back/*.png -o signed.psbt && coldsplit psbt finalize …

Frames are UR (``ur:crypto-psbt``, fountain-coded: missed frames are made up by later
ones) or BBQr (Coldcard; every part needed). Whatever is read goes through the same strict
PSBT parser as a file, and `psbt sign` then through the same review and gate.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.airgap.settings import DEFAULT_FPS, DEFAULT_VERSION, AnimationSettings, QrFormat
from app.cli.context import CommandContext
from app.errors import UserError

if TYPE_CHECKING:
    from wallet.psbt.model import Psbt


def add_animation_options(parser: argparse.ArgumentParser, prefix: str = "") -> None:
    parser.add_argument(
        f"--{prefix}format", choices=[f.value for f in QrFormat], default=QrFormat.UR.value,
        help="ur (Sparrow, Keystone, Passport, SeedSigner, Jade) or bbqr (Coldcard); default ur",
    )  # fmt: skip
    parser.add_argument(
        f"--{prefix}density", type=int, default=DEFAULT_VERSION, metavar="VERSION",
        help=f"QR version of each frame, 5-40: higher = fewer, denser frames (default {DEFAULT_VERSION})",
    )  # fmt: skip
    parser.add_argument(
        f"--{prefix}fps", type=float, default=DEFAULT_FPS, metavar="FPS",
        help=f"frames per second of animation.gif (default {DEFAULT_FPS:g})",
    )  # fmt: skip


def add_sign_qr_options(sign: argparse.ArgumentParser) -> None:
    sign.add_argument(
        "--qr-in", nargs="+", metavar="IMAGE",
        help="read the PSBT from QR frame images (PNG/JPEG/GIF, any order) instead of a file",
    )  # fmt: skip
    sign.add_argument(
        "--qr-out", metavar="DIR", help="also write the signed PSBT as QR frames and animation.gif into DIR"
    )
    add_animation_options(sign, prefix="qr-")


def animation_settings(args: argparse.Namespace, prefix: str = "") -> AnimationSettings:
    key = prefix.replace("-", "_")
    try:
        return AnimationSettings(
            QrFormat(getattr(args, f"{key}format")),
            getattr(args, f"{key}density"),
            getattr(args, f"{key}fps"),
        )
    except ValueError as exc:
        raise UserError(str(exc)) from None


def psbt_from_frames(paths: list[str]) -> Psbt:
    """The strictly parsed PSBT the frame images carry (one line naming the bad file if not)."""
    from app.airgap.files import scan_image_files
    from wallet.psbt.errors import PsbtError
    from wallet.psbt.model import load_psbt

    data = scan_image_files(paths)
    try:
        return load_psbt(data)
    except PsbtError as exc:
        raise UserError(f"the QR frames hold no valid PSBT: {exc}") from None


def write_frames(directory: str, psbt: Psbt, settings: AnimationSettings) -> int:
    from app.airgap.files import write_qr_frames

    return len(write_qr_frames(Path(directory), psbt.serialize(), settings))


def register_qr(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    qr = actions.add_parser("qr", help="show a PSBT as (animated) QR frames, or read one from frame images")
    qr_actions = qr.add_subparsers(dest="qr_action", metavar="ACTION", required=True)
    show = qr_actions.add_parser("show", help="write QR frames (PNG) and animation.gif for a PSBT file")
    show.add_argument("file", help="PSBT file (binary, base64 or hex), or - for standard input")
    show.add_argument("--out", required=True, metavar="DIR", help="directory for the frames (new or empty)")
    add_animation_options(show)
    show.add_argument(
        "--transaction", action="store_true",
        help="show the finalized PSBT's network-ready transaction instead, as BBQr type T",
    )  # fmt: skip
    show.set_defaults(handler=show_command)
    read = qr_actions.add_parser("read", help="read a PSBT from QR frame images and write it to a file")
    read.add_argument("images", nargs="+", metavar="IMAGE", help="frame images, any order (GIF: every frame)")
    read.add_argument("-o", "--output", default="-", help="output file (- = stdout)")
    read.add_argument("--binary", action="store_true", help="write binary PSBT instead of base64 text")
    read.add_argument(
        "--transaction", action="store_true", help="the frames hold a signed transaction: write its hex"
    )
    read.set_defaults(handler=read_command)


def show_command(args: argparse.Namespace, ctx: CommandContext) -> int:
    from app.airgap.files import check_frame_directory
    from app.psbt_files import read_psbt

    settings = animation_settings(args)
    check_frame_directory(Path(args.out))
    psbt = read_psbt(args.file)
    if args.transaction:
        return _show_transaction(args.out, psbt, settings)
    count = write_frames(args.out, psbt, settings)
    print(f"wrote {count} {settings.format.value.upper()} frame(s) and {args.out}/animation.gif")
    return 0


def _show_transaction(directory: str, psbt: Psbt, settings: AnimationSettings) -> int:
    from app.airgap.files import write_qr_frames
    from wallet.psbt.errors import PsbtError
    from wallet.psbt.operations import extract

    try:
        raw = extract(psbt)
    except PsbtError as exc:
        raise UserError(f"no transaction to show: {exc} (run psbt finalize first)") from None
    count = len(write_qr_frames(Path(directory), raw, settings, transaction=True))
    print(f"wrote {count} BBQr frame(s) of the {len(raw)}-byte transaction and {directory}/animation.gif")
    return 0


def read_command(args: argparse.Namespace, ctx: CommandContext) -> int:
    from app.psbt_files import psbt_bytes, write_output

    if args.transaction:
        raw = _transaction_from_frames(args.images)
        write_output(args.output, (raw.hex() + "\n").encode("ascii"), inputs=args.images, overwrite=None)
        return 0

    psbt = psbt_from_frames(args.images)
    write_output(args.output, psbt_bytes(psbt, binary=args.binary), inputs=args.images, overwrite=None)
    if args.output != "-":
        size = len(psbt.serialize())
        print(f"read a PSBT of {size} bytes from {len(args.images)} image(s); wrote {args.output}")
    return 0


def _transaction_from_frames(paths: list[str]) -> bytes:
    """A signed transaction's bytes from frames, checked to parse as one (witness allowed)."""
    from app.airgap.files import scan_image_files
    from wallet.psbt.codec import parse_transaction
    from wallet.psbt.errors import PsbtError

    raw = scan_image_files(paths, wanted="T")
    try:
        parse_transaction(raw, allow_witness=True)
    except (PsbtError, ValueError) as exc:
        raise UserError(f"the QR frames hold no valid transaction: {exc}") from None
    return raw
