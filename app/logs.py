"""Logging to a rotating file in the data dir, with secrets and identifiers redacted.

Secrets never reach a log: the redaction filter masks anything shaped like an
extended key (xpub/tpub/…, xprv/tprv/…), an API secret or mnemonic handed to it by
name, and — unless ``--debug`` — Bitcoin addresses, so a shared log file does not
reveal the user's holdings.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
from pathlib import Path

LOG_FILE = "coldsplit.log"
_MAX_BYTES = 1_000_000
_BACKUPS = 3

# Extended private keys are always masked; extended public keys and addresses only
# outside --debug. The patterns are broad on purpose: a false mask costs nothing.
_PRIVATE_KEY = re.compile(r"\b[xyzuvt]prv[1-9A-HJ-NP-Za-km-z]{100,112}\b")
_PUBLIC_KEY = re.compile(r"\b[xyzuvtYZUV]pub[1-9A-HJ-NP-Za-km-z]{100,112}\b")
_BECH32_ADDRESS = re.compile(r"\b(?:bc|tb|bcrt)1[02-9ac-hj-np-z]{8,87}\b", re.IGNORECASE)
_BASE58_ADDRESS = re.compile(r"\b[123mn][1-9A-HJ-NP-Za-km-z]{25,34}\b")
_ETH_ADDRESS = re.compile(r"\b0x[0-9a-fA-F]{40}\b")

_registered_secrets: set[str] = set()


def register_secret(secret: str) -> None:
    """Mask this exact string in every later log record (API secrets, passphrases)."""
    if len(secret) >= 4:
        _registered_secrets.add(secret)


def redact(text: str, *, debug: bool) -> str:
    for secret in _registered_secrets:
        text = text.replace(secret, "[secret]")
    text = _PRIVATE_KEY.sub("[xprv]", text)
    if not debug:
        text = _PUBLIC_KEY.sub("[xpub]", text)
        text = _BECH32_ADDRESS.sub("[address]", text)
        text = _BASE58_ADDRESS.sub("[address]", text)
        text = _ETH_ADDRESS.sub("[address]", text)
    return text


class _LogFileHandler(logging.handlers.RotatingFileHandler):
    """The app's own file handler, so reconfiguring replaces it and nothing else."""


class RedactingFilter(logging.Filter):
    """Rewrites each record's final message through `redact` before any handler sees it."""

    def __init__(self, *, debug: bool) -> None:
        super().__init__()
        self.debug = debug

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, debug=self.debug)
        record.msg = redact(message, debug=self.debug)
        record.args = None
        return True


def configure_logging(data_dir: Path, *, debug: bool) -> Path:
    """Send the root logger to `data_dir/coldsplit.log` (rotating, mode 0600)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / LOG_FILE
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, _LogFileHandler):
            root.removeHandler(handler)
            handler.close()
    handler = _LogFileHandler(path, maxBytes=_MAX_BYTES, backupCount=_BACKUPS, encoding="utf-8")
    handler.addFilter(RedactingFilter(debug=debug))
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    os.chmod(path, 0o600)
    return path
