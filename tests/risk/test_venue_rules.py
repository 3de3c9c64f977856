"""Each venue's own liquidation rule, against the venue's own worked examples to the cent.

Sources (risk/venue_rules.py cites them in full):
- Bybit, "Liquidation Price (USDT Contract)", examples 1 and 2:
  https://www.bybit.com/en/help-center/article/Liquidation-Price-USDT-Contract
- Hyperliquid, "Liquidations": https://hyperliquid.gitbook.io/hyperliquid-docs/trading/liquidations
- OKX, margin ratio (isolated): (margin + PnL) / (|Q|·mark·(MMR + fee rate)), liquidation at 100%:
  https://www.okx.com/help/when-would-my-order-be-liquidated
"""

from __future__ import annotations

import numpy as np
import pytest

from risk.engine import evaluate
from risk.margin import TierTable, binance_liquidation_price, maintenance_margin
from risk.market import AssetMarket, Market
from risk.portfolio import Account, MarginMode, Portfolio, Position, single_tier
from risk.scenarios import AssetShock, ShockModel, drawdown_grid
from risk.venue_rules import (
    BINANCE,
    BYBIT,
    BYBIT_CLASSIC,
    HYPERLIQUID,
    OKX,
    bybit_classic_cross_liquidation_price,
    bybit_isolated_liquidation_price,
    bybit_uta_isolated_liquidation_price,
    bybit_uta_maintenance_margin,
    hyperliquid_liquidation_price,
    hyperliquid_margin_available,
    liquidation_loss,
    mark_liquidation_price,
    rule_for,
    venue_liquidation_price,
)


def test_bybit_isolated_usdt_contract_matches_bybits_examples_to_the_cent() -> None:
    # IM = 1 × 20,000 / 50 = 400; MM = 1 × 20,000 × 0.5% − 0 = 100; LP = 20,000 ∓ (400 − 100).
    assert bybit_isolated_liquidation_price(1, 1.0, 20_000.0, 50.0, 0.005) == pytest.approx(
        19_700.0, abs=0.005
    )
    assert bybit_isolated_liquidation_price(-1, 1.0, 20_000.0, 50.0, 0.005) == pytest.approx(
        20_300.0, abs=0.005
    )
    # Extra margin moves it by extra / Q: 100 USDT more on 1 BTC → 19,600.
    assert bybit_isolated_liquidation_price(
        1, 1.0, 20_000.0, 50.0, 0.005, extra_margin=100.0
    ) == pytest.approx(19_600.0, abs=0.005)


def test_bybit_uta_isolated_matches_bybits_example_to_the_cent() -> None:
    """Bybit, "Trading Rules: Liquidation Process (Unified Trading Account)", isolated margin,
    USDT perpetual (https://www.bybit.com/en/help-center/article/UTA-Trading-Rules; the stored
    copy stops before the example, whose figures two independent transcriptions of the page
    give alike): 1 BTC long at 40,000, 50×, 3,000 USDT of margin added, MMR 0.5%, taker fee
    0.055%, no deduction → MM = 200 + 21.56 = 221.56 USDT and a liquidation price of 36,380.25."""
    assert bybit_uta_maintenance_margin(1, 1.0, 40_000.0, 50.0, 0.005, 0.00055) == pytest.approx(
        221.56, abs=0.005
    )
    price = bybit_uta_isolated_liquidation_price(1, 1.0, 40_000.0, 50.0, 0.005, extra_margin=3_000.0)
    assert price == pytest.approx(36_380.25, abs=0.005)
    # No margin added: the mark-price form of every other venue (Binance's 19,698.49 for
    # Bybit's classic 20,000 / 50× trade), not the classic account's 19,700.
    plain = bybit_uta_isolated_liquidation_price(1, 1.0, 20_000.0, 50.0, 0.005)
    assert plain == pytest.approx(
        mark_liquidation_price(single_tier(0.005), 1, 1.0, 20_000.0, 400.0), abs=1e-9
    )
    assert plain == pytest.approx(19_698.49, abs=0.005)
    # The short mirrors it: equity 400 + added − Q·(P − EP) = Q·P·MMR at the price returned.
    short = bybit_uta_isolated_liquidation_price(-1, 1.0, 40_000.0, 50.0, 0.005, extra_margin=3_000.0)
    equity = 800.0 + 3_000.0 / (1 + 0.00055) - (short - 40_000.0)
    assert equity == pytest.approx(short * 0.005, abs=1e-6)


