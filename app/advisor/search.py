"""The advisor's bisections, answered with a fraction of the engine runs.

`app.advisor.plan.bisect_largest` finds the largest amount that survives by halving an
interval: about 23 engine runs for a withdrawal to 1e-7 of the account, 17 for a cut to
1e-5. Yet the engine knows more than "survives or not": how far each position stays from
liquidation (its *slack*: equity minus the liquidation threshold at the worst point of the
stress it must survive, in USD). The slack of the positions that fall at the upper bound
moves smoothly with the amount withdrawn or cut, so Newton steps on it (the slope measured
by two runs a quarter of the tolerance apart, which also straddle the estimate) usually
bracket the boundary within two or three rounds (`_locate`).

The answer must not change, so the bracket is only a shortcut: the same bisection then
runs, and each midpoint outside the known bracket is decided from it (below the largest
amount known to survive: survives; above the smallest known to fall: falls — the
monotonicity the bisection assumes anyway) instead of by an engine run. It returns the
very point the plain bisection returns, with engine runs only for the few midpoints that
land inside the bracket.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

Slacks = Mapping[int, float]  # per position (index): USD from liquidation, ≤ 0 where it falls
# Newton rounds before the bisection takes over on its own (a slack that jumps, e.g. where the
# account's own liquidation joins the cascade, defeats them; the bisection does not care).
_ROUNDS = 8


class Known:
    """`ok(x)`: every slack at x is > 0; every answer remembered and the monotone bracket used."""

    def __init__(self, slacks: Callable[[float], Slacks]) -> None:
        self._slacks = slacks
        self._seen: dict[float, Slacks] = {}
        self.survives_up_to = -math.inf  # the largest x known to survive
        self.falls_from = math.inf  # the smallest x known to fall

    def slacks(self, x: float) -> Slacks:
        if x not in self._seen:
            found = self._seen[x] = self._slacks(x)
            if min(found.values(), default=math.inf) > 0:
                self.survives_up_to = max(self.survives_up_to, x)
            else:
                self.falls_from = min(self.falls_from, x)
        return self._seen[x]

    def ok(self, x: float) -> bool:
        if x <= self.survives_up_to:
            return True
        if x >= self.falls_from:
            return False
        return min(self.slacks(x).values(), default=math.inf) > 0


def largest(
    slacks: Callable[[float], Slacks],
    high: float,
    bisect: Callable[[Callable[[float], bool], float], float],
    *,
    rel: float,
    hint: float | None,
    hint_may_hold: bool = True,
) -> float:
    """`bisect(ok, high)` (the plain bisection with its hint) run on the slacks' sign, after
    `_locate` has narrowed the boundary. With `hint_may_hold` false the hint is only the first
    estimate (it answers another question, e.g. another survival share), not checked first."""
    known = Known(slacks)
    if hint_may_hold and hint is not None and 0.0 <= hint < high:
        # A hint that is still the answer: two runs (the bound then falls, being above one
        # that falls); a stale one is the first estimate of the search.
        step = rel * max(hint, 1.0)
        if (known.ok(hint) and not known.ok(min(high, hint + step))) or known.ok(high):
            return bisect(known.ok, high)
    _locate(known, high, rel, hint)
    return bisect(known.ok, high)


def _locate(known: Known, high: float, rel: float, hint: float | None = None) -> None:
    """Narrow [survives, falls] around the boundary with Newton steps on the slack of the
    positions that fall at `high`, each estimate straddled by two runs; the first estimate
    is `hint` (the last round's answer) when there is one, else the secant from 0."""
    at_high = known.slacks(high)
    binding = [k for k, v in at_high.items() if not v > 0]
    if not binding or (hint is None and not known.ok(0.0)):
        return

    def deciding(x: float) -> float:
        found = known.slacks(x)
        return min((found[k] for k in binding if k in found), default=min(found.values(), default=math.inf))

    estimate = hint if hint is not None else _secant(0.0, deciding(0.0), high, deciding(high))
    strikes, last_step = 0, math.inf
    for _ in range(_ROUNDS):
        low, high_now = known.survives_up_to, known.falls_from
        width = 0.25 * rel * max(low, 1.0)
        if high_now - low <= width or strikes == 2:
            return  # bracketed, or not converging (a slack that jumps): the bisection takes over
        below = min(max(estimate - 0.5 * width, max(low, 0.0) + 0.25 * width), high_now - 0.75 * width)
        if estimate == hint and max(low, 0.0) + 0.25 * width <= hint <= high_now - 0.75 * width:
            below = hint  # often answered already (the engine keeps its candidates): one new run
        above = below + 0.5 * width
        s_below, s_above = deciding(below), deciding(above)
        # Newton from the point nearer the boundary, the slope from the pair.
        base, s_base = (above, s_above) if s_above > 0 else (below, s_below)
        slope = (s_above - s_below) / (above - below)
        if not (math.isfinite(slope) and slope < 0 and math.isfinite(s_base)):
            return
        estimate = base - s_base / slope
        step = abs(estimate - base)
        strikes = 0 if step <= 0.5 * last_step else strikes + 1
        last_step = step


def _secant(x0: float, s0: float, x1: float, s1: float) -> float:
    if math.isfinite(s0) and math.isfinite(s1) and s0 > s1:
        return x0 + (x1 - x0) * s0 / (s0 - s1)
    return 0.5 * (x0 + x1)
