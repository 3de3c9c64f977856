"""The advice per venue account: the least margin that survives the stress, and the rest.

For each account the engine is asked, by bisection on the USD value withdrawn (volatile
collateral first, synthetic stablecoins next, cash stablecoins last), for the largest
withdrawal after which no position of the account falls anywhere on the stress path or
on a sudden 10% gap either way. A cross/unified account is one unit: its collateral
backs all its cross positions. An isolated position keeps the least isolated margin
that survives; the rest is released and can leave too. Accounts are re-planned against
each other's proposed state until nothing changes, because the user's own liquidation
prices sit on the crowd ladders the cascade walks down.

A unit that cannot survive even with everything the account holds gets a cut instead:
the smallest share of its positions to close (the cross book's positions together, so
hedges keep their ratio; each isolated position alone). A lending loop that the stress
liquidates gets the debt to repay (closed form, below), and the proposed split repays it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from app.advisor.accounts import (
    CollateralKind,
    Taken,
    collateral_kind,
    collateral_usd,
    scaled_positions,
    take_amounts,
    take_collateral,
    with_account,
    withdrawal_order,
)
from app.advisor.bench import StressBench
from app.advisor.search import Slacks, largest
from risk._types import RiskInputError
from risk.loops import LendingLoop
from risk.portfolio import Account, Loop, MarginMode, Portfolio, Position

_MAX_ROUNDS = 6
_DECIMALS = {CollateralKind.VOLATILE: 8, CollateralKind.SYNTHETIC_STABLE: 2, CollateralKind.STABLE: 2}


@dataclass(frozen=True)
class Withdrawal:
    asset: str
    amount: float
    usd: float
    kind: CollateralKind


@dataclass(frozen=True)
class Cut:
    """Reduce one position by `reduce_by` coins (the share `share` of it)."""

    label: str
    asset: str
    side: str
    size: float
    reduce_by: float
    share: float


@dataclass(frozen=True)
class LoopRepay:
    """Repay `repay_usd` of a loop's debt with its own collateral so the stress leaves HF > 1."""

    label: str
    asset: str
    liquidation_price: float
    stress_price: float
    repay_usd: float


@dataclass(frozen=True)
class MarginRelease:
    """Lower the isolated margin of one position (the `index`-th of its account) to the least
    that survives, and withdraw the difference."""

    label: str
    index: int
    isolated_margin: float
    least_margin: float

    @property
    def release_usd(self) -> float:
        return self.isolated_margin - self.least_margin


@dataclass(frozen=True)
class AccountPlan:
    account: str
    venue: str
    collateral_usd: float
    least_margin_usd: float
    survives_now: bool
    withdrawals: tuple[Withdrawal, ...]
    cuts: tuple[Cut, ...]
    repays: tuple[LoopRepay, ...]
    fallen_now: tuple[str, ...]
    releases: tuple[MarginRelease, ...] = ()

    @property
    def excess_usd(self) -> float:
        """What can leave: collateral above the least margin plus released isolated margin."""
        return math.fsum(w.usd for w in self.withdrawals) + math.fsum(r.release_usd for r in self.releases)


def plan_accounts(
    bench: StressBench, portfolio: Portfolio, hints: dict[str, float] | None = None
) -> tuple[tuple[AccountPlan, ...], Portfolio]:
    """Every account's plan and the portfolio after all of them are carried out.

    The accounts share the crowd ladders, so thinning one account's margin lifts its
    liquidation prices onto the ladder and deepens the cascade for the others. Each
    account is therefore re-planned, from its own holdings today, against the others'
    proposed state, until a round changes nothing (a fixed point; a few rounds).
    """
    today = bench.run(portfolio).fallen
    current = portfolio
    previous: tuple[AccountPlan, ...] | None = None
    plans: tuple[AccountPlan, ...] = ()
    # A plan depends only on the other accounts' state: the confirming round reuses it.
    planned: dict[tuple[str, tuple[Account, ...]], tuple[AccountPlan, Account]] = {}
    # Each bisection's last answer, tried first in the next round (and by the caller's next plan).
    hints = {} if hints is None else hints
    for _ in range(_MAX_ROUNDS):
        rounds = []
        for account in portfolio.accounts:
            context = with_account(current, account)
            key = (account.name, context.accounts)
            if key not in planned:
                planned[key] = plan_account(bench, context, account, hints)
            plan, changed = planned[key]
            rounds.append(replace(plan, fallen_now=tuple(today.labels(account.name))))
            current = with_account(current, changed)
        plans = tuple(rounds)
        if plans == previous:
            break
        previous = plans
    return plans, current