def test_bybit_maintenance_margin_with_the_fee_to_close_matches_bybits_usdc_example() -> None:
    """Bybit, "Maintenance Margin Calculation (USDC Contract)",
    https://help.bybit.com/hc/en-us/articles/4431367679641 : 0.5 BTC at 50,000 then 0.5 BTC at
    52,000 (average 51,000), 10×, MMR 0.5%, taker 0.06% → 255 + 27.54 = 282.54 USDC."""
    assert bybit_uta_maintenance_margin(1, 1.0, 51_000.0, 10.0, 0.005, 0.0006) == pytest.approx(
        282.54, abs=0.005
    )


def test_bybit_tiered_maintenance_matches_bybits_tier_example() -> None:
    """Bybit, "Maintenance Margin (USDT Perpetual and Expiry Contracts)",
    https://www.bybit.com/en/help-center/article/Maintenance-Margin-USDT-Contract : tiers of
    1,000 USDT at 2%, 2.5%, 3%, 3.5%, 4%; 100 contracts at 35 USDT (value 3,500) → MM 92.5
    (1,000·(2% + 2.5% + 3%) + 500·3.5%, i.e. 3,500·3.5% − a deduction of 30)."""
    tiers = TierTable(
        np.array([0.0, 1_000.0, 2_000.0, 3_000.0, 4_000.0]), np.array([0.02, 0.025, 0.03, 0.035, 0.04])
    )
    assert float(maintenance_margin(tiers, 3_500.0)) == pytest.approx(92.5, abs=1e-9)


def test_bybit_classic_cross_matches_bybits_cross_example_to_the_cent() -> None:
    """Bybit, "Liquidation Price (USDT Contract)", cross margin, Example 1 (only one unhedged
    position), https://help.bybit.com/hc/en-us/articles/900000181046-Liquidation-Price-USDT-Contract- :
    2 BTC long at 10,000 USDT, available balance 2,000, mark 10,500 (unrealised profit 1,000);
    IM = 2·10,000·1% = 200, MM = 2·10,000·0.5% = 100, total sustainable loss = 2,000 + 200 −
    100 = 2,100. The stored copy of the page stops at "the position can sust[ain]"; a price
    loss of 2,100 on 2 BTC is 1,050 a coin → 8,950 (the same page's rule written out; a
    Bybit-derived help centre's 1 BTC at 20,000 version prints 17,900 = 20,000 − 2,100)."""
    maintenance = 2 * 10_000 * 0.005
    initial = 2 * 10_000 / 100
    assert (initial, maintenance, 2_000 + initial - maintenance) == (200.0, 100.0, 2_100.0)
    lp = bybit_classic_cross_liquidation_price(1, 2.0, 10_000.0, 2_000.0, initial, 0.005)
    assert round(lp, 2) == 8_950.00
    # The 1 BTC at 20,000 version: IM 200 (100×), MM 100, available 2,000 → 17,900.
    assert (
        round(bybit_classic_cross_liquidation_price(1, 1.0, 20_000.0, 2_000.0, 200.0, 0.005), 2) == 17_900.00
    )
    # The short mirror (not a Bybit example): the same loss upwards.
    assert (
        round(bybit_classic_cross_liquidation_price(-1, 2.0, 10_000.0, 2_000.0, initial, 0.005), 2)
        == 11_050.00
    )
    # The mark-value rule (UTA, as the engine models Bybit cross) on the same wallet (2,200):
    # (20,000 − 2,200) / (2·0.995) = 8,944.72, $5.28 below the classic account's price.
    uta = venue_liquidation_price(BYBIT, single_tier(0.005), 1, 2.0, 10_000.0, 2_200.0, False)
    assert round(uta, 2) == 8_944.72


