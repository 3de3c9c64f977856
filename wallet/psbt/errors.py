"""Errors of the PSBT layer: every message is one line a person can act on."""

from __future__ import annotations


class PsbtError(ValueError):
    """A PSBT is malformed, inconsistent, or cannot take the requested step."""


class PsbtRefused(PsbtError):
    """A well-formed PSBT that must not be signed here (wrong network, not our keys, …)."""
