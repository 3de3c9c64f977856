"""Margin rules against Binance's published figures and the rules' own invariants."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from risk._types import RiskInputError
from risk.margin import (
    CollateralHolding,
    HaircutTiers,
    MarginAccount,
    PerpPosition,
    TierTable,
    binance_liquidation_price,
    binance_liquidation_price_tiered,
    collateral_value,
    hyperliquid_mmr,
    maintenance_margin,
)

# Binance USDⓈ-M leverage brackets (notional floor, maintenance rate) as published on
# Binance's "Leverage and Margin of USDⓈ-M Futures" page in 2021; the maintenance amounts
# (cum) Binance listed with them are 0, 50, 1,300, 16,300, 266,300 for BTCUSDT and
# 0, 15, 365, 5,365, 35,365, 135,365 for ETHUSDT — the table below must reproduce them.
BTCUSDT = TierTable(
    np.array([0, 50_000, 250_000, 1_000_000, 10_000_000]), np.array([0.004, 0.005, 0.01, 0.025, 0.05])
)
ETHUSDT = TierTable(
    np.array([0, 10_000, 100_000, 500_000, 1_000_000, 2_000_000]),
    np.array([0.005, 0.0065, 0.01, 0.02, 0.05, 0.10]),
)

# The worked example of Binance's FAQ "How to Calculate Liquidation Price of USDⓈ-M
# Futures Contracts" (https://www.binance.com/en/support/faq/b3c689c1f50a44cabb3a84e663b81d93):
# wallet balance 1,535,443.01 USDT, one-way mode, a BTCUSDT long of 109.488 at 32,481.980
# (mmr 2.5%, cum 16,300) and an ETHUSDT long of 3,683.979 at 1,456.84 (mmr 10%, cum 135,365);
# for each, TMM1/UPNL1 are the other position's maintenance margin and unrealised PnL.
# Expected prices as quoted there (cross: 1,153.26 ETH, 26,316.89 BTC; isolated with the same
# wallet balance: 1,114.78 ETH, 18,778.73 BTC). We could not open the Binance page itself
# from this environment; the figures are those reproduced from it in freqtrade's test suite
# (tests/leverage/test_liquidation_price.py, PR freqtrade/freqtrade#5576).
WB = 1_535_443.01
ETH = {
    "size": 3683.979,
    "entry": 1456.84,
    "mmr": 0.10,
    "cum": 135_365.0,
    "tmm": 71_200.81144,
    "upnl": -56_354.57,
}
BTC = {
    "size": 109.488,
    "entry": 32_481.980,
    "mmr": 0.025,
    "cum": 16_300.0,
    "tmm": 356_512.508,
    "upnl": -448_192.89,
}


def test_maintenance_amounts_match_binances_tables() -> None:
    np.testing.assert_allclose(BTCUSDT.cums, [0, 50, 1_300, 16_300, 266_300])
    np.testing.assert_allclose(ETHUSDT.cums, [0, 15, 365, 5_365, 35_365, 135_365])


@pytest.mark.parametrize(
    ("position", "cross", "expected"),
    [(ETH, True, 1153.26), (BTC, True, 26_316.89), (ETH, False, 1114.78), (BTC, False, 18_778.73)],
)
def test_liquidation_price_matches_binances_worked_example(
    position: dict[str, float], cross: bool, expected: float
) -> None:
    lp = binance_liquidation_price(
        1,
        position["size"],
        position["entry"],
        WB,
        position["mmr"],
        position["cum"],
        other_mm=position["tmm"] if cross else 0.0,
        other_upnl=position["upnl"] if cross else 0.0,
    )
    assert round(float(lp), 2) == expected


def test_tiered_liquidation_price_picks_the_bracket_at_the_liquidation_price() -> None:
    # The ETH example's notional at 1,114.78 is 4.1M: ETHUSDT's 10% bracket, as the FAQ uses.
    lp = binance_liquidation_price_tiered(ETHUSDT, 1, ETH["size"], ETH["entry"], WB)
    assert round(lp, 2) == 1114.78
    assert ETHUSDT.bracket(ETH["size"] * lp) == 5


@given(
    side=st.sampled_from([1, -1]),
    size=st.floats(1e-3, 1e3),
    entry=st.floats(1.0, 1e5),
    leverage=st.floats(1.5, 100.0),
    mmr=st.floats(0.001, 0.2),
)
def test_at_the_liquidation_price_margin_equals_maintenance(
    side: int, size: float, entry: float, leverage: float, mmr: float
) -> None:
    margin = size * entry / leverage
    lp = float(binance_liquidation_price(side, size, entry, margin, mmr, 0.0))
    if lp <= 0:
        return  # cannot be liquidated
    equity = margin + side * size * (lp - entry)
    assert math.isclose(equity, size * lp * mmr, rel_tol=1e-9, abs_tol=1e-9 * size * entry)


def test_cross_account_breaches_exactly_at_binances_cross_liquidation_price() -> None:
    # Rebuild the FAQ's cross account. Mark BTC where the example's UPNL1 for the ETH leg
    # (−56,354.57) holds; BTC's maintenance there is the example's TMM1 (71,200.81).
    btc_mark = BTC["entry"] + ETH["upnl"] / BTC["size"]
    account = MarginAccount(
        collateral=[CollateralHolding("USDT", WB)],
        positions=[
            PerpPosition("BTC", 1, BTC["size"], BTC["entry"], BTCUSDT),
            PerpPosition("ETH", 1, ETH["size"], ETH["entry"], ETHUSDT),
        ],
    )
    assert float(account.maintenance({"BTC": [btc_mark], "ETH": [0.0], "USDT": [1.0]})[0]) == pytest.approx(
        ETH["tmm"], abs=0.05
    )
    prices = {"USDT": np.ones(3), "BTC": np.full(3, btc_mark), "ETH": np.array([1160.0, 1153.26, 1150.0])}
    gap = account.equity(prices) - account.maintenance(prices)
    assert gap[0] > 0 and gap[2] < 0
    # The published price is rounded to the cent: equity − MM moves by Q·(1 − mmr) per dollar.
    assert abs(gap[1]) <= 0.005 * ETH["size"] * (1 - ETH["mmr"]) + 0.05
    np.testing.assert_array_equal(account.breached(prices), [False, gap[1] <= 0, True])


def test_portfolio_margin_threshold_liquidates_earlier() -> None:
    tiers = TierTable(np.array([0.0]), np.array([0.01]))
    account = MarginAccount([CollateralHolding("USDT", 1_000)], [PerpPosition("BTC", 1, 1.0, 10_000, tiers)])
    loose = MarginAccount(account.collateral, account.positions, threshold=1.05)
    prices = {"USDT": [1.0], "BTC": [9_100.0]}  # equity 100 vs MM 91: ratio 1.099
    assert not account.breached(prices)[0]
    assert account.margin_ratio(prices)[0] == pytest.approx(100 / 91)
    prices = {"USDT": [1.0], "BTC": [9_095.5]}  # ratio ≈ 1.049
    assert loose.breached(prices)[0] and not account.breached(prices)[0]


def test_haircuts_integrate_piecewise() -> None:
    tiers = HaircutTiers(np.array([0.0, 100_000, 1_000_000]), np.array([0.95, 0.9, 0.5]))
    values = tiers.collateral_value(np.array([0.0, 50_000, 100_000, 600_000, 2_000_000]))
    np.testing.assert_allclose(values, [0, 47_500, 95_000, 95_000 + 450_000, 95_000 + 810_000 + 500_000])
    # The venue's own price sets the notional: USDe at 0.6567 is credited far less than at 1.
    low, par = collateral_value(tiers, 1_000_000, np.array([0.6567, 1.0]))
    assert par == pytest.approx(905_000) and low == pytest.approx(95_000 + 0.9 * 556_700)


@given(st.floats(0, 1e9), st.floats(0, 1e9))
def test_haircut_value_is_monotone_and_capped(a: float, b: float) -> None:
    tiers = HaircutTiers(np.array([0.0, 1e4, 1e6]), np.array([1.0, 0.8, 0.3]))
    lo, hi = sorted((a, b))
    v_lo, v_hi = tiers.collateral_value(np.array([lo, hi]))
    assert v_lo <= v_hi + 1e-6 and v_hi <= hi + 1e-6


def test_maintenance_is_continuous_across_brackets() -> None:
    for floor in BTCUSDT.floors[1:]:
        below, at = maintenance_margin(BTCUSDT, np.array([np.nextafter(floor, 0), floor]))
        assert at == pytest.approx(below, abs=1e-6)


def test_hyperliquid_maintenance_is_half_the_max_leverage_margin() -> None:
    assert hyperliquid_mmr(40) == 0.0125
    assert hyperliquid_mmr(3) == pytest.approx(1 / 6)
    with pytest.raises(RiskInputError):
        hyperliquid_mmr(0.5)


@pytest.mark.parametrize(
    "build",
    [
        lambda: TierTable(np.array([1.0, 2.0]), np.array([0.01, 0.02])),
        lambda: TierTable(np.array([0.0, 2.0]), np.array([0.02, 0.01])),
        lambda: TierTable(np.array([0.0, 2.0]), np.array([0.02])),
        lambda: HaircutTiers(np.array([0.0]), np.array([1.5])),
        lambda: binance_liquidation_price(0, 1.0, 1.0, 1.0, 0.01, 0.0),
        lambda: binance_liquidation_price(1, -1.0, 1.0, 1.0, 0.01, 0.0),
        lambda: binance_liquidation_price(1, 1.0, 1.0, math.nan, 0.01, 0.0),
        lambda: PerpPosition("BTC", 1, 0.0, 1.0, BTCUSDT),
        lambda: MarginAccount([], [PerpPosition("BTC", 1, 1.0, 1.0, BTCUSDT)]).equity({"ETH": [1.0]}),
    ],
)
def test_bad_margin_inputs_are_refused(build: object) -> None:
    with pytest.raises(RiskInputError):
        build()  # type: ignore[operator]
