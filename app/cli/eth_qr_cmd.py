"""QR codes for the air-gapped Ethereum round trip (ERC-4527, app.usecases.eth_qr):

    online$  coldsplit eth send --account A --to ADDR --amount X --qr-out to-signer/ [-o unsigned.json]
    offline$ coldsplit eth sign --qr-in scans/*.png --qr-out to-online/
    online$  coldsplit eth broadcast --qr-in back/*.png --unsigned unsigned.json

The flags are `psbt sign`'s (--qr-in, --qr-out, --qr-format, --qr-density, --qr-fps); the
format is UR only, as ERC-4527 defines no BBQr type. The signature comes back alone, so the
online side names the unsigned file it kept (`eth send --qr-out` writes one).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.airgap.settings import AnimationSettings, QrFormat
from app.errors import UserError

if TYPE_CHECKING:
    from app.eth.send import UnsignedTransfer
    from app.usecases.eth_send import SignedTransfer

UNSIGNED_NAME = "unsigned.json"


def add_qr_out(parser: argparse.ArgumentParser, what: str) -> None:
    from app.cli.psbt_qr_cmd import add_animation_options

    parser.add_argument(
        "--qr-out", metavar="DIR", help=f"write {what} as QR frames and animation.gif into DIR"
    )
    add_animation_options(parser, prefix="qr-")


def add_qr_in(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--qr-in", nargs="+", metavar="IMAGE",
        help=f"read {what} from QR frame images (PNG/JPEG/GIF, any order) instead of a file",
    )  # fmt: skip


def qr_settings(args: argparse.Namespace) -> AnimationSettings:
    from app.cli.psbt_qr_cmd import animation_settings

    settings = animation_settings(args, "qr-")
    if settings.format is not QrFormat.UR:
        raise UserError("Ethereum transactions go as UR (ERC-4527) only: BBQr has no Ethereum type")
    return settings


def check_out_dir(args: argparse.Namespace) -> AnimationSettings | None:
    """The settings for --qr-out, after refusing a directory we could not fill cleanly."""
    from app.airgap.files import check_frame_directory

    if not args.qr_out:
        return None
    settings = qr_settings(args)
    check_frame_directory(Path(args.qr_out))
    return settings


def scanned(images: list[str], ur_type: str) -> bytes:
    from app.airgap.files import scan_image_files

    return scan_image_files(images, wanted=ur_type)


def write_frames(directory: str, ur_type: str, message: bytes, settings: AnimationSettings) -> int:
    from app.airgap.files import write_qr_frames

    return len(write_qr_frames(Path(directory), message, settings, ur_type=ur_type))


def show_request(args: argparse.Namespace, db_path: Path, transfer: UnsignedTransfer) -> Path:
    """`eth send --qr-out`: the request's frames, and the unsigned file broadcast will need."""
    from app.cli.eth_send_cmd import write_json
    from app.usecases.eth_qr import request_for_sender
    from wallet.airgap.eth import ETH_SIGN_REQUEST

    settings = check_out_dir(args)
    assert settings is not None
    unsigned = args.output or Path(args.qr_out) / UNSIGNED_NAME
    count = write_frames(args.qr_out, ETH_SIGN_REQUEST, request_for_sender(db_path, transfer), settings)
    write_json(unsigned, transfer.to_json())
    print(f"wrote {count} UR frame(s) of ur:eth-sign-request and {args.qr_out}/animation.gif")
    print(
        f"kept the unsigned transfer in {unsigned}: `coldsplit eth broadcast --qr-in … --unsigned {unsigned}`"
    )
    return unsigned


def show_answer(directory: str, request: bytes, signed: SignedTransfer, settings: AnimationSettings) -> None:
    from app.usecases.eth_qr import signature_answer
    from wallet.airgap.eth import ETH_SIGNATURE

    count = write_frames(directory, ETH_SIGNATURE, signature_answer(request, signed), settings)
    print(f"wrote {count} UR frame(s) of ur:eth-signature and {directory}/animation.gif")


def signed_from_frames(args: argparse.Namespace, document: object) -> SignedTransfer:
    """`eth broadcast --qr-in … --unsigned FILE`: the scanned signature joined to the kept transfer."""
    from app.eth.send import transfer_from_json
    from app.usecases.eth_qr import signed_from_answer
    from wallet.airgap.eth import ETH_SIGNATURE

    transfer = transfer_from_json(document)
    return signed_from_answer(transfer, scanned(args.qr_in, ETH_SIGNATURE))
