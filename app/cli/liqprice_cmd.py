"""`coldsplit risk liqprice --venue {binance,bybit,okx,hyperliquid}`: one position's liquidation price.

Binance takes its FAQ's inputs (wallet balance, MMR, maintenance amount, the other
positions' MM and PnL), as before. The other venues take the inputs their own pages
use (risk.venue_rules cites them):

- bybit: `--leverage` (IM = Q·EP / leverage) or `--margin`, `--mmr`, `--mm-deduction`,
  `--extra-margin`; isolated, `--account classic` (default: MM on the entry value) or
  `--account uta` (Unified Trading Account: MM at the liquidation price, margin added net of
  `--fee-rate`, taker, default 0.055%; needs `--leverage`); `--margin-mode cross` takes
  `--wallet-balance` (Unified Trading Account: MM on the mark value), or
  `--available-balance` with `--leverage`/`--margin` (classic account: Bybit's own cross
  example, MM on the entry value).
- okx: `--leverage` or `--margin`, `--mmr`, `--fee-rate` (taker, default 0.05%).
- hyperliquid: `--max-leverage` (MMR = 1 / (2·max)), `--leverage` or `--margin`,
  `--price` (the mark the margin available is taken at; default the entry).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable

from app.errors import UserError
from risk.margin import binance_liquidation_price
from risk.portfolio import single_tier
from risk.venue_rules import (
    BYBIT_CLASSIC,
    BYBIT_TAKER_FEE,
    OKX_TAKER_FEE,
    bybit_classic_cross_liquidation_price,
    bybit_uta_isolated_liquidation_price,
    hyperliquid_liquidation_price,
    hyperliquid_margin_available,
    mark_liquidation_price,
    venue_liquidation_price,
)

VENUES = ("binance", "bybit", "okx", "hyperliquid")


class LiqPriceError(UserError):
    """A liqprice input the venue's rule needs is missing or out of range."""


def add_liqprice_arguments(parser: argparse.ArgumentParser, number: Callable[[str], float]) -> None:
    """The flags; `number` parses a finite float (app.cli.risk_cmd.finite_float)."""
    parser.add_argument("--venue", choices=VENUES, default="binance", help="whose rule (default binance)")
    parser.add_argument("--side", choices=["long", "short"], required=True)
    parser.add_argument("--size", type=number, required=True, help="position size in coins")
    parser.add_argument("--entry", type=number, required=True, help="entry price")
    parser.add_argument("--wallet-balance", type=number, help="binance / cross: wallet or isolated margin")
    parser.add_argument("--mmr", type=number, help="maintenance margin rate of the bracket")
    parser.add_argument("--maint-amount", type=number, help="binance: maintenance amount (cum)")
    parser.add_argument("--other-mm", type=number, default=0.0, help="cross: other positions' maint. margin")
    parser.add_argument(
        "--other-upnl", type=number, default=0.0, help="cross: other positions' unrealised PnL"
    )
    parser.add_argument("--margin-mode", choices=["isolated", "cross"], default="isolated")
    parser.add_argument(
        "--available-balance", type=number, help="bybit cross, classic account: available balance"
    )
    parser.add_argument(
        "--leverage", type=number, help="bybit/okx/hyperliquid: margin = size·entry / leverage"
    )
    parser.add_argument("--margin", type=number, help="bybit/okx/hyperliquid: the position's margin in USD")
    parser.add_argument("--extra-margin", type=number, default=0.0, help="bybit: margin added after opening")
    parser.add_argument("--mm-deduction", type=number, default=0.0, help="bybit: the tier's MM deduction")
    parser.add_argument(
        "--fee-rate", type=number, help="okx / bybit uta: taker fee (default 0.0005 / 0.00055)"
    )
    parser.add_argument(
        "--account", choices=["classic", "uta"], default="classic", help="bybit isolated: account type"
    )
    parser.add_argument("--max-leverage", type=number, help="hyperliquid: the asset's max leverage")
    parser.add_argument("--price", type=number, help="hyperliquid: current mark (default the entry)")


