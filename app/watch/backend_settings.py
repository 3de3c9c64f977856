"""The chain backend per network, as the typed settings keep it (a preference, never a secret).

`Settings.chain_backends` maps a network to a `ChainBackendSetting`; this module turns
it into the wallet's `BackendConfig` (whose checks refuse a bad URL, proxy or limit) and
back. The CLI (`coldsplit wallet backend`) and the desktop app both go through it.
"""

from __future__ import annotations

from app.errors import SettingsError, UserError
from app.settings import ChainBackendSetting, Settings
from wallet.types import Network
from wallet.watch.backends import BackendConfig, BackendKind
from wallet.watch.errors import WatchError


class NoBackendError(UserError):
    """No chain backend is configured for the network in use."""


def backend_for(settings: Settings, network: Network) -> BackendConfig:
    entry = settings.chain_backends.get(network)
    if entry is None:
        raise NoBackendError(
            f"no chain backend set for {network.value}; choose one with "
            "`coldsplit wallet backend --electrum ssl://HOST:PORT` or `--esplora https://HOST/api`"
        )
    return config_of(entry, network)


def config_of(entry: ChainBackendSetting, network: Network | None = None) -> BackendConfig:
    try:
        return BackendConfig(
            BackendKind(entry.kind), entry.url, entry.proxy, entry.timeout_seconds, entry.gap_limit
        )
    except (ValueError, WatchError) as exc:
        where = f" for {network.value}" if network is not None else ""
        raise SettingsError(f"the chain backend saved{where} is invalid ({exc}); set it again") from None


def backend_setting(config: BackendConfig) -> ChainBackendSetting:
    """What the settings file keeps of a backend."""
    return ChainBackendSetting(
        config.kind.value, config.url, config.proxy, config.timeout_seconds, config.gap_limit
    )


def with_backend(settings: Settings, network: Network, config: BackendConfig) -> Settings:
    return settings.with_backend(network, backend_setting(config))
