"""The advisor's bisection: the largest amount that still survives, and its warm start."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from app.advisor.plan import bisect_largest


def _counting(threshold: float) -> tuple[list[float], Callable[[float], bool]]:
    calls: list[float] = []

    def ok(x: float) -> bool:
        calls.append(x)
        return x <= threshold

    return calls, ok


def test_bisection_finds_the_boundary_to_the_tolerance() -> None:
    calls, ok = _counting(3.2)
    answer = bisect_largest(ok, 10.0)
    assert answer <= 3.2 and answer == pytest.approx(3.2, abs=1e-6)
    assert len(calls) < 40
    assert bisect_largest(lambda x: True, 10.0) == 10.0


def test_a_hint_that_is_still_the_answer_costs_two_checks() -> None:
    _, ok = _counting(3.2)
    first = bisect_largest(ok, 10.0)
    calls, ok = _counting(3.2)
    assert bisect_largest(ok, 10.0, hint=first) == first
    assert len(calls) == 3  # the bound, the hint, one tolerance above it


@pytest.mark.parametrize("hint", [5.0, 1.0, 0.0, 10.0, -1.0])
def test_a_stale_hint_falls_back_to_the_full_bisection(hint: float) -> None:
    _, ok = _counting(3.2)
    answer = bisect_largest(ok, 10.0, hint=hint)
    assert answer <= 3.2 and answer == pytest.approx(3.2, abs=1e-6)
