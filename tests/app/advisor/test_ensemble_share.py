"""Advice survives the stress in a stated share of the calibrated ensemble (issue 16, item 3)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.advisor.advice import make_bench
from app.advisor.bench import ensemble_allowed_falls
from app.advisor.policy import PolicyError, StressPolicy, resolve, with_survive_share
from app.holdings import load_holdings
from app.resources import resource_path


@pytest.mark.parametrize(
    ("members", "share", "allowed"),
    [(16, 0.9, 1), (16, 1.0, 0), (16, 0.5, 8), (16, 0.9375, 1), (16, 0.94, 0), (10, 0.9, 1)],
)
def test_how_many_members_may_liquidate_a_surviving_position(
    members: int, share: float, allowed: int
) -> None:
    assert ensemble_allowed_falls(members, share) == allowed


def test_the_share_is_checked() -> None:
    stress = resolve(StressPolicy())
    assert stress.survive_share == 0.9
    for bad in (0.0, 1.5, float("nan")):
        with pytest.raises(PolicyError, match="survive share"):
            with_survive_share(stress, bad)


def test_a_stricter_share_liquidates_at_least_as_much() -> None:
    """Demanding survival in every member can only add fallen positions, never remove one,
    and the proposed split of the demo falls in fewer members than the default allows."""
    document = load_holdings(resource_path("demo", "portfolio.json"))
    stress = resolve(StressPolicy())
    lenient = make_bench(document, with_survive_share(stress, 1 / 16)).run(document.portfolio).fallen
    default = make_bench(document, stress).run(document.portfolio).fallen
    strict = make_bench(document, replace(stress, survive_share=1.0)).run(document.portfolio).fallen
    assert lenient.positions <= default.positions <= strict.positions
    assert strict.positions  # the demo today does fall somewhere in the ensemble


def test_the_advice_carries_its_survival_band_and_settled_fall() -> None:
    """The demo advice's survival drawdown comes with its P10/P50/P90 across the ensemble and
    with the settled fall it ends in (a deeper number: the cascade adds to the shock)."""
    import json

    from tests.app.advisor.test_demo import GOLDEN

    split = json.loads(GOLDEN.read_text(encoding="utf-8"))["split"]
    for side in ("current", "proposed"):
        low, mid, high = split[side]["survival_drawdown_p10_p50_p90"]
        assert low <= mid <= high and low < high
        assert split[side]["survival_settled_fall"] > split[side]["survival_drawdown"]
