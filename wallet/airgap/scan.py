"""One scan: the texts of QR codes as a camera (or a folder of images) yields them, in any
order and with repeats, until a whole PSBT is in.

The first frame decides the format: a UR, a BBQr series, or one plain code holding the PSBT
as base64 or hex. A frame that cannot belong to the scan in progress (another PSBT, another
format, a corrupted code) raises a `QrTransportError` and leaves the scan as it was, so a
camera can keep going; `restart()` starts over.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wallet.airgap import bbqr, ur
from wallet.airgap.errors import ForeignFrame, MalformedFrame, UnsupportedContent
from wallet.airgap.eth import ETH_SIGN_REQUEST, ETH_SIGNATURE

_PLAIN_HEX = re.compile(r"(?:[0-9a-fA-F]{2})+")
_PLAIN_PSBT = re.compile(r"(cHNidP8[A-Za-z0-9+/=]*|70736274[fF]{2}[0-9a-fA-F]*)")


ETH_UR_TYPES = {
    ETH_SIGN_REQUEST: "an Ethereum transaction to sign (ur:eth-sign-request)",
    ETH_SIGNATURE: "an Ethereum signature (ur:eth-signature)",
}


@dataclass(frozen=True)
class ScanProgress:
    """What to show while scanning: parts known of parts needed (None: not yet known)."""

    kind: str  # "UR", "BBQr", "QR" or "" before the first frame
    received: int
    needed: int | None
    frames_seen: int
    complete: bool


class QrScan:
    """`wanted`: "P" for a PSBT (UR crypto-psbt, BBQr P, base64/hex text), "T" for a signed
    transaction (BBQr T, or one code of hex, as Coldcard shows them; UR has no such type);
    "eth-sign-request" or "eth-signature" for an ERC-4527 UR, whose CBOR message is the result."""

    def __init__(self, wanted: str = "P") -> None:
        if wanted not in ("P", "T", *ETH_UR_TYPES):
            raise ValueError("a scan wants a PSBT (P), a transaction (T) or an ERC-4527 UR type")
        self.wanted = wanted
        self.restart()

    def restart(self) -> None:
        self._ur: ur.UrDecoder | None = None
        self._bbqr: bbqr.BbqrJoiner | None = None
        self._plain: bytes | None = None
        self._frames = 0
        self.result: bytes | None = None

    def receive(self, text: str) -> ScanProgress:
        """Feed one decoded QR text. Raises MalformedFrame / ForeignFrame / UnsupportedContent
        for a frame that cannot be used; the scan in progress is kept."""
        self._frames += 1
        if self.result is None:
            self._dispatch(text.strip())
        return self.progress()

    def _dispatch(self, text: str) -> None:
        started = self._ur is not None or self._bbqr is not None
        if self.wanted in ETH_UR_TYPES:
            self._dispatch_eth(text)
        elif ur.is_ur(text):
            if self.wanted == "T":
                raise UnsupportedContent("this UR holds no transaction; show the transaction as BBQr or hex")
            if self._bbqr is not None:
                raise ForeignFrame("a UR frame appeared while scanning a BBQr series")
            ur_type = text[3:].split("/", 1)[0].lower()
            if ur_type not in ur.PSBT_TYPES:  # at its first frame, not after all its parts
                raise UnsupportedContent(f"the QR code holds a ur:{ur_type}, not a PSBT")
            self._ur = self._ur or ur.UrDecoder()
            self._ur.receive(text)
            if self._ur.result is not None:
                self.result = ur.psbt_from_ur(*self._ur.result)
        elif bbqr.is_bbqr(text):
            if self._ur is not None:
                raise ForeignFrame("a BBQr frame appeared while scanning a UR")
            self._bbqr = self._bbqr or bbqr.BbqrJoiner()
            self._bbqr.receive(text)
            if self._bbqr.result is not None:
                self.result = _bbqr_payload(*self._bbqr.result, wanted=self.wanted)
        elif self.wanted == "T" and _PLAIN_HEX.fullmatch(text) and not _PLAIN_PSBT.fullmatch(text):
            if started:
                raise ForeignFrame("a single-code transaction appeared in the middle of an animated scan")
            self.result = bytes.fromhex(text)
        elif self.wanted == "P" and _PLAIN_PSBT.fullmatch(text):
            if started:
                raise ForeignFrame("a single-code PSBT appeared in the middle of an animated scan")
            self.result = text.encode("ascii")
        elif self.wanted == "T":
            raise UnsupportedContent("this QR code holds no transaction (neither BBQr nor hex)")
        else:
            raise UnsupportedContent("this QR code holds no PSBT (neither UR, BBQr nor base64/hex PSBT)")

    def _dispatch_eth(self, text: str) -> None:
        """Only the wanted UR type; anything else is refused at its first frame, before a
        PSBT's many parts (or another QR's) pile up in a scan that could never finish."""
        what = ETH_UR_TYPES[self.wanted]
        if not ur.is_ur(text):
            raise UnsupportedContent(f"this QR code holds no {what} (not a UR)")
        ur_type = text[3:].split("/", 1)[0].lower()
        if ur_type != self.wanted:
            raise UnsupportedContent(f"this QR code holds a ur:{ur_type}, not {what}")
        self._ur = self._ur or ur.UrDecoder()
        self._ur.receive(text)
        if self._ur.result is not None:
            self.result = self._ur.result[1]

    def progress(self) -> ScanProgress:
        complete = self.result is not None
        if self._ur is not None:
            received, needed = self._ur.progress
            if complete and needed is None:  # a single-code UR
                received, needed = 1, 1
            return ScanProgress("UR", received, needed, self._frames, complete)
        if self._bbqr is not None:
            received, needed = self._bbqr.progress
            return ScanProgress("BBQr", received, needed, self._frames, complete)
        if complete:
            return ScanProgress("QR", 1, 1, self._frames, True)
        return ScanProgress("", 0, None, self._frames, False)


def _bbqr_payload(file_type: str, data: bytes, *, wanted: str) -> bytes:
    if file_type != wanted:
        what = "a PSBT (P)" if wanted == "P" else "a transaction (T)"
        raise UnsupportedContent(f"the BBQr series holds file type {file_type!r}, not {what}")
    if not data:
        raise MalformedFrame("the BBQr series is empty")
    return data
