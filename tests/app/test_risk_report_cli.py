"""`coldsplit risk replay` and `coldsplit risk report`: JSON and text out, one-line errors, exit codes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from app.cli.main import run
from app.resources import resource_path

ROOT = Path(__file__).resolve().parents[2]
PRESETS = ["2020-03-12", "2021-05-19", "2025-10-10", "2026-01-31"]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, text=True, timeout=120, cwd=ROOT
    )


@pytest.mark.parametrize("preset", PRESETS)
def test_replay_prints_every_row_in_and_out_of_sample(
    preset: str, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(["--data-dir", str(data_dir), "risk", "replay", preset])
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) >= 3
    for row in rows:
        assert row["preset"] == preset and "pass" not in row
        assert {"in_sample", "held_out", "p10", "p50", "p90", "sourced", "calibrated"} <= set(row)
        assert row["source"].startswith("https://")
        if row["metric"] == "settled_drawdown.BTC":  # the conditioned input: never a pass
            assert row["verdict"].startswith("input")
        elif row["metric"] == "retention.BTC":  # follows from κ, w_min and that input
            assert row["verdict"].startswith("by construction")
        else:
            inside = row["low"] <= row["held_out"] <= row["high"]
            assert row["verdict"] == ("pass" if inside else "fail")
    failed = any(row["verdict"] == "fail" for row in rows)
    assert code == (1 if failed else 0)


def test_replay_of_a_miscalibrated_file_exits_1_and_says_so(tmp_path: Path, data_dir: Path) -> None:
    data = json.loads(resource_path("scenarios", "2026-01-31.json").read_text())
    btc = next(a for a in data["assets"] if a["asset"] == "BTC")
    btc["crowd"]["open_interest_usd"] *= 3
    path = tmp_path / "too-crowded.json"
    path.write_text(json.dumps(data))
    result = _cli("--data-dir", str(data_dir), "risk", "replay", str(path))
    assert result.returncode == 1
    rows = {row["metric"]: row for row in map(json.loads, result.stdout.splitlines())}
    assert rows["long_liquidated_usd"]["verdict"] == "fail"
    assert "held-out rows of 2026-01-31 fall outside their ranges" in result.stderr


def _report(data_dir: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, Any]:
    assert (
        run(
            [
                "--data-dir",
                str(data_dir),
                "risk",
                "report",
                "--portfolio",
                "demo",
                "--samples",
                "500",
                "--json",
                *extra,
            ]
        )
        == 0
    )
    parsed: dict[str, Any] = json.loads(capsys.readouterr().out)
    return parsed


def test_report_on_the_demo_gives_both_curves_and_the_summary(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = _report(data_dir, capsys)
    assert report["preset"] == "2025-10-10" and report["portfolio"] == "Demo portfolio"
    curve = report["curve"]
    assert len(curve) == 51 and curve[0]["drawdown"] == 0.0 and curve[-1]["drawdown"] == 0.5
    shares = [row["liquidated_share"] for row in curve]
    plain = [row["liquidated_share_no_cascade"] for row in curve]
    assert shares == sorted(shares) and all(a >= b for a, b in zip(shares, plain, strict=True))
    assert all(row["btc_price"] <= row["btc_price_no_cascade"] for row in curve)
    summary = report["summary"]
    assert 0 < summary["survival_drawdown"] < summary["survival_drawdown_no_cascade"]
    assert summary["amplification"] == pytest.approx(
        summary["survival_drawdown_no_cascade"] / summary["survival_drawdown"], rel=1e-3
    )
    labels = report["positions"]
    assert all(0 <= i < len(labels) for row in curve for i in row["fallen"])


def test_report_drawdowns_and_preset_flags(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = _report(data_dir, capsys, "--preset", "2020-03-12", "--drawdowns", "0:0.3:4")
    assert report["preset"] == "2020-03-12"
    assert [row["drawdown"] for row in report["curve"]] == [0.0, 0.1, 0.2, 0.3]


def test_report_is_reproducible_from_its_seed(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = _report(data_dir, capsys, "--seed", "5", "--drawdowns", "0:0.2:3")
    second = _report(data_dir, capsys, "--seed", "5", "--drawdowns", "0:0.2:3")
    assert first == second


def _portfolio_file(tmp_path: Path, edit: Any) -> Path:
    data = json.loads(resource_path("demo", "portfolio.json").read_text())
    edit(data)
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(data))
    return path


@pytest.mark.parametrize(
    ("edit", "fragment"),
    [
        (lambda d: d["prices"].pop("SOL"), "no price for SOL"),
        (
            lambda d: d["accounts"][0]["positions"][0].update(side="sideways"),
            "'sideways' is not one of long, short",
        ),
        (
            lambda d: d["accounts"][1]["positions"][0].update(tiers="nope"),
            "give exactly one of 'tiers' or 'max_leverage'",
        ),
        (lambda d: d["accounts"][0]["positions"][0].update(tiers="nope"), "no table named 'nope'"),
        (
            lambda d: d["accounts"][0]["positions"][3].pop("isolated_margin"),
            "positions[3].isolated_margin: missing",
        ),
        (lambda d: d["accounts"][0]["positions"][0].update(size=float("nan")), "must be finite"),
        (lambda d: d["accounts"][0]["positions"][0].update(size=-1), "size: must be > 0"),
        (
            lambda d: d["accounts"][2]["collateral"][0].update(amount="lots"),
            "collateral[0].amount: expected a number",
        ),
        (
            lambda d: d["accounts"][0]["positions"][0].update(entry=200_000),
            "account Binance USDⓈ-M is already at or below",
        ),
    ],
)
def test_bad_portfolios_are_one_line_errors(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str], edit: Any, fragment: str
) -> None:
    path = _portfolio_file(tmp_path, edit)
    code = run(["--data-dir", str(data_dir), "risk", "report", "--portfolio", str(path), "--samples", "10"])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0], captured.err


def test_a_bad_portfolio_prints_no_traceback(tmp_path: Path, data_dir: Path) -> None:
    path = _portfolio_file(tmp_path, lambda d: d["prices"].pop("BTC"))
    result = _cli("--data-dir", str(data_dir), "risk", "report", "--portfolio", str(path))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["replay", "1999-01-01"], "no preset '1999-01-01'"),
        (["report", "--portfolio", "/nonexistent/p.json"], "does not exist"),
        (["report", "--portfolio", "demo", "--preset", "nope"], "no preset 'nope'"),
        (["report", "--portfolio", "demo", "--samples", "0"], "--samples must be between"),
    ],
)
def test_bad_arguments_are_one_line_errors(
    data_dir: Path, capsys: pytest.CaptureFixture[str], args: list[str], fragment: str
) -> None:
    assert run(["--data-dir", str(data_dir), "risk", *args]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0], lines


def test_a_bad_drawdown_range_is_an_argument_error(data_dir: Path) -> None:
    result = _cli(
        "--data-dir", str(data_dir), "risk", "report", "--portfolio", "demo", "--drawdowns", "0:1.5:3"
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "must be below 1" in lines[0], result.stderr


def test_the_default_report_is_text_that_names_positions_and_explains_each_figure(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = _report(data_dir, capsys)
    args = ["--data-dir", str(data_dir), "risk", "report", "--portfolio", "demo", "--samples", "500"]
    assert run(args) == 0
    text = capsys.readouterr().out
    with pytest.raises(json.JSONDecodeError):
        json.loads(text)
    summary = document["summary"]
    assert f"{summary['survival_drawdown'] * 100:.1f}% with the cascade" in text
    assert f"Cascade amplification: {summary['amplification']:.2f}×" in text
    assert f"VaR95 ${summary['var95_usd']:,.0f} — on 95% of days" in text
    assert f"ES99  ${summary['es99_usd']:,.0f} — the average margin liquidated on the worst 1%" in text
    fallen = {i for row in document["curve"] for i in row["fallen"]}
    for index, label in enumerate(document["positions"]):
        line = next(line for line in text.splitlines() if line.strip().startswith(label))
        assert ("liquidated at a fall of" in line) == (index in fallen), line
    table = [line for line in text.splitlines() if re.match(r"^ +-?\d+\.\d% +\$[\d,]+ ", line)]
    assert len(table) == 11 and "(11 of 51 points; all of them with --json)" in text
    assert all(len(line) <= 100 for line in text.splitlines())