def plan_account(
    bench: StressBench, portfolio: Portfolio, account: Account, hints: dict[str, float] | None = None
) -> tuple[AccountPlan, Account]:
    """Cut what falls (if anything), then withdraw the excess of what is left; `portfolio`
    holds `account` as it is today and the other accounts as the plan leaves them."""
    prices = portfolio.prices
    fallen = bench.account_fallen(portfolio, account.name)
    fallen_now = tuple(fallen.labels(account.name))
    repays = tuple(r for r in (_loop_repay(bench, account, held) for held in account.loops) if r is not None)
    cuts: tuple[Cut, ...] = ()
    changed = _with_repaid_loops(account, repays)
    falling = _falling_positions(account, fallen.position_indices(account.name))
    if falling:
        cuts, changed = _deleverage(bench, portfolio, changed, falling, hints)
    releases: list[MarginRelease] = []
    for index, position in enumerate(changed.positions):
        if position.margin_mode is MarginMode.ISOLATED and index not in falling:
            release, changed = _release_isolated(bench, portfolio, changed, index, hints)
            releases += [release] if release.release_usd > 0 else []
    if not account.positions:
        excess = collateral_usd(account, prices)  # nothing to keep alive: all of it can leave
    elif not falling or survives(bench, portfolio, changed):
        excess = _largest_withdrawal(bench, portfolio, changed, hints)
    else:
        excess = 0.0
    withdrawals, changed = _withdraw(changed, excess, prices)
    plan = AccountPlan(
        account=account.name,
        venue=account.venue,
        collateral_usd=collateral_usd(account, prices),
        least_margin_usd=collateral_usd(changed, prices),
        survives_now=not falling,
        withdrawals=withdrawals,
        cuts=cuts,
        repays=repays,
        fallen_now=fallen_now,
        releases=tuple(releases),
    )
    return plan, changed


def _release_isolated(
    bench: StressBench, portfolio: Portfolio, account: Account, index: int, hints: dict[str, float] | None
) -> tuple[MarginRelease, Account]:
    """The least isolated margin (to the cent above) with which the position survives."""
    position = account.positions[index]

    def with_margin(margin: float) -> Account:
        positions = list(account.positions)
        positions[index] = replace(position, isolated_margin=margin)
        return replace(account, positions=tuple(positions))

    def slack(release: float) -> Slacks:
        return account_slack(bench, portfolio, with_margin(position.isolated_margin - release))

    # The margin must stay above zero: an isolated position without margin is not a position.
    release = _bisect(slack, position.isolated_margin * (1 - 1e-9), hints, f"{account.name}: release {index}")
    least = min(position.isolated_margin, math.ceil((position.isolated_margin - release) * 100) / 100)
    label = position_label(account, position)
    return MarginRelease(label, index, position.isolated_margin, least), with_margin(least)


def _falling_positions(account: Account, fallen: frozenset[int]) -> frozenset[int]:
    """Indices of the positions to cut: every cross position if the cross book falls (it
    falls as one), and each isolated position that falls on its own."""
    cross = {i for i, p in enumerate(account.positions) if p.margin_mode is MarginMode.CROSS}
    return frozenset(fallen | cross) if fallen & cross else fallen


def position_label(account: Account, position: Position) -> str:
    """A position's label, worded as risk.engine_units words the engine's (for display only)."""
    side = "long" if position.side == 1 else "short"
    return f"{account.name}: {position.asset} {side} {position.size:g} ({position.margin_mode.value})"


def _withdraw(
    account: Account, usd: float, prices: Mapping[str, float]
) -> tuple[tuple[Withdrawal, ...], Account]:
    """The withdrawal rounded down to whole satoshis / cents, and the account after it."""
    _, taken = take_collateral(account, usd, prices, withdrawal_order(account))
    held = {c.asset: c.amount for c in account.collateral}
    rounded = [_rounded_down(t, held[t.asset], prices) for t in taken]
    rounded = [w for w in rounded if w.amount > 0]
    return tuple(rounded), take_amounts(account, {w.asset: w.amount for w in rounded})


