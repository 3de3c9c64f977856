"""Cutting an isolated position books its realised PnL in its own isolated margin (issue 16, 4).

The paper stress (tests/app/advisor/conftest.py): every non-stable asset falls 10% with no
cascade, maintenance a flat 1%, an account falls when equity ≤ maintenance.
"""

from __future__ import annotations

import math

import pytest

from app.advisor.accounts import scaled_positions
from app.advisor.advice import advise
from app.advisor.policy import Stress
from app.advisor.targets import TargetBook
from risk.portfolio import Account, MarginMode, Position, single_tier
from tests.app.advisor.conftest import FLAT, HoldingsFactory

ETH_TODAY, ETH_ENTRY, ETH_SIZE, ISOLATED = 3_000.0, 3_300.0, 10.0, 4_000.0


def _losing_eth_long(**extra: object) -> dict[str, object]:
    return {"asset": "ETH", "side": "long", "size": ETH_SIZE, "entry": ETH_ENTRY, "tiers": FLAT,
            "margin_mode": "isolated", "isolated_margin": ISOLATED, **extra}  # fmt: skip


def _expected_cut() -> float:
    # Cut s at today's 3,000 realises s·10·(3,000 − 3,300) = −3,000·s into the isolated margin:
    # M' = 4,000 − 3,000·s. The kept k = 1 − s at the stress price 2,700 has equity
    # M' + k·10·(2,700 − 3,300) = 1,000 − 3,000·k and MM 0.01·k·10·2,700 = 270·k, so it survives
    # when k < 1,000 / 3,270 = 0.30581 ⟺ s > 0.69419 → 69.5% (rounded up to 0.1%).
    return math.ceil((1 - 1_000 / 3_270) * 1000) / 1000


def test_a_losing_isolated_long_alone_in_its_account_is_cut_by_the_hand_share(
    make_holdings: HoldingsFactory, paper_stress: Stress
) -> None:
    # Before: the loss was charged to an empty cross wallet, every cut "failed", the advisor cut
    # 100% and then refused the emptied account ("holds nothing", exit 2).
    document = make_holdings([{"name": "iso", "venue": "paper", "positions": [_losing_eth_long()]}])
    advice = advise(document, paper_stress, TargetBook())
    (plan,) = advice.plans
    assert [(c.label, c.share) for c in plan.cuts] == [("iso: ETH long 10 (isolated)", _expected_cut())]
    assert _expected_cut() == 0.695
    assert advice.still_falling == ()


def test_a_cross_wallet_beside_it_pays_nothing_and_all_of_it_can_leave(
    make_holdings: HoldingsFactory, paper_stress: Stress
) -> None:
    # Before: with 100 USDT in the cross wallet the advisor said "cut 100%" and the re-check still
    # listed the position as liquidated.
    document = make_holdings(
        [{"name": "iso", "venue": "paper", "collateral": [{"asset": "USDT", "amount": 100}],
          "positions": [_losing_eth_long()]}]
    )  # fmt: skip
    advice = advise(document, paper_stress, TargetBook())
    (plan,) = advice.plans
    assert [c.share for c in plan.cuts] == [0.695]
    assert [(w.asset, w.amount) for w in plan.withdrawals] == [("USDT", 100)]
    assert advice.still_falling == ()


def test_scaled_positions_books_the_isolated_loss_in_its_margin() -> None:
    position = Position("ETH", 1, ETH_SIZE, ETH_ENTRY, single_tier(0.01), MarginMode.ISOLATED, ISOLATED)
    account = Account("iso", "binance", positions=(position,))
    prices = {"ETH": ETH_TODAY}
    half = scaled_positions(account, 0.5, prices, frozenset({0}))
    assert half is not None and half.collateral == ()
    # Half of the −3,000 loss is realised in the isolated margin: 4,000 − 1,500.
    assert half.positions[0].size == pytest.approx(5.0)
    assert half.positions[0].isolated_margin == pytest.approx(2_500.0)
    # Closing it all returns what the margin still holds (4,000 − 3,000) to the cross wallet.
    closed = scaled_positions(account, 1.0, prices, frozenset({0}))
    assert closed is not None and closed.positions == ()
    assert [(c.asset, c.amount) for c in closed.collateral] == [("USDT", pytest.approx(1_000.0))]
