"""QR frames as files: a folder of PNG frames plus a looping GIF out, image files in.

Out: ``frame-0001.png`` … and ``animation.gif`` (at the chosen frame rate) in a directory
that holds no frames yet — leftover frames of another PSBT would mix into a later scan.
Every file is written atomically. In: PNG/JPEG/GIF files (every frame of an animated GIF),
each must show one usable QR code; the first problem stops the scan with one line naming
the file, and nothing is returned.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from PIL import Image, ImageSequence, UnidentifiedImageError

from app.airgap.frames import (
    animated_gif,
    frame_texts,
    read_qr_texts,
    render_png,
    transaction_frame_texts,
    ur_message_frame_texts,
)
from app.airgap.settings import AnimationSettings
from app.errors import UserError
from app.fsutil import atomic_write_bytes
from wallet.airgap.errors import QrTransportError
from wallet.airgap.scan import QrScan

ANIMATION_NAME = "animation.gif"
FRAME_GLOB = "frame-*.png"


class QrFrameError(UserError):
    """A frame image cannot be read, or the frames do not make one PSBT."""


def check_frame_directory(directory: Path) -> None:
    """Refuse, before any slow work, a directory we could not fill cleanly."""
    if directory.exists() and not directory.is_dir():
        raise QrFrameError(f"{directory} is not a directory; give a directory for the QR frames")
    if directory.is_dir() and (any(directory.glob(FRAME_GLOB)) or (directory / ANIMATION_NAME).exists()):
        raise QrFrameError(f"{directory} already holds QR frames; give an empty or new directory")


def write_qr_frames(
    directory: Path,
    payload: bytes,
    settings: AnimationSettings,
    *,
    transaction: bool = False,
    ur_type: str | None = None,
) -> list[Path]:
    """The frames of a PSBT (or, with `transaction`, of a signed transaction as BBQr T; with
    `ur_type`, of that UR's CBOR message) as PNG files and one animated GIF; returns the PNG
    paths in order."""
    check_frame_directory(directory)
    try:
        if ur_type is not None:
            texts = ur_message_frame_texts(ur_type, payload, settings.version)
        elif transaction:
            texts = transaction_frame_texts(payload, settings.version)
        else:
            texts = frame_texts(payload, settings)
    except ValueError as exc:  # more BBQr parts than its two base-36 digits can number
        raise QrFrameError(str(exc)) from None
    paths = []
    for number, text in enumerate(texts, start=1):
        path = directory / f"frame-{number:04d}.png"
        atomic_write_bytes(path, render_png(text), mode=0o644)
        paths.append(path)
    atomic_write_bytes(directory / ANIMATION_NAME, animated_gif(texts, settings.fps), mode=0o644)
    return paths


def _frames_of(path: Path) -> Iterator[Image.Image]:
    try:
        with Image.open(path) as image:
            for frame in ImageSequence.Iterator(image):
                yield frame.convert("L")
    except FileNotFoundError:
        raise QrFrameError(f"{path}: no such file") from None
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError) as exc:
        raise QrFrameError(f"{path}: not a readable image ({exc})") from None


def scan_image_files(paths: Sequence[str], *, wanted: str = "P") -> bytes:
    """Read every frame of every file into one scan; the PSBT (or, `wanted` "T", transaction)
    bytes once complete, still to be parsed strictly by the caller."""
    scan = QrScan(wanted)
    for name in paths:
        for number, image in enumerate(_frames_of(Path(name)), start=1):
            where = name if number == 1 else f"{name} (frame {number})"
            texts = read_qr_texts(image)
            if len(texts) != 1:
                found = "no QR code" if not texts else f"{len(texts)} QR codes"
                raise QrFrameError(f"{where}: {found} found; each image must show one QR code")
            try:
                scan.receive(texts[0])
            except QrTransportError as exc:
                raise QrFrameError(f"{where}: {exc}; nothing was used") from None
    if scan.result is None:
        progress = scan.progress()
        needed = "?" if progress.needed is None else str(progress.needed)
        raise QrFrameError(
            f"the frames are incomplete: {progress.received} of {needed} {progress.kind} parts; "
            "capture more frames (UR: any further frames help; BBQr: every part is needed)"
        )
    return scan.result
