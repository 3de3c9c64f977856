"""A withdrawal that leaves an account weaker than the crash it plans for says so in its own line.

A paper preset: BTC −10% with no cascade (the settled fall is the shock), whose sources record a
BTC fall of up to 20%. Maintenance a flat 0.5%.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.advisor.advice import advise
from app.advisor.policy import Stress, StressPolicy, resolve
from app.advisor.targets import TargetBook
from app.messages import MessageKey
from tests.app.advisor.conftest import ETH_TARGETS, PAPER_PRESET, HoldingsFactory

HALF = {"floors": [0], "mmrs": [0.005]}


@pytest.fixture
def recorded_20pct(tmp_path: Path) -> Stress:
    preset = {**PAPER_PRESET, "validation": [{"metric": "settled_drawdown.BTC", "low": 0.15, "high": 0.2,
                                              "source": "paper"}]}  # fmt: skip
    path = tmp_path / "recorded.json"
    path.write_text(json.dumps(preset))
    return resolve(StressPolicy(preset=str(path), buffer=0.0))


def test_an_account_stripped_to_its_least_margin_says_it_falls_before_the_recorded_fall(
    make_holdings: HoldingsFactory, recorded_20pct: Stress
) -> None:
    document = make_holdings(
        [{"name": "cross", "venue": "paper", "collateral": [{"asset": "USDT", "amount": 20_000}],
          "positions": [{"asset": "BTC", "side": "long", "size": 0.5, "entry": 100_000, "tiers": HALF}]}]
    )  # fmt: skip
    advice = advise(document, recorded_20pct, ETH_TARGETS)
    (plan,) = advice.plans
    # Least margin at −10%: C + 0.5·(90,000 − 100,000) > 0.005·0.5·90,000 → C > 5,225 (today 20,000
    # holds out to P = 30,000 / 0.495 = 60,606, a 39.4% fall). After the withdrawal it falls at
    # P = (50,000 − C) / 0.495 ≈ 90,000: a 10.0% shock, settled 10.0% with no cascade — short of 20%.
    assert plan.least_margin_usd == pytest.approx(5_225, abs=0.02)
    (line,) = [n for n in advice.notes if n.key is MessageKey.NOTE_WEAKER_THAN_RECORDED]
    params = line.param_map()
    assert params["shock"] == pytest.approx(0.10, abs=2e-4)
    assert params["settled"] == pytest.approx(params["shock"], abs=1e-9)
    assert params["recorded"] == 0.2
    assert line.text.startswith("After its withdrawals cross is liquidated from a BTC shock of 10.0%")
    assert "short of the −20.0% fall paper recorded" in line.text


def test_no_line_when_the_account_keeps_enough_to_survive_the_recorded_fall(
    make_holdings: HoldingsFactory, recorded_20pct: Stress
) -> None:
    # Nothing to withdraw beyond what a 10% fall needs is taken when the transfer cannot be made:
    # without an Ethereum cold account the USDT stays, and the account still survives a 39.4% fall.
    document = make_holdings(
        [{"name": "cross", "venue": "paper", "collateral": [{"asset": "USDT", "amount": 20_000}],
          "positions": [{"asset": "BTC", "side": "long", "size": 0.5, "entry": 100_000, "tiers": HALF}]}]
    )  # fmt: skip
    advice = advise(document, recorded_20pct, TargetBook())
    assert not [n for n in advice.notes if n.key is MessageKey.NOTE_WEAKER_THAN_RECORDED]
