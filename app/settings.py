"""User settings: one typed schema, saved as a small versioned JSON file in the config dir.

`Settings` holds every preference the CLI and the desktop app share — network, language,
theme, the desktop app's mode, the chain backend of each network and the advisor's stress
policy — as frozen dataclasses validated on construction; nothing is kept untyped. Both
front-ends read and write this one object, so each reads what the other saved.

The file carries ``"version"``. Older files are migrated on load (`_MIGRATIONS`; the
migrated form is written at the next save); a file from a newer ColdSplit is refused
and left untouched, and so is a key the schema does not know. Settings hold preferences
only, never a secret — API keys live in the OS keyring — and every text value is
screened for private keys and seed phrases before it is written.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

import platformdirs

from app.errors import SettingsError, UserError
from app.eth.networks import EthEndpointSetting, endpoint_from_json
from app.fsutil import atomic_write_text
from app.store.secret_screen import guard_no_secret
from risk.textio import JsonTextError, parse_json, read_at_most
from wallet.types import KeyInputError
from wallet.types import Network as Network  # re-exported: ui reaches the shared types through app

APP_NAME = "ColdSplit"
SETTINGS_FILE = "settings.json"
MAX_SETTINGS_BYTES = 1024 * 1024  # a few hundred bytes in practice
SETTINGS_VERSION = 3
LANGUAGES = ("system", "en", "ja")
THEMES = ("system", "light", "dark")
GUI_MODES = ("demo", "live")
BACKEND_KINDS = ("electrum", "esplora", "cbf")
DEFAULT_PRESET = "2025-10-10"
DEFAULT_BUFFER = 0.02


def parse_network(text: str) -> Network:
    """The network a setting names, or a `SettingsError` listing the ones there are."""
    try:
        return Network.parse(text)
    except KeyInputError as exc:
        raise SettingsError(str(exc)) from None


class PolicyError(UserError):
    """A stress policy that cannot be used (unknown preset, drawdown out of range)."""


@dataclass(frozen=True)
class StressPolicy:
    """The stress the advisor plans for (see app.advisor.policy)."""

    preset: str = DEFAULT_PRESET
    btc_drawdown: float | None = None
    buffer: float = DEFAULT_BUFFER

    def __post_init__(self) -> None:
        if self.btc_drawdown is not None:
            # Imported here: risk loads numpy, which a command that only reads settings need not wait for.
            from risk.scenarios import MAX_DRAWDOWN

            if not (0 < self.btc_drawdown <= MAX_DRAWDOWN):
                raise PolicyError(
                    f"stress policy: btc_drawdown must be in (0, {MAX_DRAWDOWN}], got {self.btc_drawdown}"
                )
        if not (math.isfinite(self.buffer) and 0 <= self.buffer < 0.5):
            raise PolicyError(f"stress policy: buffer must be in [0, 0.5), got {self.buffer}")

    def as_dict(self) -> dict[str, Any]:
        return {"preset": self.preset, "btc_drawdown": self.btc_drawdown, "buffer": self.buffer}


@dataclass(frozen=True)
class ChainBackendSetting:
    """Where one network's chain comes from; app.watch.backend_settings turns it into a client config."""

    kind: str  # one of BACKEND_KINDS
    url: str
    proxy: str | None = None  # SOCKS5 host:port
    timeout_seconds: int = 10
    gap_limit: int = 20

    def __post_init__(self) -> None:
        if self.kind not in BACKEND_KINDS:
            raise SettingsError(
                f"chain backend kind must be one of {', '.join(BACKEND_KINDS)}, not {self.kind!r}"
            )
        if not self.url.strip():
            raise SettingsError("a chain backend needs a server URL")

    def as_dict(self) -> dict[str, Any]:
        entry: dict[str, Any] = {"kind": self.kind, "url": self.url}
        if self.proxy is not None:
            entry["proxy"] = self.proxy
        return {**entry, "timeout_seconds": self.timeout_seconds, "gap_limit": self.gap_limit}


def _no_backends() -> Mapping[Network, ChainBackendSetting]:
    return MappingProxyType({})


