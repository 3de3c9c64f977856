"""The portfolio JSON format: the demo, inline and named tables, and named errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from app.resources import resource_path
from risk.engine import prepare
from risk.jsonfields import JsonFieldError
from risk.market import AssetMarket, Market
from risk.portfolio import MarginMode, default_beta
from risk.portfolio_json import load_portfolio

DEMO = resource_path("demo", "portfolio.json")


def test_demo_loads_with_every_kind_of_account() -> None:
    portfolio = load_portfolio(DEMO)
    binance, hyperliquid, bybit, okx, aave = portfolio.accounts
    venues = (binance.venue, hyperliquid.venue, bybit.venue, okx.venue, aave.venue)
    assert venues == ("binance", "hyperliquid", "bybit", "okx", "aave")
    assert [p.margin_mode for p in binance.positions].count(MarginMode.ISOLATED) == 1
    assert {c.asset for c in binance.collateral} == {"USDT", "BNB", "USDe", "WBETH"}
    assert all(p.margin_mode is MarginMode.ISOLATED for p in okx.positions)
    assert [held.asset for held in aave.loops] == ["USDe"]
    # Hyperliquid: mmr = 1 / (2 · max leverage) = 1 / 50 for ETH at 25x.
    eth = hyperliquid.positions[0]
    assert float(eth.maintenance(np.array(3000.0))) == pytest.approx(20 * 3000 / 50)
    # Named tables are shared, not copied.
    assert binance.positions[0].tiers is binance.positions[3].tiers
    assert portfolio.beta("USDC") == 0.0 and portfolio.beta("BNB") == 1.1 and default_beta("DOGE") == 1.0


def test_demo_exchange_held_margin_by_hand() -> None:
    portfolio = load_portfolio(DEMO)
    market = Market(tuple(AssetMarket(a, p) for a, p in portfolio.prices.items()))
    # Binance cross 76,900 collateral + 10,500 PnL, isolated 4,000 − 900; Hyperliquid
    # 25,000 + 4,400; Bybit 56,000 + 4,600; OKX 1,500 + (3,000 + 600) + (5,000 + 100);
    # the Aave loop's 20,000 of capital: 210,700 held at full value, no haircut.
    assert prepare(portfolio, market).exchange_margin_usd == pytest.approx(210_700.0)


def _write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "p.json"
    path.write_text(json.dumps(data))
    return path


def _minimal(position: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": "mine",
        "prices": {"BTC": 100000, "USDT": 1},
        "accounts": [
            {
                "name": "a",
                "venue": "Binance",
                "collateral": [{"asset": "USDT", "amount": 5000}],
                "positions": [position],
            }
        ],
    }


def test_inline_tables_and_default_cross_mode(tmp_path: Path) -> None:
    position = {
        "asset": "BTC",
        "side": "short",
        "size": 0.1,
        "entry": 101000,
        "tiers": {"floors": [0], "mmrs": [0.01]},
    }
    portfolio = load_portfolio(_write(tmp_path, _minimal(position)))
    loaded = portfolio.accounts[0].positions[0]
    assert loaded.side == -1 and loaded.margin_mode is MarginMode.CROSS
    assert portfolio.accounts[0].venue == "binance"


@pytest.mark.parametrize(
    ("position", "fragment"),
    [
        (
            {"asset": "BTC", "side": "long", "size": 1, "entry": 1e5},
            "exactly one of 'tiers' or 'max_leverage'",
        ),
        (
            {"asset": "BTC", "side": "long", "size": 1, "entry": 1e5, "max_leverage": 0.5},
            "max_leverage: must be ≥ 1",
        ),
        (
            {
                "asset": "BTC",
                "side": "long",
                "size": 1,
                "entry": 1e5,
                "tiers": {"floors": [5], "mmrs": [0.1]},
            },
            "floors must start at 0",
        ),
        (
            {
                "asset": "BTC",
                "side": "long",
                "size": 1,
                "entry": 1e5,
                "max_leverage": 10,
                "isolated_margin": 5,
            },
            "only isolated positions",
        ),
        ({"asset": "BTC", "side": "long", "size": 0, "entry": 1e5, "max_leverage": 10}, "size: must be > 0"),
        ({"asset": "ETH", "side": "long", "size": 1, "entry": 1e5, "max_leverage": 10}, "no price for ETH"),
    ],
)
def test_position_errors_name_the_field(tmp_path: Path, position: dict[str, Any], fragment: str) -> None:
    with pytest.raises(JsonFieldError) as caught:
        load_portfolio(_write(tmp_path, _minimal(position)))
    assert fragment in str(caught.value) and str(caught.value).startswith("p.json")


def test_loops_load_and_bad_loop_fields_are_named(tmp_path: Path) -> None:
    data = {
        "name": "defi",
        "prices": {"USDe": 1.0},
        "accounts": [
            {
                "name": "Aave",
                "venue": "aave",
                "loops": [{"asset": "USDe", "capital": 1e5, "ltv": 0.8, "cycles": 5, "lt": 0.92}],
            }
        ],
    }
    loop = load_portfolio(_write(tmp_path, data)).accounts[0].loops[0]
    assert loop.asset == "USDe" and loop.loop.exposure == pytest.approx(368_928.0)
    data["accounts"][0]["loops"][0]["cycles"] = 0  # type: ignore[index]
    with pytest.raises(JsonFieldError, match=r"loops\[0\]\.cycles: expected an integer ≥ 1"):
        load_portfolio(_write(tmp_path, data))
