"""A withdrawal that leaves an account weaker than the crash it plans for says so (issue 16, 4).

The plan keeps each account alive down the stress path (the preset's shock plus the buffer).
That shock settles BTC above the lowest price the event itself recorded (2025-10-10: a
−12% to −14% settled fall, a −16.9% Binance perp wick), and the portfolio-wide survival
drawdown can rise while one account, stripped to its least margin, gets weaker. So for every
account that gives up margin and keeps positions, the advice finds where that account now
falls — the BTC shock and the settled fall it ends in — and says so in its own line when
the settled fall is smaller than the fall the event recorded (the top of its recorded range).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from app.advisor.bench import StressBench, book_accounts
from app.advisor.plan import AccountPlan
from app.messages import Message, MessageKey, message
from risk._types import BoolArray, FloatArray, RiskInputError
from risk.portfolio import Portfolio
from risk.presets import Preset
from risk.scenarios import drawdown_grid

_GRID = np.linspace(0.0, 0.6, 61)


@dataclass(frozen=True)
class AccountFall:
    """The BTC shock from which the account's first position falls, and BTC's settled fall there."""

    shock: float
    settled: float


def recorded_btc_fall(preset: Preset) -> float | None:
    """The deepest settled BTC fall the preset's sources record (its validation range's top)."""
    highs = [row.high for row in preset.validation if row.metric == "settled_drawdown.BTC"]
    return max(highs) if highs else None


def account_falls(
    bench: StressBench, portfolio: Portfolio, accounts: Iterable[str]
) -> dict[str, AccountFall | None]:
    """Where each of `accounts` first loses a position under the stress's shock model (None: not
    by a 60% shock): one engine call on a 1% grid for all of them, then two rounds of 15 probes
    each between the last safe and the first falling shock (to 1/256 of a point), every
    account's probes of a round in one engine call, and one call for BTC's settled falls."""
    wanted = list(accounts)
    try:
        setup = bench.setup(portfolio)  # the shared crowd: no ladder merged, the grid solved once
    except RiskInputError:
        return dict.fromkeys(wanted)
    if "BTC" not in bench.market.names:
        return dict.fromkeys(wanted)
    rows = book_accounts(setup.user.units)
    btc = bench.market.names.index("BTC")
    p0 = bench.market.assets[btc].p0

    def run(drawdowns: FloatArray) -> tuple[dict[str, BoolArray], FloatArray]:
        report = setup.evaluate(drawdown_grid(bench.shock, drawdowns))
        hit = {name: np.zeros(drawdowns.size, dtype=bool) for name in wanted}
        for s in range(drawdowns.size):
            for k in report.fallen_positions(s):
                name = rows[int(k)].account
                if name in hit:
                    hit[name][s] = True
        return hit, 1.0 - report.settled_prices[btc] / p0

    hits, _ = run(_GRID)
    brackets: dict[str, tuple[float, float]] = {}
    for name in wanted:
        if hits[name].any():
            first = int(np.argmax(hits[name]))
            brackets[name] = (float(_GRID[first - 1]) if first else 0.0), float(_GRID[first])
    names = list(brackets)
    for _ in range(2):  # every account's 15 probes in one engine call (the columns are independent)
        probes = {name: np.linspace(*brackets[name], 17)[1:-1] for name in names}
        fell_all = run(np.concatenate([probes[name] for name in names]))[0] if names else {}
        for i, name in enumerate(names):
            fell = fell_all[name][15 * i : 15 * (i + 1)]
            low, high = brackets[name]
            low = float(probes[name][~fell].max()) if (~fell).any() else low
            high = float(probes[name][fell].min()) if fell.any() else high
            brackets[name] = (low, high)
    settled = run(np.array([brackets[name][0] for name in names]))[1] if names else np.empty(0)
    found: dict[str, AccountFall | None] = dict.fromkeys(wanted)
    for i, name in enumerate(names):
        found[name] = AccountFall(brackets[name][0], float(settled[i]))
    return found


def weaker_than_recorded(
    bench: StressBench, proposed: Portfolio, plans: tuple[AccountPlan, ...]
) -> tuple[Message, ...]:
    """One line per account whose withdrawals leave it falling before the event's recorded BTC fall."""
    preset = bench.stress.preset
    recorded = recorded_btc_fall(preset)
    if recorded is None:
        return ()
    with_positions = {a.name for a in proposed.accounts if a.positions}
    giving = [p.account for p in plans if (p.withdrawals or p.releases) and p.account in with_positions]
    if not giving:
        return ()
    falls = account_falls(bench, proposed, giving)
    lines = []
    for name in giving:
        after = falls[name]
        if after is not None and after.settled < recorded:
            lines.append(_line(name, after, recorded, preset.name))
    return tuple(lines)


def _line(account: str, after: AccountFall, recorded: float, preset: str) -> Message:
    return message(
        MessageKey.NOTE_WEAKER_THAN_RECORDED,
        account=account,
        shock=after.shock,
        settled=after.settled,
        recorded=recorded,
        preset=preset,
    )