def test_binances_rule_gives_a_different_price_for_bybits_trade() -> None:
    # Binance: 400 + (LP − 20,000) = 0.005·LP → LP = 19,600 / 0.995 = 19,698.49 (MM at the LP).
    lp = float(binance_liquidation_price(1, 1.0, 20_000.0, 400.0, 0.005, 0.0))
    assert lp == pytest.approx(19_698.49, abs=0.005)
    tiers = single_tier(0.005)
    assert venue_liquidation_price(BINANCE, tiers, 1, 1.0, 20_000.0, 400.0, True) == pytest.approx(lp)
    # A classic Bybit account takes MM on the entry value: Bybit's 19,700 / 20,300.
    assert venue_liquidation_price(BYBIT_CLASSIC, tiers, 1, 1.0, 20_000.0, 400.0, True) == pytest.approx(
        19_700.0
    )
    assert venue_liquidation_price(BYBIT_CLASSIC, tiers, -1, 1.0, 20_000.0, 400.0, True) == pytest.approx(
        20_300.0
    )
    # Bybit's Unified Trading Account (what ColdSplit imports, venue "bybit"): MM at the mark,
    # isolated and cross, as Binance's formula and the UTA page's own (36,380.25 example).
    assert venue_liquidation_price(BYBIT, tiers, 1, 1.0, 20_000.0, 400.0, True) == pytest.approx(lp)
    assert venue_liquidation_price(BYBIT, tiers, 1, 1.0, 20_000.0, 400.0, True) == pytest.approx(
        bybit_uta_isolated_liquidation_price(1, 1.0, 20_000.0, 50.0, 0.005)
    )
    assert venue_liquidation_price(BYBIT, tiers, 1, 1.0, 20_000.0, 400.0, False) == pytest.approx(lp)
    assert rule_for("Bybit") is BYBIT and rule_for("bybit-classic") is BYBIT_CLASSIC


def test_okx_adds_the_fee_to_close_to_maintenance() -> None:
    # 1 BTC long at 20,000, margin 400, MMR 0.4%, taker 0.05%:
    # 400 + (P − 20,000) = P·(0.004 + 0.0005) → P = 19,600 / 0.9955 = 19,688.598...
    tiers = single_tier(0.004)
    lp = venue_liquidation_price(OKX, tiers, 1, 1.0, 20_000.0, 400.0, True)
    assert lp == pytest.approx(19_688.60, abs=0.005)
    # The margin ratio there is exactly 100%.
    ratio = (400.0 + (lp - 20_000.0)) / (lp * (0.004 + 0.0005))
    assert ratio == pytest.approx(1.0, abs=1e-12)
    # Short: 400 − (P − 20,000) = 0.0045·P → P = 20,400 / 1.0045 = 20,308.611...
    assert venue_liquidation_price(OKX, tiers, -1, 1.0, 20_000.0, 400.0, True) == pytest.approx(
        20_308.61, abs=0.005
    )
    assert mark_liquidation_price(tiers, 1, 1.0, 20_000.0, 400.0, fee_rate=0.0005) == pytest.approx(lp)


