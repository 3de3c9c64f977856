"""The project's own error types, raised at the edges with a user-facing message.

Every error a person can cause or fix (bad input, a missing file, a refused device
action) is a `UserError`; the CLI prints its message on one line and exits 2.
Anything else is a bug and is reported with a traceback only under ``--debug``.
"""

from __future__ import annotations


class UserError(Exception):
    """An error the user can understand and act on; the CLI exits with code 2."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class StoreError(UserError):
    """The local database cannot be used (corrupt, newer schema, unwritable)."""


class SettingsError(UserError):
    """The settings file is unreadable or holds an invalid value."""
