"""Reading and writing PSBT files for the offline commands (`psbt …`, `psbt sign` included).

Reads accept binary, base64 or hex, from a file or ``-`` (stdin), and stop at 50 MB
counted as read (/dev/zero reports a size of 0). Writes are atomic (temp file +
rename) and only replace a regular file (`app.fsutil`): a failure leaves no partial
file, and the input is never overwritten unless asked.
"""

from __future__ import annotations

import sys
from pathlib import Path

from app.errors import UserError
from app.fsutil import atomic_write_bytes, check_writable_target, read_bounded, read_stream_bounded
from wallet.psbt.errors import PsbtError
from wallet.psbt.model import MAX_PSBT_BYTES, Psbt, load_psbt

STDIO = "-"


class PsbtFileError(UserError):
    """A PSBT file cannot be read, parsed or written."""


def read_psbt(path: str) -> Psbt:
    """Load a PSBT from a file (or stdin), with the file named in any error."""
    name = "standard input" if path == STDIO else path
    data = _read_limited(path)
    try:
        return load_psbt(data)
    except PsbtError as exc:
        raise PsbtFileError(f"{name}: {exc}") from None


def _read_limited(path: str) -> bytes:
    """At most 50 MB, counted as read: /dev/zero or a /proc file reports a size of 0."""
    if path == STDIO:
        return read_stream_bounded(sys.stdin.buffer, MAX_PSBT_BYTES, "standard input is too big for a PSBT")
    return read_bounded(Path(path), MAX_PSBT_BYTES, "a PSBT file")


def psbt_bytes(psbt: Psbt, *, binary: bool) -> bytes:
    return psbt.serialize() if binary else (psbt.to_base64() + "\n").encode("ascii")


def write_output(output: str, data: bytes, *, inputs: list[str], overwrite: bool | None = False) -> None:
    """Write to `output` atomically (or stdout for ``-``); refuse to replace an input unless asked."""
    if output == STDIO:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    target = check_output(output, inputs=inputs, overwrite=overwrite)
    try:
        atomic_write_bytes(target, data, mode=0o644)
    except OSError as exc:
        raise PsbtFileError(f"cannot write {output}: {exc.strerror or exc}") from None


def check_output(output: str, *, inputs: list[str], overwrite: bool | None = False) -> Path:
    """Refuse an output that is an input (unless `overwrite`) or a directory; call it before slow work too.

    `overwrite=None`: the command never replaces its input, so the message offers no --overwrite.
    """
    target = Path(output)
    for source in inputs:
        if source != STDIO and target.exists() and _same_file(target, Path(source)) and not overwrite:
            hint = "; pass --overwrite to replace it" if overwrite is not None else ""
            raise PsbtFileError(f"{output} is the input file{hint}")
    if target.is_dir():
        raise PsbtFileError(f"{output} is a directory; give a file name")
    check_writable_target(target)  # a device, symlink or FIFO: refused before any slow work
    return target


def _same_file(first: Path, second: Path) -> bool:
    try:
        return first.samefile(second)
    except OSError:
        return False
