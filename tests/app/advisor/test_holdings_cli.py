"""The holdings split on paper, the stress policy in settings, and the CLI around them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.advisor.policy import StressPolicy, policy_from_settings, resolve, settings_with_policy
from app.cli.main import run
from app.errors import SettingsError
from app.holdings import HoldingsError, Place, compute_holdings
from app.risk_calibration import shipped_calibration
from app.settings import Settings, settings_from_json
from tests.app.advisor.conftest import FLAT, PAPER_PRESET, HoldingsFactory

CROSS = {
    "name": "cross",
    "venue": "paper",
    "collateral": [{"asset": "USDT", "amount": 10_000}],
    "positions": [{"asset": "BTC", "side": "long", "size": 0.5, "entry": 90_000, "tiers": FLAT}],
}
SPOT = [{"account": "spot", "venue": "paper", "asset": "ETH", "amount": 2, "long_term": True}]
COLD = [{"account": "vault", "asset": "BTC", "amount": 1}]


def test_holdings_split_on_paper(make_holdings: HoldingsFactory) -> None:
    holdings = compute_holdings(make_holdings([CROSS], spot=SPOT, cold=COLD))
    # Trading: 10,000 USDT + 0.5·(100,000 − 90,000) PnL + 2 ETH · 3,000 = 21,000; cold: 1 BTC.
    assert holdings.trading_usd == pytest.approx(21_000)
    assert holdings.cold_usd == pytest.approx(100_000)
    assert holdings.total_usd == pytest.approx(121_000)
    assert holdings.exchange_share == pytest.approx(21_000 / 121_000)
    assert holdings.by_account(Place.TRADING) == {
        "cross": pytest.approx(15_000),
        "spot": pytest.approx(6_000),
    }
    assert holdings.by_account(Place.COLD) == {"vault": pytest.approx(100_000)}
    assets = holdings.by_asset()
    assert assets["BTC"]["cold_amount"] == 1 and assets["USD"]["trading_usd"] == pytest.approx(5_000)
    assert sum(line.btc for line in holdings.lines) == pytest.approx(1.21)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"spot": [{**SPOT[0], "asset": "DOGE"}]}, "no price for DOGE"),
        ({"cold": [{"account": "vault", "asset": "BTC", "amount": -1}]}, r"cold\[0\].amount: must be ≥ 0"),
        ({"spot": [{**SPOT[0], "long_term": "yes"}]}, "long_term: expected true or false"),
    ],
)
def test_bad_holdings_are_one_line_errors(
    make_holdings: HoldingsFactory, extra: dict[str, Any], message: str
) -> None:
    with pytest.raises(HoldingsError, match=message):
        make_holdings([CROSS], **extra)


def test_stress_policy_defaults_validation_and_round_trip() -> None:
    assert policy_from_settings(Settings()) == StressPolicy("2025-10-10", None, 0.02)
    custom = StressPolicy("2026-01-31", 0.15, 0.01)
    assert policy_from_settings(settings_with_policy(Settings(), custom)) == custom
    stress = resolve(custom)
    assert stress.btc_drawdown == pytest.approx(0.16) and "custom shock" in stress.describe()
    # The preset's shock is the one conditioned on 10/10's recorded BTC fall under the joint fit.
    assert resolve(StressPolicy()).base_drawdown == pytest.approx(shipped_calibration().shock("2025-10-10"))
    for bad in ({"buffer": -0.1}, {"btc_drawdown": 1.5}, {"preset": 3}, {"shock": 0.1}, {"buffer": True}):
        with pytest.raises(SettingsError):
            settings_from_json({"stress_policy": bad})


def _cli(capsys: pytest.CaptureFixture[str], data_dir: Path, *args: str) -> tuple[int, str, str]:
    code = run(["--data-dir", str(data_dir), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_stress_policy_is_saved_in_settings_and_used_by_advice(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    preset = tmp_path / "paper.json"
    preset.write_text(json.dumps(PAPER_PRESET))
    holdings = tmp_path / "mine.json"
    holdings.write_text(
        json.dumps(
            {
                "name": "mine",
                "prices": {"BTC": 100_000, "ETH": 3000, "USDT": 1},
                "accounts": [CROSS],
                "spot": SPOT,
                "cold": COLD,
            }
        )
    )
    code, out, _ = _cli(
        capsys, data_dir, "stress-policy", "set", "--preset", str(preset), "--btc-drawdown", "0.2"
    )
    assert code == 0 and json.loads(out) == {"preset": str(preset), "btc_drawdown": 0.2, "buffer": 0.02}
    code, out, _ = _cli(capsys, data_dir, "stress-policy", "set", "--preset-shock", "--buffer", "0")
    assert json.loads(out)["btc_drawdown"] is None
    assert json.loads(_cli(capsys, data_dir, "stress-policy", "show")[1])["preset"] == str(preset)
    code, out, _ = _cli(capsys, data_dir, "advice", "--portfolio", str(holdings), "--json")
    assert code == 0
    advice = json.loads(out)
    assert advice["stress"]["preset"] == "paper" and advice["stress"]["btc_drawdown"] == 0.1
    # Entry 90,000: survive at 90,000 needs C > 0.01·0.5·90,000 = 450 — the rest leaves.
    (cross,) = advice["accounts"]
    assert cross["least_margin_usd"] == pytest.approx(450, abs=0.02)
    code, out, _ = _cli(capsys, data_dir, "advice", "--portfolio", str(holdings), "--btc-drawdown", "0.3")
    assert code == 0 and "BTC −30.0%" in out and "Nothing moves automatically" in out
    # No Ethereum cold account yet: the ETH stays, with one note saying what to add.
    assert "Note: Add a cold account for ETH (a device-verified Ethereum address)" in out
    assert "ETH from spot" not in out
    code, _, err = _cli(capsys, data_dir, "stress-policy", "set", "--preset", "1999-01-01")
    assert code == 2 and "no preset '1999-01-01'" in err


def test_holdings_command_prints_the_split(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _cli(capsys, data_dir, "holdings", "--json")
    assert code == 0
    split = json.loads(out)
    assert split["total_usd"] == pytest.approx(split["trading_usd"] + split["cold_usd"])
    assert set(split["explain"]) >= {"total_usd", "exchange_share", "usd", "btc"}
    code, out, _ = _cli(capsys, data_dir, "holdings")
    # The demo keeps nothing in cold storage (that is the software device's own account).
    assert code == 0 and "on exchanges 100.0%" in out and "Binance Spot" in out and "cold" not in out


def test_bad_holdings_file_and_unsolvent_account_are_one_line(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    code, _, err = _cli(capsys, data_dir, "advice", "--portfolio", str(broken))
    assert code == 2 and len(err.strip().splitlines()) == 1 and "invalid JSON" in err
    underwater = tmp_path / "underwater.json"
    account = {
        **CROSS,
        "collateral": [{"asset": "USDT", "amount": 10}],
        "positions": [{"asset": "BTC", "side": "long", "size": 5, "entry": 110_000, "tiers": FLAT}],
    }
    underwater.write_text(
        json.dumps({"name": "u", "prices": {"BTC": 100_000, "USDT": 1}, "accounts": [account]})
    )
    code, _, err = _cli(capsys, data_dir, "advice", "--portfolio", str(underwater))
    assert code == 2 and "below maintenance" in err and "Traceback" not in err
