"""Candidate versions of a venue account: collateral taken out, positions scaled down.

The advisor never changes the user's data; it builds these variants and asks the
engine whether they survive the stress.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import IntEnum

import numpy as np

from risk.margin import CollateralHolding
from risk.portfolio import USD_STABLECOINS, Account, MarginMode, Portfolio, Position

# Stablecoins whose peg rests on a trading strategy or a DeFi position rather than on
# cash reserves (USDe: delta-neutral ETH basis, see the source article); they printed
# far below $1 on one venue's book on 2025-10-10.
SYNTHETIC_STABLECOINS = frozenset({"USDE", "SUSDE", "USDX", "SUSDX", "USD0", "USR", "DEUSD", "SUSDS"})


class CollateralKind(IntEnum):
    """The order collateral leaves in: what falls with the market first, cash last."""

    VOLATILE = 0
    SYNTHETIC_STABLE = 1
    STABLE = 2


def collateral_kind(asset: str) -> CollateralKind:
    key = asset.upper()
    if key in SYNTHETIC_STABLECOINS:
        return CollateralKind.SYNTHETIC_STABLE
    if key in USD_STABLECOINS:
        return CollateralKind.STABLE
    return CollateralKind.VOLATILE


def withdrawal_order(account: Account) -> list[int]:
    """Indices of the account's collateral holdings in the order they should leave."""
    return sorted(
        range(len(account.collateral)), key=lambda i: (collateral_kind(account.collateral[i].asset), i)
    )


def collateral_usd(account: Account, prices: Mapping[str, float]) -> float:
    return math.fsum(c.amount * prices[c.asset] for c in account.collateral)


@dataclass(frozen=True)
class Taken:
    asset: str
    amount: float
    usd: float
    kind: CollateralKind


def take_collateral(
    account: Account, usd: float, prices: Mapping[str, float], order: list[int]
) -> tuple[Account, list[Taken]]:
    """The account with `usd` of collateral (at market value) removed in `order`, and what
    was taken; when the collateral is worth less than `usd`, all of it is taken."""
    holdings = list(account.collateral)
    taken: list[Taken] = []
    left = usd
    for index in order:
        if left <= 0:
            break
        holding = holdings[index]
        price = prices[holding.asset]
        amount = min(holding.amount, left / price)
        if amount <= 0:
            continue
        holdings[index] = replace(holding, amount=max(0.0, holding.amount - amount))
        taken.append(Taken(holding.asset, amount, amount * price, collateral_kind(holding.asset)))
        left -= amount * price
    return replace(account, collateral=tuple(holdings)), taken


def take_amounts(account: Account, amounts: Mapping[str, float]) -> Account:
    """The account with exact coin amounts removed (the plan as the user would carry it out)."""
    holdings = []
    remaining = dict(amounts)
    for holding in account.collateral:
        out = min(holding.amount, remaining.get(holding.asset, 0.0))
        remaining[holding.asset] = remaining.get(holding.asset, 0.0) - out
        holdings.append(replace(holding, amount=holding.amount - out))
    return replace(account, collateral=tuple(holdings))


def scaled_positions(
    account: Account, reduction: float, prices: Mapping[str, float], selected: frozenset[int]
) -> Account | None:
    """The positions at `selected` indices cut by the share `reduction`, the PnL realised.

    A cross position's realised PnL settles in the cross wallet: a profit is credited to
    the account's first stablecoin holding (a new USDT line when it has none); a loss is
    paid from the collateral, stablecoins first. An isolated position's realised PnL is
    booked in its own isolated margin, as the venues do (the isolated wallet balance
    absorbs it; nothing reaches the cross wallet), and a position closed in full returns
    what its isolated margin still holds to the cross wallet. None when the collateral
    cannot pay a cross position's realised loss.
    """
    kept = 1.0 - reduction
    positions: list[Position] = []
    realised = 0.0
    for index, position in enumerate(account.positions):
        if index not in selected:
            positions.append(position)
            continue
        pnl = reduction * float(position.pnl(np.array(prices[position.asset])))
        if position.margin_mode is MarginMode.ISOLATED:
            margin = position.isolated_margin + pnl
            if kept > 1e-12 and margin > 0:
                positions.append(replace(position, size=position.size * kept, isolated_margin=margin))
            else:
                realised += max(margin, 0.0)  # closed: what is left of its margin comes back
            continue
        realised += pnl
        if kept > 1e-12:
            positions.append(replace(position, size=position.size * kept))
    return _settle(account, tuple(positions), realised, prices)


def _settle(
    account: Account, positions: tuple[Position, ...], realised: float, prices: Mapping[str, float]
) -> Account | None:
    """The account with its new positions, the realised PnL settled in the cross wallet."""
    if realised >= 0:
        return replace(account, positions=positions, collateral=_credit_stable(account.collateral, realised))
    if collateral_usd(account, prices) + realised < 0:
        return None
    order = sorted(
        range(len(account.collateral)), key=lambda i: -collateral_kind(account.collateral[i].asset)
    )
    paid, _ = take_collateral(account, -realised, prices, order)
    return replace(paid, positions=positions)


def _credit_stable(holdings: tuple[CollateralHolding, ...], usd: float) -> tuple[CollateralHolding, ...]:
    if usd <= 0:
        return holdings
    credited = list(holdings)
    for index, holding in enumerate(credited):
        if collateral_kind(holding.asset) is CollateralKind.STABLE:
            credited[index] = replace(holding, amount=holding.amount + usd)
            return tuple(credited)
    return (*holdings, CollateralHolding("USDT", usd))


def with_account(portfolio: Portfolio, account: Account) -> Portfolio:
    """The portfolio with one account replaced (matched by name); USDT priced at 1 if a
    deleverage created a USDT line the portfolio had no price for."""
    accounts = tuple(account if a.name == account.name else a for a in portfolio.accounts)
    prices = dict(portfolio.prices)
    prices.setdefault("USDT", 1.0)
    return replace(portfolio, accounts=accounts, prices=prices)
