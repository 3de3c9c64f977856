"""The market the user's accounts live in: per asset a pre-shock price, a crowd ladder
of everyone else's leveraged positions, and the impact and retention of its book."""

from __future__ import annotations

from dataclasses import dataclass, field

from risk._types import RiskInputError
from risk.crowd import Ladder
from risk.impact import ConstantRetention, ImpactModel, Retention


@dataclass(frozen=True)
class AssetMarket:
    """One asset's market. Without a ladder (or impact) the asset does not cascade:
    its settled price is its exogenous price (stablecoins, collateral-only tokens)."""

    asset: str
    p0: float
    impact: ImpactModel | None = None
    retention: Retention = field(default_factory=lambda: ConstantRetention(1.0))
    ladder: Ladder | None = None

    def __post_init__(self) -> None:
        if not (self.p0 > 0 and self.p0 < float("inf")):
            raise RiskInputError(f"market {self.asset}: p0 must be a positive finite price, got {self.p0}")
        if self.ladder is not None and abs(self.ladder.p0 - self.p0) > 1e-12 * self.p0:
            raise RiskInputError(
                f"market {self.asset}: the crowd ladder was built at p0 {self.ladder.p0}, not {self.p0}"
            )

    @property
    def cascades(self) -> bool:
        return self.impact is not None and self.ladder is not None and self.ladder.size > 0


@dataclass(frozen=True)
class Market:
    """Every asset the scenarios shock and the user's accounts hold."""

    assets: tuple[AssetMarket, ...]

    def __post_init__(self) -> None:
        names = [a.asset for a in self.assets]
        if len(set(names)) != len(names):
            raise RiskInputError(f"market: duplicate assets in {names}")

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(a.asset for a in self.assets)

    def get(self, asset: str) -> AssetMarket:
        for entry in self.assets:
            if entry.asset == asset:
                return entry
        raise RiskInputError(f"market: no price for asset {asset!r} (have {', '.join(self.names)})")

    def p0(self, asset: str) -> float:
        return self.get(asset).p0
