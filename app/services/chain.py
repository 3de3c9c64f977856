"""The chain backend the GUI uses in live mode, from the settings' "chain_backend" entry.

The entry is a server URL; its scheme says the kind (tcp:// or ssl:// Electrum,
http:// or https:// Esplora, p2p:// a compact-filter peer), optionally written as
"electrum: ssl://host:50002". Demo mode has no backend: nothing is sent anywhere.
"""

from __future__ import annotations

from app.errors import UserError
from wallet.watch.backends import BackendConfig, BackendKind, ChainBackend, connect
from wallet.watch.errors import WatchError

_KINDS = {
    "tcp://": BackendKind.ELECTRUM,
    "ssl://": BackendKind.ELECTRUM,
    "http://": BackendKind.ESPLORA,
    "https://": BackendKind.ESPLORA,
    "p2p://": BackendKind.CBF,
}


class ChainBackendError(UserError):
    """No usable chain backend: demo mode, none set, or one that cannot be reached."""


def backend_config(entry: str | None, demo: bool) -> BackendConfig:
    if demo:
        raise ChainBackendError("demo mode has no network: nothing is sent anywhere")
    text = (entry or "").strip()
    if not text:
        raise ChainBackendError("no chain backend is set: add an Electrum or Esplora server in Settings")
    if ": " in text and not text.split(": ", 1)[0].count("/"):
        text = text.split(": ", 1)[1].strip()  # "electrum: ssl://host:50002"
    kind = next((k for scheme, k in _KINDS.items() if text.startswith(scheme)), None)
    if kind is None:
        raise ChainBackendError(f"chain backend {text!r}: use tcp://, ssl://, http://, https:// or p2p://")
    try:
        return BackendConfig(kind, text)
    except WatchError as exc:
        raise ChainBackendError(str(exc)) from None


def open_backend(entry: str | None, demo: bool) -> ChainBackend:
    config = backend_config(entry, demo)
    try:
        return connect(config)
    except WatchError as exc:
        raise ChainBackendError(str(exc)) from None
