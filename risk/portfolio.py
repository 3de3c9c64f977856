"""The user's exchange accounts as the engine sees them: frozen, validated inputs.

An `Account` is one margin account on one venue: collateral balances (risk.margin's
`CollateralHolding`, valued at the venue's price with tiered haircuts), perpetual
positions and, on a lending market, lending loops (risk.loops). A
position is either *cross* (it shares the account's equity) or *isolated* (it has its
own margin and falls alone). Maintenance margin comes from the position's tier table
(risk.margin); a Hyperliquid position may give its max leverage instead, since
Hyperliquid's maintenance rate is 1 / (2 · max_leverage).

Exchange-held margin is what the user would lose if everything on the exchange were
liquidated: the market value of the collateral (no haircut), plus each position's
unrealised PnL, plus isolated margins, all at pre-shock prices.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from risk._types import FloatArray, RiskInputError
from risk.loops import LendingLoop
from risk.margin import CollateralHolding, PerpPosition, TierTable, hyperliquid_mmr, maintenance_margin

# Assets that default to β = 0 (no move with BTC) when neither the preset nor the
# portfolio says otherwise; anything else defaults to moving one-for-one with BTC.
USD_STABLECOINS = frozenset({"USD", "USDT", "USDC", "FDUSD", "DAI", "BUSD", "TUSD", "PYUSD"})


class MarginMode(StrEnum):
    CROSS = "cross"
    ISOLATED = "isolated"


def single_tier(mmr: float) -> TierTable:
    """A one-bracket table: MM = notional · mmr (Hyperliquid, or a flat-rate venue)."""
    return TierTable(np.array([0.0]), np.array([mmr]))


def hyperliquid_tiers(max_leverage: float) -> TierTable:
    return single_tier(float(hyperliquid_mmr(max_leverage)))


@dataclass(frozen=True)
class Position:
    """A perpetual position: side +1 long / −1 short, size in coins, entry price."""

    asset: str
    side: int
    size: float
    entry: float
    tiers: TierTable
    margin_mode: MarginMode = MarginMode.CROSS
    isolated_margin: float = 0.0

    def __post_init__(self) -> None:
        where = f"position {self.asset}"
        _require(self.side in (1, -1), f"{where}: side must be long (+1) or short (-1), got {self.side}")
        _require(_positive(self.size), f"{where}: size must be a positive number of coins, got {self.size}")
        _require(_positive(self.entry), f"{where}: entry must be a positive price, got {self.entry}")
        if self.margin_mode is MarginMode.ISOLATED:
            _require(
                _positive(self.isolated_margin),
                f"{where}: an isolated position needs isolated_margin > 0, got {self.isolated_margin}",
            )
        else:
            _require(self.isolated_margin == 0.0, f"{where}: isolated_margin is only for isolated positions")

    def pnl(self, price: FloatArray) -> FloatArray:
        result: FloatArray = self.side * self.size * (np.asarray(price, dtype=np.float64) - self.entry)
        return result

    def as_perp(self) -> PerpPosition:
        return PerpPosition(self.asset, self.side, self.size, self.entry, self.tiers)

    def maintenance(self, price: FloatArray) -> FloatArray:
        """Maintenance margin at `price` from the tier bracket of the notional |Q|·P."""
        result: FloatArray = maintenance_margin(self.tiers, self.size * np.asarray(price, dtype=np.float64))
        return result


@dataclass(frozen=True)
class Loop:
    """An Aave-style lending loop on `asset` against a USD-stable debt (RISK_MODEL.md §4).

    The loop's prices are relative to the asset's pre-shock price: p = 1 before the
    shock, so `capital` is its pre-shock equity. It falls when its health factor
    reaches 1 at the venue's price of the asset (the lending market's oracle).
    """

    asset: str
    loop: LendingLoop


@dataclass(frozen=True)
class Account:
    """One margin account on one venue.

    `maintenance_factor` scales the liquidation threshold: 1 for the usual
    equity ≤ MM rule, 1.05 for Binance Portfolio Margin (liquidation at uniMMR ≤ 1.05).
    """

    name: str
    venue: str
    collateral: tuple[CollateralHolding, ...] = ()
    positions: tuple[Position, ...] = ()
    maintenance_factor: float = 1.0
    loops: tuple[Loop, ...] = ()

    def __post_init__(self) -> None:
        _require(bool(self.name.strip()), "account: the name must not be empty")
        # Venue names compare case-insensitively with the presets' dislocations.
        object.__setattr__(self, "venue", self.venue.strip().lower())
        _require(bool(self.venue.strip()), f"account {self.name}: the venue must not be empty")
        _require(
            bool(np.isfinite(self.maintenance_factor)) and self.maintenance_factor >= 1.0,
            f"account {self.name}: maintenance_factor must be ≥ 1, got {self.maintenance_factor}",
        )
        _require(bool(self.collateral or self.positions or self.loops), f"account {self.name}: holds nothing")

    @property
    def cross_positions(self) -> tuple[Position, ...]:
        return tuple(p for p in self.positions if p.margin_mode is MarginMode.CROSS)

    @property
    def isolated_positions(self) -> tuple[Position, ...]:
        return tuple(p for p in self.positions if p.margin_mode is MarginMode.ISOLATED)

    def assets(self) -> set[str]:
        return (
            {c.asset for c in self.collateral}
            | {p.asset for p in self.positions}
            | {lp.asset for lp in self.loops}
        )


@dataclass(frozen=True)
class Portfolio:
    """All of the user's exchange accounts, with the pre-shock price of every asset.

    `betas` gives the move with BTC for assets no preset describes (see
    `default_beta`); a preset's own betas take precedence.
    """

    name: str
    accounts: tuple[Account, ...]
    prices: Mapping[str, float]
    betas: Mapping[str, float]

    def __post_init__(self) -> None:
        _require(bool(self.accounts), f"portfolio {self.name}: has no accounts")
        names = [a.name for a in self.accounts]
        _require(len(set(names)) == len(names), f"portfolio {self.name}: duplicate account names in {names}")
        for asset, price in self.prices.items():
            _require(_positive(price), f"portfolio {self.name}: price of {asset} must be > 0, got {price}")
        missing = sorted(self.assets() - set(self.prices))
        _require(
            not missing, f"portfolio {self.name}: no price for {', '.join(missing)} (add them to 'prices')"
        )

    def assets(self) -> set[str]:
        return set().union(*(a.assets() for a in self.accounts))

    def beta(self, asset: str) -> float:
        return self.betas.get(asset, default_beta(asset))


def default_beta(asset: str) -> float:
    return 0.0 if asset.upper() in USD_STABLECOINS else 1.0


def _positive(value: float) -> bool:
    return bool(np.isfinite(value)) and value > 0


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise RiskInputError(message)
