"""The chain backend the GUI uses in live mode: the typed setting for the network in use.

The desktop app and the CLI read the same `Settings.chain_backends` entry (kind, URL,
proxy, timeout, gap limit). Demo mode has no backend: nothing is sent anywhere.
"""

from __future__ import annotations

from app.errors import NetworkFailure, UserError
from app.settings import ChainBackendSetting
from app.watch.backend_settings import config_of
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
