"""The project's own error types, raised at the edges with a user-facing message.

Every error a person can cause or fix (bad input, a missing file, a refused device
action) is a `UserError`; the CLI prints its message on one line and exits with the
error's `exit_code`. Anything else is a bug and is reported with a traceback only
under ``--debug``.

Exit codes and the stable ``code`` of a ``--json`` error object (HWI's idea: a program
branches on the code, a person reads the message):

====  ===============  ==========================================================
exit  code             meaning
====  ===============  ==========================================================
0     —                done
1     —                a check ran and failed (`risk replay`, `--self-test`)
2     ``usage``        the command line itself is wrong (unknown flag, bad choice)
2     ``bad_input``    a file, value or stored state the person can fix
3     ``device``       the hardware wallet failed, refused or is not there
4     ``network``      an exchange or chain backend could not be reached or answered badly
70    ``internal``     a bug in ColdSplit (run with --debug and report it); sysexits' EX_SOFTWARE
130   ``interrupted``  Ctrl-C
141   —                the reader of standard output went away (``| head``); nothing printed
====  ===============  ==========================================================

Usage and bad input share exit 2 on purpose: the project's rule is "bad input gets
one clear line and exit 2", and scripts tell the two apart by ``code``.
"""

from __future__ import annotations

from enum import IntEnum
from typing import ClassVar


class ExitCode(IntEnum):
    OK = 0
    CHECK_FAILED = 1  # a check ran and said no: `risk replay`, `--self-test`
    BAD_INPUT = 2  # usage errors too
    DEVICE = 3
    NETWORK = 4
    INTERNAL = 70  # sysexits.h EX_SOFTWARE, so a bug is never mistaken for a failed check
    INTERRUPTED = 130
    PIPE_CLOSED = 141  # 128 + SIGPIPE, what a shell shows for a C tool cut off by `| head`


class UserError(Exception):
    """An error the user can understand and act on; the CLI exits with `exit_code` (2)."""

    exit_code: ClassVar[int] = ExitCode.BAD_INPUT
    kind: ClassVar[str] = "bad_input"  # the stable ``code`` of a --json error

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
        self.detail: str | None = None  # a finer stable code (a device's own), when one is known

    def __str__(self) -> str:
        return self.message


class UsageError(UserError):
    """The command line is wrong: unknown flag, missing argument, invalid choice."""

    kind = "usage"


class DeviceFailure(UserError):
    """The hardware wallet failed, refused, or is not connected (exit 3)."""

    exit_code = ExitCode.DEVICE
    kind = "device"


class NetworkFailure(UserError):
    """An exchange or chain backend could not be reached or answered badly (exit 4)."""

    exit_code = ExitCode.NETWORK
    kind = "network"


class StoreError(UserError):
    """The local database cannot be used (corrupt, newer schema, unwritable)."""


class SettingsError(UserError):
    """The settings file is unreadable or holds an invalid value."""
