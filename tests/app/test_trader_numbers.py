"""A trader's numbers (app.usecases.trader_numbers) against hand calculations, venue by venue.

Each expected figure is worked out here from the venue's published rule
(risk.venue_rules cites them): equity = maintenance at the mark (Binance, Bybit cross,
Hyperliquid), maintenance on the entry value (Bybit isolated), maintenance plus the fee
to close at 0.05% (OKX).
"""

from __future__ import annotations

import numpy as np
import pytest

from app.usecases.trader_numbers import AccountNumbers, trader_numbers
from risk.margin import CollateralHolding, HaircutTiers, TierTable
from risk.portfolio import Account, MarginMode, Portfolio, Position, hyperliquid_tiers, single_tier

FLAT = single_tier(0.005)


def _one(
    venue: str, prices: dict[str, float], collateral: tuple[CollateralHolding, ...], *positions: Position
) -> AccountNumbers:
    account = Account("acct", venue, collateral, positions)
    (numbers,) = trader_numbers(Portfolio("p", (account,), prices, {}))
    return numbers


def _isolated_btc_long(venue: str) -> AccountNumbers:
    # 1 BTC long at 20,000 with 400 of isolated margin (50x), MMR 0.5%; the mark is 20,500.
    position = Position("BTC", 1, 1.0, 20_000.0, FLAT, MarginMode.ISOLATED, 400.0)
    return _one(venue, {"BTC": 20_500.0, "USDT": 1.0}, (CollateralHolding("USDT", 100.0),), position)


def test_binance_isolated_takes_maintenance_at_the_liquidation_price() -> None:
    numbers = _isolated_btc_long("binance")
    (p,) = numbers.positions
    # LP = (WB − side·Q·EP) / (Q·mmr − side·Q) = (400 − 20,000) / (0.005 − 1) = 19,698.49
    assert p.liquidation_price == pytest.approx(19_600 / 0.995)
    assert p.distance == pytest.approx((20_500 - 19_600 / 0.995) / 20_500)
    assert (p.size, p.entry, p.mark, p.notional) == (1.0, 20_000.0, 20_500.0, 20_500.0)
    assert p.unrealised_pnl == pytest.approx(500.0)
    assert p.margin == 400.0 and p.leverage == pytest.approx(20_500 / 400)
    assert p.maintenance == pytest.approx(0.005 * 20_500)
    # The account: 100 USDT cross wallet (no cross position) plus the isolated 400 + 500.
    assert numbers.equity == pytest.approx(1_000.0)
    assert numbers.maintenance == pytest.approx(102.5)
    assert numbers.margin_ratio is None


def test_bybit_unified_isolated_takes_maintenance_at_the_mark() -> None:
    # ColdSplit imports Bybit's Unified Trading Account: the UTA page's rule, MM at the mark, as
    # Binance's (19,698.49 here).
    (p,) = _isolated_btc_long("bybit").positions
    assert p.liquidation_price == pytest.approx(19_600 / 0.995)


def test_bybit_classic_isolated_takes_maintenance_on_the_entry_value() -> None:
    (p,) = _isolated_btc_long("bybit-classic").positions
    # Bybit's own example: IM 400, MM 100 on the entry value → LP = 20,000 − (400 − 100) = 19,700.
    assert p.liquidation_price == pytest.approx(19_700.0)
    assert p.maintenance == pytest.approx(100.0)
    assert p.distance == pytest.approx(800 / 20_500)


def test_okx_isolated_adds_the_fee_to_close() -> None:
    (p,) = _isolated_btc_long("okx").positions
    # MMR 0.5% + taker 0.05%: LP = (400 − 20,000) / (0.0055 − 1)
    assert p.liquidation_price == pytest.approx(19_600 / 0.9945)
    assert p.maintenance == pytest.approx(0.0055 * 20_500)


def test_hyperliquid_cross_by_its_own_formula() -> None:
    # 1,000 USDC backing 1 ETH long at 3,000, max leverage 25 → MMR 1/50; mark 3,100.
    position = Position("ETH", 1, 1.0, 3_000.0, hyperliquid_tiers(25))
    numbers = _one(
        "hyperliquid", {"ETH": 3_100.0, "USDC": 1.0}, (CollateralHolding("USDC", 1_000.0),), position
    )
    (p,) = numbers.positions
    # Hyperliquid: margin_available = 1,000 + 100 − 3,100/50 = 1,038;
    # liq = price − side · margin_available / size / (1 − l·side) = 3,100 − 1,038 / 0.98
    assert p.liquidation_price == pytest.approx(3_100 - 1_038 / 0.98, rel=1e-9)
    assert p.margin == pytest.approx(1_100.0) and p.leverage == pytest.approx(3_100 / 1_100)
    assert numbers.equity == pytest.approx(1_100.0) and numbers.maintenance == pytest.approx(62.0)
    assert numbers.margin_ratio == pytest.approx(62 / 1_100)
    assert numbers.liquidation_ratio == 1.0


