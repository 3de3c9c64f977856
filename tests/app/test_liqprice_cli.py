"""`coldsplit risk liqprice --venue …`: each venue's worked example from the command line.

The examples and their sources are in tests/risk/test_venue_rules.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli.main import run


def _run(data_dir: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(["--data-dir", str(data_dir), "risk", "liqprice", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # Bybit's "Liquidation Price (USDT Contract)" examples 1 and 2.
        (["--venue", "bybit", "--side", "long", "--leverage", "50", "--mmr", "0.005"], 19_700.00),
        (["--venue", "bybit", "--side", "short", "--leverage", "50", "--mmr", "0.005"], 20_300.00),
        # Binance's rule for the same trade: 19,600 / 0.995.
        (["--side", "long", "--wallet-balance", "400", "--mmr", "0.005", "--maint-amount", "0"], 19_698.49),
        # Bybit cross: MM on the mark value, 400 of wallet → Binance's number.
        (["--venue", "bybit", "--margin-mode", "cross", "--side", "long", "--wallet-balance", "400",
          "--mmr", "0.005"], 19_698.49),
        # OKX: 19,600 / (1 − 0.004 − 0.0005).
        (["--venue", "okx", "--side", "long", "--margin", "400", "--mmr", "0.004"], 19_688.60),
    ],
)  # fmt: skip
def test_venue_examples_at_20000(
    data_dir: Path, capsys: pytest.CaptureFixture[str], args: list[str], expected: float
) -> None:
    code, out, _ = _run(data_dir, capsys, "--size", "1", "--entry", "20000", *args)
    assert code == 0 and round(json.loads(out)["liquidation_price"], 2) == expected


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # Bybit's cross Example 1 (help.bybit.com article 900000181046): 2 BTC long at 10,000,
        # 100×, MMR 0.5%, available balance 2,000 → sustainable loss 2,100 → 8,950.
        (["--margin-mode", "cross", "--size", "2", "--entry", "10000", "--available-balance", "2000",
          "--leverage", "100"], 8_950.00),
        # Bybit's UTA trading rules, isolated USDT perpetual: 1 BTC long at 40,000, 50×, 3,000 USDT
        # added, MMR 0.5%, taker fee 0.055% (the default for bybit) → 36,380.25.
        (["--account", "uta", "--size", "1", "--entry", "40000", "--leverage", "50", "--extra-margin", "3000"],
         36_380.25),
    ],
)  # fmt: skip
def test_bybit_worked_examples(
    data_dir: Path, capsys: pytest.CaptureFixture[str], args: list[str], expected: float
) -> None:
    code, out, _ = _run(data_dir, capsys, "--venue", "bybit", "--side", "long", "--mmr", "0.005", *args)
    assert code == 0 and round(json.loads(out)["liquidation_price"], 2) == expected


def test_bybit_uta_without_leverage_is_one_line_and_exit_2(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(
        data_dir, capsys, "--venue", "bybit", "--account", "uta", "--side", "long", "--size", "1",
        "--entry", "40000", "--margin", "800", "--mmr", "0.005",
    )  # fmt: skip
    assert code == 2 and out == ""
    assert err.strip().splitlines() == ["coldsplit: error: --venue bybit --account uta needs --leverage"]


def test_hyperliquid_liquidation_price(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # 1 BTC at 100,000, 10× (margin 10,000), max 40× → 100,000 − 8,750 / 0.9875.
    code, out, _ = _run(
        data_dir, capsys, "--venue", "hyperliquid", "--side", "long", "--size", "1", "--entry", "100000",
        "--leverage", "10", "--max-leverage", "40",
    )  # fmt: skip
    assert code == 0 and round(json.loads(out)["liquidation_price"], 2) == 91_139.24


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--venue", "hyperliquid", "--leverage", "10"], "--venue hyperliquid needs --max-leverage"),
        (["--venue", "bybit", "--mmr", "0.005"], "needs one of --leverage or --margin"),
        (["--venue", "okx", "--leverage", "0.5", "--mmr", "0.005"], "--leverage must be ≥ 1"),
        (["--mmr", "0.005"], "--venue binance needs --wallet-balance, --maint-amount"),
    ],
)
def test_missing_venue_inputs_are_one_line_errors(
    data_dir: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, _, err = _run(data_dir, capsys, "--side", "long", "--size", "1", "--entry", "20000", *args)
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1
