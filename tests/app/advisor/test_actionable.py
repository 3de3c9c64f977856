"""Transfers a person can act on (issue 14, item 7): one per asset and account, only to a cold
account that exists or can be created, nothing under the minimum, cuts first where only a cut
frees the amount. Paper stress: BTC −10%, no cascade, flat 1% maintenance."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from app.advisor.actionable import TransferRules, shape_transfers
from app.advisor.advice import advise
from app.advisor.plan import AccountPlan, Cut
from app.advisor.policy import Stress
from app.advisor.targets import TargetBook
from app.advisor.transfer import Transfer
from app.cli.main import run
from app.messages import Message, MessageKey
from risk.margin import CollateralHolding
from risk.portfolio import Account, MarginMode, Portfolio, Position, single_tier
from tests.app.advisor.conftest import ETH_TARGETS, FLAT, HoldingsFactory


def test_stable_excess_and_released_isolated_margin_of_one_account_are_one_transfer(
    make_holdings: HoldingsFactory, paper_stress: Stress
) -> None:
    document = make_holdings(
        [{"name": "okx", "venue": "paper", "collateral": [{"asset": "USDT", "amount": 2_000}],
          "positions": [{"asset": "BTC", "side": "long", "size": 0.5, "entry": 100_000, "tiers": FLAT,
                         "margin_mode": "isolated", "isolated_margin": 20_000}]}]
    )  # fmt: skip
    advice = advise(document, paper_stress, ETH_TARGETS)
    (plan,) = advice.plans
    (release,) = plan.releases
    # The cross wallet backs nothing (2,000 leave) and the isolated margin keeps 5,450 of 20,000
    # (M + 0.5·(90,000 − 100,000) > 0.01·0.5·90,000): one USDT withdrawal of 2,000 + 14,549.99.
    assert release.release_usd == pytest.approx(14_550, abs=0.011)
    (transfer,) = advice.transfers
    assert (transfer.asset, transfer.from_account) == ("USDT", "okx")
    assert transfer.amount == pytest.approx(2_000 + round(release.release_usd, 2), abs=1e-9)
    assert transfer.kind == "stable margin + isolated margin"
    assert transfer.why.startswith("Lower the isolated margin of okx: BTC long 0.5 (isolated)")
    assert advice.still_falling == ()


def test_a_transfer_under_the_minimum_stays_on_the_exchange_with_a_note(
    make_holdings: HoldingsFactory, paper_stress: Stress
) -> None:
    document = make_holdings(
        [{"name": "idle", "venue": "paper", "collateral": [{"asset": "BTC", "amount": 0.0005}]}]
    )
    advice = advise(document, paper_stress, TargetBook())
    # 0.0005 BTC × 100,000 = $50 < $100: not a transfer; it stays (the proposed split still holds it).
    assert advice.transfers == ()
    assert [n.text for n in advice.notes] == [
        "0.0005 BTC ($50.00) from idle is below the $100.00 minimum transfer, so it stays on the exchange."
    ]
    assert advice.after.trading_usd == pytest.approx(50.0)
    # The minimum is settable: at $10 it moves.
    lower = advise(document, paper_stress, TargetBook(), TransferRules(minimum_usd=10.0))
    assert [(t.asset, t.amount) for t in lower.transfers] == [("BTC", 0.0005)] and lower.notes == ()


def test_an_asset_without_a_cold_account_gets_one_note_however_many_accounts_hold_it(
    make_holdings: HoldingsFactory, paper_stress: Stress
) -> None:
    document = make_holdings(
        [{"name": "a", "venue": "paper", "collateral": [{"asset": "ETH", "amount": 1}]},
         {"name": "b", "venue": "paper", "collateral": [{"asset": "ETH", "amount": 2}]}]
    )  # fmt: skip
    advice = advise(document, paper_stress, TargetBook())
    assert advice.transfers == ()
    (note,) = advice.notes
    assert note.key is MessageKey.NOTE_ADD_COLD_ACCOUNT
    assert note.text.startswith(
        "Add a cold account for ETH (a device-verified Ethereum address) to move $9,000.00"
    )
    assert advice.proposed.exchange_share == advice.current.exchange_share == 1.0
    # With a verified Ethereum address both accounts' ETH can go: one transfer from each.
    moved = advise(document, paper_stress, ETH_TARGETS)
    assert [(t.asset, t.amount, t.from_account) for t in moved.transfers] == [
        ("ETH", 1, "a"),
        ("ETH", 2, "b"),
    ]


def _transfer(asset: str, amount: float, account: str, kind: str) -> Transfer:
    return Transfer(
        asset, amount, amount, account, "okx", kind, None, Message(MessageKey.TRANSFER_STABLE_EXCESS, (), "x")
    )


def test_a_transfer_only_a_cut_can_pay_names_the_cut_and_comes_after_the_others() -> None:
    # The account holds 1,500 USDT today; 1,934.40 can leave only once the cut has realised its profit.
    position = Position("SOL", 1, 300.0, 100.0, single_tier(0.01), MarginMode.CROSS)
    okx = Account("okx", "okx", (CollateralHolding("USDT", 1_500.0),), (position,))
    spot = Account("spot", "binance", (CollateralHolding("BTC", 1.0),))
    today = Portfolio("t", (okx, spot), {"USDT": 1.0, "SOL": 130.0, "BTC": 100_000.0}, {})
    cut = Cut("okx: SOL long 300 (cross)", "SOL", "long", 300.0, 150.0, 0.5)
    plans = (
        AccountPlan("okx", "okx", 1_500.0, 0.0, False, (), (cut,), (), ()),
        AccountPlan("spot", "binance", 100_000.0, 0.0, True, (), (), (), ()),
    )
    raw = [
        _transfer("USDT", 1_934.40, "okx", "stable margin"),
        _transfer("BTC", 0.5, "spot", "volatile collateral"),
    ]
    shaped = shape_transfers(raw, today, plans, ETH_TARGETS, TransferRules(minimum_usd=0.0))
    assert [(t.asset, t.first) for t in shaped.transfers] == [
        ("BTC", ()),
        ("USDT", ("okx: SOL long 300 (cross)",)),
    ]
    # 1,500 or less is paid from what the account holds: no cut needed first.
    within = shape_transfers([replace(raw[0], amount=1_500.0)], today, plans, ETH_TARGETS, TransferRules(0.0))
    assert within.transfers[0].first == ()


def _cli(data_dir: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(["--data-dir", str(data_dir), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_minimum_is_a_setting_and_a_flag(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _cli(data_dir, capsys, "settings", "set", "min_transfer_usd", "250")
    assert code == 0 and json.loads(out)["min_transfer_usd"] == 250.0
    code, _, err = _cli(data_dir, capsys, "settings", "set", "min_transfer_usd", "-1")
    assert code == 2 and "min_transfer_usd must be a number of USD ≥ 0" in err and len(err.splitlines()) == 1
    code, _, err = _cli(data_dir, capsys, "advice", "--portfolio", "demo", "--min-transfer", "-5")
    assert (
        code == 2 and "the minimum transfer must be a number of USD ≥ 0" in err and len(err.splitlines()) == 1
    )
