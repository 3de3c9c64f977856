"""`coldsplit risk cascade|loop|liqprice`: JSON out, one-line errors with exit 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from app.cli.main import run
from risk.crowd import save_crowd_npz

ROOT = Path(__file__).resolve().parents[2]
CASCADE_FIELDS = [
    "drawdown",
    "exo_price",
    "price",
    "liquidated_usd",
    "liquidated_count",
    "iterations",
    "amplification",
]


@pytest.fixture
def crowd_csv(tmp_path: Path) -> Path:
    path = tmp_path / "crowd.csv"
    path.write_text("side,size,liq_price\nlong,10,95\nlong,10,93\nshort,5,110\n")
    return path


def _run(data_dir: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(["--data-dir", str(data_dir), "risk", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_cascade_prints_one_json_object_per_drawdown(
    data_dir: Path, crowd_csv: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(
        data_dir, capsys, "cascade", "--crowd", str(crowd_csv), "--price", "100", "--impact", "book",
        "--depth1", "950", "--gamma", "1", "--drawdowns", "0:0.1:3",
    )  # fmt: skip
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [list(row) for row in rows] == [CASCADE_FIELDS] * 3
    assert [row["drawdown"] for row in rows] == [0.0, 0.05, 0.1]
    # d = 5%: the 95 long falls, selling $950 = 1% of depth: 95 → 94.05, the 93 long holds.
    assert rows[1]["price"] == pytest.approx(94.05)
    assert rows[1]["liquidated_count"] == 1 and rows[1]["liquidated_usd"] == pytest.approx(950)
    assert rows[1]["amplification"] == pytest.approx(5.95 / 5)
    assert rows[0] == {**rows[0], "price": 100.0, "liquidated_count": 0, "amplification": 1.0}


def test_cascade_reads_npz_and_rallies_squeeze_shorts(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "crowd.npz"
    save_crowd_npz(path, np.array([1, -1]), np.array([1.0, 50.0]), np.array([80.0, 104.0]))
    code, out, _ = _run(
        data_dir, capsys, "cascade", "--crowd", str(path), "--price", "100", "--sigma", "0.05",
        "--adv", "1e5", "--kappa", "5", "--w-min", "0.1", "--drawdowns=-0.05:-0.05:1",
    )  # fmt: skip
    assert code == 0
    row = json.loads(out)
    assert row["exo_price"] == pytest.approx(105) and row["price"] > 105 and row["liquidated_count"] == 1


def test_loop_reproduces_the_risk_model_check(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        data_dir, capsys, "loop", "--capital", "100000", "--ltv", "0.8", "--cycles", "5", "--lt", "0.92",
        "--price", "0.6567",
    )  # fmt: skip
    assert code == 0
    report = json.loads(out)
    assert list(report) == [
        "exposure", "debt", "health_factor", "liquidation_price", "zero_equity_price", "equity",
    ]  # fmt: skip
    assert round(report["exposure"]) == 368_928 and round(report["debt"]) == 268_928
    assert round(report["liquidation_price"], 4) == 0.7923 and round(report["zero_equity_price"], 4) == 0.7289
    assert round((100_000 - report["equity"]) / 100_000, 2) == 1.27


def test_liqprice_matches_binances_cross_example(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Binance FAQ "How to Calculate Liquidation Price of USDⓈ-M Futures Contracts", ETHUSDT leg (see
    # tests/risk/test_margin.py for the full citation).
    code, out, _ = _run(
        data_dir, capsys, "liqprice", "--side", "long", "--size", "3683.979", "--entry", "1456.84",
        "--wallet-balance", "1535443.01", "--mmr", "0.10", "--maint-amount", "135365",
        "--other-mm", "71200.81144", "--other-upnl=-56354.57",
    )  # fmt: skip
    assert code == 0 and round(json.loads(out)["liquidation_price"], 2) == 1153.26


def test_liqprice_of_an_unliquidatable_long_is_null(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(
        data_dir, capsys, "liqprice", "--side", "long", "--size", "1", "--entry", "100",
        "--wallet-balance", "200", "--mmr", "0.01", "--maint-amount", "0",
    )  # fmt: skip
    assert code == 0 and json.loads(out) == {"liquidation_price": None}


@pytest.mark.parametrize(
    ("crowd", "args", "message"),
    [
        (
            "side,size,liq_price\nlong,10,95\nlong,abc,93\n",
            [],
            "crowd.csv line 3, field size: 'abc' is not a number",
        ),
        (
            "side,size,liq_price\nlong,10,95\nlong,10,120\n",
            [],
            "crowd.csv line 3, field liq_price: a long must",
        ),
        (
            "side,size,liq_price\nshort,10,95\n",
            [],
            "line 2, field liq_price: a short must be liquidated above",
        ),
        ("side,size,liq_price\nlong,nan,95\n", [], "line 2, field size: must be a finite number"),
        ("side,size,liq_price\nlong,-1,95\n", [], "line 2, field size: must be > 0"),
        ("side,size,liq_price\n", [], "empty"),
        ("side,size,liq_price\nlong,1,95\n", ["--impact", "book"], "--impact book needs --depth1"),
        ("side,size,liq_price\nlong,1,95\n", ["--retention", "0"], "w must be finite and in"),
        ("side,size,liq_price\nlong,1,95\n", ["--kappa", "1"], "needs both --kappa and --w-min"),
    ],
)
def test_cascade_errors_are_one_line_and_exit_2(
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    crowd: str,
    args: list[str],
    message: str,
) -> None:
    path = tmp_path / "crowd.csv"
    path.write_text(crowd)
    base = ["cascade", "--crowd", str(path), "--price", "100", "--sigma", "0.05", "--adv", "1e6"]
    code, out, err = _run(data_dir, capsys, *base, "--drawdowns", "0:0.2:3", *args)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and message in err, err


@pytest.mark.parametrize(
    "args",
    [
        [
            "cascade",
            "--crowd",
            "x.csv",
            "--price",
            "inf",
            "--sigma",
            "0.1",
            "--adv",
            "1",
            "--drawdowns",
            "0:1:2",
        ],
        [
            "cascade",
            "--crowd",
            "x.csv",
            "--price",
            "100",
            "--sigma",
            "0.1",
            "--adv",
            "1",
            "--drawdowns",
            "0:1.5:2",
        ],
        [
            "cascade",
            "--crowd",
            "x.csv",
            "--price",
            "100",
            "--sigma",
            "0.1",
            "--adv",
            "1",
            "--drawdowns",
            "0:0.5",
        ],
        [
            "cascade",
            "--crowd",
            "x.txt",
            "--price",
            "100",
            "--sigma",
            "0.1",
            "--adv",
            "1",
            "--drawdowns",
            "0:0.5:2",
        ],
        ["loop", "--capital", "1", "--ltv", "1.2", "--cycles", "2", "--lt", "0.9"],
        [
            "liqprice",
            "--side",
            "up",
            "--size",
            "1",
            "--entry",
            "1",
            "--wallet-balance",
            "1",
            "--mmr",
            "0",
            "--maint-amount",
            "0",
        ],
        [
            "liqprice",
            "--side",
            "long",
            "--size",
            "0",
            "--entry",
            "1",
            "--wallet-balance",
            "1",
            "--mmr",
            "0",
            "--maint-amount",
            "0",
        ],
    ],
)
def test_bad_arguments_exit_2_with_one_line_from_the_real_cli(args: list[str], tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "app", "--data-dir", str(tmp_path), "risk", *args],
        capture_output=True, text=True, timeout=60, cwd=ROOT,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
