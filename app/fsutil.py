"""Safe file access: atomic writes that only ever replace regular files, bounded reads.

Writes go to a temp file in the target's directory and are renamed over the target, so a
reader sees the old file or the new one, never half of one. A rename replaces whatever
directory entry has that name, so before it the target is checked with `lstat` (not
following links): only a new name or an existing regular file may be written. A device
node (/dev/full), a symlink, a directory, a FIFO or a socket is refused with one line and
left untouched. A new name is linked into place with `link()`, which fails instead of
replacing anything that appeared at that name meanwhile.

Reads (`read_bounded`) stop at the byte limit actually read, never trusting the size the
file system reports (/dev/zero and /proc files report 0), and never wait for a writer on a
FIFO that has none.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path
from typing import BinaryIO

from app.errors import UserError
from risk.textio import read_at_most

# File systems without hard links (FAT, some FUSE mounts) refuse link() with these.
_NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK, errno.EXDEV, errno.ENOSYS}


class UnsafePathError(UserError):
    """A path ColdSplit was asked to write is not a regular file or a new name, or cannot be written."""


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def check_writable_target(path: Path) -> bool:
    """Refuse anything at `path` but a regular file; True when `path` exists (a file)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return False
    except NotADirectoryError:
        raise UnsafePathError(f"cannot write {path}: a parent of it is not a directory") from None
    except OSError as exc:
        raise UnsafePathError(f"cannot write {path}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(mode):
        raise UnsafePathError(f"{path} is {_kind(mode)}; give the name of a regular file (or a new one)")
    return True


def atomic_write_bytes(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Write `data` to `path` via a temp file in the same directory and a rename.

    The temp file is fsynced before the rename so a crash leaves either the old
    content or the new, and it is removed if anything fails on the way. Only a new
    name or a regular file is ever replaced (`check_writable_target`).
    """
    existed = check_writable_target(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name[:200]}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:  # a parent that is a file, a read-only or full disk: the user's to fix
        raise UnsafePathError(f"cannot write {path}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        _move_into_place(tmp_name, path, existed)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        if isinstance(exc, OSError):  # e.g. the disk is full: one line, the old file intact
            raise UnsafePathError(f"cannot write {path}: {exc.strerror or exc}") from exc
        raise


def _move_into_place(tmp_name: str, path: Path, existed: bool) -> None:
    if not existed:
        try:
            os.link(tmp_name, path)  # fails (EEXIST) rather than replace what appeared meanwhile
        except FileExistsError:
            raise UnsafePathError(
                f"{path} appeared while it was being written; nothing was replaced"
            ) from None
        except OSError as exc:
            if exc.errno not in _NO_HARD_LINKS:
                raise
        else:
            os.unlink(tmp_name)
            return
    check_writable_target(path)  # again, as close to the rename as it can be
    os.replace(tmp_name, path)


def atomic_write_text(path: Path, text: str, mode: int = 0o600) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), mode)


def read_bounded(path: Path, limit: int, what: str) -> bytes:
    """At most `limit` bytes of `path`, counted as read; refuse more or a directory in one line.

    `what` names the expected content in the messages ("a PSBT file", "a label file").
    """
    try:
        data = read_at_most(path, limit)
    except IsADirectoryError:
        raise UserError(f"{path} is a directory, not {what}") from None
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise UserError(f"{path} is too big for {what} (at most {_size_text(limit)})")
    return data


def read_stream_bounded(stream: BinaryIO, limit: int, too_big: str) -> bytes:
    """Read a binary stream (standard input) to its end, refusing (`too_big`) past `limit` bytes."""
    try:
        data = stream.read(limit + 1)
    except OSError as exc:
        raise UserError(f"cannot read: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise UserError(f"{too_big} (at most {_size_text(limit)})")
    return data


def _size_text(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit} bytes"