@pytest.mark.parametrize(
    ("side", "entry", "size", "margin", "max_leverage", "api_price"),
    [
        (1, 62_739.0, 0.00077, 24.137992, 50.0, 31_708.03843631),  # BTC long, 2×
        (-1, 2_642.8, 0.019, 25.091876, 50.0, 3_924.18322043),  # ETH short, 2×
        (1, 173.06, 0.6, 20.735658, 20.0, 142.05186667),  # SOL long, 5×
        (-1, 0.14333, 351.0, 25.136807, 20.0, 0.20970228),  # DOGE short, 2×
        (-1, 65_536.0, 0.00099, 21.604172, 50.0, 86_493.46174617),  # BTC short, 3×
    ],
)
def test_hyperliquid_formula_matches_prices_its_api_returned(
    side: int, entry: float, size: float, margin: float, max_leverage: float, api_price: float
) -> None:
    """Isolated positions with the `liquidationPrice` Hyperliquid's API returned (through ccxt),
    as recorded in 2024 by freqtrade's tests (tests/exchange/test_hyperliquid.py; a third party's
    capture of the venue's own output, not a Hyperliquid page): the docs' formula with MM = half the
    initial margin at max leverage, taken at the entry, gives each to 1e-7."""
    available = hyperliquid_margin_available(side, size, entry, entry, margin, max_leverage)
    price = hyperliquid_liquidation_price(side, size, entry, available, max_leverage)
    assert price == pytest.approx(api_price, rel=1e-7)


def test_hyperliquid_formula_by_hand() -> None:
    # 1 BTC long at 100,000, max leverage 40 → MMR 1/80 = 1.25%; isolated margin 10,000.
    # margin_available = 10,000 − 100,000 × 1.25% = 8,750; liq = 100,000 − 8,750 / 0.9875 = 91,139.24.
    available = hyperliquid_margin_available(1, 1.0, 100_000.0, 100_000.0, 10_000.0, 40.0)
    assert available == pytest.approx(8_750.0)
    long_liq = hyperliquid_liquidation_price(1, 1.0, 100_000.0, available, 40.0)
    assert long_liq == pytest.approx(91_139.24, abs=0.005)
    # There equity (10,000 − 8,860.76 = 1,139.24) equals MM (91,139.24 × 1.25%).
    assert 10_000.0 + (long_liq - 100_000.0) == pytest.approx(long_liq * 0.0125)
    # Short: 100,000 + 8,750 / 1.0125 = 108,641.98.
    short_available = hyperliquid_margin_available(-1, 1.0, 100_000.0, 100_000.0, 10_000.0, 40.0)
    assert hyperliquid_liquidation_price(-1, 1.0, 100_000.0, short_available, 40.0) == pytest.approx(
        108_641.98, abs=0.005
    )
    # Hyperliquid's formula from any current mark gives the same price as the MM-at-mark form.
    later = hyperliquid_margin_available(1, 1.0, 100_000.0, 95_000.0, 10_000.0, 40.0)
    assert hyperliquid_liquidation_price(1, 1.0, 95_000.0, later, 40.0) == pytest.approx(long_liq)
    tiers = single_tier(0.0125)
    assert venue_liquidation_price(HYPERLIQUID, tiers, 1, 1.0, 100_000.0, 10_000.0, True) == pytest.approx(
        long_liq
    )


def test_hyperliquid_returns_what_the_book_liquidation_leaves() -> None:
    margin = np.array([[10_000.0]])
    # 1 BTC long from 100,000 settles at 91,000: equity 1,000, MM 1,137.50 — falls; 1,000 ≥ 2/3 × 1,137.50
    # = 758.33 so the book closes it and the trader keeps 1,000: the loss is 9,000, not 10,000.
    lost = liquidation_loss(
        HYPERLIQUID, margin, np.array([[1_000.0]]), np.array([[1_137.5]]), np.array([[91_000.0]])
    )
    assert lost[0, 0] == pytest.approx(9_000.0)
    # At 90,500: equity 500 < 2/3 × 1,131.25 = 754.17 → backstop: all 10,000 go.
    lost = liquidation_loss(
        HYPERLIQUID, margin, np.array([[500.0]]), np.array([[1_131.25]]), np.array([[90_500.0]])
    )
    assert lost[0, 0] == pytest.approx(10_000.0)
    # Binance takes the whole margin either way.
    assert liquidation_loss(
        BINANCE, margin, np.array([[1_000.0]]), np.array([[1_137.5]]), np.array([[91_000.0]])
    )[0, 0] == pytest.approx(10_000.0)


