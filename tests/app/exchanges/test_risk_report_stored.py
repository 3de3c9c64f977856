"""`coldsplit risk report --portfolio stored`: the stored exchange accounts, as `accounts
export-portfolio` writes them, give the same report as that file (no network, no file to keep).

The account is read by real ccxt from a loopback Binance (tests/app/exchanges/fake_binance.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli.main import run
from tests.app.exchanges.fake_binance import API_KEY, SECRET, binance_venue
from tests.app.exchanges.loopback import serve

REPORT = ["risk", "report", "--drawdowns", "0:0.5:11", "--samples", "500", "--json"]


@pytest.fixture(autouse=True)
def _keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLDSPLIT_API_KEY", API_KEY)
    monkeypatch.setenv("COLDSPLIT_API_SECRET", SECRET)


def _cli(data_dir: Path, *args: str) -> int:
    return run(["--data-dir", str(data_dir), *args])


def test_stored_gives_the_exported_files_report(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _cli(data_dir, "accounts", "add", "--venue", "binance", "--name", "main") == 0
    with serve(binance_venue()) as venue:
        assert _cli(data_dir, "accounts", "refresh", "main", "--api-base-url", venue.base_url) == 0
    exported = tmp_path / "exported.json"
    assert _cli(data_dir, "accounts", "export-portfolio", str(exported)) == 0
    capsys.readouterr()

    assert _cli(data_dir, *REPORT, "--portfolio", "stored") == 0
    stored = json.loads(capsys.readouterr().out)
    assert _cli(data_dir, *REPORT, "--portfolio", str(exported)) == 0
    from_file = json.loads(capsys.readouterr().out)
    assert stored == from_file
    # The loopback account's two positions (a cross BTC long, an isolated ETH short), by name.
    assert len(stored["positions"]) == 2 and stored["exchange_margin_usd"] > 10_000
    assert stored["curve"][-1]["liquidated_share"] > stored["curve"][0]["liquidated_share"]


def test_stored_without_accounts_is_one_line_and_exit_2(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _cli(data_dir, *REPORT[:-1], "--portfolio", "stored") == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "no stored accounts yet: add one with `coldsplit accounts`" in err
    assert _cli(data_dir, *REPORT, "--portfolio", "stored") == 2  # --json: the error as JSON
    assert json.loads(capsys.readouterr().out) == {
        "error": "no stored accounts yet: add one with `coldsplit accounts`", "code": "bad_input", "exit_code": 2
    }  # fmt: skip
