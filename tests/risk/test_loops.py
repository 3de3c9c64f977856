"""The lending-loop check of RISK_MODEL.md §4, to the dollar, and the loop's invariants."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from risk._types import RiskInputError
from risk.loops import LendingLoop


def test_the_usde_loop_of_the_risk_model_holds_to_the_dollar() -> None:
    loop = LendingLoop(capital=100_000, ltv=0.8, cycles=5, lt=0.92)
    assert round(loop.exposure) == 368_928
    assert round(loop.debt) == 268_928
    assert round(loop.liquidation_price, 4) == 0.7923
    assert round(loop.zero_equity_price, 4) == 0.7289
    # Binance's USDe print of $0.6567: the whole stake is lost plus about 27% of it.
    loss = loop.capital - float(loop.equity(0.6567))
    assert round(loss / loop.capital, 2) == 1.27
    assert float(loop.health_factor(loop.liquidation_price)) == pytest.approx(1.0)
    assert float(loop.equity(loop.zero_equity_price)) == pytest.approx(0.0, abs=1e-6)


@given(
    capital=st.floats(1.0, 1e9),
    ltv=st.floats(0.05, 0.95),
    cycles=st.integers(1, 30),
    lt=st.floats(0.05, 1.0),
)
def test_loop_identities(capital: float, ltv: float, cycles: int, lt: float) -> None:
    loop = LendingLoop(capital, ltv, cycles, lt)
    assert math.isclose(loop.exposure - loop.debt, capital, rel_tol=1e-9)
    assert math.isclose(loop.exposure, capital * (1 - ltv ** (cycles + 1)) / (1 - ltv), rel_tol=1e-9)
    assert loop.zero_equity_price < 1.0
    assert math.isclose(loop.liquidation_price * lt, loop.zero_equity_price, rel_tol=1e-12)
    prices = np.array([0.5, 1.0])
    assert loop.health_factor(prices).shape == (2,) and loop.equity(prices)[1] > 0


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"capital": 0.0}, "capital"),
        ({"ltv": 1.0}, "ltv"),
        ({"ltv": math.nan}, "ltv"),
        ({"cycles": 0}, "cycles"),
        ({"lt": 1.5}, "lt"),
    ],
)
def test_bad_loops_are_refused(kwargs: dict[str, float], field: str) -> None:
    base: dict[str, float] = {"capital": 1.0, "ltv": 0.5, "cycles": 2, "lt": 0.9}
    base.update(kwargs)
    with pytest.raises(RiskInputError) as caught:
        LendingLoop(base["capital"], base["ltv"], int(base["cycles"]), base["lt"])
    assert caught.value.field == field


def test_negative_prices_are_refused() -> None:
    with pytest.raises(RiskInputError, match="price"):
        LendingLoop(1.0, 0.5, 2, 0.9).equity([-1.0])
