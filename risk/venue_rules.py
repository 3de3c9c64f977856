"""Each venue's own liquidation rule (RISK_MODEL.md §4), checked against its own worked examples.

The venues agree on the trigger — equity at or below maintenance margin, at the mark
price — and differ in three places, which `VenueRule` states:

- **Bybit**, classic account (venue "bybit-classic"; USDT contract, isolated): maintenance
  margin is taken on the *entry* value,
  MM = Q·EP·MMR − deduction, so
  LP(long) = EP − (IM − MM)/Q − extra/Q and LP(short) = EP + (IM − MM)/Q + extra/Q.
  Bybit's example: 1 BTC long at 20,000 USDT, 50×, MMR 0.5% → IM 400, MM 100, LP 19,700;
  the short mirror gives 20,300. (Bybit Help Centre, "Liquidation Price (USDT Contract)",
  https://www.bybit.com/en/help-center/article/Liquidation-Price-USDT-Contract ; also
  https://testnet.bybit.com/en-US/help-center/s/article/Liquidation-Price-USDT-Contract .)
  Binance's rule takes MM at the liquidation price and gives 19,698.49 for the same trade.
  Classic-account cross margin (same page on the old help centre,
  https://help.bybit.com/hc/en-us/articles/900000181046-Liquidation-Price-USDT-Contract- ,
  "Example 1, only one unhedged position"): the position's IM is set aside from the balance,
  MM is again on the *entry* value, and the position can lose the available balance plus
  IM − MM: 2 BTC long at 10,000 USDT at 100× (IM 200), MMR 0.5% (MM 100), available balance
  2,000 → "total sustainable loss" 2,100 → LP = 10,000 − 2,100 / 2 = 8,950 (an unrealised
  profit is not available balance, so the mark of 10,500 in the example does not enter).
  The Unified Trading Account liquidates when the account's maintenance
  margin rate reaches 100%, with each position's MM on its mark-price value
  ("Trading Rules: Liquidation Process (Unified Trading Account)",
  https://www.bybit.com/en/help-center/article/UTA-Trading-Rules): the mark-price form below.
  ColdSplit's Bybit importer reads Unified Trading Accounts, so venue "bybit" is the UTA.
  Isolated in the UTA, the same page writes it out with margin added after opening counted
  net of the fee to close it: LP(long) = [EP·Q − EP·Q/L − extra/(1 − fee) − deduction] /
  [Q·(1 − MMR)], short mirrored with + and (1 + fee). Its example: 1 BTC long at 40,000,
  50×, 3,000 USDT added, MMR 0.5%, taker fee 0.055% → 36,380.25 (the stored copy of the page
  stops before the example; its figures are from two independent transcriptions that agree,
  and the formula reproduces them to the cent). MM there includes the estimated fee to close,
  Q·EP·MMR − deduction + Q·EP·(1 ∓ 1/L)·fee: 200 + 21.56 = 221.56 in that example, and
  255 + 27.54 = 282.54 for 1 BTC at an average 51,000, 10×, fee 0.06% on Bybit's own USDC
  contract page (https://help.bybit.com/hc/en-us/articles/4431367679641).
- **OKX**: the margin ratio divides by maintenance margin *plus* the fee to close at the
  taker rate, (margin + PnL) / (|Q|·mark·(MMR + fee rate)), liquidation at ≤ 100% (OKX
  Help Centre, "When would my position be liquidated" and its margin-ratio articles for
  isolated, single- and multi-currency margin, https://www.okx.com/help/when-would-my-order-be-liquidated ).
  So OKX is the mark-price form with MMR + fee; the default fee is the regular-user taker
  rate for perpetual swaps, 0.05%.
- **Hyperliquid**: MMR = 1 / (2 · max leverage), and
  liq_price = price − side · margin_available / position_size / (1 − l · side), with
  l = 1 / maintenance leverage = MMR and margin_available = margin + PnL − MM at `price`
  (https://hyperliquid.gitbook.io/hyperliquid-docs/trading/liquidations). A liquidation
  first goes to the book: what stays above maintenance is *returned* to the trader; only
  when equity falls below 2/3 of maintenance does the backstop liquidator take all the
  margin. Positions worth more than 100k USDC are liquidated 20% at a time.
- **Binance** (and any venue not named here): MM on the mark-price value, the whole margin
  lost on liquidation (risk.margin).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from risk._types import FloatArray, RiskInputError
from risk.margin import TierTable, binance_liquidation_price_tiered, maintenance_margin

# Hyperliquid's liquidation page: backstop below 2/3 of maintenance, 20% slices above 100k USDC.
_HL_BACKSTOP = 2.0 / 3.0
_HL_PARTIAL_NOTIONAL = 100_000.0
_HL_PARTIAL_SHARE = 0.2
OKX_TAKER_FEE = 0.0005  # OKX regular-user (Lv1) taker fee for perpetual swaps
BYBIT_TAKER_FEE = 0.00055  # Bybit's non-VIP taker fee for USDT perpetuals (its UTA example's)


@dataclass(frozen=True)
class VenueRule:
    """How one venue turns equity and maintenance into a liquidation and a loss.

    `isolated_mm_at_entry`: an isolated position's MM is on its entry value (Bybit classic).
    `close_fee_rate`: the fee to close, charged on the mark value, joins MM (OKX).
    `backstop_share`: above this share of MM a liquidation goes through the book and the
    trader keeps what is left (Hyperliquid, 2/3); None means the whole margin is lost.
    `partial_notional` / `partial_share`: larger positions are first cut by this share.
    """

    name: str
    isolated_mm_at_entry: bool = False
    close_fee_rate: float = 0.0
    backstop_share: float | None = None
    partial_notional: float = math.inf
    partial_share: float = 1.0

    @property
    def returns_collateral(self) -> bool:
        return self.backstop_share is not None


BINANCE = VenueRule("binance")
# ColdSplit's Bybit importer reads Unified Trading Accounts, so "bybit" is the UTA's rule: MM
# at the mark, isolated too. A classic account (MM on the entry value) is "bybit-classic".
BYBIT = VenueRule("bybit")
BYBIT_CLASSIC = VenueRule("bybit-classic", isolated_mm_at_entry=True)
OKX = VenueRule("okx", close_fee_rate=OKX_TAKER_FEE)
HYPERLIQUID = VenueRule(
    "hyperliquid",
    backstop_share=_HL_BACKSTOP,
    partial_notional=_HL_PARTIAL_NOTIONAL,
    partial_share=_HL_PARTIAL_SHARE,
)
RULES = {rule.name: rule for rule in (BINANCE, BYBIT, BYBIT_CLASSIC, OKX, HYPERLIQUID)}


def rule_for(venue: str) -> VenueRule:
    """The venue's rule; a venue not listed uses Binance's (MM at mark, whole margin lost)."""
    return RULES.get(venue.strip().lower(), BINANCE)


def bybit_isolated_liquidation_price(
    side: int,
    size: float,
    entry: float,
    leverage: float,
    mmr: float,
    mm_deduction: float = 0.0,
    extra_margin: float = 0.0,
) -> float:
    """Bybit USDT contract, isolated: LP = EP ∓ (IM − MM)/Q ∓ extra/Q, MM on the entry value."""
    _check_isolated(side, size, entry, leverage, mmr)
    initial = size * entry / leverage
    maintenance = size * entry * mmr - mm_deduction
    return entry - side * (initial - maintenance + extra_margin) / size


def bybit_uta_isolated_liquidation_price(
    side: int,
    size: float,
    entry: float,
    leverage: float,
    mmr: float,
    mm_deduction: float = 0.0,
    extra_margin: float = 0.0,
    taker_fee: float = BYBIT_TAKER_FEE,
) -> float:
    """Bybit Unified Trading Account, isolated USDT contract: equity = MM at the liquidation
    price, with margin added after opening counted net of its fee to close (module notes)."""
    _check_isolated(side, size, entry, leverage, mmr)
    _require(0 <= taker_fee < 1, f"taker fee must be in [0, 1); got {taker_fee!r}", "fee_rate")
    value = entry * size
    added = extra_margin / (1.0 - side * taker_fee)
    return (value - side * (value / leverage + added + mm_deduction)) / (size * (1.0 - side * mmr))


def bybit_uta_maintenance_margin(
    side: int,
    size: float,
    entry: float,
    leverage: float,
    mmr: float,
    fee_rate: float,
    mm_deduction: float = 0.0,
) -> float:
    """Bybit's MM with the estimated fee to close: Q·EP·MMR − deduction + Q·EP·(1 ∓ 1/L)·fee
    (the fee is on the bankruptcy price's value: below entry for a long, above for a short)."""
    _check(side, size, entry)
    value = size * entry
    return value * mmr - mm_deduction + value * (1.0 - side / leverage) * fee_rate


def bybit_classic_cross_liquidation_price(
    side: int,
    size: float,
    entry: float,
    available_balance: float,
    initial_margin: float,
    mmr: float,
    mm_deduction: float = 0.0,
) -> float:
    """Bybit classic-account cross, one unhedged USDT-contract position: the position can lose
    its available balance plus IM − MM (MM on the entry value), LP = EP ∓ that loss / Q."""
    _check(side, size, entry)
    _require(0 <= mmr < 1, f"mmr must be in [0, 1); got {mmr!r}", "mmr")
    _require(
        math.isfinite(available_balance) and available_balance >= 0,
        f"available balance must be ≥ 0; got {available_balance!r}",
        "available_balance",
    )
    maintenance = size * entry * mmr - mm_deduction
    sustainable = available_balance + initial_margin - maintenance
    return entry - side * sustainable / size


def mark_liquidation_price(
    tiers: TierTable,
    side: int,
    size: float,
    entry: float,
    margin: float,
    fee_rate: float = 0.0,
    other_mm: float = 0.0,
    other_upnl: float = 0.0,
) -> float:
    """Equity = MM + fee·value at the mark price (Binance, OKX, Bybit cross/UTA, Hyperliquid).

    A fee on the value adds to every bracket's rate; the brackets' cum amounts only
    depend on the rate differences, so they stay as they are.
    """
    _check(side, size, entry)
    _require(0 <= fee_rate < 1, f"fee rate must be in [0, 1); got {fee_rate!r}", "fee_rate")
    table = tiers if fee_rate == 0 else TierTable(tiers.floors, np.minimum(tiers.mmrs + fee_rate, 1.0))
    return binance_liquidation_price_tiered(table, side, size, entry, margin, other_mm, other_upnl)


def venue_liquidation_price(
    rule: VenueRule,
    tiers: TierTable,
    side: int,
    size: float,
    entry: float,
    margin: float,
    isolated: bool,
    other_mm: float = 0.0,
    other_upnl: float = 0.0,
) -> float:
    """The liquidation price by the venue's rule, everything else held where it is.

    `margin` is the isolated margin, or for a cross position the cross wallet (with the
    other positions' MM and PnL given). ≤ 0 when no price liquidates the position.
    """
    if isolated and rule.isolated_mm_at_entry:
        fixed = float(maintenance_margin(tiers, size * entry))
        return entry - side * (margin - fixed) / size
    return mark_liquidation_price(tiers, side, size, entry, margin, rule.close_fee_rate, other_mm, other_upnl)


def hyperliquid_liquidation_price(
    side: int, size: float, price: float, margin_available: float, max_leverage: float
) -> float:
    """Hyperliquid's formula: price − side·margin_available / size / (1 − l·side), l = MMR."""
    _check(side, size, price)
    _require(
        math.isfinite(max_leverage) and max_leverage >= 1,
        f"max leverage must be ≥ 1; got {max_leverage!r}",
        "max_leverage",
    )
    rate = 1.0 / (2.0 * max_leverage)
    return price - side * margin_available / size / (1.0 - rate * side)


def hyperliquid_margin_available(
    side: int, size: float, entry: float, price: float, margin: float, max_leverage: float
) -> float:
    """Margin (isolated margin or cross account value before PnL) + PnL − MM at `price`."""
    rate = 1.0 / (2.0 * max_leverage)
    return margin + side * size * (price - entry) - size * price * rate


def liquidation_loss(
    rule: VenueRule,
    margin: npt.ArrayLike,
    equity: npt.ArrayLike,
    threshold: npt.ArrayLike,
    notional: npt.ArrayLike,
) -> FloatArray:
    """The margin a liquidation takes from the trader, for units that fall.

    `margin` is the unit's pre-shock margin; `equity`, `threshold` (MM) and `notional`
    are at the settled venue price. Binance, Bybit, OKX: all of the margin. Hyperliquid:
    above the backstop (equity ≥ 2/3 MM) the book closes the position at that price and
    the trader keeps the equity — or, for a position above 100k USDC, the first 20% slice
    is closed and, when the rest is back above its maintenance (equity > 0.8·MM), the rest
    stays open, so only that slice's share of the fall is lost; below the backstop the
    liquidator takes everything.
    """
    held = np.asarray(margin, dtype=np.float64)
    value = np.asarray(equity, dtype=np.float64)
    mm = np.asarray(threshold, dtype=np.float64)
    whole = np.broadcast_to(held, np.broadcast_shapes(held.shape, value.shape)).astype(np.float64)
    if rule.backstop_share is None:
        return whole
    kept = np.clip(value, 0.0, None)
    book = value >= rule.backstop_share * mm
    slice_only = (np.asarray(notional) > rule.partial_notional) & (value > (1.0 - rule.partial_share) * mm)
    fall = np.clip(held - kept, 0.0, None)
    lost: FloatArray = np.where(book, np.where(slice_only, rule.partial_share * fall, fall), whole)
    return lost


def _check(side: int, size: float, entry: float) -> None:
    _require(side in (1, -1), f"side must be +1 (long) or -1 (short); got {side!r}", "side")
    _require(math.isfinite(size) and size > 0, f"size must be > 0; got {size!r}", "size")
    _require(math.isfinite(entry) and entry > 0, f"entry must be > 0; got {entry!r}", "entry")


def _check_isolated(side: int, size: float, entry: float, leverage: float, mmr: float) -> None:
    _check(side, size, entry)
    _require(math.isfinite(leverage) and leverage >= 1, f"leverage must be ≥ 1; got {leverage!r}", "leverage")
    _require(0 <= mmr < 1, f"mmr must be in [0, 1); got {mmr!r}", "mmr")


def _require(condition: bool, message: str, field: str) -> None:
    if not condition:
        raise RiskInputError(message, field=field)
