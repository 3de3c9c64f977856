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

from dataclasses import dataclass

import numpy as np

from app.advisor.bench import StressBench, book_accounts
from app.advisor.plan import AccountPlan
from app.messages import Message, MessageKey, message
from risk._types import RiskInputError
from risk.engine import evaluate_prepared, prepare
from risk.portfolio import Portfolio
from risk.presets import Preset
from risk.scenarios import drawdown_grid

_GRID = np.linspace(0.0, 0.6, 61)
_TOLERANCE = 1e-4


@dataclass(frozen=True)
class AccountFall:
    """The BTC shock from which the account's first position falls, and BTC's settled fall there."""

    shock: float
    settled: float


def recorded_btc_fall(preset: Preset) -> float | None:
    """The deepest settled BTC fall the preset's sources record (its validation range's top)."""
    highs = [row.high for row in preset.validation if row.metric == "settled_drawdown.BTC"]
    return max(highs) if highs else None


def account_fall(bench: StressBench, portfolio: Portfolio, account: str) -> AccountFall | None:
    """Where `account` first loses a position under the stress's shock model (None: not by 60%)."""
    try:
        book = prepare(portfolio, bench.market)
    except RiskInputError:
        return None
    rows = book_accounts(book.units)
    if "BTC" not in book.market.names:
        return None
    btc = book.market.names.index("BTC")

    def falls(drawdowns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        report = evaluate_prepared(book, drawdown_grid(bench.shock, drawdowns))
        hit = np.array(
            [
                any(rows[int(k)].account == account for k in report.fallen_positions(s))
                for s in range(drawdowns.size)
            ]
        )
        settled = 1.0 - report.settled_prices[btc] / book.market.assets[btc].p0
        return hit, settled

    hit, _ = falls(_GRID)
    if not hit.any():
        return None
    first = int(np.argmax(hit))
    low, high = (float(_GRID[first - 1]) if first else 0.0), float(_GRID[first])
    while high - low > _TOLERANCE:
        middle = 0.5 * (low + high)
        fell, _ = falls(np.array([middle]))
        low, high = (low, middle) if fell[0] else (middle, high)
    _, at = falls(np.array([low]))
    return AccountFall(low, float(at[0]))


def weaker_than_recorded(
    bench: StressBench, proposed: Portfolio, plans: tuple[AccountPlan, ...]
) -> tuple[Message, ...]:
    """One line per account whose withdrawals leave it falling before the event's recorded BTC fall."""
    preset = bench.stress.preset
    recorded = recorded_btc_fall(preset)
    if recorded is None:
        return ()
    lines = []
    for plan in plans:
        gives_up = plan.withdrawals or plan.releases
        if not gives_up or not any(a.name == plan.account and a.positions for a in proposed.accounts):
            continue
        after = account_fall(bench, proposed, plan.account)
        if after is None or after.settled >= recorded:
            continue
        lines.append(_line(plan.account, after, recorded, preset.name))
    return tuple(lines)


def _line(account: str, after: AccountFall, recorded: float, preset: str) -> Message:
    return message(
        MessageKey.NOTE_WEAKER_THAN_RECORDED,
        f"After its withdrawals {account} is liquidated from a BTC shock of {after.shock:.1%}, BTC settling "
        f"−{after.settled:.1%}, short of the −{recorded:.1%} fall {preset} recorded; keep more margin there "
        "if it must survive a repeat.",
        account=account,
        shock=after.shock,
        settled=after.settled,
        recorded=recorded,
        preset=preset,
    )
