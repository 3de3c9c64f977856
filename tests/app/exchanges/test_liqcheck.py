"""The engine's liquidation price against the venue's: agreement, a flagged gap, and what is not compared."""

from __future__ import annotations

import numpy as np
import pytest

from app.exchanges.accounts import add_api_account, refresh_account
from app.exchanges.client import ClientOptions
from app.exchanges.liqcheck import GAP_THRESHOLD, check_liquidation_prices
from app.exchanges.models import (
    AccountHoldings,
    Balance,
    HaircutTier,
    Loan,
    MarginMode,
    MarginTier,
    Position,
    Side,
)
from app.secrets import ApiCredentials, SecretStore
from app.store import Store
from risk.margin import TierTable
from tests.app.exchanges.fake_binance import API_KEY, SECRET, binance_venue
from tests.app.exchanges.loopback import serve

TIERS = (MarginTier(0.0, 0.004, 125.0), MarginTier(300000.0, 0.005, 100.0))


def _isolated(venue_liq: float | None) -> Position:
    return Position(
        "ETH/USDT:USDT", "ETH", Side.SHORT, 3.0, 3000.0, 3100.0, 10.0, MarginMode.ISOLATED, 1100.0, venue_liq
    )


def test_isolated_short_matches_binances_formula() -> None:
    # LP = (WB + cum − side·Q·EP) / (Q·mmr − side·Q) = (1100 + 9000) / (0.012 + 3) = 3353.2536…
    holdings = AccountHoldings(positions=(_isolated(3353.2537),), margin_tiers={"ETH/USDT:USDT": TIERS})
    (check,) = check_liquidation_prices(holdings)
    assert check.engine_price == pytest.approx(10100 / 3.012)
    assert check.gap is not None and check.gap < 1e-6 and not check.flagged


def test_a_bybit_isolated_position_is_checked_by_bybits_rule() -> None:
    # Bybit's UTA trading rules, isolated: 1 BTC long at 40,000, 50× (IM 800) with 3,000 USDT added,
    # MMR 0.5% → Bybit shows 36,380.25. The engine takes the margin as it is (3,800; Bybit counts the
    # added 3,000 net of its 0.055% fee to close, 3,001.65) at the mark: 36,200 / 0.995 = 36,381.91,
    # 0.005% away, not flagged. A classic account's rule (MM on the entry value) gives 36,400.
    position = Position(
        "BTC/USDT:USDT",
        "BTC",
        Side.LONG,
        1.0,
        40_000.0,
        40_000.0,
        50.0,
        MarginMode.ISOLATED,
        3_800.0,
        36_380.25,
    )
    holdings = AccountHoldings(
        positions=(position,), margin_tiers={"BTC/USDT:USDT": (MarginTier(0.0, 0.005, 50.0),)}
    )
    (bybit,) = check_liquidation_prices(holdings, venue="bybit")
    assert bybit.engine_price == pytest.approx(36_200 / 0.995) and not bybit.flagged
    assert bybit.gap == pytest.approx((36_200 / 0.995 - 36_380.25) / 36_380.25)
    (classic,) = check_liquidation_prices(holdings, venue="bybit-classic")
    assert classic.engine_price == pytest.approx(40_000 - (3_800 - 200))


@pytest.mark.parametrize(("factor", "flagged"), [(1.004, False), (1.006, True), (0.99, True)])
def test_a_gap_above_half_a_percent_is_flagged(factor: float, flagged: bool) -> None:
    holdings = AccountHoldings(
        positions=(_isolated(10100 / 3.012 * factor),), margin_tiers={"ETH/USDT:USDT": TIERS}
    )
    (check,) = check_liquidation_prices(holdings)
    assert check.flagged is flagged
    assert GAP_THRESHOLD == 0.005


def test_cross_position_counts_the_other_cross_positions() -> None:
    btc = Position(
        "BTC/USDT:USDT", "BTC", Side.LONG, 0.2, 102500.0, 100000.0, 10.0, MarginMode.CROSS, None, 1.0
    )
    eth = Position("ETH/USDT:USDT", "ETH", Side.SHORT, 3.0, 3000.0, 3100.0, 10.0, MarginMode.CROSS, None, 1.0)
    tiers = {"BTC/USDT:USDT": TIERS, "ETH/USDT:USDT": TIERS}
    alone = AccountHoldings((Balance("USDT", 10000.0, "futures"),), (btc,), margin_tiers=tiers)
    shared = AccountHoldings((Balance("USDT", 10000.0, "futures"),), (btc, eth), margin_tiers=tiers)
    lone_price = check_liquidation_prices(alone)[0].engine_price
    shared_price = check_liquidation_prices(shared)[0].engine_price
    # (10000 − 0 + 0 + 0 − 20500) / (0.0008 − 0.2)
    assert lone_price == pytest.approx(-10500 / -0.1992)
    # ETH's maintenance (9300·0.004) and its −300 PnL eat the shared margin: BTC liquidates higher
    assert shared_price == pytest.approx((10000 - 37.2 - 300 - 20500) / -0.1992)


