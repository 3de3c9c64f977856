"""A stress that can be checked on paper: BTC falls 10% with no crowd (no cascade), USDe
depegs 25% everywhere at the bottom, and the preset's own 2025-10-10 replay for the rest."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from app.advisor.accounts import take_collateral, with_account, withdrawal_order
from app.advisor.bench import StressBench
from app.advisor.plan import AccountPlan
from app.advisor.policy import Stress, StressPolicy, resolve
from app.advisor.targets import ColdChain, Target, TargetBook
from app.holdings import HoldingsDocument, load_holdings
from risk.portfolio import Portfolio

PAPER_PRESET: dict[str, Any] = {
    "name": "paper",
    "title": "A 10% BTC gap with no cascade",
    "description": "For tests whose answer is worked out by hand.",
    "sources": [{"id": "paper", "url": "https://example.invalid/paper", "facts": "worked by hand"}],
    "shock": {"btc_drawdown": 0.10},
    "assets": [
        {"asset": "BTC", "p0": 100000, "beta": 1.0},
        {"asset": "USDe", "p0": 1.0, "beta": 0.0, "depeg": 0.25},
    ],
    "validation": [{"metric": "settled_drawdown.BTC", "low": 0, "high": 1, "source": "paper"}],
}
FLAT = {"floors": [0], "mmrs": [0.01]}
# A device-verified Ethereum address, so ETH and ERC-20 stablecoins have a cold account to go to.
ETH_TARGETS = TargetBook(
    ethereum=Target(
        ColdChain.ETHEREUM,
        "eth cold",
        "0x9858EfFD232B4033E47d90003D41EC34EcaEda94",
        "m/44h/60h/0h/0/0",
        "73c5da0a",
        "2026-01-01T00:00:00Z",
    )
)


@pytest.fixture
def paper_stress(tmp_path: Path) -> Stress:
    path = tmp_path / "paper.json"
    path.write_text(json.dumps(PAPER_PRESET))
    return resolve(StressPolicy(preset=str(path), buffer=0.0))


HoldingsFactory = Callable[..., HoldingsDocument]


@pytest.fixture
def make_holdings(tmp_path: Path) -> HoldingsFactory:
    """Write a holdings file (prices default to BTC 100k and the stablecoins at 1) and load it."""

    def make(accounts: list[dict[str, Any]], **extra: Any) -> HoldingsDocument:
        document = {
            "name": "paper",
            "prices": {"BTC": 100000, "ETH": 3000, "USDT": 1.0, "USDC": 1.0, "USDe": 1.0},
            "accounts": accounts,
            **extra,
        }
        path = tmp_path / f"holdings{len(list(tmp_path.glob('holdings*.json')))}.json"
        path.write_text(json.dumps(document))
        return load_holdings(path)

    return make


def exact_and_one_percent_more(bench: StressBench, plans: tuple[AccountPlan, ...], after: Portfolio) -> int:
    """Re-check with the engine: the portfolio after exactly the suggested moves loses no
    position; taking 1% more from any account whose withdrawal the stress limits, or from
    any released isolated margin, does."""
    assert not bench.run(after).fallen.positions
    checked = 0
    for plan in plans:
        account = next(a for a in after.accounts if a.name == plan.account)
        if not plan.withdrawals or not account.positions or all(c.amount == 0 for c in account.collateral):
            continue  # nothing left to take: the whole collateral already leaves
        more, _ = take_collateral(account, 0.01 * plan.excess_usd, after.prices, withdrawal_order(account))
        assert bench.run(with_account(after, more)).fallen.account_falls(plan.account), plan.account
        checked += 1
    for plan in plans:
        account = next(a for a in after.accounts if a.name == plan.account)
        for release in plan.releases:
            positions = list(account.positions)
            position = positions[release.index]
            assert position.isolated_margin == release.least_margin
            positions[release.index] = replace(
                position, isolated_margin=position.isolated_margin - 0.01 * release.release_usd
            )
            thinner = replace(account, positions=tuple(positions))
            assert bench.run(with_account(after, thinner)).fallen.account_falls(plan.account), release.label
            checked += 1
    return checked
