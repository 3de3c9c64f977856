"""Errors like HWI's (issue 17, item 6) and the hostile inputs of issue 18 (F6–F12) and 14.

Exit codes: 0 done, 1 a check failed (risk replay), 2 usage or bad input data, 3 device,
4 network, 70 internal (a bug), 130 interrupted. With --json an error is one JSON object on standard output with a stable
`code`. Every input below used to crash (traceback, exit 1) or run away; now it is one
line and exit 2.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli.main import run
from app.errors import ExitCode
from tests.app.exchanges.fake_binance import API_KEY, SECRET, binance_venue
from tests.app.exchanges.loopback import serve
from tests.wallet.psbt_factory import ACCOUNTS

Captured = tuple[int, str, str]


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> Captured:
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _one_line(result: Captured, *, code: int = 2, says: str = "") -> None:
    status, _, err = result
    assert status == code, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert err.startswith("coldsplit: error: ") and says in err, err


def _json_error(result: Captured, code: str, exit_code: int) -> dict[str, object]:
    status, out, err = result
    assert status == exit_code and err == "", err
    error = json.loads(out)
    assert error["code"] == code and error["exit_code"] == exit_code and error["error"]
    return dict(error)


def test_help_documents_the_exit_codes_and_the_json_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run(["--help"])
    text = capsys.readouterr().out
    assert "exit codes:" in text
    for number, meaning in (
        (1, "check ran and failed"),
        (2, "usage"),
        (3, "device"),
        (4, "network"),
        (70, "internal"),
        (130, "interrupted"),
    ):
        assert f"  {number} " in text and meaning in text
    assert '"code"' in text and "standard output" in text


def test_json_usage_error(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    result = _run(capsys, "--data-dir", str(data_dir), "cold", "list", "--json", "--no-such-flag")
    assert "--no-such-flag" in str(_json_error(result, "usage", 2)["error"])


def test_json_bad_input(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    result = _run(capsys, "--data-dir", str(data_dir), "cold", "addresses", "nosuch", "--json")
    assert "no cold account" in str(_json_error(result, "bad_input", 2)["error"])


def test_device_error_is_exit_3_with_the_device_code(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    # Port 9 (discard) on loopback: nothing answers there.
    result = _run(
        capsys, "--data-dir", str(data_dir), "device", "info", "--device", "udp:127.0.0.1:9", "--json"
    )
    assert _json_error(result, "device", 3)["detail"] == "not_connected"
    _one_line(
        _run(capsys, "--data-dir", str(data_dir), "device", "info", "--device", "udp:127.0.0.1:9"), code=3
    )


def test_network_error_is_exit_4(
    capsys: pytest.CaptureFixture[str], data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLDSPLIT_API_KEY", API_KEY)
    monkeypatch.setenv("COLDSPLIT_API_SECRET", SECRET)
    assert _run(capsys, "--data-dir", str(data_dir), "accounts", "add", "--venue", "binance")[0] == 0
    with serve(binance_venue()) as venue:
        venue.fail_with("/fapi/v3/account", 503, "Service Unavailable")
        result = _run(
            capsys,
            "--data-dir",
            str(data_dir),
            "accounts",
            "refresh",
            "binance",
            "--api-base-url",
            venue.base_url,
        )
    _one_line(result, code=ExitCode.NETWORK, says="Binance")


def test_an_internal_error_is_exit_70_one_line_or_json(
    capsys: pytest.CaptureFixture[str], data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.cli.cold_cmd as cold_cmd

    def broken(*_: object) -> int:
        raise RuntimeError("a bug")

    monkeypatch.setattr(cold_cmd, "list_command", broken)
    monkeypatch.setattr("app.cli.cold_cmd.list_command", broken)
    # the handler is bound at parser build time; rebuild happens per run
    _one_line(
        _run(capsys, "--data-dir", str(data_dir), "cold", "list"),
        code=ExitCode.INTERNAL,
        says="internal error: RuntimeError",
    )
    _json_error(_run(capsys, "--data-dir", str(data_dir), "cold", "list", "--json"), "internal", 70)


# --- issue 18 F6–F12 and issue 14's command-line bugs: one line, exit 2 ---------------------


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize(
    "command",
    [
        ["risk", "report", "--portfolio", "{file}"],
        ["holdings", "--portfolio", "{file}"],
        ["advice", "--portfolio", "{file}"],
        ["stress-policy", "set", "--preset", "{file}"],
    ],
    ids=lambda c: " ".join(c[:2]),
)
@pytest.mark.parametrize("depth", [100, 200_000])
def test_deep_json_is_refused(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path, command: list[str], depth: int
) -> None:
    file = tmp_path / "deep.json"
    file.write_text('{"a": ' + _deep(depth) + "}")
    args = [part.replace("{file}", str(file)) for part in command]
    _one_line(_run(capsys, "--data-dir", str(data_dir), *args), says="nested deeper than 64 levels")


def test_deep_labels_and_settings_are_refused(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    account = next(iter(ACCOUNTS.values()))
    base = ["--data-dir", str(data_dir), "--network", "testnet"]
    assert (
        _run(capsys, *base, "cold", "import", "vault", "--descriptor", account.multipath_descriptor())[0] == 0
    )
    labels = tmp_path / "labels.jsonl"
    labels.write_text(_deep(100_000) + "\n")
    _one_line(_run(capsys, *base, "cold", "labels", "import", "vault", str(labels)), says="line 1")
    (data_dir / "settings.json").write_text('{"x": ' + _deep(100_000) + "}")
    _one_line(_run(capsys, "--data-dir", str(data_dir), "settings", "show"), says="settings")


def test_unusable_data_dirs(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    a_file = tmp_path / "file"
    a_file.write_text("x")
    _one_line(
        _run(capsys, "--data-dir", str(a_file), "risk", "report", "--portfolio", "demo"), says="data dir"
    )
    _one_line(
        _run(capsys, "--data-dir", "/proc/nope", "risk", "report", "--portfolio", "demo"), says="/proc/nope"
    )
    store_dir = tmp_path / "data"
    (store_dir / "coldsplit.sqlite3").mkdir(parents=True)
    _one_line(_run(capsys, "--data-dir", str(store_dir), "cold", "list"), says="not a regular file")


@pytest.mark.parametrize(
    "command",
    [
        ["psbt", "review", "/dev/zero"],
        ["psbt", "convert", "/dev/zero", "--to", "2"],
        ["accounts", "import", "/dev/zero", "--venue", "binance"],
        ["cold", "labels", "import", "vault", "/dev/zero"],
        ["holdings", "--portfolio", "/dev/zero"],
        ["risk", "report", "--portfolio", "/dev/zero"],
        ["wallet", "broadcast", "/dev/zero"],
    ],
    ids=lambda c: " ".join(c[:2]),
)
def test_reads_stop_at_the_limit_actually_read(
    capsys: pytest.CaptureFixture[str], data_dir: Path, command: list[str]
) -> None:
    """/dev/zero reports a size of 0 and never ends; the limit counts bytes read."""
    if command[:3] == ["cold", "labels", "import"] or command[0] == "wallet":
        account = next(iter(ACCOUNTS.values()))
        base = ["--data-dir", str(data_dir), "--network", "testnet"]
        assert (
            _run(capsys, *base, "cold", "import", "vault", "--descriptor", account.multipath_descriptor())[0]
            == 0
        )
    _one_line(_run(capsys, "--data-dir", str(data_dir), "--network", "testnet", *command), says="too big")


@pytest.mark.parametrize(
    "command",
    [
        ["accounts", "show", "\udcff"],
        ["cold", "addresses", "\udcffx"],
        ["accounts", "set", "\udcff", "kind=balance"],
        ["device", "sign-message", "--path", "m/0", "--message", "caf\udce9"],
    ],
    ids=lambda c: " ".join(c[:2]),
)
def test_arguments_that_are_not_utf8(
    capsys: pytest.CaptureFixture[str], data_dir: Path, command: list[str]
) -> None:
    """Python hands undecodable argv bytes over as lone surrogates ($'\\xff' → '\\udcff')."""
    _one_line(_run(capsys, "--data-dir", str(data_dir), *command), says="not valid UTF-8")


@pytest.mark.parametrize(
    ("command", "says"),
    [
        (["cold", "addresses", "cold1", "--start", "2147483648"], "--start"),
        (["cold", "addresses", "cold1", "--start", "2147483647", "--count", "5"], "--start"),
        (
            ["risk", "loop", "--capital", "100", "--ltv", "0.5", "--cycles", "100000000", "--lt", "0.9"],
            "cycles",
        ),
        (["risk", "report", "--portfolio", "demo", "--drawdowns", "0:0.5:1000000"], "between 1 and 10000"),
        (["risk", "report", "--portfolio", "demo", "--seed", "-1"], "--seed"),
        (["risk", "cascade", "--crowd", "c.csv", "--price", "1", "--drawdowns", "0:0.5:1000000"], "100000"),
    ],
)
def test_numbers_out_of_range_are_refused_before_any_work(
    capsys: pytest.CaptureFixture[str], data_dir: Path, command: list[str], says: str
) -> None:
    _one_line(_run(capsys, "--data-dir", str(data_dir), *command), says=says)
    assert not (data_dir / "coldsplit.sqlite3").exists()  # refused before the store was opened


def test_a_portfolio_loop_with_absurd_cycles(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    from app.resources import resource_path

    portfolio = json.loads(resource_path("demo", "portfolio.json").read_text())
    portfolio["accounts"][0]["loops"] = [
        {"asset": "USDe", "capital": 1e5, "ltv": 0.8, "cycles": 10**12, "lt": 0.92}
    ]
    file = tmp_path / "p.json"
    file.write_text(json.dumps(portfolio))
    _one_line(
        _run(capsys, "--data-dir", str(data_dir), "risk", "report", "--portfolio", str(file)), says="cycles"
    )


def test_a_csv_field_over_the_csv_limit_names_its_line(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    file = tmp_path / "h.csv"
    file.write_text("kind,asset,amount\nbalance,BTC,1\nbalance," + "A" * 200_000 + ",1\n")
    result = _run(capsys, "--data-dir", str(data_dir), "accounts", "import", str(file), "--venue", "binance")
    _one_line(result, says="line 3: field larger than field limit")


def test_gui_without_a_display_is_one_line(
    capsys: pytest.CaptureFixture[str], data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    _one_line(_run(capsys, "--data-dir", str(data_dir), "gui", "--demo"), says="no display")


def test_the_json_error_through_the_real_entry_point(tmp_path: Path) -> None:
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-m", "app", "--data-dir", str(tmp_path), "cold", "addresses", "nosuch", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=root,
    )
    assert done.returncode == 2 and done.stderr == ""
    error = json.loads(done.stdout)
    assert error["code"] == "bad_input" and error["exit_code"] == 2 and "nosuch" in error["error"]


@pytest.mark.parametrize("flag", ["--electrum", "--esplora"])
def test_an_empty_backend_url_is_refused_not_a_crash(
    capsys: pytest.CaptureFixture[str], data_dir: Path, flag: str
) -> None:
    _one_line(
        _run(capsys, "--data-dir", str(data_dir), "wallet", "backend", flag, ""), says="URL starts with"
    )


def test_a_nul_character_in_an_argument(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    _one_line(_run(capsys, "--data-dir", str(data_dir), "psbt", "review", "a\x00b"), says="NUL")


def test_a_reader_that_goes_away_is_not_an_internal_error(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    """`coldsplit … | head -1`: exit 141 (as a tool cut off by SIGPIPE), nothing on stderr."""
    import subprocess
    import sys

    account = next(iter(ACCOUNTS.values()))
    base = ["--data-dir", str(data_dir), "--network", "testnet"]
    assert (
        _run(capsys, *base, "cold", "import", "vault", "--descriptor", account.multipath_descriptor())[0] == 0
    )
    root = Path(__file__).resolve().parents[2]
    with subprocess.Popen(
        # --json: ~130 kB, twice a pipe's buffer, so the writer is still writing when the reader goes
        [sys.executable, "-m", "app", *base, "cold", "addresses", "vault", "--count", "1000", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=root,
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.readline() == b"[\n"
        process.stdout.close()  # what `head -1` does after its line
        err = process.stderr.read().decode()
        code = process.wait(timeout=60)
    assert code == ExitCode.PIPE_CLOSED and err == ""
