"""Transfers a person can act on (issue 14, item 7).

The plans say what *can* leave each account; this turns that into the withdrawals to
make, each one a single form on the venue:

- one transfer per asset, source account and cold destination (a collateral excess and
  a released isolated margin of the same stablecoin are one withdrawal);
- only to a cold account that exists for the asset or can be created on the device:
  Bitcoin cold accounts can always be created; an Ethereum one only counts once a
  device-verified Ethereum address exists. Anything else is not a transfer but one note
  per asset ("add a cold account for ETH");
- nothing under the minimum (default $100, settings `min_transfer_usd`): it stays on the
  exchange, with a note;
- a transfer larger than what its account holds now is only possible after the account's
  cut realises its profit: it names the cut to make first and comes after the others.

What does not move stays in the account (`restore_untransferred`), so the proposed split
and its re-check are of what the user will actually do.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from app.advisor.accounts import with_account
from app.advisor.plan import AccountPlan
from app.advisor.targets import ColdChain, TargetBook, cold_chain
from app.advisor.transfer import LONG_TERM_SPOT, Transfer
from app.errors import UserError
from app.messages import Message, MessageKey, message
from app.settings import Settings
from risk.margin import CollateralHolding
from risk.portfolio import Portfolio

DEFAULT_MIN_TRANSFER_USD = 100.0


class TransferRuleError(UserError):
    """A minimum transfer that is not a non-negative number of USD."""


def min_transfer_usd(settings: Settings, override: float | None = None) -> float:
    """The minimum transfer: the run's override, else settings `min_transfer_usd`, else $100."""
    value = override if override is not None else settings.min_transfer_usd
    if not (math.isfinite(value) and value >= 0):
        raise TransferRuleError(f"the minimum transfer must be a number of USD ≥ 0; got {value!r}")
    return float(value)


@dataclass(frozen=True)
class TransferRules:
    minimum_usd: float = DEFAULT_MIN_TRANSFER_USD
    # Cold accounts the connected device can create now: Bitcoin (testnet in the demo).
    creatable: frozenset[ColdChain] = frozenset({ColdChain.BITCOIN})


@dataclass(frozen=True)
class Shaped:
    transfers: tuple[Transfer, ...]
    notes: tuple[Message, ...]


def shape_transfers(
    raw: Sequence[Transfer],
    today: Portfolio,
    plans: Sequence[AccountPlan],
    targets: TargetBook,
    rules: TransferRules,
) -> Shaped:
    merged = merge_transfers(raw)
    notes: list[Message] = []
    movable = [t for t in merged if _has_cold_account(t.asset, targets, rules)]
    notes += _no_cold_account_notes([t for t in merged if t not in movable])
    kept = [t for t in movable if t.usd >= rules.minimum_usd]
    notes += [_below_minimum_note(t, rules.minimum_usd) for t in movable if t not in kept]
    ordered = _cuts_first(kept, today, plans)
    return Shaped(ordered, tuple(notes))


def merge_transfers(transfers: Iterable[Transfer]) -> tuple[Transfer, ...]:
    """One transfer per (asset, source account, destination), in the order first met."""
    groups: dict[tuple[str, str, str | None], list[Transfer]] = {}
    for t in transfers:
        destination = None if t.to is None else t.to.address
        groups.setdefault((t.asset, t.from_account, destination), []).append(t)
    return tuple(_merged(parts) for parts in groups.values())


def _merged(parts: list[Transfer]) -> Transfer:
    if len(parts) == 1:
        return parts[0]
    first = parts[0]
    # An isolated-margin release says what to do before withdrawing: it leads the reasons.
    reasons = sorted(
        (p.reason for p in parts), key=lambda m: m.key is not MessageKey.TRANSFER_ISOLATED_RELEASE
    )
    kinds = " + ".join(dict.fromkeys(p.kind for p in parts))
    return replace(
        first,
        amount=round(math.fsum(p.amount for p in parts), 8),
        usd=math.fsum(p.usd for p in parts),
        kind=kinds,
        reason=reasons[0],
        also=tuple(reasons[1:]),
    )


