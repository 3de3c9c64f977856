"""Uniform Resources (BCR-2020-005) for PSBTs (BCR-2020-006).

A PSBT travels as the CBOR byte string of its binary form, in Bytewords:

- one code: ``ur:crypto-psbt/<bytewords>``;
- animated: ``ur:crypto-psbt/<seqNum>-<seqLen>/<bytewords of a fountain part>``.

We write ``crypto-psbt`` (what Sparrow, Keystone, Passport, SeedSigner and Jade read) and
accept the registry's newer name ``psbt`` too. QR codes carry the text upper-cased so it
fits the alphanumeric mode; URs are case-insensitive.
"""

from __future__ import annotations

import re

import cbor2

from wallet.airgap import bytewords
from wallet.airgap.errors import ForeignFrame, MalformedFrame, UnsupportedContent
from wallet.airgap.fountain import FountainDecoder, FountainEncoder, FountainPart

PSBT_TYPE = "crypto-psbt"
PSBT_TYPES = frozenset({"crypto-psbt", "psbt"})
_SINGLE = re.compile(r"ur:([a-z0-9-]+)/([a-z]+)")
_MULTI = re.compile(r"ur:([a-z0-9-]+)/([1-9][0-9]{0,9})-([1-9][0-9]{0,9})/([a-z]+)")


def wrap_bytes(payload: bytes) -> bytes:
    """The CBOR byte string holding `payload` (the UR message of a PSBT)."""
    return cbor2.dumps(payload)


def unwrap_bytes(message: bytes) -> bytes:
    """The payload of a CBOR byte string, refusing anything else or a non-canonical form."""
    try:
        payload = cbor2.loads(message)
    except (cbor2.CBORDecodeError, ValueError, TypeError, OverflowError):
        raise MalformedFrame("the UR message is not valid CBOR") from None
    if not isinstance(payload, bytes) or cbor2.dumps(payload) != message:
        raise UnsupportedContent("the UR does not hold a single byte string (not a PSBT)")
    return payload


def encode_single(ur_type: str, message: bytes) -> str:
    return f"ur:{ur_type}/{bytewords.encode(message)}"


class UrEncoder:
    """The frames of one UR: a single code when the message fits `max_fragment_len`, else
    fountain parts without end (`next_part`)."""

    def __init__(
        self, message: bytes, max_fragment_len: int, *, ur_type: str = PSBT_TYPE, min_fragment_len: int = 10
    ) -> None:
        self.ur_type = ur_type
        self._message = message
        self._fountain = FountainEncoder(message, max_fragment_len, min_fragment_len=min_fragment_len)

    @classmethod
    def for_psbt(cls, psbt: bytes, max_fragment_len: int) -> UrEncoder:
        return cls(wrap_bytes(psbt), max_fragment_len)

    @property
    def is_single_part(self) -> bool:
        return self._fountain.seq_len == 1

    @property
    def seq_len(self) -> int:
        return self._fountain.seq_len

    def next_part(self) -> str:
        if self.is_single_part:
            return encode_single(self.ur_type, self._message)
        part = self._fountain.next_part()
        body = bytewords.encode(part.to_cbor())
        return f"ur:{self.ur_type}/{part.seq_num}-{part.seq_len}/{body}"


def is_ur(text: str) -> bool:
    return text[:3].lower() == "ur:"


class UrDecoder:
    """Reassembles one UR from its frames in any order. `result` is (type, CBOR message)."""

    def __init__(self) -> None:
        self.ur_type: str | None = None
        self._fountain = FountainDecoder()
        self.result: tuple[str, bytes] | None = None

    @property
    def progress(self) -> tuple[int, int | None]:
        """(fragments known, fragments needed, or None before the first part)."""
        return self._fountain.received_count, self._fountain.expected_count

    @property
    def received(self) -> int:
        return self._fountain.received_count

    @property
    def parts_processed(self) -> int:
        return self._fountain.parts_processed

    def receive(self, text: str) -> None:
        """Take one frame; MalformedFrame, ForeignFrame or UnsupportedContent when unusable."""
        if self.result is not None:
            return
        lowered = text.strip().lower()
        multi = _MULTI.fullmatch(lowered)
        if multi:
            ur_type, seq_num, seq_len, body = multi.groups()
            self._check_type(ur_type)
            part = FountainPart.from_cbor(bytewords.decode(body))
            if (part.seq_num, part.seq_len) != (int(seq_num), int(seq_len)):
                raise MalformedFrame("the UR's sequence label does not match its contents")
            self._fountain.receive(part)
            if self._fountain.result is not None:
                self.result = (ur_type, self._fountain.result)
            self.ur_type = ur_type
            return
        single = _SINGLE.fullmatch(lowered)
        if not single:
            raise MalformedFrame("the text is not a well-formed UR")
        ur_type, body = single.groups()
        self._check_type(ur_type)
        if self._fountain.expected_count is not None:
            raise ForeignFrame("a single-code UR appeared in the middle of an animated one")
        self.result = (ur_type, bytewords.decode(body))
        self.ur_type = ur_type

    def _check_type(self, ur_type: str) -> None:
        if self.ur_type is not None and ur_type != self.ur_type:
            raise ForeignFrame(f"a ur:{ur_type} frame appeared while scanning ur:{self.ur_type}")


def psbt_from_ur(ur_type: str, message: bytes) -> bytes:
    """The PSBT bytes of a reassembled UR, or UnsupportedContent for other UR types."""
    if ur_type not in PSBT_TYPES:
        raise UnsupportedContent(f"the QR code holds a ur:{ur_type}, not a PSBT")
    return unwrap_bytes(message)