def test_hyperliquid_partial_liquidation_above_100k() -> None:
    # 2 BTC long from 100,000 with 20,000 isolated margin, settling at 91,000: value 182,000 > 100k,
    # equity 20,000 − 18,000 = 2,000, MM 2,275. The first 20% slice leaves MM 1,820 < 2,000: the rest
    # stays open, and only the slice's share of the fall is lost: 0.2 × 18,000 = 3,600.
    lost = liquidation_loss(
        HYPERLIQUID,
        np.array([[20_000.0]]),
        np.array([[2_000.0]]),
        np.array([[2_275.0]]),
        np.array([[182_000.0]]),
    )
    assert lost[0, 0] == pytest.approx(3_600.0)
    # At equity 1,700 (< 0.8 × 2,275 = 1,820, ≥ 2/3 MM) the slice is not enough: the book takes it all,
    # the trader keeps 1,700.
    lost = liquidation_loss(
        HYPERLIQUID,
        np.array([[20_000.0]]),
        np.array([[1_700.0]]),
        np.array([[2_275.0]]),
        np.array([[182_000.0]]),
    )
    assert lost[0, 0] == pytest.approx(18_300.0)


def test_unknown_venues_use_binances_rule() -> None:
    assert rule_for("Bybit ") is BYBIT
    assert rule_for("kraken") is BINANCE


def _one_position(venue: str, mmr: float, margin: float) -> Portfolio:
    position = Position(
        "BTC", 1, 1.0, 20_000.0, single_tier(mmr), MarginMode.ISOLATED, isolated_margin=margin
    )
    return Portfolio("t", (Account("A", venue, positions=(position,)),), {"BTC": 20_000.0}, {})


def _report(portfolio: Portfolio, prices: list[float]):  # type: ignore[no-untyped-def]
    market = Market((AssetMarket("BTC", 20_000.0),))
    drawdowns = 1.0 - np.array(prices) / 20_000.0
    return evaluate(portfolio, market, drawdown_grid(ShockModel((AssetShock("BTC"),)), drawdowns))


def test_engine_liquidates_a_bybit_isolated_long_at_bybits_price() -> None:
    # A classic Bybit account: MM on the entry value, LP 19,700.
    report = _report(_one_position("bybit-classic", 0.005, 400.0), [19_700.5, 19_699.5])
    assert report.liquidated_margin_usd.tolist() == [0.0, 400.0]
    # The Unified Trading Account (venue "bybit", what ColdSplit imports) and Binance take MM at
    # the mark: the same trade survives 19,699.50 (LP 19,698.49).
    for venue in ("bybit", "binance"):
        report = _report(_one_position(venue, 0.005, 400.0), [19_699.5, 19_698.0])
        assert report.liquidated_margin_usd.tolist() == [0.0, 400.0]


def test_engine_hyperliquid_keeps_the_equity_a_book_liquidation_returns() -> None:
    # 1 BTC long at 20,000, margin 2,000, MMR 1.25% (max 40×): LP = 18,000 / 0.9875 = 18,227.85.
    # At 18,200: equity 200, MM 227.50, 2/3 MM 151.67 → book liquidation, trader keeps 200; loss 1,800.
    # At 18,100: equity 100 < 2/3 × 226.25 = 150.83 → backstop, loss 2,000.
    report = _report(_one_position("hyperliquid", 0.0125, 2_000.0), [18_300.0, 18_200.0, 18_100.0])
    np.testing.assert_allclose(report.liquidated_margin_usd, [0.0, 1_800.0, 2_000.0])
