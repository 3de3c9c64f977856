"""Exchange-side speed: depth fit of a full book, CSV import, a whole refresh, the fragility signals.

Run: .venv/bin/python benchmarks/bench_exchanges.py [--repeat N]

Figures (median of N runs, wall clock):
- depth curve + D1/γ fit of a 1,000-level-per-side book (Binance's largest depth answer);
- validating a 10,000-row holdings CSV;
- one Binance refresh through the real ccxt client against the loopback venue the tests
  use (markets, spot and futures balances, positions, brackets, store write), unthrottled;
- the five fragility signals of one snapshot (the crowd ladder synthesis dominates).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from keyring.backends import fail  # (after the path set-up above: runs from a checkout)

from app.exchanges.accounts import add_api_account, refresh_account
from app.exchanges.client import ClientOptions
from app.exchanges.csv_io import COLUMNS, parse_holdings_csv, shipped_symbols
from app.exchanges.depth import depth_curve, fit_depth
from app.exchanges.fragility import fragility_signals
from app.exchanges.market import MarketSnapshot
from app.secrets import ApiCredentials, SecretStore
from app.store import open_store
from tests.app.exchanges.books import book_levels
from tests.app.exchanges.fake_binance import API_KEY, SECRET, binance_venue
from tests.app.exchanges.loopback import serve


def _median(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_depth(repeat: int) -> float:
    bids, _ = book_levels(100_000.0, 20e6, 0.4, levels=1000, step=0.0001)
    levels = [[float(p), float(a)] for p, a in bids]
    return _median(lambda: fit_depth(depth_curve(levels, 100_000.0, "bid", "bench")), repeat)


def bench_csv(repeat: int) -> float:
    """10,000 valid rows: a position per (symbol, side) of the shipped list, the rest balances."""
    known = shipped_symbols("binance")
    positions = [
        f"position,,,,{symbol},{side},1.5,100,101,5,cross,,80"
        for symbol in sorted(known)
        for side in ("long", "short")
    ]
    balances = [f"balance,wallet{i},A{i % 997},{i},,,,,,,,," for i in range(10_000 - len(positions))]
    text = "\n".join([",".join(COLUMNS), *positions, *balances]) + "\n"
    return _median(lambda: parse_holdings_csv(text, known, "bench"), repeat)


def bench_refresh(repeat: int) -> float:
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "s.sqlite3") as store:
        secrets = SecretStore(fail.Keyring())
        add_api_account(
            store, secrets, name="b", venue_name="binance", credentials=ApiCredentials(API_KEY, SECRET)
        )
        with serve(binance_venue()) as venue:
            options = ClientOptions(venue.base_url, 5000, throttle=False)
            return _median(lambda: refresh_account(store, secrets, "b", options), repeat)


def bench_signals(repeat: int) -> float:
    bids, asks = book_levels(100_000.0, 20e6, 0.4, levels=400, step=0.00025)
    bid = fit_depth(depth_curve([[float(p), float(a)] for p, a in bids], 1e5, "bid", "b"))
    ask = fit_depth(depth_curve([[float(p), float(a)] for p, a in asks], 1e5, "ask", "b"))
    snap = MarketSnapshot(
        "binance",
        "BTC/USDT:USDT",
        "2026-01-01T00:00:00+00:00",
        "live",
        mark_price=1e5,
        open_interest_usd=60e9,
        funding_rate=0.0002,
        spot_volume_usd=2e9,
        bid_fit=bid,
        ask_fit=ask,
        bands={"bid": {"0.01": 20e6, "0.05": 38e6}, "ask": {"0.01": 20e6, "0.05": 38e6}},
    )
    return _median(lambda: fragility_signals(snap, None, "2025-10-10"), repeat)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    repeat = parser.parse_args().repeat
    print(f"depth curve + fit, 1,000 levels/side:     {bench_depth(repeat) * 1e3:8.2f} ms")
    print(f"CSV validation, 10,000 rows:             {bench_csv(repeat) * 1e3:8.2f} ms")
    print(f"Binance refresh via ccxt (loopback):     {bench_refresh(repeat) * 1e3:8.2f} ms")
    print(f"fragility signals (40k-position crowd):  {bench_signals(repeat) * 1e3:8.2f} ms")


if __name__ == "__main__":
    main()
