"""Typed reads of parsed JSON with errors that name the file and the field's path.

Presets and portfolios are JSON documents a person edits by hand; a wrong type or a
missing key must come back as one line saying where (``assets[2].crowd.n``) and
what was expected, never as a KeyError or a silently used default.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from risk._types import RiskInputError
from risk.textio import MAX_JSON_FILE_BYTES, JsonTextError, parse_json, read_at_most


class JsonFieldError(RiskInputError):
    """A JSON document has a missing, mistyped or out-of-range field."""


def load_json_object(path: Path, kind: str) -> dict[str, Any]:
    """Read a JSON file whose top level must be an object (at most 50 MB, 64 levels deep)."""
    try:
        raw = read_at_most(path, MAX_JSON_FILE_BYTES)
    except FileNotFoundError:
        raise JsonFieldError(f"{kind} file {path} does not exist") from None
    except IsADirectoryError:
        raise JsonFieldError(f"{kind} file {path} is a directory") from None
    except OSError as exc:
        raise JsonFieldError(f"{kind} file {path} cannot be read: {exc.strerror or exc}") from None
    if len(raw) > MAX_JSON_FILE_BYTES:
        raise JsonFieldError(f"{kind} file {path} is too big (at most 50 MB)")
    try:
        data = parse_json(raw.decode("utf-8"), f"{kind} file {path}")
    except UnicodeDecodeError:
        raise JsonFieldError(f"{kind} file {path} is not UTF-8 text") from None
    except JsonTextError as exc:
        raise JsonFieldError(str(exc)) from None
    if not isinstance(data, dict):
        raise JsonFieldError(f"{kind} file {path}: the top level must be a JSON object")
    return data


class Fields:
    """One JSON object and where it sits, e.g. ``portfolio.json: accounts[1]``."""

    def __init__(self, data: object, where: str) -> None:
        if not isinstance(data, dict):
            raise JsonFieldError(f"{where}: expected an object, got {_kind(data)}")
        self.data: Mapping[str, Any] = data
        self.where = where

    def at(self, key: str) -> str:
        return f"{self.where}.{key}"

    def has(self, key: str) -> bool:
        return key in self.data and self.data[key] is not None

    def obj(self, key: str) -> Fields:
        return Fields(self._required(key), self.at(key))

    def objects(self, key: str, *, allow_empty: bool = False) -> list[Fields]:
        items = self._required(key)
        if not isinstance(items, list):
            raise JsonFieldError(f"{self.at(key)}: expected a list, got {_kind(items)}")
        if not items and not allow_empty:
            raise JsonFieldError(f"{self.at(key)}: must not be empty")
        return [Fields(item, f"{self.at(key)}[{i}]") for i, item in enumerate(items)]

    def text(self, key: str, choices: tuple[str, ...] | None = None) -> str:
        value = self._required(key)
        if not isinstance(value, str) or not value.strip():
            raise JsonFieldError(f"{self.at(key)}: expected a non-empty string, got {_kind(value)}")
        if choices is not None and value not in choices:
            raise JsonFieldError(f"{self.at(key)}: {value!r} is not one of {', '.join(choices)}")
        return value

    def number(
        self, key: str, *, low: float | None = None, high: float | None = None, strict: bool = False
    ) -> float:
        """A finite number in [low, high] (or (low, high] with ``strict``)."""
        return check_number(self._required(key), self.at(key), low=low, high=high, strict=strict)

    def number_or(self, key: str, default: float, **bounds: Any) -> float:
        return self.number(key, **bounds) if self.has(key) else default

    def flag_or(self, key: str, default: bool) -> bool:
        if not self.has(key):
            return default
        value = self.data[key]
        if not isinstance(value, bool):
            raise JsonFieldError(f"{self.at(key)}: expected true or false, got {_kind(value)}")
        return value

    def integer(self, key: str, *, low: int) -> int:
        value = self._required(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise JsonFieldError(f"{self.at(key)}: expected an integer ≥ {low}, got {value!r}")
        return value

    def numbers(self, key: str, *, low: float | None = None, strict: bool = False) -> list[float]:
        values = self._required(key)
        if not isinstance(values, list) or not values:
            raise JsonFieldError(f"{self.at(key)}: expected a non-empty list of numbers")
        return [check_number(v, f"{self.at(key)}[{i}]", low=low, strict=strict) for i, v in enumerate(values)]

    def _required(self, key: str) -> Any:
        if key not in self.data or self.data[key] is None:
            raise JsonFieldError(f"{self.at(key)}: missing")
        return self.data[key]


def check_number(
    value: object, where: str, *, low: float | None = None, high: float | None = None, strict: bool = False
) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise JsonFieldError(f"{where}: expected a number, got {_kind(value)}")
    number = float(value)
    if not math.isfinite(number):
        raise JsonFieldError(f"{where}: must be finite, got {number}")
    if low is not None and (number <= low if strict else number < low):
        raise JsonFieldError(f"{where}: must be {'>' if strict else '≥'} {low}, got {number}")
    if high is not None and number > high:
        raise JsonFieldError(f"{where}: must be ≤ {high}, got {number}")
    return number


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, str):
        return f"the string {value!r}" if len(value) < 40 else "a string"
    return {dict: "an object", list: "a list", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )
