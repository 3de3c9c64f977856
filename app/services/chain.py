"""The chain backend the GUI uses in live mode: the typed setting for the network in use.

The desktop app and the CLI read the same `Settings.chain_backends` entry (kind, URL,
proxy, timeout, gap limit), and the GUI reads it as saved at the moment of each sync or
broadcast (`saved_backend`): one set on the Settings page or by `coldsplit wallet backend`
while the window is open is used at once, not after a restart. Demo mode has no backend:
nothing is sent anywhere.
"""

from __future__ import annotations

from pathlib import Path

from app.errors import NetworkFailure, UserError
from app.settings import ChainBackendSetting, load_settings
from app.watch.backend_settings import config_of
from wallet.types import Network
from wallet.watch.backends import BackendConfig


class ChainBackendError(UserError):
    """No usable chain backend: demo mode, none set, or one that cannot be reached."""


class ChainUnreachable(ChainBackendError, NetworkFailure):
    """The chain backend could not be reached or answered badly (exit 4)."""


def backend_config(entry: ChainBackendSetting | None, demo: bool) -> BackendConfig:
    if demo:
        raise ChainBackendError("demo mode has no network: nothing is sent anywhere")
    if entry is None:
        raise ChainBackendError("no chain backend is set: add an Electrum or Esplora server in Settings")
    try:
        return config_of(entry)
    except UserError as exc:
        raise ChainBackendError(exc.message) from None


def saved_backend(
    given: ChainBackendSetting | None, settings_path: Path | None, network: Network, demo: bool
) -> ChainBackendSetting | None:
    """The backend of `network` as the settings file holds it now; `given` without a file."""
    if demo or settings_path is None or not settings_path.exists():
        return given
    return load_settings(settings_path).chain_backends.get(network)