def liquidation_price(args: argparse.Namespace) -> dict[str, object]:
    """The JSON answer for the chosen venue; RiskInputError passes through for the caller."""
    side = 1 if args.side == "long" else -1
    venue: str = args.venue
    if venue == "binance":
        _need(args, "binance", "wallet_balance", "mmr", "maint_amount")
        price = float(
            binance_liquidation_price(
                side, args.size, args.entry, args.wallet_balance, args.mmr, args.maint_amount,
                args.other_mm, args.other_upnl,
            )
        )  # fmt: skip
        # Binance shows "--" when the formula gives no positive price: it cannot be liquidated.
        return {"liquidation_price": price if price > 0 else None}
    if venue == "hyperliquid":
        price = _hyperliquid(args, side)
    elif venue == "bybit" and args.margin_mode == "cross" and args.available_balance is not None:
        _need(args, venue, "mmr")
        price = bybit_classic_cross_liquidation_price(
            side, args.size, args.entry, args.available_balance, _margin(args, venue), args.mmr,
            args.mm_deduction,
        )  # fmt: skip
    elif args.margin_mode == "cross":
        _need(args, venue, "wallet_balance", "mmr")
        fee = _fee_rate(args) if venue == "okx" else 0.0
        tiers = single_tier(args.mmr)
        price = mark_liquidation_price(
            tiers, side, args.size, args.entry, args.wallet_balance + args.mm_deduction, fee,
            args.other_mm, args.other_upnl,
        )  # fmt: skip
    else:
        _need(args, venue, "mmr")
        margin = _margin(args, venue) + args.extra_margin
        if venue == "bybit" and args.account == "uta":
            _need(args, "bybit --account uta", "leverage")
            price = bybit_uta_isolated_liquidation_price(
                side, args.size, args.entry, args.leverage, args.mmr, args.mm_deduction,
                args.extra_margin, _fee_rate(args),
            )  # fmt: skip
        elif venue == "bybit":
            rule, tiers = BYBIT_CLASSIC, single_tier(args.mmr)
            # The deduction lowers MM: as much margin more above it.
            price = venue_liquidation_price(
                rule, tiers, side, args.size, args.entry, margin + args.mm_deduction, True
            )
        else:
            price = mark_liquidation_price(
                single_tier(args.mmr), side, args.size, args.entry, margin, _fee_rate(args)
            )
    return {"venue": venue, "liquidation_price": round(price, 10) if price > 0 else None}


def _fee_rate(args: argparse.Namespace) -> float:
    if args.fee_rate is not None:
        return float(args.fee_rate)
    return BYBIT_TAKER_FEE if args.venue == "bybit" else OKX_TAKER_FEE


def _hyperliquid(args: argparse.Namespace, side: int) -> float:
    _need(args, "hyperliquid", "max_leverage")
    if args.margin_mode == "cross":
        _need(args, "hyperliquid", "wallet_balance")
        margin = args.wallet_balance + args.other_upnl - args.other_mm
    else:
        margin = _margin(args, "hyperliquid")
    mark = args.entry if args.price is None else args.price
    available = hyperliquid_margin_available(side, args.size, args.entry, mark, margin, args.max_leverage)
    return hyperliquid_liquidation_price(side, args.size, mark, available, args.max_leverage)


def _margin(args: argparse.Namespace, venue: str) -> float:
    if (args.leverage is None) == (args.margin is None):
        raise LiqPriceError(f"--venue {venue} needs one of --leverage or --margin")
    if args.margin is not None:
        if args.margin <= 0:
            raise LiqPriceError(f"--margin must be > 0; got {args.margin}")
        return float(args.margin)
    if args.leverage < 1:
        raise LiqPriceError(f"--leverage must be ≥ 1; got {args.leverage}")
    return float(args.size * args.entry / args.leverage)


def _need(args: argparse.Namespace, venue: str, *names: str) -> None:
    missing = [f"--{name.replace('_', '-')}" for name in names if getattr(args, name) is None]
    if missing:
        raise LiqPriceError(f"--venue {venue} needs {', '.join(missing)}")


def print_liquidation_price(args: argparse.Namespace) -> None:
    print(json.dumps(liquidation_price(args)))
