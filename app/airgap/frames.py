"""Frame texts for a PSBT (UR or BBQr at a chosen QR density), drawn with segno and read
back with zxing-cpp.

Density is the QR version (1-40) every frame must fit at error level L: low versions are
easy for a poor camera, high ones need fewer frames. UR frames are upper-cased so the code
uses the alphanumeric mode (11 bits per 2 characters instead of 16).
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator

import numpy as np
import segno
import zxingcpp
from PIL import Image

from app.airgap.settings import AnimationSettings, QrFormat
from wallet.airgap import bbqr
from wallet.airgap.bbqr import ALNUM_CAPACITY_L
from wallet.airgap.ur import PSBT_TYPE, UrEncoder, wrap_bytes

# Worst-case bytes a UR frame spends around the fragment: "ur:<type>/" and
# "NNNNNN-NNNNNN/" (2 characters per byte of text budget below), and per fragment the CBOR
# array header and four integers (≤ 22 bytes) plus the 4-byte Bytewords checksum.
_UR_SEQUENCE_CHARS = len("999999-999999/")
_UR_PART_OVERHEAD = 22 + 4


def ur_fragment_len(version: int, ur_type: str = PSBT_TYPE) -> int:
    """The largest fragment whose UR frame fits a QR code of `version` at level L."""
    prefix = len(f"ur:{ur_type}/") + _UR_SEQUENCE_CHARS
    return (ALNUM_CAPACITY_L[version - 1] - prefix) // 2 - _UR_PART_OVERHEAD


def ur_encoder(psbt: bytes, version: int) -> UrEncoder:
    return UrEncoder(wrap_bytes(psbt), ur_fragment_len(version))


def ur_message_encoder(ur_type: str, message: bytes, version: int) -> UrEncoder:
    """Any UR (e.g. ERC-4527's eth-sign-request) whose CBOR `message` is already made."""
    return UrEncoder(message, ur_fragment_len(version, ur_type), ur_type=ur_type)


def frame_texts(psbt: bytes, settings: AnimationSettings) -> list[str]:
    """One pass of frames: for UR the plain parts and then half as many mixed ones again
    (a receiver that missed a few completes from those), for BBQr every part once."""
    if settings.format is QrFormat.BBQR:
        return bbqr.split(psbt, file_type="P", encoding="Z", version=settings.version)
    return _first_pass(ur_encoder(psbt, settings.version))


def ur_message_frame_texts(ur_type: str, message: bytes, version: int) -> list[str]:
    """One pass of frames of a UR message, as `frame_texts` makes them for a PSBT."""
    return _first_pass(ur_message_encoder(ur_type, message, version))


def _first_pass(encoder: UrEncoder) -> list[str]:
    if encoder.is_single_part:
        return [encoder.next_part().upper()]
    count = encoder.seq_len + max(encoder.seq_len // 2, 2)
    return [encoder.next_part().upper() for _ in range(count)]


def transaction_frame_texts(raw_transaction: bytes, version: int) -> list[str]:
    """A signed transaction as BBQr type T (UR registers no transaction type)."""
    return bbqr.split(raw_transaction, file_type="T", encoding="Z", version=version)


def ur_frame_stream(psbt: bytes, version: int) -> Iterator[str]:
    """Endless UR frames for a live display: plain parts, then fresh mixed parts; a PSBT that
    fits one code is that code, shown still (a camera that missed it sees it again)."""
    return _stream(ur_encoder(psbt, version))


def ur_message_stream(ur_type: str, message: bytes, version: int) -> Iterator[str]:
    """Endless frames of any UR message, as `ur_frame_stream` shows a PSBT."""
    return _stream(ur_message_encoder(ur_type, message, version))


def _stream(encoder: UrEncoder) -> Iterator[str]:
    first = encoder.next_part().upper()
    if encoder.is_single_part:
        while True:
            yield first
    yield first
    while True:
        yield encoder.next_part().upper()


def render_image(text: str, scale: int = 4, *, mask: int | None = None) -> Image.Image:
    """One QR code (level L, 4-module quiet zone), black on white, 8-bit grey. segno picks
    the best of the eight masks unless one is given (scoring them is 3/4 of the time)."""
    code = segno.make(text, error="l", boost_error=False, mask=mask)
    modules = np.pad(np.asarray(code.matrix, dtype=np.uint8), 4)
    pixels = np.where(modules > 0, 0, 255).astype(np.uint8)
    return Image.fromarray(pixels.repeat(scale, axis=0).repeat(scale, axis=1), mode="L")


def render_png(text: str, scale: int = 4) -> bytes:
    buffer = io.BytesIO()
    render_image(text, scale).save(buffer, format="PNG")
    return buffer.getvalue()


def read_qr_texts(image: Image.Image) -> list[str]:
    """The texts of the QR codes zxing-cpp finds in `image` (usually one)."""
    # a module-level BarcodeFormats would outlive the interpreter's teardown (nanobind warns)
    qr_only = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    found = zxingcpp.read_barcodes(image.convert("L"), formats=qr_only)
    return [barcode.text for barcode in found if barcode.valid]


def animated_gif(texts: list[str], fps: float, scale: int = 4) -> bytes:
    """All frames as one looping GIF (every frame the same size: BBQr/UR keep one version)."""
    images = [render_image(text, scale) for text in texts]
    size = max(i.width for i in images), max(i.height for i in images)
    frames = [_padded(image, size) for image in images]
    buffer = io.BytesIO()
    frames[0].save(
        buffer,
        format="GIF",
        save_all=True,
        append_images=frames[1:],
        duration=round(1000 / fps),
        loop=0,
        optimize=False,
    )
    return buffer.getvalue()


def _padded(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    if image.size == size:
        return image
    canvas = Image.new("L", size, 255)
    canvas.paste(image, ((size[0] - image.width) // 2, (size[1] - image.height) // 2))
    return canvas


class FramePasses:
    """Successive passes of (text, PNG) frames for a live display (slow: call off the GUI
    thread, one pass at a time). BBQr repeats its parts. UR's first pass is `frame_texts`;
    every later one is fresh fountain parts, so a camera whose reading rhythm keeps missing
    the same positions of a loop still completes."""

    def __init__(
        self, psbt: bytes, settings: AnimationSettings, scale: int = 4, *, ur_type: str | None = None
    ) -> None:
        """`ur_type` given: `psbt` is instead that UR's CBOR message, shown as UR whatever the format."""
        self._lock = threading.Lock()
        self._scale = scale
        self._encoder: UrEncoder | None
        if ur_type is not None:
            self._first = ur_message_frame_texts(ur_type, psbt, settings.version)
            self._encoder = ur_message_encoder(ur_type, psbt, settings.version)
        else:
            self._first = frame_texts(psbt, settings)
            self._encoder = ur_encoder(psbt, settings.version) if settings.format is QrFormat.UR else None
        if self._encoder is not None and not self._encoder.is_single_part:
            for _ in self._first:
                self._encoder.next_part()  # the first pass used these sequence numbers
        self._passes = 0

    @property
    def animated(self) -> bool:
        return len(self._first) > 1

    @property
    def fresh_each_pass(self) -> bool:
        return self._encoder is not None and self.animated

    def next_pass(self) -> list[tuple[str, bytes]]:
        with self._lock:
            texts = self._first
            if self._passes and self.fresh_each_pass and self._encoder is not None:
                texts = [self._encoder.next_part().upper() for _ in self._first]
            self._passes += 1
        return [(text, render_png(text, self._scale)) for text in texts]


def read_qr_texts_gray(pixels: bytes, width: int, height: int) -> list[str]:
    """The QR texts in an 8-bit grey image given as raw rows (a camera frame from the GUI)."""
    if width <= 0 or height <= 0 or len(pixels) != width * height:
        raise ValueError("the grey image's size does not match its pixels")
    return read_qr_texts(Image.frombytes("L", (width, height), pixels))
