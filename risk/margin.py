"""Venue margin rules: tiered maintenance, liquidation prices, haircuts, cross/unified accounts.

RISK_MODEL.md §4. Formulas and their sources:

- Tiered maintenance margin (Binance, Bybit, Hyperliquid alike): MM = |Q|·P·mmr_n − cum_n,
  with cum_n = cum_{n−1} + floor_n·(mmr_n − mmr_{n−1}) and the bracket n chosen by notional.
  (Binance: "Leverage and Margin of USDⓈ-M Futures", "How to Calculate Liquidation Price
  of USDⓈ-M Futures Contracts".)
- Binance USDⓈ-M one-way liquidation price:
  LP = (WB − TMM1 + UPNL1 + cum − side·Q·EP) / (Q·mmr − side·Q); isolated: TMM1 = UPNL1 = 0
  and WB is the position's isolated margin.
- Hyperliquid: mmr = 1 / (2 · max_leverage) (Hyperliquid docs, "Margining").
- Collateral haircuts tiered by notional, integrated piecewise like income-tax brackets,
  valued at the venue's own price.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from risk._types import BoolArray, FloatArray, IntArray, RiskInputError


def _ascending_floors(floors: npt.ArrayLike, name: str) -> FloatArray:
    values = np.asarray(floors, dtype=np.float64)
    if values.ndim != 1 or values.size == 0:
        raise RiskInputError(f"{name}: need at least one bracket", field="floors")
    if values[0] != 0.0 or not np.all(np.isfinite(values)) or np.any(np.diff(values) <= 0):
        raise RiskInputError(f"{name}: floors must start at 0 and strictly increase", field="floors")
    return values


def _rates(rates: npt.ArrayLike, size: int, name: str, field_name: str) -> FloatArray:
    values = np.asarray(rates, dtype=np.float64)
    if values.shape != (size,):
        raise RiskInputError(
            f"{name}: one {field_name} per bracket ({size}); got {values.shape}", field=field_name
        )
    if not np.all(np.isfinite(values)) or np.any(values < 0) or np.any(values > 1):
        raise RiskInputError(f"{name}: every {field_name} must be in [0, 1]", field=field_name)
    return values


@dataclass(frozen=True, eq=False)
class TierTable:
    """Maintenance brackets: bracket n covers notional in [floors[n], floors[n+1])."""

    floors: FloatArray
    mmrs: FloatArray
    cums: FloatArray = field(init=False)

    def __post_init__(self) -> None:
        floors = _ascending_floors(self.floors, "tier table")
        mmrs = _rates(self.mmrs, floors.size, "tier table", "mmr")
        if np.any(np.diff(mmrs) < 0):
            raise RiskInputError("tier table: maintenance rates must not fall with notional", field="mmr")
        # cum_n = cum_{n-1} + floor_n·(mmr_n − mmr_{n-1}) keeps MM continuous at each floor.
        steps = np.concatenate([[0.0], floors[1:] * np.diff(mmrs)])
        object.__setattr__(self, "floors", floors)
        object.__setattr__(self, "mmrs", mmrs)
        object.__setattr__(self, "cums", np.cumsum(steps))

    def bracket(self, notional: npt.ArrayLike) -> IntArray:
        """Index of the bracket each notional falls in."""
        return self.bracket_of_checked(_non_negative(notional, "notional"))

    def bracket_of_checked(self, notional: FloatArray) -> IntArray:
        """`bracket` for notionals already checked finite and non-negative."""
        index: IntArray = np.searchsorted(self.floors, notional, side="right") - 1
        return index


def maintenance_margin(table: TierTable, notional: npt.ArrayLike) -> FloatArray:
    """MM = notional·mmr_n − cum_n for the bracket n of each notional."""
    value = _non_negative(notional, "notional")
    n = table.bracket_of_checked(value)
    mm: FloatArray = value * table.mmrs[n] - table.cums[n]
    return mm


def hyperliquid_mmr(max_leverage: float) -> float:
    """Hyperliquid's maintenance rate: half the initial margin at max leverage."""
    if not (math.isfinite(max_leverage) and max_leverage >= 1):
        raise RiskInputError(f"max leverage must be ≥ 1; got {max_leverage!r}", field="max_leverage")
    return 1.0 / (2.0 * max_leverage)