@dataclass(frozen=True)
class Settings:
    """Every preference that persists between runs, shared by the CLI and the desktop app."""

    network: Network = Network.TESTNET
    language: str = "system"
    theme: str = "system"
    gui_mode: str = "demo"  # the desktop app: "demo" (software device, sample data) or "live"
    chain_backends: Mapping[Network, ChainBackendSetting] = field(default_factory=_no_backends)
    stress_policy: StressPolicy = field(default_factory=StressPolicy)
    # The advisor's smallest transfer worth making, in USD (app.advisor.actionable).
    min_transfer_usd: float = 100.0
    # The Ethereum cold account's JSON-RPC endpoint (app.eth); None: not set up.
    eth_endpoint: EthEndpointSetting | None = None

    def __post_init__(self) -> None:
        if not (math.isfinite(self.min_transfer_usd) and self.min_transfer_usd >= 0):
            raise SettingsError(
                f"min_transfer_usd must be a number of USD ≥ 0; got {self.min_transfer_usd!r}"
            )
        for name, value, allowed in (
            ("language", self.language, LANGUAGES),
            ("theme", self.theme, THEMES),
            ("gui_mode", self.gui_mode, GUI_MODES),
        ):
            if value not in allowed:
                raise SettingsError(f"unknown {name} {value!r}; choose one of {', '.join(allowed)}")
        object.__setattr__(self, "chain_backends", MappingProxyType(dict(self.chain_backends)))

    def with_network(self, network: Network) -> Settings:
        return replace(self, network=network)

    def with_backend(self, network: Network, backend: ChainBackendSetting | None) -> Settings:
        """`backend` for `network` (None removes it); the other networks' backends stay."""
        backends = {n: b for n, b in self.chain_backends.items() if n is not network}
        if backend is not None:
            backends[network] = backend
        return replace(self, chain_backends=backends)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": SETTINGS_VERSION,
            "network": self.network.value,
            "language": self.language,
            "theme": self.theme,
            "gui_mode": self.gui_mode,
            "chain_backends": {n.value: b.as_dict() for n, b in sorted(self.chain_backends.items())},
            "stress_policy": self.stress_policy.as_dict(),
            "min_transfer_usd": self.min_transfer_usd,
            "eth_endpoint": None if self.eth_endpoint is None else self.eth_endpoint.as_dict(),
        }


def default_config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def load_settings(path: Path) -> Settings:
    """Read settings; a missing file gives the defaults, a broken or newer one a clear error."""
    if not path.exists():
        return Settings()
    try:
        raw = parse_json(read_at_most(path, MAX_SETTINGS_BYTES).decode("utf-8"), "settings")
    except (OSError, UnicodeDecodeError, JsonTextError) as exc:  # JsonTextError: deep nesting too
        raise SettingsError(f"settings file {path} is unreadable ({exc}); fix or delete it") from None
    if not isinstance(raw, dict):
        raise SettingsError(f"settings file {path} must hold a JSON object")
    try:
        return settings_from_json(raw)
    except SettingsError as exc:
        raise SettingsError(f"settings file {path}: {exc.message}") from None


def save_settings(path: Path, settings: Settings) -> None:
    data = settings.to_json()
    _screen(data, "")
    atomic_write_text(path, json.dumps(data, indent=2, sort_keys=True) + "\n")


def _screen(value: object, where: str) -> None:
    if isinstance(value, str):
        guard_no_secret(value, f"the setting {where}")
    elif isinstance(value, dict):
        for key, item in value.items():
            _screen(item, f"{where}.{key}" if where else str(key))