def _rounded_down(taken: Taken, held: float, prices: Mapping[str, float]) -> Withdrawal:
    """All of a holding stays exact; a part is rounded down, so the account keeps a little more."""
    amount = held
    if taken.amount < held * (1 - 1e-12):
        scale = 10 ** _DECIMALS[taken.kind]
        amount = math.floor(taken.amount * scale) / scale
    return Withdrawal(taken.asset, amount, amount * prices[taken.asset], taken.kind)


def survives(bench: StressBench, portfolio: Portfolio, account: Account) -> bool:
    """Whether no position of `account` falls on the stress path (an unusable account does not)."""
    return min(account_slack(bench, portfolio, account).values(), default=math.inf) > 0


_REFUSED = {-1: -math.inf}  # the engine refuses the account (e.g. below maintenance already today)


def account_slack(bench: StressBench, portfolio: Portfolio, account: Account) -> Slacks:
    """How far each position of `account` stays from liquidation in the stress (USD; ≤ 0: it falls)."""
    try:
        return bench.account_slacks(with_account(portfolio, account), account.name)
    except RiskInputError:
        return _REFUSED


def bisect_largest(
    ok: Callable[[float], bool], high: float, *, rel: float = 1e-7, hint: float | None = None
) -> float:
    """The largest x in [0, high] with ok(x), for ok true at 0 and monotone (true, then false),
    to `rel` of the bound. A `hint` that is already that answer (ok there, not ok one
    tolerance above) is returned after two checks instead of a whole bisection."""
    if ok(high):
        return high
    if hint is not None and 0.0 <= hint < high:
        step = rel * max(hint, 1.0)
        if ok(hint) and not ok(min(high, hint + step)):
            return hint
    low = 0.0
    while high - low > rel * max(high, 1.0):
        middle = 0.5 * (low + high)
        low, high = (middle, high) if ok(middle) else (low, middle)
    return low


def _largest_withdrawal(
    bench: StressBench, portfolio: Portfolio, account: Account, hints: dict[str, float] | None
) -> float:
    prices, order = portfolio.prices, withdrawal_order(account)

    def slack(usd: float) -> Slacks:
        return account_slack(bench, portfolio, take_collateral(account, usd, prices, order)[0])

    return _bisect(slack, collateral_usd(account, prices), hints, f"{account.name}: withdraw")


class Hints(dict[str, float]):
    """Starting points from another plan (the ensemble bands start from the headline's answers,
    which answer another survival share: estimates, not answers to check first), and the
    coarsest relative tolerance the plan needs (the bands are read to three figures)."""

    def __init__(self, answers: Mapping[str, float], *, tolerance: float) -> None:
        super().__init__(answers)
        self.tolerance = tolerance


def _bisect(
    slack: Callable[[float], Slacks], high: float, hints: dict[str, float] | None, key: str, rel: float = 1e-7
) -> float:
    """`bisect_largest` on `slack(x) > 0`, starting from the answer the last round found for
    `key`; the slack lets app.advisor.search skip most of the engine runs, not change the answer."""
    hint = None if hints is None else hints.get(key)
    estimates_only = isinstance(hints, Hints)
    if isinstance(hints, Hints):
        rel = max(rel, hints.tolerance)
    answer = largest(
        slack,
        high,
        lambda ok, bound: bisect_largest(ok, bound, rel=rel, hint=None if estimates_only else hint),
        rel=rel,
        hint=hint,
        hint_may_hold=not estimates_only,
    )
    if hints is not None:
        hints[key] = answer
    return answer


def _deleverage(
    bench: StressBench,
    portfolio: Portfolio,
    account: Account,
    selected: frozenset[int],
    hints: dict[str, float] | None,
) -> tuple[tuple[Cut, ...], Account]:
    """Cut each liquidation unit that falls by the least that saves it: each falling isolated
    position alone, then the cross book's positions together (its one unit; an isolated
    cut's realised profit lands in the cross wallet first)."""
    cross = frozenset(i for i in selected if account.positions[i].margin_mode is MarginMode.CROSS)
    groups = [frozenset({i}) for i in sorted(selected - cross)] + ([cross] if cross else [])
    changed = account
    shares: dict[int, float] = {}
    for group in groups:
        share, changed = _least_cut(bench, portfolio, changed, group, hints)
        shares.update(dict.fromkeys(group, share))
    cuts = tuple(
        Cut(
            label=position_label(account, p),
            asset=p.asset,
            side="long" if p.side == 1 else "short",
            size=p.size,
            reduce_by=p.size * shares[i],
            share=shares[i],
        )
        for i, p in enumerate(account.positions)
        if i in shares
    )
    return cuts, changed


