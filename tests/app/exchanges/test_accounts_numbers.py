"""`coldsplit accounts show` gives the trader's numbers, the same ones the Trading page shows.

The account is read by real ccxt from a loopback Binance: 10,000 USDT in the futures
wallet, a cross BTC long 0.2 at 102,500 (mark 100,000) and an isolated ETH short 3 at
3,000 (mark 3,100) with 1,100 of isolated margin; BTCUSDT's first bracket is 0.4%.
By hand, the BTC long falls where 10,000 + 0.2·(P − 102,500) = 0.004·0.2·P, so
P = 10,500 / 0.1992 = 52,710.84 — the figure the venue reports itself.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.cli.main import run
from app.services.advice_view import AdviceService
from app.services.trading import TradingService
from tests.app.exchanges.fake_binance import API_KEY, SECRET, binance_venue
from tests.app.exchanges.loopback import serve
from wallet.types import Network


@pytest.fixture(autouse=True)
def _keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLDSPLIT_API_KEY", API_KEY)
    monkeypatch.setenv("COLDSPLIT_API_SECRET", SECRET)


def _show(data_dir: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    assert run(["--data-dir", str(data_dir), "accounts", "show", "main", *extra]) == 0
    return capsys.readouterr().out


def _refreshed(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--data-dir", str(data_dir), "accounts", "add", "--venue", "binance", "--name", "main"]) == 0
    with serve(binance_venue()) as venue:
        args = ["--data-dir", str(data_dir), "accounts", "refresh", "main", "--api-base-url", venue.base_url]
        assert run(args) == 0
    capsys.readouterr()


def test_show_gives_the_trader_numbers_by_hand_and_as_the_trading_page(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _refreshed(data_dir, capsys)
    shown: dict[str, Any] = json.loads(_show(data_dir, capsys, "--json"))["trader_numbers"]
    btc, eth = shown["positions"]
    assert btc["liquidation_price"] == pytest.approx(10_500 / 0.1992, rel=1e-9)
    assert btc["distance"] == pytest.approx(1 - 10_500 / 0.1992 / 100_000, rel=1e-9)
    assert (btc["notional"], btc["unrealised_pnl"], btc["margin"]) == pytest.approx((20_000, -500, 9_500))
    assert btc["maintenance"] == pytest.approx(80.0) and btc["leverage"] == pytest.approx(20_000 / 9_500)
    # Isolated short by Binance's formula: (1,100 + 3·3,000) / (3·0.004 + 3) — bracket 1 of ETHUSDT.
    assert eth["liquidation_price"] == pytest.approx(10_100 / 3.012, rel=1e-9)
    assert eth["margin"] == 1_100 and eth["unrealised_pnl"] == pytest.approx(-300.0)
    # Equity 10,000 − 500 + (1,100 − 300); maintenance 80 + 37.2; cross ratio 80 / 9,500.
    assert shown["equity"] == pytest.approx(10_300.0) and shown["maintenance"] == pytest.approx(117.2)
    assert shown["margin_ratio"] == pytest.approx(80 / 9_500)
    # The Trading page's numbers: the stored accounts' portfolio file through the holdings service.
    service = TradingService(data_dir / "coldsplit.sqlite3", demo=False)
    portfolio = service.portfolio()
    assert portfolio is not None
    advice = AdviceService(data_dir / "coldsplit.sqlite3", Network.TESTNET, data_dir / "settings.toml")
    (page,) = advice.holdings(portfolio).margin_accounts
    page_positions = [vars(p) for p in page.positions]
    assert page_positions == shown["positions"]
    assert {k: v for k, v in vars(page).items() if k != "positions"} == {
        k: v for k, v in shown.items() if k != "positions"
    }


def test_show_text_has_the_same_figures(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _refreshed(data_dir, capsys)
    text = _show(data_dir, capsys)
    assert "equity $10,300  maintenance $117  margin ratio 0.8%" in text
    assert (
        "notional $20,000  leverage 2.1×  PnL -$500  margin $9,500  maintenance $80  "
        "liquidation 52,710.84 (47.3% away)"
    ) in text
    assert "liquidation 3,353.25 (8.2% away)" in text


def test_an_account_without_tiers_says_why_it_has_no_numbers(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["accounts", "set", "main", "kind=position", "symbol=BTC/USDT:USDT", "side=long", "size=0.1"]
    args += ["entry_price=90000", "mark_price=92000", "--venue", "binance"]
    assert run(["--data-dir", str(data_dir), *args]) == 0
    capsys.readouterr()
    assert "no trader numbers: account main: no maintenance tiers for BTC/USDT:USDT" in _show(
        data_dir, capsys
    )
    shown = json.loads(_show(data_dir, capsys, "--json"))
    assert shown["trader_numbers"] is None and "no maintenance tiers" in shown["trader_numbers_note"]