def test_multi_collateral_account_counts_the_coin_collateral_moving_with_the_price() -> None:
    btc = Position(
        "BTC/USDT:USDT", "BTC", Side.LONG, 0.2, 102500.0, 100000.0, 10.0, MarginMode.CROSS, None, 8755.8
    )
    holdings = AccountHoldings(
        (Balance("USDT", 10000.0, "unified"), Balance("BTC", 1.0, "unified")),
        (btc,),
        margin_tiers={"BTC/USDT:USDT": TIERS},
    )
    (check,) = check_liquidation_prices(holdings)
    # equity 10000 + p + 0.2·(p − 102500) meets maintenance 0.2·p·0.004 at p = 10500 / 1.1992
    assert check.engine_price == pytest.approx(10500 / 1.1992, rel=1e-9)
    assert not check.flagged
    # A 0.9 haircut on the BTC collateral moves it: 10000 + 0.9p + 0.2p − 20500 = 0.0008p
    cut = AccountHoldings(
        (Balance("USDT", 10000.0, "unified"), Balance("BTC", 1.0, "unified", (HaircutTier(0.0, 0.9),))),
        (btc,),
        margin_tiers={"BTC/USDT:USDT": TIERS},
    )
    assert check_liquidation_prices(cut)[0].engine_price == pytest.approx(10500 / 1.0992, rel=1e-9)
    # Binance Portfolio Margin liquidates at uniMMR 1.05: equity = 1.05 · MM
    (pm,) = check_liquidation_prices(holdings, portfolio_margin=True)
    assert pm.engine_price == pytest.approx(10500 / (1.2 - 1.05 * 0.0008), rel=1e-9)


def test_what_cannot_be_compared_says_why() -> None:
    btc = Position(
        "BTC/USDT:USDT", "BTC", Side.LONG, 0.2, 102500.0, 100000.0, 10.0, MarginMode.CROSS, None, 50000.0
    )
    no_tiers = AccountHoldings((Balance("USDT", 1e4, "futures"),), (btc,))
    assert "no maintenance tiers" in check_liquidation_prices(no_tiers)[0].note
    unpriced = AccountHoldings(
        (Balance("USDT", 1e4, "futures"), Balance("HYPE", 5, "futures")),
        (btc,),
        margin_tiers={"BTC/USDT:USDT": TIERS},
    )
    assert "no price for HYPE" in check_liquidation_prices(unpriced)[0].note
    assert check_liquidation_prices(unpriced, {"HYPE": 40.0})[0].engine_price is not None
    # A stablecoin loan is netted against the stablecoin margin ($1 each): 10,000 − 500 USDT.
    usdc_loan = AccountHoldings(
        (Balance("USDT", 1e4, "unified"),),
        (btc,),
        (Loan("USDC", 500.0, "unified"),),
        margin_tiers={"BTC/USDT:USDT": TIERS},
    )
    assert check_liquidation_prices(usdc_loan)[0].engine_price == pytest.approx(11000 / 0.1992, rel=1e-9)
    btc_loan = AccountHoldings(
        (Balance("USDT", 1e4, "unified"),),
        (btc,),
        (Loan("BTC", 0.01, "unified"),),
        margin_tiers={"BTC/USDT:USDT": TIERS},
    )
    (check,) = check_liquidation_prices(btc_loan)
    assert "owes 0.01 BTC" in check.note and check.engine_price is None and not check.flagged


def test_imported_binance_account_is_checked_against_the_engine(store: Store, secrets: SecretStore) -> None:
    add_api_account(
        store, secrets, name="main", venue_name="binance", credentials=ApiCredentials(API_KEY, SECRET)
    )
    with serve(binance_venue()) as venue:
        holdings = refresh_account(
            store, secrets, "main", ClientOptions(venue.base_url, 5000, throttle=False)
        )
    btc, eth = check_liquidation_prices(holdings)
    assert (
        not btc.flagged and btc.gap is not None and btc.gap < 1e-6
    )  # the loopback reports Binance's own formula
    assert eth.flagged and eth.gap == pytest.approx((3390.12 - 10100 / 3.012) / 3390.12, rel=1e-6)


def test_okx_cross_counts_the_fee_to_close_as_the_trader_numbers_do() -> None:
    """OKX's margin ratio adds the taker fee to maintenance (risk.venue_rules); `accounts show`
    prints this check next to the trader's numbers, so both give one price."""
    from app.usecases.trader_numbers import trader_numbers
    from risk.margin import CollateralHolding
    from risk.portfolio import Account, Portfolio
    from risk.portfolio import Position as EnginePosition

    btc = Position(
        "BTC-USDT-SWAP", "BTC", Side.LONG, 1.0, 20_000.0, 20_000.0, 10.0, MarginMode.CROSS, None, 1.0
    )
    flat = (MarginTier(0.0, 0.005, 100.0),)
    holdings = AccountHoldings(
        (Balance("USDT", 2_000.0, "trading"),), (btc,), margin_tiers={btc.symbol: flat}
    )
    (check,) = check_liquidation_prices(holdings, venue="okx")
    # 2,000 + (P − 20,000) = (0.005 + 0.0005)·P
    assert check.engine_price == pytest.approx(18_000 / 0.9945, rel=1e-9)
    engine = EnginePosition("BTC", 1, 1.0, 20_000.0, _table_of(flat))
    account = Account("okx", "okx", (CollateralHolding("USDT", 2_000.0),), (engine,))
    (numbers,) = trader_numbers(Portfolio("p", (account,), {"BTC": 20_000.0, "USDT": 1.0}, {}))
    assert numbers.positions[0].liquidation_price == pytest.approx(check.engine_price, rel=1e-9)


def _table_of(tiers: tuple[MarginTier, ...]) -> TierTable:
    return TierTable(np.array([t.floor_usd for t in tiers]), np.array([t.mmr for t in tiers]))