def settings_from_json(raw: dict[str, Any]) -> Settings:
    """Migrate `raw` to the current version, then build and validate the typed settings."""
    version = raw.get("version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SettingsError(f"'version' must be a whole number from 1, not {version!r}")
    if version > SETTINGS_VERSION:
        raise SettingsError(
            f"it was written by a newer ColdSplit (settings version {version}, this one reads up to "
            f"{SETTINGS_VERSION}); upgrade ColdSplit — the file was left untouched"
        )
    for migrate in _MIGRATIONS[version - 1 :]:
        raw = migrate(raw)
    unknown = sorted(set(raw) - set(Settings().to_json()))
    if unknown:
        raise SettingsError(f"unknown setting(s) {', '.join(map(repr, unknown))}")
    try:
        return _typed(raw)
    except PolicyError as exc:
        raise SettingsError(exc.message) from None


def _typed(raw: Mapping[str, Any]) -> Settings:
    return Settings(
        network=parse_network(_text(raw, "network", Network.TESTNET.value)),
        language=_text(raw, "language", "system"),
        theme=_text(raw, "theme", "system"),
        gui_mode=_text(raw, "gui_mode", "demo"),
        chain_backends=_backends(raw.get("chain_backends", {})),
        stress_policy=_policy(raw.get("stress_policy", {})),
        min_transfer_usd=_number(raw, "min_transfer_usd", 100.0) or 0.0,
        eth_endpoint=endpoint_from_json(raw.get("eth_endpoint")),
    )


def _text(raw: Mapping[str, Any], key: str, default: str) -> str:
    value = raw.get(key, default)
    if not isinstance(value, str):
        raise SettingsError(f"{key!r} must be text, not {value!r}")
    return value


def _number(raw: Mapping[str, Any], key: str, default: float | None) -> float | None:
    value = raw.get(key, default)
    if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
        raise SettingsError(f"{key!r} must be a number, not {value!r}")
    return None if value is None else float(value)


def _whole(raw: Mapping[str, Any], key: str, default: int) -> int:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise SettingsError(f"{key!r} must be a whole number, not {value!r}")
    return value


def _object(value: object, what: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise SettingsError(f"{what} must be a JSON object")
    return value


def _backends(value: object) -> dict[Network, ChainBackendSetting]:
    backends: dict[Network, ChainBackendSetting] = {}
    for network, entry in _object(value, "'chain_backends'").items():
        item = _object(entry, f"chain_backends.{network}")
        unknown = sorted(set(item) - {"kind", "url", "proxy", "timeout_seconds", "gap_limit"})
        if unknown:
            raise SettingsError(f"chain_backends.{network} has unknown keys {', '.join(unknown)}")
        proxy = item.get("proxy")
        if proxy is not None and not isinstance(proxy, str):
            raise SettingsError(f"chain_backends.{network}.proxy must be text (host:port)")
        backends[parse_network(str(network))] = ChainBackendSetting(
            _text(item, "kind", ""),
            _text(item, "url", ""),
            proxy,
            _whole(item, "timeout_seconds", 10),
            _whole(item, "gap_limit", 20),
        )
    return backends


def _policy(value: object) -> StressPolicy:
    item = _object(value, "'stress_policy'")
    unknown = sorted(set(item) - {"preset", "btc_drawdown", "buffer"})
    if unknown:
        raise SettingsError(f"stress_policy has unknown keys {', '.join(unknown)}")
    preset = _text(item, "preset", DEFAULT_PRESET)
    if not preset.strip():
        raise SettingsError("stress_policy.preset must be a preset name")
    buffer = _number(item, "buffer", DEFAULT_BUFFER)
    return StressPolicy(
        preset, _number(item, "btc_drawdown", None), DEFAULT_BUFFER if buffer is None else buffer
    )


# The schema of each file version, and how it moves on (never edit a released step):
#   1 (no "version"): network, language, theme, plus untyped keys — "gui_mode", "stress_policy",
#     and "chain_backend", which the CLI wrote as {network: {kind, url, …}} and the desktop
#     app as one URL string for the network then in use.
#   2: "version", and "chain_backends" {network: {kind, url, proxy, timeout_seconds, gap_limit}}.
#   3: "eth_endpoint" {network, url, timeout_seconds} or null (absent in 2 means null).
_URL_KINDS = {
    "tcp://": "electrum",
    "ssl://": "electrum",
    "http://": "esplora",
    "https://": "esplora",
    "p2p://": "cbf",
}


def backend_from_url(text: str) -> ChainBackendSetting:
    """A backend from a URL alone (the scheme says the kind), as the desktop app's field takes it.

    "electrum: ssl://host:50002" is accepted too.
    """
    text = text.strip()
    if ": " in text and not text.split(": ", 1)[0].count("/"):
        text = text.split(": ", 1)[1].strip()
    kind = next((k for scheme, k in _URL_KINDS.items() if text.startswith(scheme)), None)
    if kind is None:
        raise SettingsError(f"chain backend {text!r}: use tcp://, ssl://, http://, https:// or p2p://")
    return ChainBackendSetting(kind, text)


def _v1_to_v2(raw: dict[str, Any]) -> dict[str, Any]:
    migrated = {k: v for k, v in raw.items() if k != "chain_backend"}
    old = raw.get("chain_backend")
    if isinstance(old, str):  # the desktop app's form: one URL for the network the file names
        network = str(raw.get("network", Network.TESTNET.value))
        migrated["chain_backends"] = {network: backend_from_url(old).as_dict()} if old.strip() else {}
    elif old is not None:
        migrated["chain_backends"] = old  # the CLI's form is already per network
    return {**migrated, "version": 2}


def _v2_to_v3(raw: dict[str, Any]) -> dict[str, Any]:
    return {**raw, "version": 3}  # nothing moves: an older file simply has no Ethereum endpoint


_MIGRATIONS: tuple[Callable[[dict[str, Any]], dict[str, Any]], ...] = (_v1_to_v2, _v2_to_v3)
assert len(_MIGRATIONS) == SETTINGS_VERSION - 1
