"""Where `coldsplit accounts add` reads an exchange's API key, secret and passphrase from.

Never from the command line (shell history and `ps` keep arguments). In order:

- ``--secret-from-fd N``: the values, one per line, from an open file descriptor, e.g.
  ``coldsplit accounts add --venue okx --secret-from-fd 3 3<okx-key.txt`` — nothing
  else on the machine sees them;
- ``--secret-stdin``: the same from standard input (a pipe, never a terminal);
- otherwise each value from its environment variable when set (COLDSPLIT_API_KEY …),
  with a warning: any process of the same user can read /proc/PID/environ;
- otherwise a prompt without echo on a terminal, or one line of standard input.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from dataclasses import dataclass

from app.errors import UserError

MAX_SECRET_BYTES = 64 * 1024  # a key file is a few hundred bytes; never read a device forever

ENVIRONMENT_WARNING = (
    "note: the key came from environment variables, which other processes of the same user "
    "can read (/proc/PID/environ); scripts can pass it with --secret-from-fd N or --secret-stdin instead"
)


@dataclass(frozen=True)
class SecretField:
    label: str  # "API key"
    env: str  # "COLDSPLIT_API_KEY"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "--secret-from-fd",
        type=int,
        metavar="N",
        help="read the API key, then the secret and passphrase if the venue needs them, one per line, "
        "from open file descriptor N (e.g. 3<key.txt)",
    )
    source.add_argument(
        "--secret-stdin",
        action="store_true",
        help="read them the same way from standard input (a pipe, not a terminal)",
    )


def read_secrets(args: argparse.Namespace, fields: list[SecretField]) -> list[str]:
    """The values of `fields`, in order, from the source the arguments choose."""
    if args.secret_from_fd is not None:
        return _from_lines(_read_fd(args.secret_from_fd, f"file descriptor {args.secret_from_fd}"), fields)
    if args.secret_stdin:
        return _from_lines(_read_fd(sys.stdin.fileno(), "standard input"), fields)
    values = [_ask(field) for field in fields]
    if any(os.environ.get(field.env) is not None for field in fields):
        print(ENVIRONMENT_WARNING, file=sys.stderr)
    return values


def _ask(field: SecretField) -> str:
    value = os.environ.get(field.env)
    if value is None:
        value = getpass.getpass(f"{field.label}: ") if sys.stdin.isatty() else sys.stdin.readline()
    return value.strip()


def _read_fd(fd: int, where: str) -> str:
    if fd < 0:
        raise UserError(f"--secret-from-fd needs a file descriptor number (0 or more), not {fd}")
    try:
        if os.isatty(fd):
            raise UserError(
                f"{where} is a terminal; pipe the key in, or leave out --secret-stdin/--secret-from-fd "
                "to be asked for it without echo"
            )
        data = _read_bounded(fd, where)
    except OSError as exc:
        raise UserError(f"cannot read the key from {where} ({exc.strerror or exc})") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise UserError(f"the key read from {where} is not UTF-8 text") from None


def _read_bounded(fd: int, where: str) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while chunk := os.read(fd, 4096):
        size += len(chunk)
        if size > MAX_SECRET_BYTES:
            raise UserError(f"{where} gave more than {MAX_SECRET_BYTES} bytes; expected a few short lines")
        chunks.append(chunk)
    return b"".join(chunks)


def _from_lines(text: str, fields: list[SecretField]) -> list[str]:
    lines = [line.strip() for line in text.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    wanted = ", ".join(field.label for field in fields)
    if len(lines) != len(fields) or not all(lines):
        raise UserError(
            f"expected {len(fields)} non-empty line(s) — {wanted} — but got {len(lines)}; nothing was saved"
        )
    return lines