def binance_liquidation_price(
    side: int,
    size: npt.ArrayLike,
    entry: npt.ArrayLike,
    wallet_balance: npt.ArrayLike,
    mmr: npt.ArrayLike,
    maint_amount: npt.ArrayLike,
    other_mm: npt.ArrayLike = 0.0,
    other_upnl: npt.ArrayLike = 0.0,
) -> FloatArray:
    """Binance USDⓈ-M one-way liquidation price (cross: other_mm/other_upnl of the other positions).

    A result ≤ 0 means the position cannot be liquidated (Binance shows "--").
    """
    if side not in (1, -1):
        raise RiskInputError(f"side must be +1 (long) or -1 (short); got {side!r}", field="side")
    q = _positive(size, "size")
    ep = _positive(entry, "entry")
    rate = np.asarray(mmr, dtype=np.float64)
    if not ((rate >= 0) & (rate < 1)).all():
        raise RiskInputError("mmr must be in [0, 1)", field="mmr")
    numerator = (
        _finite(wallet_balance, "wallet_balance")
        - _finite(other_mm, "other_mm")
        + _finite(other_upnl, "other_upnl")
        + _finite(maint_amount, "maint_amount")
        - side * q * ep
    )
    lp: FloatArray = numerator / (q * rate - side * q)
    return lp


def binance_liquidation_price_tiered(
    table: TierTable,
    side: int,
    size: float,
    entry: float,
    wallet_balance: float,
    other_mm: float = 0.0,
    other_upnl: float = 0.0,
) -> float:
    """The liquidation price with the bracket chosen at the liquidation price itself.

    Binance's FAQ: if the notional at the liquidation price falls in another bracket than
    at entry, recompute with that bracket's mmr and cum. We try every bracket and keep
    the one whose own liquidation price lands inside it.
    """
    prices = binance_liquidation_price(
        side, size, entry, wallet_balance, table.mmrs, table.cums, other_mm, other_upnl
    )
    notional = np.maximum(prices, 0.0) * size
    upper = np.append(table.floors[1:], np.inf)
    consistent = np.flatnonzero((notional >= table.floors) & (notional < upper))
    chosen = int(consistent[0]) if consistent.size else int(table.bracket(size * entry))
    return float(prices[chosen])


@dataclass(frozen=True, eq=False)
class HaircutTiers:
    """Collateral ratios by held notional.

    The slice of value in [floors[n], floors[n+1]) counts at ratios[n], so a large
    holding is credited less per dollar than a small one.
    """

    floors: FloatArray
    ratios: FloatArray
    _credit_at_floor: FloatArray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        floors = _ascending_floors(self.floors, "haircut tiers")
        ratios = _rates(self.ratios, floors.size, "haircut tiers", "ratio")
        object.__setattr__(self, "floors", floors)
        object.__setattr__(self, "ratios", ratios)
        credit = np.concatenate([[0.0], np.cumsum(np.diff(floors) * ratios[:-1])])
        object.__setattr__(self, "_credit_at_floor", credit)

    def collateral_value(self, notional: npt.ArrayLike) -> FloatArray:
        """∫_0^notional ratio(v) dv, never more than the notional itself."""
        value = _non_negative(notional, "notional")
        n = np.searchsorted(self.floors, value, side="right") - 1
        credit: FloatArray = self._credit_at_floor[n] + self.ratios[n] * (value - self.floors[n])
        return np.minimum(credit, value)


FULL_VALUE = HaircutTiers(np.array([0.0]), np.array([1.0]))


def collateral_value(tiers: HaircutTiers, amount: float, price: npt.ArrayLike) -> FloatArray:
    """Value counted as margin for `amount` of an asset at each venue price."""
    return tiers.collateral_value(amount * _non_negative(price, "price"))


@dataclass(frozen=True)
class CollateralHolding:
    """Coins of one asset held as margin, with the venue's haircut tiers."""

    asset: str
    amount: float
    haircut: HaircutTiers = FULL_VALUE

    def __post_init__(self) -> None:
        if not (math.isfinite(self.amount) and self.amount >= 0):
            raise RiskInputError(f"collateral {self.asset}: amount must be ≥ 0", field="amount")


@dataclass(frozen=True)
class PerpPosition:
    """A perpetual position in a cross or unified account."""

    asset: str
    side: int
    size: float
    entry: float
    tiers: TierTable

    def __post_init__(self) -> None:
        if self.side not in (1, -1):
            raise RiskInputError(f"position {self.asset}: side must be +1 or -1", field="side")
        for name in ("size", "entry"):
            value = getattr(self, name)
            if not (math.isfinite(value) and value > 0):
                raise RiskInputError(f"position {self.asset}: {name} must be > 0; got {value!r}", field=name)


_BISECTIONS = 80  # halvings of one grid step: far below a cent at any price


