"""Lending loops (Aave-style): deposit, borrow at LTV, re-deposit, n times (RISK_MODEL.md §4).

With capital C0 and n re-borrows at loan-to-value LTV, in units of the looped asset
valued at its peg (price 1):

    exposure = C0 · Σ_{i=0..n} LTV^i        debt = C0 · Σ_{i=1..n} LTV^i

At price p the health factor is HF = exposure·p·LT / debt; liquidation starts when
HF < 1, i.e. below p* = debt / (exposure·LT), and the equity exposure·p − debt is gone
at p = debt / exposure. The debt is in a stable unit, so only the collateral reprices.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from risk._types import FloatArray, RiskInputError

# Past a few dozen re-borrows ltv**n adds nothing a float can hold; the bound keeps the sums
# (one term per cycle) from running for minutes on a mistyped or hostile count.
MAX_LOOP_CYCLES = 1000


@dataclass(frozen=True)
class LendingLoop:
    """A looped position: `capital` deposited, re-borrowed `cycles` times at `ltv`, liquidated below HF 1."""

    capital: float
    ltv: float
    cycles: int
    lt: float

    def __post_init__(self) -> None:
        if not (math.isfinite(self.capital) and self.capital > 0):
            raise RiskInputError(f"capital must be > 0; got {self.capital!r}", field="capital")
        if not (math.isfinite(self.ltv) and 0 < self.ltv < 1):
            raise RiskInputError(f"ltv must be in (0, 1); got {self.ltv!r}", field="ltv")
        if (
            isinstance(self.cycles, bool)
            or not isinstance(self.cycles, int)
            or not 1 <= self.cycles <= MAX_LOOP_CYCLES
        ):
            raise RiskInputError(
                f"cycles must be a whole number from 1 to {MAX_LOOP_CYCLES}; got {self.cycles!r}",
                field="cycles",
            )
        if not (math.isfinite(self.lt) and 0 < self.lt <= 1):
            raise RiskInputError(f"lt must be in (0, 1]; got {self.lt!r}", field="lt")

    @property
    def exposure(self) -> float:
        """Collateral deposited in all, valued at the peg."""
        return self.capital * math.fsum(self.ltv**i for i in range(self.cycles + 1))

    @property
    def debt(self) -> float:
        """Borrowed in all (every re-borrow), in the stable unit."""
        return self.capital * math.fsum(self.ltv**i for i in range(1, self.cycles + 1))

    @property
    def liquidation_price(self) -> float:
        """The collateral price below which HF < 1."""
        return self.debt / (self.exposure * self.lt)

    @property
    def zero_equity_price(self) -> float:
        """The collateral price at which the whole stake is gone."""
        return self.debt / self.exposure

    def health_factor(self, price: npt.ArrayLike) -> FloatArray:
        """HF = exposure·p·LT / debt, for each price."""
        p = _prices(price)
        hf: FloatArray = self.exposure * p * self.lt / self.debt
        return hf

    def equity(self, price: npt.ArrayLike) -> FloatArray:
        """exposure·p − debt: negative once the loop owes more than it holds."""
        p = _prices(price)
        value: FloatArray = self.exposure * p - self.debt
        return value


def _prices(price: npt.ArrayLike) -> FloatArray:
    p = np.asarray(price, dtype=np.float64)
    bad = ~np.isfinite(p) | (p < 0)
    if np.any(bad):
        raise RiskInputError(f"prices must be finite and ≥ 0; got {p[bad].ravel()[0]!r}", field="price")
    return p
