"""The cold-storage advisor on the demo holdings under the default stress (2025-10-10 + 2%),
16-member ensemble included (every plan survives in 15 of 16 members).

Times the pieces of `app.advisor.advice.advise`: building the bench (the preset's crowds
under today's prices, the crowd's cascade solved once along every member's stress path and
the ±10% gap), one candidate evaluation of one account against the others
(`StressBench.account_slacks`: its own rungs on the ladders, the rows they reach re-solved,
its units on 16 × 40 path points + the gap), one whole-portfolio run, the per-account plans
(bisections guided by the slack, re-planned until a round changes nothing), and the whole
advice with flags, the before/after survival drawdowns and their ensemble bands, and every
amount's P10/P50/P90 (app.advisor.bands: the plans again at 50% and 10% survival) — first
(the preset's crowds built for today's prices and solved) and again (kept between calls).

    .venv/bin/python benchmarks/bench_advice.py

Wall time depends on what else the machine runs (2 cores shared): the load average is
printed, and the CPU time of the process beside the wall time.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from dataclasses import replace

from app.advisor.advice import advise, long_term_spot_amounts, make_bench, settlement_asset
from app.advisor.bands import amount_bands
from app.advisor.bench import StressBench, StressResult, forget_shared_crowds
from app.advisor.plan import plan_accounts
from app.advisor.policy import StressPolicy, resolve
from app.advisor.targets import TargetBook
from app.holdings import load_holdings
from app.resources import resource_path
from risk.portfolio import Portfolio

REPEATS = 5


class CountingBench(StressBench):
    """A bench that counts its engine evaluations (the advisor's unit of work)."""

    runs = 0

    def run(self, portfolio: Portfolio) -> StressResult:
        self.runs += 1
        return super().run(portfolio)

    def account_slacks(self, portfolio: Portfolio, account: str) -> dict[int, float]:
        self.runs += 1
        return super().account_slacks(portfolio, account)


def _timed(work: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    document = load_holdings(resource_path("demo", "portfolio.json"))
    stress = resolve(StressPolicy())
    advise(document, stress, TargetBook())  # imports, numpy warm-up
    builds = []
    for _ in range(3):
        forget_shared_crowds()
        builds.append(_timed(lambda: make_bench(document, stress))[0])
    build = min(builds)
    bench = CountingBench(stress, {"USDT": 1.0, **document.portfolio.prices}, document.portfolio.betas)
    portfolio, name = document.portfolio, document.portfolio.accounts[0].name

    def fresh_candidate() -> None:
        bench.forget_candidates()  # the bench keeps each candidate's answer: time a new one
        bench.account_slacks(portfolio, name)

    one_slack = statistics.median(_timed(fresh_candidate)[0] for _ in range(20))
    # A copy each time: the bench keeps its last answer for the very same portfolio object.
    one_run = statistics.median(_timed(lambda: bench.run(replace(portfolio)))[0] for _ in range(20))
    bench.runs = 0
    hints: dict[str, float] = {}
    planning, _ = _timed(lambda: plan_accounts(bench, portfolio, hints))
    headline_runs = bench.runs
    plans, planned = plan_accounts(bench, portfolio, dict(hints))
    settlement = {a.name: settlement_asset(a) for a in portfolio.accounts}
    banding, _ = _timed(
        lambda: amount_bands(
            bench, portfolio, planned, plans, hints, long_term_spot_amounts(document), settlement
        )
    )
    first = []
    for _ in range(REPEATS):
        forget_shared_crowds()  # a first advice: the preset's crowds built and solved anew
        first.append(_timed(lambda: advise(document, stress, TargetBook())))
    again = [_timed(lambda: advise(document, stress, TargetBook())) for _ in range(REPEATS)]
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    accounts = len(portfolio.accounts)
    drop = f"BTC -{stress.btc_drawdown:.1%} ({stress.preset.name})"
    print(f"demo holdings: {accounts} venue accounts, stress {drop}, {bench.members.size} ensemble members")
    print(f"load average (1, 5, 15 min): {load}")
    print(f"build the bench (crowds built, path solved)  {build * 1e3:8.1f} ms")
    print(f"one account candidate (account_slacks)       {one_slack * 1e3:8.1f} ms (median of 20)")
    print(f"one whole-portfolio run (path + gap)         {one_run * 1e3:8.1f} ms (median of 20)")
    print(f"plan all accounts                            {planning:8.2f} s  ({headline_runs} engine runs)")
    print(f"amount bands (plans at 50% and 10% survival) {banding:8.2f} s")
    for label, runs in (("first", first), ("again", again)):
        walls, cpus = [w for w, _ in runs], [c for _, c in runs]
        median_wall, median_cpu = statistics.median(walls), statistics.median(cpus)
        print(
            f"whole advice, {label} (ensemble included)     {median_wall:8.2f} s  median of {REPEATS}, "
            f"best {min(walls):.2f} s wall; CPU median {median_cpu:.2f} s (target <= 1 s)"
        )
    print("  (first: the preset's crowds built and solved; again: the same holdings and prices re-advised)")


if __name__ == "__main__":
    main()