@dataclass(frozen=True)
class MarginAccount:
    """A cross-margin or unified account: shared collateral backing several positions.

    Prices come per asset as arrays of one value per scenario, at this venue (one venue
    can print far from the others). The account is liquidated when its equity falls to
    `threshold` × maintenance (1.0 for Binance cross margin; Binance Portfolio Margin
    liquidates at uniMMR ≤ 1.05).
    """

    collateral: Sequence[CollateralHolding]
    positions: Sequence[PerpPosition]
    threshold: float = 1.0

    def equity(self, prices: Mapping[str, npt.ArrayLike]) -> FloatArray:
        """Haircut collateral value plus unrealised PnL, per scenario."""
        total = np.zeros(_scenario_count(prices), dtype=np.float64)
        for holding in self.collateral:
            total += collateral_value(holding.haircut, holding.amount, _price(prices, holding.asset))
        for position in self.positions:
            total += position.side * position.size * (_price(prices, position.asset) - position.entry)
        return total

    def maintenance(self, prices: Mapping[str, npt.ArrayLike]) -> FloatArray:
        """Sum of the positions' tiered maintenance margins, per scenario."""
        total = np.zeros(_scenario_count(prices), dtype=np.float64)
        for position in self.positions:
            total += maintenance_margin(position.tiers, position.size * _price(prices, position.asset))
        return total

    def breached(self, prices: Mapping[str, npt.ArrayLike]) -> BoolArray:
        """Whether each scenario liquidates the account."""
        breach: BoolArray = self.equity(prices) <= self.threshold * self.maintenance(prices)
        return breach

    def breach_price(
        self, asset: str, falling: bool, marks: Mapping[str, float], *, grid: int = 4001, span: float = 1e3
    ) -> float | None:
        """The nearest price of `asset`, every other price held at its mark, that liquidates the account.

        The search walks a geometric grid from the mark out to mark/span (`falling`, a long's
        side) or mark×span, then bisects the first step that breaches to float precision.
        None when nothing on that side liquidates; the mark when the account already is.
        """
        mark = marks[asset]
        path = mark * np.geomspace(1.0, 1.0 / span if falling else span, grid)

        def breached(candidates: FloatArray) -> BoolArray:
            scenario: dict[str, npt.ArrayLike] = {a: np.full(candidates.size, p) for a, p in marks.items()}
            scenario[asset] = candidates
            return self.breached(scenario)

        hits = np.flatnonzero(breached(path))
        if hits.size == 0:
            return None
        if hits[0] == 0:
            return mark
        safe, unsafe = float(path[hits[0] - 1]), float(path[hits[0]])
        for _ in range(_BISECTIONS):
            middle = (safe + unsafe) / 2
            if breached(np.array([middle]))[0]:
                unsafe = middle
            else:
                safe = middle
        return (safe + unsafe) / 2

    def margin_ratio(self, prices: Mapping[str, npt.ArrayLike]) -> FloatArray:
        """Equity / maintenance (Binance's uniMMR); +inf without positions."""
        equity = self.equity(prices)
        mm = self.maintenance(prices)
        ratio: FloatArray = np.where(mm > 0, equity / np.where(mm > 0, mm, 1.0), np.inf)
        return ratio


def _scenario_count(prices: Mapping[str, npt.ArrayLike]) -> int:
    sizes = {np.asarray(value).size for value in prices.values()}
    if len(sizes) != 1:
        raise RiskInputError(
            "every asset needs one price per scenario (arrays of one length)", field="prices"
        )
    return sizes.pop()


def _price(prices: Mapping[str, npt.ArrayLike], asset: str) -> FloatArray:
    if asset not in prices:
        raise RiskInputError(f"no price given for {asset}", field=asset)
    return _non_negative(prices[asset], f"price of {asset}")


def _finite(values: npt.ArrayLike, name: str) -> FloatArray:
    array = np.asarray(values, dtype=np.float64)
    # ndarray methods, not np.all: the advisor validates tens of thousands of small arrays.
    if not np.isfinite(array).all():
        raise RiskInputError(f"{name} must be finite", field=name)
    return array


def _positive(values: npt.ArrayLike, name: str) -> FloatArray:
    array = _finite(values, name)
    if (array <= 0).any():
        raise RiskInputError(f"{name} must be > 0", field=name)
    return array


def _non_negative(values: npt.ArrayLike, name: str) -> FloatArray:
    array = _finite(values, name)
    if (array < 0).any():
        raise RiskInputError(f"{name} must be ≥ 0", field=name)
    return array
