"""User settings: a small JSON file in the platform config dir.

Settings hold preferences only (network, language, theme, chain backend); never a
secret — API keys live in the OS keyring. Unknown keys from newer versions are kept
on save so a downgrade does not lose them.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

import platformdirs

from app.errors import SettingsError
from app.fsutil import atomic_write_text

APP_NAME = "ColdSplit"
SETTINGS_FILE = "settings.json"


class Network(StrEnum):
    """The Bitcoin network the app works on."""

    MAINNET = "mainnet"
    TESTNET = "testnet"
    SIGNET = "signet"
    REGTEST = "regtest"

    @classmethod
    def parse(cls, text: str) -> Network:
        try:
            return cls(text.strip().lower())
        except ValueError:
            names = ", ".join(n.value for n in cls)
            raise SettingsError(f"unknown network {text!r}; choose one of {names}") from None


@dataclass(frozen=True)
class Settings:
    """Preferences that persist between runs."""

    network: Network = Network.TESTNET
    language: str = "system"
    theme: str = "system"
    extra: dict[str, Any] = field(default_factory=dict)

    def with_network(self, network: Network) -> Settings:
        return replace(self, network=network)


def default_config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def load_settings(path: Path) -> Settings:
    """Read settings; a missing file gives the defaults, a broken one a clear error."""
    if not path.exists():
        return Settings()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SettingsError(f"settings file {path} is unreadable ({exc}); fix or delete it") from exc
    if not isinstance(raw, dict):
        raise SettingsError(f"settings file {path} must hold a JSON object")
    known = {"network", "language", "theme"}
    extra = {k: v for k, v in raw.items() if k not in known}
    network = Network.parse(str(raw.get("network", Network.TESTNET.value)))
    language = str(raw.get("language", "system"))
    theme = str(raw.get("theme", "system"))
    return Settings(network=network, language=language, theme=theme, extra=extra)


def save_settings(path: Path, settings: Settings) -> None:
    data = asdict(settings)
    extra = data.pop("extra")
    data["network"] = settings.network.value
    atomic_write_text(path, json.dumps({**extra, **data}, indent=2, sort_keys=True) + "\n")
