"""Read a portfolio from a JSON file (format below); every error names the field.

    {
      "name": "My accounts",
      "prices": {"BTC": 92000, "USDT": 1.0, ...},        pre-shock price of every asset held
      "betas": {"BNB": 1.1},                              optional: move with BTC for assets
                                                          no preset covers (default 1; 0 for USD
                                                          stablecoins)
      "tier_tables": {"NAME": {"floors": [0, 300000], "mmrs": [0.004, 0.005]}},     optional
      "haircut_tables": {"NAME": {"floors": [0, 1e6], "ratios": [0.95, 0.9]}},      optional
      "accounts": [
        {
          "name": "Binance USDⓈ-M", "venue": "binance",
          "maintenance_factor": 1.0,                      optional; 1.05 for Portfolio Margin
          "collateral": [{"asset": "USDT", "amount": 25000},
                         {"asset": "BNB", "amount": 12, "haircuts": "NAME" or {floors, ratios}}],
          "positions": [
            {"asset": "BTC", "side": "long", "size": 0.4, "entry": 92000,
             "margin_mode": "cross",                      or "isolated" with "isolated_margin": USD
             "tiers": "NAME" or {floors, mmrs}            or "max_leverage": 40 (Hyperliquid)
            }]
        }]
    }

Collateral is what sits in the account's cross wallet; isolated margins are listed
on their positions, not in the collateral.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import numpy as np

from risk._types import RiskInputError
from risk.jsonfields import Fields, JsonFieldError, load_json_object
from risk.loops import LendingLoop
from risk.margin import FULL_VALUE, CollateralHolding, HaircutTiers, TierTable
from risk.portfolio import Account, Loop, MarginMode, Portfolio, Position, hyperliquid_tiers

_SIDES = {"long": 1, "short": -1}
T = TypeVar("T")


def load_portfolio(path: Path) -> Portfolio:
    return parse_portfolio(load_json_object(path, "portfolio"), path.name)


def parse_portfolio(data: object, where: str) -> Portfolio:
    """A portfolio from JSON already in memory (e.g. the stored accounts just exported)."""
    root = Fields(data, where)
    tiers = _named_tables(root, "tier_tables", _tier_table)
    haircuts = _named_tables(root, "haircut_tables", _haircut_table)
    accounts = tuple(_account(item, tiers, haircuts) for item in root.objects("accounts"))
    try:
        return Portfolio(
            name=root.text("name"),
            accounts=accounts,
            prices=_number_map(root, "prices", positive=True),
            betas=_number_map(root, "betas", positive=False) if root.has("betas") else {},
        )
    except JsonFieldError:
        raise
    except RiskInputError as exc:
        raise JsonFieldError(f"{where}: {exc}") from None


def _named_tables(root: Fields, key: str, parse: Callable[[Fields], T]) -> dict[str, T]:
    if not root.has(key):
        return {}
    tables = root.obj(key)
    return {name: parse(tables.obj(name)) for name in tables.data}


def _tier_table(item: Fields) -> TierTable:
    floors = item.numbers("floors", low=0)
    mmrs = item.numbers("mmrs", low=0)
    try:
        return TierTable(np.array(floors), np.array(mmrs))
    except RiskInputError as exc:
        raise JsonFieldError(f"{item.where}: {exc}") from None


def _haircut_table(item: Fields) -> HaircutTiers:
    try:
        return HaircutTiers(np.array(item.numbers("floors", low=0)), np.array(item.numbers("ratios", low=0)))
    except RiskInputError as exc:
        raise JsonFieldError(f"{item.where}: {exc}") from None


def _account(item: Fields, tiers: dict[str, TierTable], haircuts: dict[str, HaircutTiers]) -> Account:
    collateral = (
        tuple(_collateral(c, haircuts) for c in item.objects("collateral", allow_empty=True))
        if item.has("collateral")
        else ()
    )
    positions = (
        tuple(_position(p, tiers) for p in item.objects("positions", allow_empty=True))
        if item.has("positions")
        else ()
    )
    loops = tuple(_loop(lp) for lp in item.objects("loops", allow_empty=True)) if item.has("loops") else ()
    try:
        return Account(
            name=item.text("name"),
            venue=item.text("venue").lower(),
            collateral=collateral,
            positions=positions,
            maintenance_factor=item.number_or("maintenance_factor", 1.0, low=1.0),
            loops=loops,
        )
    except JsonFieldError:
        raise
    except RiskInputError as exc:
        raise JsonFieldError(f"{item.where}: {exc}") from None


def _collateral(item: Fields, haircuts: dict[str, HaircutTiers]) -> CollateralHolding:
    table = FULL_VALUE
    if item.has("haircuts"):
        table = _table_ref(item, "haircuts", haircuts, _haircut_table)
    return CollateralHolding(item.text("asset"), item.number("amount", low=0), table)


def _loop(item: Fields) -> Loop:
    try:
        loop = LendingLoop(
            capital=item.number("capital", low=0, strict=True),
            ltv=item.number("ltv", low=0, high=1, strict=True),
            cycles=item.integer("cycles", low=1),
            lt=item.number("lt", low=0, high=1, strict=True),
        )
    except JsonFieldError:
        raise
    except RiskInputError as exc:
        raise JsonFieldError(f"{item.where}: {exc}") from None
    return Loop(item.text("asset"), loop)


def _position(item: Fields, tiers: dict[str, TierTable]) -> Position:
    if item.has("tiers") == item.has("max_leverage"):
        raise JsonFieldError(f"{item.where}: give exactly one of 'tiers' or 'max_leverage'")
    if item.has("tiers"):
        table = _table_ref(item, "tiers", tiers, _tier_table)
    else:
        table = hyperliquid_tiers(item.number("max_leverage", low=1.0))
    mode = (
        MarginMode(item.text("margin_mode", tuple(m.value for m in MarginMode)))
        if item.has("margin_mode")
        else MarginMode.CROSS
    )
    isolated = item.number("isolated_margin", low=0, strict=True) if mode is MarginMode.ISOLATED else 0.0
    if mode is MarginMode.CROSS and item.has("isolated_margin"):
        raise JsonFieldError(f"{item.at('isolated_margin')}: only isolated positions have an isolated margin")
    try:
        return Position(
            asset=item.text("asset"),
            side=_SIDES[item.text("side", tuple(_SIDES))],
            size=item.number("size", low=0, strict=True),
            entry=item.number("entry", low=0, strict=True),
            tiers=table,
            margin_mode=mode,
            isolated_margin=isolated,
        )
    except RiskInputError as exc:
        raise JsonFieldError(f"{item.where}: {exc}") from None


def _table_ref(item: Fields, key: str, named: dict[str, T], parse: Callable[[Fields], T]) -> T:
    raw = item.data[key]
    if isinstance(raw, str):
        if raw not in named:
            known = ", ".join(sorted(named)) or "none defined"
            raise JsonFieldError(f"{item.at(key)}: no table named {raw!r} (known: {known})")
        return named[raw]
    return parse(item.obj(key))


def _number_map(root: Fields, key: str, *, positive: bool) -> dict[str, float]:
    table = root.obj(key)
    return {
        name: table.number(name, low=0, strict=True) if positive else table.number(name)
        for name in table.data
    }
