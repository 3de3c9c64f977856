"""What every venue mapping provides, and the normalisation shared by all of them.

A `Venue` knows which credentials its API needs, how to build its ccxt client, and
how to turn that client's unified answers into `AccountHoldings`. Values that would
poison the engine (NaN, negative prices, a position without a side) are refused as a
bad venue answer; only positions of size zero (closed) are left out, since they hold
nothing.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import ccxt

from app.exchanges.client import ClientOptions, configure_client
from app.exchanges.errors import VenueBadResponse, venue_call
from app.exchanges.models import AccountHoldings, Balance, Loan, MarginMode, MarginTier, Position, Side
from app.secrets import ApiCredentials


@dataclass(frozen=True)
class AccountAccess:
    """What a client needs to read one account: signed keys, or a public wallet address."""

    credentials: ApiCredentials | None = None
    wallet_address: str | None = None


class Venue(ABC):
    """One exchange, read through ccxt with a read-only key."""

    name: str
    display_name: str
    needs_secret: bool = True
    needs_passphrase: bool = False
    needs_wallet_address: bool = False
    default_margin_mode: MarginMode = MarginMode.CROSS
    book_limit: int | None = None  # order-book levels per side to ask for (None: the venue's default)

    @abstractmethod
    def new_exchange(self, config: dict[str, Any]) -> ccxt.Exchange:
        """The venue's ccxt client class (with strict JSON), built from ccxt's config dict."""

    @abstractmethod
    def read_holdings(self, client: ccxt.Exchange, margin_mode: MarginMode) -> AccountHoldings:
        """Balances, positions, loans and the positions' margin tiers, all read before returning.

        `margin_mode` is the account's as the user set it; a venue whose API differs by
        account type (Binance Portfolio Margin) reads the matching endpoints.
        """

    def key_permissions(self, client: ccxt.Exchange) -> frozenset[str] | None:
        """What the key may do beyond reading: "trade", "withdraw", "transfer"; None if unknowable."""
        return None

    def make_client(self, access: AccountAccess, options: ClientOptions) -> ccxt.Exchange:
        config: dict[str, Any] = {}
        if access.credentials is not None:
            config["apiKey"] = access.credentials.api_key
            config["secret"] = access.credentials.secret
            if access.credentials.passphrase:
                config["password"] = access.credentials.passphrase
        if access.wallet_address:
            config["walletAddress"] = access.wallet_address
        return configure_client(self.new_exchange(config), options)

    def call(self, what: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
        """Run one ccxt call with its failures translated to a one-line `VenueError`."""
        with venue_call(self.display_name, what):
            return fn(*args, **kwargs)


def require_shape(ok: bool, venue: str, what: str) -> None:
    """Refuse an answer whose JSON is valid but not shaped like the venue's (ccxt would read it as empty)."""
    if not ok:
        raise VenueBadResponse(f"{venue} sent {what} in an unexpected shape")


def dig(data: Any, *keys: str | int) -> Any:
    """data[k1][k2]… or None when any step is missing or of the wrong type."""
    for key in keys:
        if isinstance(key, int):
            data = data[key] if isinstance(data, list) and -len(data) <= key < len(data) else None
        else:
            data = data.get(key) if isinstance(data, dict) else None
    return data


def require_tiers_for(positions: tuple[Position, ...], tiers: Mapping[str, Any], venue: str) -> None:
    missing = sorted({p.symbol for p in positions} - {s for s, t in tiers.items() if t})
    if missing:
        raise VenueBadResponse(f"{venue} sent no maintenance-margin tiers for {', '.join(missing)}")


def _number(value: Any, what: str, venue: str) -> float | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise VenueBadResponse(f"{venue} sent a non-numeric {what}: {value!r}") from None
    if not math.isfinite(number):
        raise VenueBadResponse(f"{venue} sent a non-finite {what}: {value!r}")
    return number


def _positive(value: Any, what: str, venue: str) -> float:
    number = _number(value, what, venue)
    if number is None or number <= 0:
        raise VenueBadResponse(f"{venue} sent a missing or non-positive {what}: {value!r}")
    return number


def balances_from_ccxt(balance: Mapping[str, Any], wallet: str, venue: str) -> tuple[Balance, ...]:
    totals = balance.get("total")
    if not isinstance(totals, Mapping):
        raise VenueBadResponse(f"{venue} sent a {wallet} balance without totals")
    result = []
    for asset, amount in sorted(totals.items()):
        value = _number(amount, f"{asset} balance", venue)
        if value is None or value == 0:
            continue
        if value < 0:
            raise VenueBadResponse(f"{venue} reports a negative {asset} balance ({value}) in {wallet}")
        result.append(Balance(str(asset), value, wallet))
    return tuple(result)


