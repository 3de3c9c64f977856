"""The chain backend per network, kept in the settings file (a preference, never a secret).

Stored under ``chain_backend`` → network name → {kind, url, proxy, timeout_seconds,
gap_limit}; `Settings.extra` carries it, so other settings code needs no change.
"""

from __future__ import annotations

from typing import Any

from app.errors import SettingsError, UserError
from app.settings import Network, Settings
from wallet.watch.backends import BackendConfig, BackendKind
from wallet.watch.errors import WatchError

SETTINGS_KEY = "chain_backend"


class NoBackendError(UserError):
    """No chain backend is configured for the network in use."""


def backend_for(settings: Settings, network: Network) -> BackendConfig:
    entry = _entries(settings).get(network.value)
    if entry is None:
        raise NoBackendError(
            f"no chain backend set for {network.value}; choose one with "
            "`coldsplit wallet backend --electrum ssl://HOST:PORT` or `--esplora https://HOST/api`"
        )
    try:
        return BackendConfig(
            BackendKind(entry["kind"]),
            str(entry["url"]),
            proxy=entry.get("proxy"),
            timeout_seconds=int(entry.get("timeout_seconds", 10)),
            gap_limit=int(entry.get("gap_limit", 20)),
        )
    except (KeyError, TypeError, ValueError, WatchError) as exc:
        raise SettingsError(
            f"the chain backend saved for {network.value} is invalid ({exc}); set it again"
        ) from None


def with_backend(settings: Settings, network: Network, config: BackendConfig) -> Settings:
    entry: dict[str, Any] = {
        "kind": config.kind.value,
        "url": config.url,
        "timeout_seconds": config.timeout_seconds,
        "gap_limit": config.gap_limit,
    }
    if config.proxy is not None:
        entry["proxy"] = config.proxy
    entries = {**_entries(settings), network.value: entry}
    return Settings(
        settings.network, settings.language, settings.theme, {**settings.extra, SETTINGS_KEY: entries}
    )


def _entries(settings: Settings) -> dict[str, dict[str, Any]]:
    raw = settings.extra.get(SETTINGS_KEY, {})
    if not isinstance(raw, dict) or not all(isinstance(v, dict) for v in raw.values()):
        raise SettingsError(f"the settings key {SETTINGS_KEY!r} must map network names to objects")
    return raw
