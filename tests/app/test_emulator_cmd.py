"""`coldsplit emulator`: starts loudly, serves trezorlib on loopback, refuses bad input in one line."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from trezorlib import btc, messages
from trezorlib import client as trezorlib_client
from trezorlib.client import AppManifest, get_client
from trezorlib.tools import parse_path
from trezorlib.transport import get_transport

from tests.wallet.emulator.clients import RawLink

ROOT = Path(__file__).resolve().parents[2]
ALL_MNEMONIC = " ".join(["all"] * 12)
SERVING = re.compile(r"serving on (udp:127\.0\.0\.1:\d+)")


@pytest.fixture(autouse=True)
def _bounded_trezorlib_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    """trezorlib never times out a read by itself; a broken device must fail, not hang."""
    monkeypatch.setattr(trezorlib_client, "_DEFAULT_READ_TIMEOUT", 15)


def _cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", "--data-dir", str(data_dir), "emulator", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )


def _ignore_sigint() -> None:
    """What a shell does to a command started in the background with `&`."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def _running(
    data_dir: Path, *args: str, started_in_background: bool = False
) -> Iterator[tuple[str, subprocess.Popen[str], list[str]]]:
    """Start the command, wait for its "serving on" line, stop it with SIGINT at the end."""
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "--data-dir", str(data_dir), "emulator", "--port", "0", *args],
        preexec_fn=_ignore_sigint if started_in_background else None,
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
    )
    assert process.stderr is not None
    lines: list[str] = []
    deadline = time.monotonic() + 30
    path = None
    try:
        while path is None and time.monotonic() < deadline:
            line = process.stderr.readline()
            if not line:
                break
            lines.append(line)
            found = SERVING.search(line)
            path = found.group(1) if found else None
        assert path is not None, "".join(lines)
        yield path, process, lines
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@pytest.mark.parametrize("started_in_background", [False, True])
def test_serves_trezorlib_and_warns_that_it_is_not_secure(
    data_dir: Path, started_in_background: bool
) -> None:
    emulator = _running(
        data_dir, "--mnemonic", ALL_MNEMONIC, "--auto-confirm", started_in_background=started_in_background
    )
    with emulator as (path, process, lines):
        assert "NOT SECURE STORAGE" in "".join(lines)
        client = get_client(AppManifest(app_name="test"), get_transport(path))
        session = client.get_session()
        address = btc.get_address(
            session,
            "Bitcoin",
            parse_path("m/84h/0h/0h/0/0"),
            show_display=True,  # auto-confirm answers the confirmation
            script_type=messages.InputScriptType.SPENDWITNESS,
        )
        assert address == "bc1qannfxke2tfd4l7vhepehpvt05y83v3qsf6nfkk"
        client.transport.close()
    assert process.returncode == 0


def test_seed_file_is_created_private_and_reused(data_dir: Path) -> None:
    seed_file = data_dir / "emulator-seed.txt"
    fingerprints = []
    for _ in range(2):
        with _running(data_dir, "--seed-file", str(seed_file), "--identity", "trezor-t") as (path, _p, _l):
            client = get_client(AppManifest(app_name="test"), get_transport(path))
            fingerprints.append(client.get_session().get_root_fingerprint())
            client.transport.close()
    assert fingerprints[0] == fingerprints[1]
    assert len(seed_file.read_text().split()) == 12
    assert os.stat(seed_file).st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--mnemonic", "all all all"], "12, 15, 18, 21 or 24 words"),
        (["--mnemonic", " ".join(["all"] * 11 + ["abandon"])], "bad checksum"),
        (["--pin", "12a4"], "PIN must be"),
        (["--pin", "1204"], "PIN must be"),
        (["--port", "70000"], "port must be"),
        (["--identity", "ledger"], "invalid choice"),
        (["--mnemonic", ALL_MNEMONIC, "--seed-file", "x"], "not allowed with"),
        (["--auto-confirm", "--interactive"], "not allowed with"),
    ],
)
def test_bad_arguments_are_one_line_exit_2(data_dir: Path, args: list[str], fragment: str) -> None:
    result = _cli(data_dir, *args)
    assert result.returncode == 2, result.stderr
    assert fragment in result.stderr
    assert "Traceback" not in result.stderr
    assert len([line for line in result.stderr.splitlines() if line.startswith("coldsplit")]) == 1


def test_busy_port_is_a_user_error(data_dir: Path) -> None:
    with _running(data_dir, "--mnemonic", ALL_MNEMONIC) as (path, _process, _lines):
        port = path.rsplit(":", 1)[1]
        result = _cli(data_dir, "--mnemonic", ALL_MNEMONIC, "--port", port)
    assert result.returncode == 2
    assert "cannot bind UDP" in result.stderr.splitlines()[-1]
    assert "Traceback" not in result.stderr


def test_unreadable_seed_file_is_a_user_error(data_dir: Path) -> None:
    seed_file = data_dir / "bad-seed"
    seed_file.write_bytes(b"\xff\xfe not text")
    result = _cli(data_dir, "--seed-file", str(seed_file))
    assert result.returncode == 2
    assert "cannot read seed file" in result.stderr


def test_interactive_mode_asks_on_the_terminal(data_dir: Path) -> None:
    show = messages.GetAddress(address_n=parse_path("m/44h/0h/0h/0/0"), show_display=True)
    # a core identity: there "n" refuses (on the T1 it would show the QR code and ask again)
    with _running(data_dir, "--mnemonic", ALL_MNEMONIC, "--interactive", "--identity", "trezor-t") as (
        path,
        process,
        _lines,
    ):
        assert process.stdin is not None
        link = RawLink(int(path.rsplit(":", 1)[1]), timeout=15)
        for answer, expected in (("y", messages.Address), ("n", messages.Failure)):
            assert isinstance(link.call(show), messages.ButtonRequest)
            link.send(messages.ButtonAck())
            process.stdin.write(answer + "\n")
            process.stdin.flush()
            reply = link.receive()
            assert isinstance(reply, expected)
        assert isinstance(reply, messages.Failure) and reply.code == messages.FailureType.ActionCancelled
        link.close()
