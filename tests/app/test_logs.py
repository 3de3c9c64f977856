"""The log file: rotating, 0600, and no secret, xpub or address in it unless --debug."""

from __future__ import annotations

import logging
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli.main import run
from app.logs import LOG_FILE, configure_logging, register_secret

XPRV = "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi"
XPUB = "xpub6BiVtCpG9fQPxnPmHXG8PhtzQdWC2Su4qWu6XW9tpWFYhxydCLJGrWBJZ5H6qTAHdPQ7pQhtpjiYZVZARo14qHiay2fvrX996oEP42u8wZy"
ADDRESSES = [
    "bc1qannfxke2tfd4l7vhepehpvt05y83v3qsf6nfkk",
    "1JAd7XCBzGudGpJQSDSfpmJhiygtLQWaGL",
    "tb1pswrqtykue8r89t9u4rprjs0gt4qzkdfuursfnvqaa3f2yql07zmq8s8a5u",
    "0x73d0385F4d8E00C5e6504C6030F47BF6212736A8",
]


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in root.handlers:
        if handler not in handlers:
            handler.close()
    root.handlers, root.level = handlers, level


def _log_everything(data_dir: Path, *, debug: bool) -> str:
    path = configure_logging(data_dir, debug=debug)
    log = logging.getLogger("coldsplit.test")
    register_secret("api-secret-0123456789")
    log.info("imported key %s with secret %s", XPRV, "api-secret-0123456789")
    log.info("account xpub %s addresses %s", XPUB, " ".join(ADDRESSES))
    try:
        raise ValueError(f"bad key {XPRV}")
    except ValueError:
        log.exception("failure while importing")
    for handler in logging.getLogger().handlers:
        handler.flush()
    return path.read_text()


def test_log_never_holds_private_keys_or_registered_secrets(data_dir: Path) -> None:
    for debug in (False, True):
        text = _log_everything(data_dir, debug=debug)
        assert XPRV not in text
        assert "api-secret-0123456789" not in text
        assert "[xprv]" in text and "[secret]" in text


def test_xpubs_and_addresses_are_redacted_unless_debug(data_dir: Path) -> None:
    text = _log_everything(data_dir, debug=False)
    assert XPUB not in text
    assert not any(address in text for address in ADDRESSES)
    (data_dir / LOG_FILE).unlink()
    text = _log_everything(data_dir, debug=True)
    assert XPUB in text
    assert all(address in text for address in ADDRESSES)


def test_log_file_is_private(data_dir: Path) -> None:
    path = configure_logging(data_dir, debug=False)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_cli_writes_its_log_to_the_data_dir(data_dir: Path) -> None:
    assert run(["--data-dir", str(data_dir), "settings", "show"]) == 0
    assert "coldsplit" in (data_dir / LOG_FILE).read_text()
