"""`coldsplit accounts show`: the trader's numbers of a stored account, as the Trading page shows them.

The numbers come from app.usecases.trader_numbers on the engine's portfolio of every
stored account (app.exchanges.engine_export) — the very file the Trading page reads — so
a position's mark, and with it every figure, is the same in both. When another account
cannot be exported, the named account is exported alone; when it cannot be either (no
maintenance tiers, a loan the engine cannot carry), the reason is said instead of numbers.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from app.errors import UserError
from app.exchanges.engine_export import portfolio_json
from app.exchanges.repository import VenueAccount
from app.store import Store
from app.usecases.number_text import leverage_text, percent_text, price_text, usd_text
from app.usecases.trader_numbers import AccountNumbers, PositionNumbers, trader_numbers
from risk._types import RiskInputError
from risk.portfolio_json import parse_portfolio


def stored_account_numbers(store: Store, account: VenueAccount) -> AccountNumbers | str:
    """The account's numbers, or why there are none."""
    reason = ""
    for names in (None, [account.name]):
        try:
            portfolio = parse_portfolio(portfolio_json(store, names), "stored accounts")
        except (UserError, RiskInputError) as exc:
            reason = str(exc)
            continue
        for numbers in trader_numbers(portfolio):
            if numbers.account == account.name:
                return numbers
        return "it holds no margin or positions"
    return reason


def numbers_json(numbers: AccountNumbers | str) -> dict[str, Any]:
    if isinstance(numbers, str):
        return {"trader_numbers": None, "trader_numbers_note": numbers}
    whole = asdict(numbers)
    positions = whole.pop("positions")
    return {"trader_numbers": {**whole, "positions": positions}}


def account_line(numbers: AccountNumbers | str) -> str:
    if isinstance(numbers, str):
        return f"  no trader numbers: {numbers}"
    return (
        f"  equity {usd_text(numbers.equity)}  maintenance {usd_text(numbers.maintenance)}  "
        f"margin ratio {percent_text(numbers.margin_ratio)} "
        f"(cross maintenance / cross equity; liquidated at {numbers.liquidation_ratio:.1%})"
    )


def position_line(p: PositionNumbers) -> str:
    away = "" if p.distance is None else f" ({percent_text(p.distance)} away)"
    return (
        f"           notional {usd_text(p.notional)}  leverage {leverage_text(p.leverage)}  "
        f"PnL {usd_text(p.unrealised_pnl, signed=True)}  "
        f"margin {usd_text(p.margin)}  maintenance {usd_text(p.maintenance)}  "
        f"liquidation {price_text(p.liquidation_price)}{away}"
    )
