"""`coldsplit market snapshot`: the live market figures the engine uses, and fragility signals.

    coldsplit market snapshot --symbol BTC/USDT:USDT [--venue binance] [--json]
                              [--max-age 300] [--offline] [--preset 2025-10-10]

Public market data only (no key). A snapshot younger than --max-age seconds is
reused from the store; without network the stored one or the preset stands in, and
the output says which.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from datetime import timedelta

from app.cli.accounts_cmd import client_options
from app.cli.context import CommandContext
from app.errors import UserError
from app.exchanges.fragility import Signal, fragility_signals
from app.exchanges.market import DEFAULT_PRESET, MarketSnapshot
from app.exchanges.registry import all_venues
from app.exchanges.snapshots import SnapshotResult, get_snapshot
from app.store import open_store


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "market", help="live market data for the engine: depth, open interest, funding"
    )
    actions = parser.add_subparsers(dest="market_action", metavar="ACTION", required=True)
    snap = actions.add_parser(
        "snapshot", help="order-book depth fit, open interest, funding, marks; fragility"
    )
    snap.add_argument("--symbol", required=True, help="a perpetual in ccxt notation, e.g. BTC/USDT:USDT")
    snap.add_argument("--venue", default="binance", choices=sorted(all_venues()))
    snap.add_argument("--json", action="store_true")
    snap.add_argument(
        "--max-age", type=float, default=300.0, help="reuse a stored snapshot this young (seconds)"
    )
    snap.add_argument("--offline", action="store_true", help="no network: stored snapshot or preset")
    snap.add_argument(
        "--preset", default=DEFAULT_PRESET, help="preset for the offline fallback and crowd shape"
    )
    snap.add_argument("--timeout", type=float, default=15.0, help="seconds to wait for each answer")
    snap.add_argument("--api-base-url", help="send every request to this base URL (a proxy or a test server)")
    snap.set_defaults(handler=market_snapshot)


def _money(value: float | None) -> str:
    if value is None:
        return "unknown"
    return f"${value / 1e9:,.2f}B" if value >= 1e9 else f"${value / 1e6:,.2f}M"


def _text(result: SnapshotResult, signals: list[Signal]) -> str:
    s: MarketSnapshot = result.snapshot

    def mark(*readings: str) -> str:
        return " (calibrated, not data)" if set(readings) & set(s.calibrated) else ""

    funding = "unknown" if s.funding_rate_8h is None else f"{s.funding_rate_8h:+.4%} per 8 h"
    lines = [
        f"{s.symbol} on {s.venue} at {s.fetched_at} ({result.note})",
        f"  mark {s.mark_price or 0:,.2f}   index {s.index_price or 0:,.2f}   "
        f"funding {funding}{mark('funding')}",
        f"  open interest {_money(s.open_interest_usd)}{mark('open_interest')}   24h volume perp "
        f"{_money(s.perp_volume_usd)}, spot {_money(s.spot_volume_usd)}{mark('spot_volume')}",
    ]
    for side, fit in (("bids", s.bid_fit), ("asks", s.ask_fit)):
        bands = ", ".join(f"±{float(k):.1%} {_money(v)}" for k, v in s.bands.get(side[:3], {}).items())
        shape = (
            "no fit"
            if fit is None
            else f"D1 {_money(fit.depth1_usd)}, γ {fit.gamma:.2f} (R² {fit.r_squared:.3f})"
        )
        lines.append(f"  {side}: {shape}; within {bands or 'unknown'}{mark('depth_1pct', 'depth_5pct')}")
    lines.append("fragility:")
    for signal in signals:
        lines.append(f"  [{signal.status}] {signal.name}: {signal.reading} (threshold: {signal.threshold})")
    return "\n".join(lines)


def market_snapshot(args: argparse.Namespace, ctx: CommandContext) -> int:
    if args.max_age < 0:
        raise UserError("--max-age must not be negative")
    options = client_options(args)
    with open_store(ctx.db_path) as store:
        result = get_snapshot(
            store,
            args.venue,
            args.symbol,
            options=options,
            max_age=timedelta(seconds=args.max_age),
            offline=args.offline,
            preset=args.preset,
        )
    signals = fragility_signals(result.snapshot, result.previous, args.preset)
    if args.json:
        payload = {
            **result.snapshot.as_dict(),
            "origin": result.origin,
            "note": result.note,
            "fragility": [asdict(sig) for sig in signals],
        }
        print(json.dumps(payload, indent=2))
    else:
        print(_text(result, signals))
    return 0