def loans_from_ccxt(balance: Mapping[str, Any], wallet: str, venue: str) -> tuple[Loan, ...]:
    debts = balance.get("debt")
    if not isinstance(debts, Mapping):
        return ()
    loans = []
    for asset, amount in sorted(debts.items()):
        value = _number(amount, f"{asset} debt", venue)
        if value:
            loans.append(Loan(str(asset), abs(value), wallet))
    return tuple(loans)


def position_from_ccxt(raw: Mapping[str, Any], markets: Mapping[str, Any], venue: str) -> Position | None:
    """One ccxt unified position, or None when it is closed (size zero)."""
    symbol = str(raw.get("symbol") or "")
    market = markets.get(symbol)
    if market is None:
        raise VenueBadResponse(f"{venue} reports a position in an unknown market {symbol!r}")
    contracts = _number(raw.get("contracts"), f"{symbol} position size", venue)
    if not contracts:
        return None
    contract_size = _number(raw.get("contractSize"), f"{symbol} contract size", venue) or 1.0
    side_text = str(raw.get("side") or "")
    if side_text not in ("long", "short"):
        raise VenueBadResponse(f"{venue} reports a {symbol} position without a side ({side_text!r})")
    mode_text = str(raw.get("marginMode") or "cross")
    mode = MarginMode.ISOLATED if mode_text == "isolated" else MarginMode.CROSS
    liq = _number(raw.get("liquidationPrice"), f"{symbol} liquidation price", venue)
    leverage = _number(raw.get("leverage"), f"{symbol} leverage", venue)
    if leverage is None:
        # Some endpoints (Binance positionRisk v3) drop leverage; notional / initial margin is the same thing.
        notional = _number(raw.get("notional"), f"{symbol} notional", venue)
        initial = _number(raw.get("initialMargin"), f"{symbol} initial margin", venue)
        leverage = abs(notional) / initial if notional and initial else None
    isolated = _isolated_wallet(raw, symbol, venue) if mode is MarginMode.ISOLATED else None
    return Position(
        symbol=symbol,
        base_asset=str(market["base"]),
        side=Side(side_text),
        size=abs(contracts) * contract_size,
        entry_price=_positive(raw.get("entryPrice"), f"{symbol} entry price", venue),
        mark_price=_positive(raw.get("markPrice"), f"{symbol} mark price", venue),
        leverage=leverage,
        margin_mode=mode,
        isolated_margin=isolated,
        venue_liquidation_price=liq if liq else None,  # venues send 0 for "none" (fully collateralised)
    )


def _isolated_wallet(raw: Mapping[str, Any], symbol: str, venue: str) -> float | None:
    """The margin put into an isolated position, without its unrealised PnL.

    ccxt's `collateral` is that margin plus PnL on every venue here; the engine adds
    PnL itself at each scenario price (Binance's isolated liquidation formula takes
    the isolated wallet balance), so PnL is taken back out.
    """
    collateral = _number(raw.get("collateral"), f"{symbol} isolated margin", venue)
    if collateral is None:
        return _number(raw.get("initialMargin"), f"{symbol} initial margin", venue)
    pnl = _number(raw.get("unrealizedPnl"), f"{symbol} unrealised PnL", venue) or 0.0
    return max(collateral - pnl, 0.0)


def positions_from_ccxt(
    raw_positions: Iterable[Mapping[str, Any]], markets: Mapping[str, Any], venue: str
) -> tuple[Position, ...]:
    if not isinstance(raw_positions, list):
        raise VenueBadResponse(f"{venue} sent positions that are not a list")
    found = (position_from_ccxt(raw, markets, venue) for raw in raw_positions)
    return tuple(sorted((p for p in found if p is not None), key=lambda p: (p.symbol, p.side.value)))


def tiers_from_ccxt(raw_tiers: Mapping[str, Any], venue: str) -> dict[str, tuple[MarginTier, ...]]:
    result: dict[str, tuple[MarginTier, ...]] = {}
    for symbol, tiers in raw_tiers.items():
        parsed = [
            MarginTier(
                floor_usd=_number(tier.get("minNotional"), f"{symbol} tier floor", venue) or 0.0,
                mmr=_positive(tier.get("maintenanceMarginRate"), f"{symbol} maintenance margin rate", venue),
                max_leverage=_positive(tier.get("maxLeverage"), f"{symbol} max leverage", venue),
            )
            for tier in tiers
        ]
        if parsed:
            result[str(symbol)] = tuple(sorted(parsed, key=lambda t: t.floor_usd))
    return result
