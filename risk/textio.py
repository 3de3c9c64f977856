"""Bounded reads and depth-limited JSON for files a person hands over (standard library only).

The app's settings, labels and PSBT readers use these too; the module imports no numpy so
that commands which never run the engine do not pay for it.
"""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path
from typing import Any


class JsonTextError(ValueError):
    """A JSON text is invalid, nested too deeply, or holds an over-long number."""


# Hand-edited documents are a few levels deep; far deeper nesting is an attack or a mistake,
# and it would reach Python's recursion limit in json (RecursionError) or in later code.
MAX_JSON_DEPTH = 64
MAX_JSON_FILE_BYTES = 50 * 1024 * 1024


def read_at_most(path: Path, limit: int) -> bytes:
    """Up to `limit` + 1 bytes, counted as read (/dev/zero reports size 0); a FIFO with no
    writer reads as empty instead of blocking. The caller refuses more than `limit`."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY)
    try:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise IsADirectoryError(errno.EISDIR, "Is a directory", str(path))
        os.set_blocking(fd, True)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def parse_json(text: str, where: str) -> Any:
    """`json.loads` that refuses nesting deeper than MAX_JSON_DEPTH and over-long integers
    with one line naming `where`, instead of RecursionError or ValueError."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise JsonTextError(f"{where}: invalid JSON at line {exc.lineno}: {exc.msg}") from None
    except RecursionError:
        raise JsonTextError(f"{where}: nested deeper than {MAX_JSON_DEPTH} levels") from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise JsonTextError(f"{where}: {exc}") from None
    if too_deep(data, MAX_JSON_DEPTH):
        raise JsonTextError(f"{where}: nested deeper than {MAX_JSON_DEPTH} levels")
    return data


def too_deep(data: object, limit: int) -> bool:
    """Whether parsed JSON nests more than `limit` levels (walked without recursion)."""
    pending: list[tuple[object, int]] = [(data, 1)]
    while pending:
        item, depth = pending.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        for child in children:
            if isinstance(child, dict | list):
                if depth + 1 > limit:
                    return True
                pending.append((child, depth + 1))
    return False
