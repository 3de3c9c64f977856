"""BBQr (Coinkite, "Better Bitcoin QR", BBQr.md in github.com/coinkite/BBQr): a file split
over QR codes in the alphanumeric mode, each with an 8-character header

    B$ <encoding H|2|Z> <file type P|T|…> <total, 2 base-36 digits> <index from 0, 2 digits>

Encodings: H = upper-case hex; 2 = RFC 4648 Base32 without padding; Z = raw deflate
(zlib, wbits 10, no header) of the whole file, then Base32. Every part but the last has the
same length and decodes to whole bytes, so parts can be placed as they arrive.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from dataclasses import dataclass

from wallet.airgap.errors import ForeignFrame, MalformedFrame, UnsupportedContent

HEADER_LEN = 8
MAX_PARTS = 36 * 36 - 1  # "ZZ"
FILE_TYPES = frozenset("PTJCUBX")  # BBQr.md, "Additional Type Codes"
# Characters a QR code holds in the alphanumeric mode at error level L, versions 1..40
# (ISO/IEC 18004 capacity table; BBQr.md quotes versions 11 and 23-40, and
# tests/wallet/airgap/test_bbqr.py checks every entry against segno).
ALNUM_CAPACITY_L = (
    25, 47, 77, 114, 154, 195, 224, 279, 335, 395,
    468, 535, 619, 667, 758, 854, 938, 1046, 1153, 1249,
    1352, 1460, 1588, 1704, 1853, 1990, 2132, 2223, 2369, 2520,
    2677, 2840, 3009, 3183, 3351, 3537, 3729, 3927, 4087, 4296,
)  # fmt: skip
# Decompressing more than this from a scan is refused: PSBTs are far smaller, and a tiny
# deflate stream can otherwise expand to gigabytes.
MAX_INFLATED = 50 * 1024 * 1024
_HEADER = re.compile(r"B\$([H2Z])([0-9A-Z])([0-9A-Z]{2})([0-9A-Z]{2})")
_BODY = {"H": re.compile(r"[0-9A-F]*"), "2": re.compile(r"[A-Z2-7]*"), "Z": re.compile(r"[A-Z2-7]*")}
_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _base36(value: int) -> str:
    return _DIGITS[value // 36] + _DIGITS[value % 36]


def _to_text(data: bytes, encoding: str) -> str:
    if encoding == "H":
        return data.hex().upper()
    if encoding == "Z":
        packer = zlib.compressobj(9, zlib.DEFLATED, -10)
        data = packer.compress(data) + packer.flush()
    return base64.b32encode(data).decode("ascii").rstrip("=")


def _from_text(text: str, encoding: str) -> bytes:
    if encoding == "H":
        return bytes.fromhex(text)
    try:
        return base64.b32decode(text + "=" * (-len(text) % 8))
    except binascii.Error:
        raise MalformedFrame("a BBQr part is not valid Base32") from None


def split(data: bytes, *, file_type: str = "P", encoding: str = "Z", version: int = 15) -> list[str]:
    """`data` as BBQr frames that each fit a QR code of `version` (error level L). Zlib falls
    back to plain Base32 when compression does not help, as BBQr.md asks."""
    if encoding not in _BODY or file_type not in FILE_TYPES or not data:
        raise ValueError("BBQr needs data, encoding H, 2 or Z and a known file type")
    text = _to_text(data, encoding)
    if encoding == "Z" and len(text) >= len(_to_text(data, "2")):
        encoding, text = "2", _to_text(data, "2")
    modulus = 2 if encoding == "H" else 8  # whole bytes per part
    room = ALNUM_CAPACITY_L[version - 1] - HEADER_LEN
    per_part = room - room % modulus
    count = -(-len(text) // per_part)
    if count > MAX_PARTS:
        raise ValueError(f"too big for BBQr at QR version {version}: choose a denser version")
    even = -(-len(text) // count)  # spread evenly rather than leave a small last part
    even += -even % modulus
    head = f"B${encoding}{file_type}{_base36(count)}"
    return [head + _base36(i) + text[i * even : (i + 1) * even] for i in range(count)]


def is_bbqr(text: str) -> bool:
    return text.startswith("B$")


@dataclass(frozen=True)
class BbqrHeader:
    encoding: str
    file_type: str
    total: int
    index: int

    @classmethod
    def parse(cls, text: str) -> BbqrHeader:
        match = _HEADER.fullmatch(text[:HEADER_LEN])
        if not match:
            raise MalformedFrame("the BBQr header is malformed")
        encoding, file_type, total, index = match.groups()
        header = cls(encoding, file_type, int(total, 36), int(index, 36))
        if not 0 <= header.index < header.total:
            raise MalformedFrame("the BBQr part number is outside the announced count")
        return header


class BbqrJoiner:
    """Collects BBQr frames in any order; `result` is (file type, bytes) once all are in."""

    def __init__(self) -> None:
        self.header: BbqrHeader | None = None
        self._parts: dict[int, str] = {}
        self.result: tuple[str, bytes] | None = None

    @property
    def progress(self) -> tuple[int, int | None]:
        return len(self._parts), None if self.header is None else self.header.total

    def receive(self, text: str) -> None:
        if self.result is not None:
            return
        header = BbqrHeader.parse(text)
        body = text[HEADER_LEN:]
        if not _BODY[header.encoding].fullmatch(body):
            raise MalformedFrame("a BBQr part holds characters its encoding does not use")
        self._check_same_file(header, body)
        self._parts[header.index] = body
        if len(self._parts) == header.total:
            self.result = (header.file_type, self._join(header))

    def _check_same_file(self, header: BbqrHeader, body: str) -> None:
        first = self.header
        if first is None:
            self.header = header
            return
        same_series = (header.encoding, header.file_type, header.total) == (
            first.encoding,
            first.file_type,
            first.total,
        )
        known = self._parts.get(header.index)
        if not same_series or (known is not None and known != body) or not self._fits(header, body):
            raise ForeignFrame("this BBQr frame belongs to another file than the one being scanned")

    def _fits(self, header: BbqrHeader, body: str) -> bool:
        """Parts but the last share one length; the last is not longer."""
        last = header.total - 1
        full = {len(b) for i, b in self._parts.items() if i != last}
        if header.index != last:
            return not full or full == {len(body)}
        return not full or len(body) <= min(full)

    def _join(self, header: BbqrHeader) -> bytes:
        bodies = [self._parts[i] for i in range(header.total)]
        if len({len(b) for b in bodies[:-1]}) > 1 or (header.total > 1 and len(bodies[-1]) > len(bodies[0])):
            self._restart()
            raise ForeignFrame("the BBQr parts have unequal sizes: they come from different files")
        try:
            raw = b"".join(_from_text(body, header.encoding) for body in bodies)
        except ValueError:
            self._restart()
            raise MalformedFrame("a BBQr part does not decode to whole bytes") from None
        return _inflate(raw) if header.encoding == "Z" else raw

    def _restart(self) -> None:
        self.header = None
        self._parts.clear()


def _inflate(raw: bytes) -> bytes:
    inflater = zlib.decompressobj(-10)
    try:
        data = inflater.decompress(raw, MAX_INFLATED)
    except zlib.error:
        raise MalformedFrame("the BBQr data does not decompress (corrupted or mixed parts)") from None
    if len(data) >= MAX_INFLATED and not inflater.eof:
        raise UnsupportedContent("the BBQr data expands beyond any PSBT's size")
    if not inflater.eof or inflater.unused_data:
        raise MalformedFrame("the BBQr data is truncated or has trailing bytes (corrupted or mixed parts)")
    return data