def _has_cold_account(asset: str, targets: TargetBook, rules: TransferRules) -> bool:
    chain = cold_chain(asset)
    return targets.for_asset(asset) is not None or (chain is not None and chain in rules.creatable)


def _no_cold_account_notes(transfers: list[Transfer]) -> list[Message]:
    by_asset: dict[str, list[Transfer]] = {}
    for t in transfers:
        by_asset.setdefault(t.asset, []).append(t)
    notes = []
    for asset, parts in by_asset.items():
        usd = math.fsum(p.usd for p in parts)
        chain = cold_chain(asset)
        if chain is None:
            notes.append(
                message(
                    MessageKey.NOTE_NO_COLD_ACCOUNT_TYPE,
                    asset=asset,
                    usd=usd,
                )
            )
        else:
            notes.append(
                message(
                    MessageKey.NOTE_ADD_COLD_ACCOUNT,
                    asset=asset,
                    chain=chain.value.title(),
                    usd=usd,
                )
            )
    return notes


def _below_minimum_note(t: Transfer, minimum: float) -> Message:
    return message(
        MessageKey.NOTE_BELOW_MINIMUM,
        amount=_coins(t.amount),
        asset=t.asset,
        usd=t.usd,
        account=t.from_account,
        minimum=minimum,
    )


def _cuts_first(
    transfers: list[Transfer], today: Portfolio, plans: Sequence[AccountPlan]
) -> tuple[Transfer, ...]:
    """Mark each transfer its account cannot pay today (only a cut's realised profit can) with
    the cuts to make first, and list those after the others."""
    accounts = {a.name: a for a in today.accounts}
    cuts = {p.account: tuple(c.label for c in p.cuts) for p in plans}
    releases = {p.account: p.releases for p in plans}
    marked = []
    for t in transfers:
        account = accounts.get(t.from_account)
        if t.kind == LONG_TERM_SPOT or account is None:
            marked.append(t)
            continue
        held = math.fsum(c.amount for c in account.collateral if c.asset == t.asset)
        if "isolated margin" in t.kind:
            held += math.fsum(r.release_usd for r in releases.get(t.from_account, ()))
        needs = t.amount > held * (1 + 1e-9) + 1e-9 and bool(cuts.get(t.from_account))
        marked.append(replace(t, first=cuts[t.from_account]) if needs else t)
    return tuple(sorted(marked, key=lambda t: bool(t.first)))


def restore_untransferred(
    proposed: Portfolio, raw: Sequence[Transfer], made: Sequence[Transfer]
) -> Portfolio:
    """The proposed portfolio with the collateral (and released margin) that is not moved
    back in its account: it stays on the exchange as margin."""
    planned = _totals(t for t in raw if t.kind != LONG_TERM_SPOT)
    moved = _totals(t for t in made if t.kind != LONG_TERM_SPOT)
    portfolio = proposed
    for (account_name, asset), amount in planned.items():
        left = amount - moved.get((account_name, asset), 0.0)
        if left <= 1e-12:
            continue
        account = next((a for a in portfolio.accounts if a.name == account_name), None)
        if account is None:
            continue
        portfolio = with_account(
            portfolio, replace(account, collateral=_credit(account.collateral, asset, left))
        )
    return portfolio


def _totals(transfers: Iterable[Transfer]) -> dict[tuple[str, str], float]:
    totals: dict[tuple[str, str], float] = {}
    for t in transfers:
        key = (t.from_account, t.asset)
        totals[key] = totals.get(key, 0.0) + t.amount
    return totals


def _credit(
    holdings: tuple[CollateralHolding, ...], asset: str, amount: float
) -> tuple[CollateralHolding, ...]:
    credited = list(holdings)
    for index, holding in enumerate(credited):
        if holding.asset == asset:
            credited[index] = replace(holding, amount=holding.amount + amount)
            return tuple(credited)
    return (*holdings, CollateralHolding(asset, amount))


def _coins(amount: float) -> str:
    return f"{amount:.8f}".rstrip("0").rstrip(".")
