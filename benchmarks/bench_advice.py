"""The cold-storage advisor on the demo holdings under the default stress (2025-10-10 + 2%).

Times the pieces of `app.advisor.advice.advise`: building the stressed market (the
preset's crowds under today's prices), one engine run of a candidate portfolio along
the 40-point stress path plus the ±10% gap (`StressBench.run`: merge the user's positions
into the ladders, then evaluate), the per-account plans (bisection with the engine, re-planned
until a round changes nothing), and the whole advice with flags and before/after.

    .venv/bin/python benchmarks/bench_advice.py
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from app.advisor.advice import advise, make_bench
from app.advisor.bench import StressBench, StressResult
from app.advisor.plan import plan_accounts
from app.advisor.policy import StressPolicy, resolve
from app.advisor.targets import TargetBook
from app.holdings import load_holdings
from app.resources import resource_path
from risk.portfolio import Portfolio


class CountingBench(StressBench):
    """A bench that counts its engine runs (the advisor's unit of work)."""

    runs = 0

    def run(self, portfolio: Portfolio) -> StressResult:
        self.runs += 1
        return super().run(portfolio)

    def account_falls(self, portfolio: Portfolio, account: str) -> bool:
        self.runs += 1
        return super().account_falls(portfolio, account)


def _best_of(repeats: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    document = load_holdings(resource_path("demo", "advice.json"))
    stress = resolve(StressPolicy())
    build = _best_of(3, lambda: make_bench(document, stress))
    bench = CountingBench(stress, {"USDT": 1.0, **document.portfolio.prices}, document.portfolio.betas)
    one_run = statistics.median(_best_of(1, lambda: bench.run(document.portfolio)) for _ in range(20))
    bench.runs = 0
    start = time.perf_counter()
    plan_accounts(bench, document.portfolio)
    planning = time.perf_counter() - start
    whole = _best_of(1, lambda: advise(document, stress, TargetBook()))
    accounts = len(document.portfolio.accounts)
    drop = f"BTC -{stress.btc_drawdown:.1%} ({stress.preset.name})"
    print(f"demo holdings: {accounts} venue accounts, stress {drop}")
    print(f"build stressed market          {build * 1e3:8.1f} ms")
    print(f"one engine run (path + gap)    {one_run * 1e3:8.1f} ms (median of 20)")
    print(f"plan all accounts              {planning:8.2f} s  ({bench.runs} engine runs)")
    print(f"whole advice                   {whole:8.2f} s  (plans, flags, before/after survival curves)")


if __name__ == "__main__":
    main()
