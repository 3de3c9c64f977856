"""`coldsplit accounts add --secret-from-fd N / --secret-stdin`: keys for scripts without the environment.

Each test runs the real CLI in a child process with a real pipe or file descriptor, then
reads the key back from the real keyring (the private gnome-keyring of
scripts/with-test-services.sh) in this process.
"""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli.main import run
from app.secrets import ApiCredentials, SecretStore

ROOT = Path(__file__).resolve().parents[3]
KEY, SECRET, PASSPHRASE = "okx-read-only-key-fd-7", "okx-secret-fd-7", "okx-pass phrase-fd-7"

pytestmark = pytest.mark.os_keyring  # a keyring shared with a child process (tests/conftest.py)


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COLDSPLIT_API_")}
    return {**env, "PYTHONPATH": str(ROOT)}


def _coldsplit(data_dir: Path, *args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "app", "--data-dir", str(data_dir), "accounts", "add", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=ROOT, env=_env(), **kwargs)  # type: ignore[call-overload, no-any-return]


def _stored(venue: str, name: str) -> ApiCredentials | None:
    store = SecretStore()
    credentials = store.read(SecretStore.ref_for(venue, name))
    store.delete(SecretStore.ref_for(venue, name))
    return credentials


def test_key_secret_and_passphrase_come_from_a_file_descriptor(data_dir: Path, tmp_path: Path) -> None:
    key_file = tmp_path / "okx.key"
    key_file.write_text(f"{KEY}\n{SECRET}\n{PASSPHRASE}\n")
    fd = os.open(key_file, os.O_RDONLY)
    try:
        result = _coldsplit(
            data_dir, "--venue", "okx", "--name", "desk", "--secret-from-fd", str(fd), pass_fds=(fd,)
        )
    finally:
        os.close(fd)
    assert result.returncode == 0, result.stderr
    assert "added desk (OKX" in result.stdout and "/proc" not in result.stderr
    assert _stored("okx", "desk") == ApiCredentials(KEY, SECRET, PASSPHRASE)
    assert all(KEY not in p.read_text(errors="replace") for p in data_dir.iterdir() if p.is_file())


def test_key_and_secret_come_from_a_pipe_on_standard_input(data_dir: Path) -> None:
    result = _coldsplit(data_dir, "--venue", "binance", "--secret-stdin", input=f"{KEY}\r\n{SECRET}\n\n")
    assert result.returncode == 0, result.stderr
    assert _stored("binance", "binance") == ApiCredentials(KEY, SECRET, "")


def test_a_pipe_given_as_a_descriptor_works_like_a_file(data_dir: Path) -> None:
    read_end, write_end = os.pipe()
    os.write(write_end, f"{KEY}\n{SECRET}\n".encode())
    os.close(write_end)
    try:
        result = _coldsplit(
            data_dir, "--venue", "bybit", "--secret-from-fd", str(read_end), pass_fds=(read_end,)
        )
    finally:
        os.close(read_end)
    assert result.returncode == 0, result.stderr
    assert _stored("bybit", "bybit") == ApiCredentials(KEY, SECRET, "")


def test_the_environment_still_works_and_says_who_can_read_it(data_dir: Path) -> None:
    env = {**_env(), "COLDSPLIT_API_KEY": KEY, "COLDSPLIT_API_SECRET": SECRET}
    command = [
        sys.executable,
        "-m",
        "app",
        "--data-dir",
        str(data_dir),
        "accounts",
        "add",
        "--venue",
        "binance",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=ROOT, env=env)
    assert result.returncode == 0, result.stderr
    assert "/proc/PID/environ" in result.stderr and "--secret-from-fd" in result.stderr
    assert _stored("binance", "binance") == ApiCredentials(KEY, SECRET, "")


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (f"{KEY}\n", r"expected 3 non-empty line\(s\) — API key, API secret, API passphrase — but got 1"),
        (f"{KEY}\n\n{PASSPHRASE}\n", "but got 3"),  # an empty secret
        (f"{KEY}\n{SECRET}\n{PASSPHRASE}\nextra\n", "but got 4"),
        ("x" * 70_000, "more than 65536 bytes"),
        (b"\xff\xfe\n", "not UTF-8"),
    ],
    ids=["too-few", "empty-line", "too-many", "too-big", "not-utf8"],
)
def test_bad_input_is_one_line_exit_2_and_nothing_is_saved(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], given: str | bytes, message: str
) -> None:
    key_file = tmp_path / "key"
    key_file.write_bytes(given.encode() if isinstance(given, str) else given)
    fd = os.open(key_file, os.O_RDONLY)
    try:  # in this process: the same reading code as --secret-stdin, through a real descriptor
        code = run(
            ["--data-dir", str(data_dir), "accounts", "add", "--venue", "okx", "--secret-from-fd", str(fd)]
        )
    finally:
        os.close(fd)
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.strip().splitlines()[-1].startswith("coldsplit: error:") and "Traceback" not in err
    assert re.search(message, err), err
    assert KEY not in err and SECRET not in err
    assert SecretStore().read(SecretStore.ref_for("okx", "okx")) is None


def test_a_closed_descriptor_and_a_terminal_are_refused(data_dir: Path) -> None:
    result = _coldsplit(data_dir, "--venue", "binance", "--secret-from-fd", "97")
    assert result.returncode == 2 and "cannot read the key from file descriptor 97" in result.stderr
    controller, terminal = pty.openpty()
    try:
        result = _coldsplit(data_dir, "--venue", "binance", "--secret-stdin", stdin=terminal)
    finally:
        os.close(controller)
        os.close(terminal)
    assert result.returncode == 2 and "standard input is a terminal; pipe the key in" in result.stderr


def test_both_sources_at_once_are_a_usage_error(data_dir: Path) -> None:
    result = _coldsplit(data_dir, "--venue", "binance", "--secret-stdin", "--secret-from-fd", "0", input="")
    assert result.returncode == 2 and "not allowed with argument" in result.stderr
