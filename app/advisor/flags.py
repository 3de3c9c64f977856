"""Dangerous collateral and leverage, each flag with the one sentence that says why.

The stance is the source articles': synthetic stablecoins and liquid-staking tokens
priced on one venue's own book collapsed there on 2025-10-10 while other venues held;
collateral that falls with the positions it backs doubles the loss; a lending loop
near its liquidation peg is wiped out by a small depeg; and margin that cannot survive
a sudden 10% gap is borrowed, not conviction.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from app.advisor.accounts import CollateralKind, collateral_kind
from app.advisor.bench import GAP, StressBench
from app.messages import Message, MessageKey, message
from risk.portfolio import Account, Loop, Portfolio

# Liquid-staking and wrapped-staking tokens; an exchange values them on its own book.
LIQUID_STAKING_TOKENS = frozenset(
    {
        "WBETH",
        "BETH",
        "BNSOL",
        "STETH",
        "WSTETH",
        "RETH",
        "CBETH",
        "METH",
        "JITOSOL",
        "MSOL",
        "BBSOL",
        "JUPSOL",
    }
)


class FlagKind(StrEnum):
    SYNTHETIC_STABLECOIN = "synthetic_stablecoin"
    SINGLE_VENUE_STAKING_TOKEN = "single_venue_staking_token"
    CORRELATED_COLLATERAL = "correlated_collateral"
    LOOP_NEAR_PEG = "loop_near_peg"
    FAILS_GAP_RULE = "fails_10pct_gap_rule"


@dataclass(frozen=True)
class Flag:
    kind: FlagKind
    account: str
    subject: str
    reason: Message

    @property
    def why(self) -> str:
        return self.reason.text


def dangerous_collateral(bench: StressBench, portfolio: Portfolio) -> tuple[Flag, ...]:
    """Every flag, account by account, in a stable order."""
    flags: list[Flag] = []
    gap = bench.gap_failures(portfolio)
    for account in portfolio.accounts:
        flags.extend(_collateral_flags(bench, portfolio, account))
        flags.extend(
            _loop_flag(bench, account, held) for held in account.loops if _loop_near_peg(bench, held)
        )
        flags.extend(
            Flag(
                FlagKind.FAILS_GAP_RULE,
                account.name,
                label,
                message(
                    MessageKey.FLAG_FAILS_GAP_RULE,
                    gap=GAP,
                    label=label,
                ),
            )
            for label in gap.labels(account.name)
        )
    return tuple(flags)


def _collateral_flags(bench: StressBench, portfolio: Portfolio, account: Account) -> list[Flag]:
    flags: list[Flag] = []
    net_long = _beta_weighted_exposure(bench, portfolio, account)
    for holding in account.collateral:
        if holding.amount <= 0:
            continue
        asset = holding.asset
        stress_price = portfolio.prices[asset] * bench.venue_price_factor(account.venue, asset)
        if collateral_kind(asset) is CollateralKind.SYNTHETIC_STABLE:
            flags.append(
                Flag(
                    FlagKind.SYNTHETIC_STABLECOIN,
                    account.name,
                    asset,
                    message(
                        MessageKey.FLAG_SYNTHETIC_STABLECOIN,
                        asset=asset,
                        stress_price=stress_price,
                        venue=account.venue,
                    ),
                )
            )
        if asset.upper() in LIQUID_STAKING_TOKENS:
            flags.append(_staking_flag(bench, account, asset, stress_price / portfolio.prices[asset]))
        beta = bench.beta(asset)
        if collateral_kind(asset) is CollateralKind.VOLATILE and beta > 0 and net_long > 0:
            flags.append(
                Flag(
                    FlagKind.CORRELATED_COLLATERAL,
                    account.name,
                    asset,
                    message(
                        MessageKey.FLAG_CORRELATED_COLLATERAL,
                        asset=asset,
                        beta=beta,
                        net_long=net_long,
                    ),
                )
            )
    return flags


def _staking_flag(bench: StressBench, account: Account, asset: str, factor: float) -> Flag:
    dislocated = bench.dislocation(account.venue, asset)
    reason = (
        message(
            MessageKey.FLAG_STAKING_DISLOCATED,
            asset=asset,
            dislocation=dislocated,
            venue=account.venue,
            factor=factor,
        )
        if dislocated > 0
        else message(MessageKey.FLAG_STAKING_THIN_BOOK, asset=asset, venue=account.venue, factor=factor)
    )
    return Flag(FlagKind.SINGLE_VENUE_STAKING_TOKEN, account.name, asset, reason)


def _beta_weighted_exposure(bench: StressBench, portfolio: Portfolio, account: Account) -> float:
    """Σ side · size · price · β over the positions: > 0 means the account gains when BTC rises."""
    return float(
        sum(p.side * p.size * portfolio.prices[p.asset] * bench.beta(p.asset) for p in account.positions)
    )


def _loop_near_peg(bench: StressBench, held: Loop) -> bool:
    """Near: a 10% gap reaches its liquidation price, or the stress prints the asset below it
    on some venue."""
    liquidation = held.loop.liquidation_price
    return liquidation >= 1.0 - GAP or bench.lowest_price_factor(held.asset) <= liquidation


def _loop_flag(bench: StressBench, account: Account, held: Loop) -> Flag:
    loop = held.loop
    lowest, venue = bench.lowest_price_factor(held.asset), bench.lowest_price_venue(held.asset)
    equity = float(np.asarray(loop.equity(lowest)))
    return Flag(
        FlagKind.LOOP_NEAR_PEG,
        account.name,
        f"{held.asset} loop",
        message(
            MessageKey.FLAG_LOOP_NEAR_PEG,
            asset=held.asset,
            cycles=loop.cycles,
            ltv=loop.ltv,
            liquidation_price=loop.liquidation_price,
            below=1 - loop.liquidation_price,
            lowest=lowest,
            venue=venue,
            equity=equity,
            capital=loop.capital,
        ),
    )
