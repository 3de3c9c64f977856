"""The user's curve for the GUI slider: 512 drawdowns, 50 positions on 10 assets.

Builds ten crowd ladders (100,000 positions each), a portfolio of five cross accounts
(eight positions each, multi-asset collateral with haircuts) and ten isolated
positions, merges the user's positions into the ladders once (`prepare`), then times
`evaluate_prepared` over a 512-point drawdown grid: every asset's cascade with and
without the user's rungs, the venue layer, and every account with and without the
cascade. Target: ≤ 20 ms per curve.

    .venv/bin/python benchmarks/bench_curve.py
"""

from __future__ import annotations

import time

import numpy as np

from risk.crowd import build_ladder, synthesize_crowd
from risk.engine import PreparedBook, evaluate_prepared, prepare
from risk.impact import DecayRetention, SqrtImpact
from risk.margin import CollateralHolding, HaircutTiers, TierTable
from risk.market import AssetMarket, Market
from risk.portfolio import Account, MarginMode, Portfolio, Position
from risk.scenarios import (
    AssetShock,
    MemberParameters,
    ShockModel,
    VenueDislocation,
    drawdown_grid,
    ensemble_grid,
)

ASSETS = ("BTC", "ETH", "SOL", "BNB", "XRP", "DOGE", "ADA", "AVAX", "LINK", "SUI")
CROWD_PER_ASSET = 100_000
POINTS = 512
REPEATS = 50
ENSEMBLE = 16
BAND_STEP = 8
TIERS = TierTable(np.array([0.0, 300_000.0, 3_000_000.0]), np.array([0.004, 0.005, 0.01]))
HAIRCUT = HaircutTiers(np.array([0.0, 250_000.0]), np.array([0.95, 0.9]))


def _market(rng: np.random.Generator) -> tuple[Market, dict[str, float]]:
    prices = {
        asset: float(p) for asset, p in zip(ASSETS, rng.uniform(0.5, 100_000, len(ASSETS)), strict=True)
    }
    entries = []
    for asset in ASSETS:
        p0 = prices[asset]
        side, size, liq = synthesize_crowd(
            5e9,
            p0,
            {2: 0.3, 5: 0.3, 10: 0.25, 25: 0.1, 50: 0.05},
            p0 * np.array([0.9, 0.95, 1.0, 1.05, 1.1]),
            np.array([1, 2, 3, 2, 1.0]),
            0.55,
            0.005,
            CROWD_PER_ASSET,
            rng,
        )
        impact = SqrtImpact(y=0.7, sigma=0.04, adv_usd=5e9)
        entries.append(
            AssetMarket(asset, p0, impact, DecayRetention(15.0, 0.03), build_ladder(side, size, liq, p0))
        )
    entries.append(AssetMarket("USDT", 1.0))
    prices["USDT"] = 1.0
    return Market(tuple(entries)), prices


def _portfolio(prices: dict[str, float], rng: np.random.Generator) -> Portfolio:
    accounts = []
    for a in range(5):
        positions = tuple(
            Position(
                asset,
                int(rng.choice([1, -1])),
                50_000 / prices[asset],
                prices[asset] * rng.uniform(0.95, 1.05),
                TIERS,
            )
            for asset in rng.choice(ASSETS, 8, replace=False)
        )
        collateral = (CollateralHolding("USDT", 150_000.0), CollateralHolding("BTC", 1.0, HAIRCUT))
        accounts.append(Account(f"cross {a}", "binance" if a % 2 else "bybit", collateral, positions))
    isolated = tuple(
        Position(asset, 1, 20_000 / prices[asset], prices[asset], TIERS, MarginMode.ISOLATED, 4_000.0)
        for asset in ASSETS
    )
    accounts.append(Account("isolated", "binance", positions=isolated))
    return Portfolio("bench", tuple(accounts), prices, {})


def main() -> None:
    rng = np.random.default_rng(42)
    market, prices = _market(rng)
    portfolio = _portfolio(prices, rng)
    shocks = tuple(AssetShock(asset, beta=1.0 + 0.1 * k) for k, asset in enumerate(ASSETS))
    model = ShockModel(
        (*shocks, AssetShock("USDT", beta=0.0)), (VenueDislocation("binance", "BTC", 0.05),), 0.15
    )
    scenarios = drawdown_grid(model, np.linspace(0.0, 0.6, POINTS))
    start = time.perf_counter()
    book = prepare(portfolio, market)
    prepare_ms = (time.perf_counter() - start) * 1e3
    evaluate_prepared(book, scenarios)  # warm-up
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        report = evaluate_prepared(book, scenarios)
        times.append(time.perf_counter() - start)
    positions = sum(len(a.positions) for a in portfolio.accounts)
    median_ms, best_ms = np.median(times) * 1e3, min(times) * 1e3
    print(
        f"user curve: {POINTS} drawdowns, {positions} positions, {len(ASSETS)} assets, "
        f"{len(ASSETS)} x {CROWD_PER_ASSET:,} crowd positions"
    )
    print(f"  prepare (merge user rungs into ladders, once): {prepare_ms:.1f} ms")
    print(
        f"  evaluate: median {median_ms:.2f} ms, best {best_ms:.2f} ms over {REPEATS} runs (target <= 20 ms)"
    )
    print(
        f"  check: survival drawdown {report.summary.survival_drawdown}, "
        f"liquidated share at 60%: {report.liquidated_share[-1]:.3f}"
    )
    _band(book, model, float(np.median(times)))


def _band(book: PreparedBook, model: ShockModel, median_s: float) -> None:
    """The same curve with its band: every member of a 16-member ensemble (impact ×0.67–1.5,
    κ 15–45, w_min 0.05–0.2, the shipped ranges) in one engine call on every BAND_STEP-th
    drawdown, then P10/P50/P90 (the GUI draws the band between those points)."""
    members = MemberParameters(
        np.geomspace(0.67, 1.5, ENSEMBLE),
        np.linspace(15.0, 45.0, ENSEMBLE),
        np.geomspace(0.05, 0.2, ENSEMBLE),
    )
    grid = np.linspace(0.0, 0.6, POINTS)[::BAND_STEP]
    scenarios = ensemble_grid(model, grid, members)
    times = []
    for _ in range(REPEATS // 5):
        start = time.perf_counter()
        report = evaluate_prepared(book, scenarios)
        band = np.quantile(report.liquidated_share.reshape(ENSEMBLE, grid.size), (0.1, 0.5, 0.9), axis=0)
        times.append(time.perf_counter() - start)
    print(
        f"  its band ({ENSEMBLE} members x {grid.size} drawdowns, every {BAND_STEP}th): median "
        f"{np.median(times) * 1e3:.1f} ms, best {min(times) * 1e3:.1f} ms; with the curve "
        f"{(np.median(times) + median_s) * 1e3:.1f} ms (target <= 50 ms); "
        f"band width at 30%: {band[2, grid.size // 2] - band[0, grid.size // 2]:.3f}"
    )


if __name__ == "__main__":
    main()
