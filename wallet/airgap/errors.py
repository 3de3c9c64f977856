"""Errors of the QR transport: each message is one sentence a person can act on."""

from __future__ import annotations


class QrTransportError(ValueError):
    """A QR frame (or the whole set) cannot be used."""


class MalformedFrame(QrTransportError):
    """The frame's text is not valid UR/BBQr (corrupted, truncated, wrong checksum)."""


class ForeignFrame(QrTransportError):
    """A well-formed frame that belongs to another message than the one being scanned."""


class UnsupportedContent(QrTransportError):
    """The QR code is valid but carries something other than a PSBT."""
