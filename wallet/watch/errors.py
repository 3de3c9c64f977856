"""Errors of the watch-only wallet; every message is one line a person can act on."""

from __future__ import annotations


class WatchError(RuntimeError):
    """The watch-only wallet cannot do what was asked."""


class WalletFileError(WatchError):
    """The wallet's bdk database cannot be opened, or belongs to other descriptors."""


class BackendError(WatchError):
    """The chain backend failed; the wallet file was not changed."""


class BackendUnreachable(BackendError):
    """No connection to the chain backend (down, refused, timed out, proxy failed)."""


class BackendProtocolError(BackendError):
    """The backend answered, but with something that is not a valid answer (or another chain)."""


class SpendError(WatchError):
    """A spend or fee bump cannot be built as asked (funds, dust, unknown coin, bad address…)."""