def _least_cut(
    bench: StressBench,
    portfolio: Portfolio,
    account: Account,
    group: frozenset[int],
    hints: dict[str, float] | None,
) -> tuple[float, Account]:
    """The smallest common cut of the `group` positions after which none of them falls,
    rounded up to 0.1%, and the account after it."""
    prices = portfolio.prices

    def slack(share: float) -> Slacks:
        cut = scaled_positions(account, share, prices, group)
        return _REFUSED if cut is None else _group_slack(bench, portfolio, cut, group)

    # The cut is rounded up to 0.1%, so 1e-5 of the position is precise enough — except when
    # the boundary lies within that 1e-5 above a 0.1% step: then the step below is run too.
    kept = _bisect(
        lambda keep: slack(1.0 - keep), 1.0, hints, f"{account.name}: cut {sorted(group)}", rel=_CUT_REL
    )
    permille = (1.0 - kept) * 1000
    share = min(1.0, math.ceil(permille - 1e-9) / 1000)
    lower = round(share - 0.001, 3)
    if lower > 0 and permille - lower * 1000 <= _CUT_REL * 1000 and _all_positive(slack(lower)):
        share = lower
    return share, scaled_positions(account, share, prices, group) or account


_CUT_REL = 1e-5  # how close to the boundary the cut search goes, as a share of the position


def _all_positive(slacks: Slacks) -> bool:
    return min(slacks.values(), default=math.inf) > 0


def _group_slack(bench: StressBench, portfolio: Portfolio, account: Account, group: frozenset[int]) -> Slacks:
    """The slacks of the `group` positions still open (the whole group refused when the
    account cannot be used)."""
    try:
        slacks = bench.account_slacks(with_account(portfolio, account), account.name)
    except RiskInputError:
        return _REFUSED
    return {i: slacks[i] for i in group if i in slacks}


def _loop_repay(bench: StressBench, account: Account, held: Loop) -> LoopRepay | None:
    """Debt D to repay (selling D of the collateral at the peg) so HF stays ≥ 1 at the stress price p.

    After repaying, exposure E − D and debt B − D; HF = (E − D)·p·LT / (B − D) ≥ 1
    ⟺ D ≥ (B − E·p·LT) / (1 − p·LT). None when the stress leaves HF > 1 already.
    """
    loop = held.loop
    p = bench.venue_price_factor(account.venue, held.asset)
    label = loop_label(account, held)
    shortfall = loop.debt - loop.exposure * p * loop.lt
    if shortfall < 0:
        return None
    repay = min(loop.debt, shortfall / (1.0 - p * loop.lt))
    return LoopRepay(label, held.asset, loop.liquidation_price, p, math.ceil(repay * 100) / 100)


def _with_repaid_loops(account: Account, repays: tuple[LoopRepay, ...]) -> Account:
    if not repays:
        return account
    by_label = {r.label: r for r in repays}
    loops = tuple(
        replace(held, loop=repaid_loop(held.loop, by_label[label].repay_usd)) if label in by_label else held
        for held, label in ((held, loop_label(account, held)) for held in account.loops)
    )
    return replace(account, loops=loops)


def loop_label(account: Account, held: Loop) -> str:
    return f"{account.name}: {held.asset} loop x{held.loop.cycles} at LTV {held.loop.ltv:g}"


def repaid_loop(loop: LendingLoop, repay: float) -> LendingLoop:
    """The loop after selling `repay` of its collateral to repay as much debt: exposure E − D,
    debt B − D, the same capital; expressed as the same number of re-borrows at a lower LTV
    (exposure = C·Σ LTV^i grows with LTV, so one LTV fits; found by bisection)."""
    target = loop.exposure - repay
    low, high = 0.0, loop.ltv
    for _ in range(200):
        middle = 0.5 * (low + high)
        if replace(loop, ltv=middle).exposure < target:
            low = middle
        else:
            high = middle
    return replace(loop, ltv=low)


__all__ = [
    "AccountPlan",
    "Cut",
    "LoopRepay",
    "MarginRelease",
    "Withdrawal",
    "collateral_kind",
    "plan_accounts",
]
