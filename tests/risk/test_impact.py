"""Impact laws and market-maker retention (RISK_MODEL.md §2)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from risk._types import RiskInputError
from risk.impact import BookImpact, ConstantRetention, DecayRetention, SqrtImpact, price_impact, retention


def test_square_root_law_by_hand() -> None:
    model = SqrtImpact(y=0.7, sigma=0.04, adv_usd=1e9)
    moves = price_impact(model, np.array([0.0, 1e9, 4e9, 1e9]), np.array([1.0, 1.0, 1.0, 0.25]))
    np.testing.assert_allclose(moves, [0.0, 0.028, 0.056, 0.056])


def test_book_walk_matches_the_coindesk_depth_profile() -> None:
    # Pre-crash BTC depth: 1%: $20M, 5%: $40M → D(x) = 20M·(x/1%)^0.4 gives 38M at 5%.
    model = BookImpact(depth1_usd=20e6, gamma=0.4)
    moves = price_impact(model, np.array([20e6, 20e6 * 5**0.4, 10e6]), np.ones(3))
    np.testing.assert_allclose(moves, [0.01, 0.05, 0.01 * 0.5**2.5])


def test_impact_is_capped_and_never_overflows() -> None:
    moves = price_impact(BookImpact(1.0, 0.1, i_max=0.9), np.array([1e300]), np.array([1e-3]))
    assert moves[0] == 0.9
    assert price_impact(SqrtImpact(1, 1, 1, i_max=0.5), np.array([1e300]), np.array([1.0]))[0] == 0.5


def test_retention_decays_to_its_floor() -> None:
    w = retention(DecayRetention(kappa=10.0, w_min=0.05), np.array([0.0, 0.1, 1.0]))
    np.testing.assert_allclose(w, [1.0, math.exp(-1.0), 0.05])
    np.testing.assert_array_equal(retention(ConstantRetention(0.3), np.zeros(3)), [0.3] * 3)


@pytest.mark.parametrize(
    "build",
    [
        lambda: SqrtImpact(0.7, 0.04, 0.0),
        lambda: SqrtImpact(math.nan, 0.04, 1.0),
        lambda: SqrtImpact(0.7, 0.04, 1.0, i_max=1.0),
        lambda: BookImpact(-1.0, 0.4),
        lambda: BookImpact(1.0, math.inf),
        lambda: ConstantRetention(0.0),
        lambda: ConstantRetention(1.5),
        lambda: DecayRetention(-1.0, 0.1),
        lambda: DecayRetention(1.0, 0.0),
    ],
)
def test_bad_parameters_are_refused(build: object) -> None:
    with pytest.raises(RiskInputError):
        build()  # type: ignore[operator]
