"""The `coldsplit` command line: version, argument errors, user errors, --debug."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app import __version__
from app.cli.main import run

ROOT = Path(__file__).resolve().parents[2]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, text=True, timeout=60, cwd=ROOT
    )


def test_version_prints_the_package_version() -> None:
    result = _cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"coldsplit {__version__}"


@pytest.mark.parametrize(
    "args",
    [["--no-such-flag"], ["settings", "frobnicate"], ["--network", "moonnet", "settings", "show"], []],
)
def test_bad_arguments_exit_2_with_one_line(args: list[str]) -> None:
    result = _cli(*args)
    assert result.returncode == 2
    if args:
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert "Traceback" not in result.stderr


def test_user_error_is_one_line_and_exit_2(data_dir: Path) -> None:
    (data_dir / "settings.json").write_text("{ not json")
    result = _cli("--data-dir", str(data_dir), "settings", "show")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "settings file" in lines[0]
    assert "Traceback" not in result.stderr


def test_debug_shows_the_traceback(data_dir: Path) -> None:
    (data_dir / "settings.json").write_text("[1, 2]")
    result = _cli("--debug", "--data-dir", str(data_dir), "settings", "show")
    assert result.returncode == 2
    assert "Traceback" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("coldsplit: error:")


def test_settings_set_persists_and_network_flag_overrides_one_run(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["--data-dir", str(data_dir), "settings", "set", "network", "signet"]) == 0
    capsys.readouterr()
    assert run(["--data-dir", str(data_dir), "settings", "show"]) == 0
    assert json.loads(capsys.readouterr().out)["network"] == "signet"
    saved = json.loads((data_dir / "settings.json").read_text())
    assert saved["network"] == "signet"


def test_invalid_setting_value_is_refused_and_nothing_written(data_dir: Path) -> None:
    assert run(["--data-dir", str(data_dir), "settings", "set", "theme", "purple"]) == 2
    assert not (data_dir / "settings.json").exists()


def test_self_test_passes_from_source() -> None:
    result = _cli("--self-test")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test passed" in result.stdout