def test_hyperliquid_short() -> None:
    position = Position("BTC", -1, 0.2, 94_000.0, hyperliquid_tiers(40))
    numbers = _one(
        "hyperliquid", {"BTC": 92_000.0, "USDC": 1.0}, (CollateralHolding("USDC", 5_000.0),), position
    )
    (p,) = numbers.positions
    # margin_available = 5,000 + 400 − 18,400/80 = 5,170; liq = 92,000 + 5,170 / 0.2 / (1 + 1/80)
    assert p.liquidation_price == pytest.approx(92_000 + 5_170 / 0.2 / (1 + 1 / 80), rel=1e-9)
    assert p.unrealised_pnl == pytest.approx(400.0)
    assert p.distance == pytest.approx((p.liquidation_price - 92_000) / 92_000)


def test_binance_cross_with_two_positions_and_brackets() -> None:
    tiers = TierTable(np.array([0.0, 50_000.0]), np.array([0.004, 0.005]))
    btc = Position("BTC", 1, 0.5, 90_000.0, tiers)
    eth = Position("ETH", -1, 5.0, 3_000.0, tiers)
    prices = {"BTC": 92_000.0, "ETH": 3_100.0, "USDT": 1.0}
    numbers = _one("binance", prices, (CollateralHolding("USDT", 10_000.0),), btc, eth)
    long, short = numbers.positions
    # BTC, the ETH short held at its mark (MM 62, PnL −500), bracket 1 (cum 0) at the LP:
    # LP = (10,000 − 62 − 500 − 0.5·90,000) / (0.5·0.004 − 0.5)
    assert long.liquidation_price == pytest.approx(35_562 / 0.498, rel=1e-9)
    # Cross equity 10,000 + 1,000 − 500 = 10,500, maintenance 184 + 62; margins split by notional.
    assert numbers.equity == pytest.approx(10_500.0) and numbers.maintenance == pytest.approx(246.0)
    assert numbers.margin_ratio == pytest.approx(246 / 10_500)
    assert long.margin == pytest.approx(10_500 * 46_000 / 61_500)
    assert short.margin == pytest.approx(10_500 * 15_500 / 61_500)
    assert long.leverage == short.leverage == pytest.approx(61_500 / 10_500)
    # ETH short, BTC held (MM 184, PnL +1,000): LP = (10,000 − 184 + 1,000 + 15,000) / (5·0.004 + 5)
    assert short.liquidation_price == pytest.approx(25_816 / 5.02, rel=1e-9)


def test_bybit_and_okx_cross_at_the_mark() -> None:
    position = Position("BTC", 1, 1.0, 20_000.0, FLAT)
    usdt = (CollateralHolding("USDT", 2_000.0),)
    bybit = _one("bybit", {"BTC": 20_000.0, "USDT": 1.0}, usdt, position).positions[0]
    okx = _one("okx", {"BTC": 20_000.0, "USDT": 1.0}, usdt, position).positions[0]
    # 2,000 + (P − 20,000) = 0.005·P (Bybit UTA) or 0.0055·P (OKX, with the fee to close)
    assert bybit.liquidation_price == pytest.approx(18_000 / 0.995, rel=1e-9)
    assert okx.liquidation_price == pytest.approx(18_000 / 0.9945, rel=1e-9)


def test_collateral_of_the_position_asset_moves_with_it() -> None:
    # 1 BTC collateral at a flat 95% haircut backs a 1 BTC short at 20,000: equity
    # 0.95·P + (20,000 − P) meets 0.005·P at P = 20,000 / 0.055.
    haircut = HaircutTiers(np.array([0.0]), np.array([0.95]))
    position = Position("BTC", -1, 1.0, 20_000.0, FLAT)
    numbers = _one("bybit", {"BTC": 20_000.0}, (CollateralHolding("BTC", 1.0, haircut),), position)
    assert numbers.positions[0].liquidation_price == pytest.approx(20_000 / 0.055, rel=1e-9)
    assert numbers.equity == pytest.approx(19_000.0)


def test_a_long_no_price_can_liquidate_has_none() -> None:
    position = Position("BTC", 1, 0.01, 20_000.0, FLAT)
    numbers = _one(
        "binance", {"BTC": 20_000.0, "USDT": 1.0}, (CollateralHolding("USDT", 50_000.0),), position
    )
    assert numbers.positions[0].liquidation_price is None and numbers.positions[0].distance is None


def test_portfolio_margin_liquidates_the_cross_book_at_1_05() -> None:
    account = Account(
        "pm",
        "binance",
        (CollateralHolding("USDT", 2_000.0),),
        (Position("BTC", 1, 1.0, 20_000.0, FLAT),),
        1.05,
    )
    (numbers,) = trader_numbers(Portfolio("p", (account,), {"BTC": 20_000.0, "USDT": 1.0}, {}))
    # 2,000 + (P − 20,000) = 1.05 · 0.005 · P
    assert numbers.positions[0].liquidation_price == pytest.approx(18_000 / (1 - 0.00525), rel=1e-9)
    assert numbers.liquidation_ratio == pytest.approx(1 / 1.05)
