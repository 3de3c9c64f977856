"""The advice's amounts across the calibrated ensemble: P10/P50/P90 of what to move or cut.

The headline advice survives the stress in `survive_share` of the ensemble's members
(default 90%). Every amount is monotone in how many members must survive — a withdrawal
shrinks and a cut grows as more must — so the amount that the members' spread allows is the
same question asked at another share: the plans are solved again with 90%, 50% and 10% of
the members required to survive. Sorted, the three answers are the P10, P50 and P90 of the
amount across the ensemble (for a withdrawal P10 is the 90% plan, for a cut P90 is).

Each account is re-planned once, from its holdings today, against the other accounts as the
headline plan leaves them (the headline plan is the fixed point of exactly that question),
and each bisection starts from the headline's answer (measured on the demo: fewer engine
runs than starting the 10% plan from the 50% plan's answers, or from a line through both)
and stops at 1e-4 of its bound (the bands are read to three figures). At the headline's own share the
headline plans are reused, so its amounts are one of the three.

A band is of the planned amount: what the plan lets leave the account (spot coins marked
long-term included) or the share of a position to cut, before the transfer rules drop
transfers under the minimum or without a cold account.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.advisor.accounts import with_account
from app.advisor.bench import StressBench
from app.advisor.plan import AccountPlan, Hints, plan_account
from risk.portfolio import Portfolio

BAND_SHARES = (0.9, 0.5, 0.1)
# The bands' bisections stop at 1e-4 of their bound (the headline's at 1e-7 and 1e-5).
BAND_TOLERANCE = 1e-4
Band3 = tuple[float, float, float]
Key = tuple[str, str]  # (source account, asset)


@dataclass(frozen=True)
class AmountBands:
    """P10/P50/P90 across the ensemble of every planned transfer (coins, by source account and
    asset) and of every cut (share of the position, by position label)."""

    transfers: Mapping[Key, Band3]
    cuts: Mapping[str, Band3]

    def transfer(self, account: str, asset: str) -> Band3 | None:
        return self.transfers.get((account, asset))

    def cut(self, label: str) -> Band3 | None:
        return self.cuts.get(label)


NO_BANDS = AmountBands({}, {})


def amount_bands(
    bench: StressBench,
    today: Portfolio,
    planned: Portfolio,
    plans: tuple[AccountPlan, ...],
    hints: dict[str, float],
    fixed: Mapping[Key, float],
    settlement: Mapping[str, str],
) -> AmountBands:
    """The bands of the headline `plans` (solved at the bench's survive share on `today`,
    leaving `planned`). `fixed` holds amounts the ensemble does not change (long-term spot
    coins); `settlement` each account's isolated-margin stablecoin."""
    runs = [
        plans
        if math.isclose(share, bench.stress.survive_share)
        else _replanned(
            bench.with_survive_share(share), today, planned, Hints(hints, tolerance=BAND_TOLERANCE)
        )
        for share in BAND_SHARES
    ]
    totals = [_planned_totals(run, fixed, settlement) for run in runs]
    keys = sorted({key for total in totals for key in total})
    transfers = {key: _sorted3([total.get(key, 0.0) for total in totals]) for key in keys}
    labels = sorted({c.label for run in runs for plan in run for c in plan.cuts})
    cuts = {label: _sorted3([_cut_share(run, label) for run in runs]) for label in labels}
    return AmountBands(transfers, cuts)


def _replanned(
    bench: StressBench, today: Portfolio, planned: Portfolio, hints: dict[str, float]
) -> tuple[AccountPlan, ...]:
    """Each account planned from today's holdings against the others as the headline leaves them."""
    return tuple(
        plan_account(bench, with_account(planned, account), account, hints)[0] for account in today.accounts
    )


def _planned_totals(
    plans: Sequence[AccountPlan], fixed: Mapping[Key, float], settlement: Mapping[str, str]
) -> dict[Key, float]:
    totals = dict(fixed)
    for plan in plans:
        for w in plan.withdrawals:
            key = (plan.account, w.asset)
            totals[key] = totals.get(key, 0.0) + w.amount
        for r in plan.releases:
            key = (plan.account, settlement[plan.account])
            totals[key] = totals.get(key, 0.0) + round(r.release_usd, 2)
    return {key: round(value, 8) for key, value in totals.items()}


def _cut_share(plans: Sequence[AccountPlan], label: str) -> float:
    return next((c.share for plan in plans for c in plan.cuts if c.label == label), 0.0)


def _sorted3(values: list[float]) -> Band3:
    low, middle, high = sorted(values)
    return low, middle, high
