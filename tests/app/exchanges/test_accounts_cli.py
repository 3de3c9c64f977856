"""`coldsplit accounts` and `coldsplit market` end to end: real store, real keyring (when running
under scripts/with-test-services.sh, else session memory), real ccxt against loopback venues."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import keyring
import pytest

from app.cli.main import run
from app.secrets import KEYRING_SERVICE, SecretStore
from risk.portfolio_json import load_portfolio
from tests.app.exchanges.fake_binance import API_KEY, SECRET, binance_venue
from tests.app.exchanges.loopback import serve

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def _keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLDSPLIT_API_KEY", API_KEY)
    monkeypatch.setenv("COLDSPLIT_API_SECRET", SECRET)


def _run(data_dir: Path, *args: str) -> int:
    return run(["--data-dir", str(data_dir), *args])


def test_add_refresh_show_export_remove(
    data_dir: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert _run(data_dir, "accounts", "add", "--venue", "binance", "--name", "main") == 0
    out, err = capsys.readouterr()
    assert "READ-ONLY" in err and "added main (Binance, cross)" in out
    with serve(binance_venue()) as venue:
        assert _run(data_dir, "accounts", "refresh", "main", "--api-base-url", venue.base_url) == 0
    out = capsys.readouterr().out
    assert "main: 3 balances, 2 positions, 0 loans; 1 liquidation price(s) differ" in out
    assert _run(data_dir, "accounts", "show", "main", "--json") == 0
    shown = json.loads(capsys.readouterr().out)
    assert [p["symbol"] for p in shown["positions"]] == ["BTC/USDT:USDT", "ETH/USDT:USDT"]
    assert [p["liquidation_check"]["flagged"] for p in shown["positions"]] == [False, True]
    assert _run(data_dir, "accounts", "show", "main") == 0
    assert "FLAG: gap 1.09% > 0.5%" in capsys.readouterr().out
    assert _run(data_dir, "accounts", "export-portfolio", str(tmp_path / "p.json")) == 0
    assert "next: coldsplit risk report --portfolio" in capsys.readouterr().out
    assert [a.name for a in load_portfolio(tmp_path / "p.json").accounts] == ["main"]
    assert _run(data_dir, "accounts", "export", "main", str(tmp_path / "main.csv")) == 0
    assert "wrote 5 rows" in capsys.readouterr().out
    # The secret is in the keyring only: never in the store, the log or the export.
    for path in [*data_dir.iterdir(), tmp_path / "main.csv"]:
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path
    assert SecretStore().read(SecretStore.ref_for("binance", "main")) is not None
    assert _run(data_dir, "accounts", "remove", "main") == 0
    assert "removed main and its keyring entry" in capsys.readouterr().out
    assert SecretStore().read(SecretStore.ref_for("binance", "main")) is None
    if os.environ.get("COLDSPLIT_TEST_SERVICES"):
        assert keyring.get_keyring().get_password(KEYRING_SERVICE, "binance/main") is None
    assert _run(data_dir, "accounts", "list", "--json") == 0
    assert json.loads(capsys.readouterr().out) == []


def test_refresh_errors_are_one_line_exit_2(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(data_dir, "accounts", "add", "--venue", "binance") == 0
    with serve(binance_venue()) as venue:
        venue.fail_with("/fapi/v3/account", 401, '{"code":-2014,"msg":"API-key format invalid."}')
        capsys.readouterr()
        assert _run(data_dir, "accounts", "refresh", "binance", "--api-base-url", venue.base_url) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Binance refused the API key" in err and SECRET not in err
    assert "API-key format invalid." in err and "signature=" not in err  # the venue's words, not its query


def test_csv_import_errors_name_lines(
    data_dir: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "h.csv"
    path.write_text(
        "kind,asset,amount,symbol,side,size,entry_price,mark_price\nbalance,BTC,-2\nposition,,,BTC/USDT:USDT,long,1,100,100\n"
    )
    assert _run(data_dir, "accounts", "import", str(path), "--account", "desk", "--venue", "bybit") == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "line 2: amount must be at least 0" in err
    path.write_text("kind,asset,amount,symbol,side,size,entry_price,mark_price\nbalance,BTC,2\n")
    assert _run(data_dir, "accounts", "import-csv", str(path), "--account", "desk", "--venue", "bybit") == 0
    assert "desk: imported 1 balances" in capsys.readouterr().out
    assert _run(data_dir, "accounts", "import", str(path), "--venue", "okx") == 0
    assert "h: imported 1 balances" in capsys.readouterr().out  # the account is named after the file
    assert (
        _run(
            data_dir,
            "accounts",
            "set",
            "desk",
            "kind=position",
            "symbol=ETH/USDT:USDT",
            "side=short",
            "size=2",
            "entry_price=3000",
            "mark_price=3100",
        )
        == 0
    )
    assert _run(data_dir, "accounts", "unset", "desk", "kind=balance", "asset=BTC") == 0
    assert "desk: deleted balance BTC in main" in capsys.readouterr().out
    assert _run(data_dir, "accounts", "list") == 0
    listed = capsys.readouterr().out
    assert "desk: bybit (csv, cross) — 0 balances, 1 positions" in listed and "h: okx (csv, cross)" in listed


def test_market_snapshot_live_then_offline(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with serve(binance_venue()) as venue:
        args = ["market", "snapshot", "--symbol", "BTC/USDT:USDT", "--api-base-url", venue.base_url]
        assert _run(data_dir, *args, "--json") == 0
    live = json.loads(capsys.readouterr().out)
    assert live["origin"] == "live" and live["depth_fit"]["bid"]["gamma"] == pytest.approx(0.4, abs=0.01)
    assert len(live["fragility"]) == 5 and live["fragility"][0]["status"] == "unknown"
    assert (
        _run(data_dir, "market", "snapshot", "--symbol", "BTC/USDT:USDT", "--offline", "--max-age", "0") == 0
    )
    text = capsys.readouterr().out
    assert "offline mode; using the stored snapshot" in text and "fragility:" in text
    assert _run(data_dir, "market", "snapshot", "--symbol", "ETH/USDT:USDT", "--offline", "--json") == 0
    assert json.loads(capsys.readouterr().out)["origin"] == "preset"


def test_no_keyring_backend_is_said_plainly(data_dir: Path) -> None:
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    result = subprocess.run(
        [sys.executable, "-m", "app", "--data-dir", str(data_dir), "accounts", "add", "--venue", "bybit"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert "no OS keyring is available" in result.stderr and "for this session only" in result.stderr
    assert "key kept in session memory (no OS keyring)" in result.stdout


def test_refresh_warns_when_the_key_can_trade(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(data_dir, "accounts", "add", "--venue", "binance") == 0
    with serve(binance_venue(trading_key=True)) as venue:
        assert _run(data_dir, "accounts", "refresh", "--api-base-url", venue.base_url) == 0
    err = capsys.readouterr().err
    assert "warning: the Binance key of account 'binance' can trade" in err


def test_debug_logs_of_a_refresh_hold_no_key_or_secret(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # ccxt logs every request's headers at DEBUG; the key and secret must come out masked.
    assert _run(data_dir, "accounts", "add", "--venue", "binance") == 0
    with serve(binance_venue()) as venue:
        assert _run(data_dir, "--debug", "accounts", "refresh", "--api-base-url", venue.base_url) == 0
    log = (data_dir / "coldsplit.log").read_text()
    assert "/fapi/v3/account" in log  # the requests were logged…
    assert API_KEY not in log and SECRET not in log  # …without the credentials
    assert "[secret]" in log  # masked where ccxt wrote the key header
