"""Imported accounts become the engine's portfolio: the file loads with risk's own loader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.exchanges.accounts import add_api_account, import_holdings_csv, refresh_account
from app.exchanges.client import ClientOptions
from app.exchanges.engine_export import EngineExportError, portfolio_json
from app.exchanges.models import MarginMode as AccountMode
from app.secrets import ApiCredentials, SecretStore
from app.store import Store
from risk.portfolio import MarginMode
from risk.portfolio_json import load_portfolio
from tests.app.exchanges import fake_binance, fake_bybit
from tests.app.exchanges.loopback import serve


def _refresh_both(store: Store, secrets: SecretStore) -> None:
    for name, fake, module in (
        ("bn", fake_binance.binance_venue, fake_binance),
        ("by", fake_bybit.bybit_venue, fake_bybit),
    ):
        add_api_account(
            store,
            secrets,
            name=name,
            venue_name=module.__name__.rsplit("_", 1)[-1],
            credentials=ApiCredentials(module.API_KEY, module.SECRET),
        )
        with serve(fake()) as venue:
            refresh_account(store, secrets, name, ClientOptions(venue.base_url, 5000, throttle=False))


def test_refreshed_accounts_load_as_an_engine_portfolio(
    store: Store, secrets: SecretStore, tmp_path: Path
) -> None:
    _refresh_both(store, secrets)
    with store.transaction() as db:  # BTC collateral on Bybit needs a price: a stored snapshot gives it
        db.execute(
            "INSERT INTO market_snapshots (venue, symbol, fetched_at, source, mark_price) "
            "VALUES ('bybit', 'BTC/USDT:USDT', '2026-01-01T00:00:00+00:00', 'live', 99000)"
        )
    path = tmp_path / "portfolio.json"
    path.write_text(json.dumps(portfolio_json(store)))
    portfolio = load_portfolio(path)
    binance, bybit = portfolio.accounts
    assert (binance.name, binance.venue) == ("bn", "binance")
    # Spot coins are not margin: only the futures wallet's USDT is collateral.
    assert [(c.asset, c.amount) for c in binance.collateral] == [("USDT", 10000.0)]
    btc, eth = binance.positions
    assert (btc.asset, btc.side, btc.size, btc.entry, btc.margin_mode) == (
        "BTC",
        1,
        0.2,
        102500.0,
        MarginMode.CROSS,
    )
    assert (eth.side, eth.margin_mode, eth.isolated_margin) == (-1, MarginMode.ISOLATED, 1100.0)
    assert list(btc.tiers.mmrs) == [0.004, 0.005, 0.01]
    # Bybit's 500 USDC loan is netted against its USDT (both $1 nominal).
    assert sorted((c.asset, c.amount) for c in bybit.collateral) == [("BTC", 0.1), ("USDT", 19500.0)]
    btc_collateral = next(c for c in bybit.collateral if c.asset == "BTC")
    assert list(btc_collateral.haircut.ratios) == [0.95, 0.8]
    assert portfolio.prices["BTC"] == 100000.0 and portfolio.prices["USDT"] == 1.0


def test_what_cannot_be_carried_over_is_refused_by_name(store: Store, tmp_path: Path) -> None:
    csv = tmp_path / "h.csv"
    csv.write_text(
        "kind,asset,amount,symbol,side,size,entry_price,mark_price\n"
        "position,,,SOL/USDT:USDT,long,10,150,160\n"
    )
    import_holdings_csv(store, csv, name="hand", venue_name="okx")
    with pytest.raises(EngineExportError, match="no maintenance tiers for SOL/USDT:USDT"):
        portfolio_json(store)
    csv.write_text("kind,asset,amount\nbalance,ETH,2\nloan,BTC,0.1\n")
    import_holdings_csv(store, csv, name="loan", venue_name="okx")
    with pytest.raises(EngineExportError, match=r"owes 0\.1 BTC"):
        portfolio_json(store, ["loan"])
    csv.write_text("kind,asset,amount\nbalance,HYPE,20\n")
    import_holdings_csv(store, csv, name="hype", venue_name="hyperliquid")
    with pytest.raises(EngineExportError, match="no price for HYPE"):
        portfolio_json(store, ["hype"])


def test_binance_portfolio_margin_liquidates_at_1_05(
    store: Store, secrets: SecretStore, tmp_path: Path
) -> None:
    add_api_account(
        store,
        secrets,
        name="pm",
        venue_name="binance",
        margin_mode=AccountMode.UNIFIED,
        credentials=ApiCredentials(fake_binance.API_KEY, fake_binance.SECRET),
    )
    with serve(fake_binance.binance_venue()) as venue:
        refresh_account(store, secrets, "pm", ClientOptions(venue.base_url, 5000, throttle=False))
    with store.transaction() as db:
        db.execute(
            "INSERT INTO market_snapshots (venue, symbol, fetched_at, source, mark_price) "
            "VALUES ('binance', 'BNB/USDT:USDT', '2026-01-01T00:00:00+00:00', 'live', 850)"
        )
    path = tmp_path / "pm.json"
    path.write_text(json.dumps(portfolio_json(store)))
    (account,) = load_portfolio(path).accounts
    assert account.maintenance_factor == 1.05
    # The 2,001.5 USDC debt is netted against the USDT wallet.
    assert sorted((c.asset, c.amount) for c in account.collateral) == [("BNB", 20.0), ("USDT", 27998.5)]
