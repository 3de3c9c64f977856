"""`coldsplit risk`: the cascade engine from the command line.

Subcommands here: `cascade` (a crowd file through a drawdown grid), `loop` (a lending
loop's exposure and liquidation prices) and `liqprice` (a liquidation price by the
venue's own rule, app.cli.liqprice_cmd). Other modules add subcommands to the same
group without depending on the order `command_groups()` lists them in:

    from app.cli.risk_cmd import add_risk_subcommand, risk_input_errors

    def register(subparsers):
        replay = add_risk_subcommand(subparsers, "replay", help="...")
        replay.add_argument(...)
        replay.set_defaults(handler=run_replay)

`add_risk_subcommand` creates the `risk` group on first use and returns a parser for
the new subcommand. Wrap engine calls in `with risk_input_errors():` so a
`RiskInputError` becomes a one-line user error (exit 2).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from app.cli.context import CommandContext
from app.cli.liqprice_cmd import add_liqprice_arguments, print_liquidation_price
from app.errors import UserError
from risk._types import FloatArray, RiskInputError
from risk.cascade import CascadeResult, solve_cascade
from risk.crowd import Ladder, build_ladder, load_crowd_csv, load_crowd_npz
from risk.impact import BookImpact, ConstantRetention, DecayRetention, ImpactModel, Retention, SqrtImpact
from risk.loops import LendingLoop

SubParsers = argparse._SubParsersAction  # argparse exposes no public name for it

_GROUPS: weakref.WeakKeyDictionary[SubParsers[argparse.ArgumentParser], SubParsers[argparse.ArgumentParser]]
_GROUPS = weakref.WeakKeyDictionary()
# One JSON line per point: 10^6 points took 42 s and 10^7 took 9 min and 7 GB here, so a grid
# past 10^5 (a few seconds) is refused before any work.
_MAX_SCENARIOS = 100_000


class RiskCommandError(UserError):
    """Bad input to a risk command (a crowd row, a parameter, a grid)."""


@contextmanager
def risk_input_errors(prefix: str = "") -> Iterator[None]:
    """Turn the engine's `RiskInputError` into a one-line user error."""
    try:
        yield
    except RiskInputError as exc:
        raise RiskCommandError(f"{prefix}{exc.message}") from exc


def risk_actions(subparsers: SubParsers[argparse.ArgumentParser]) -> SubParsers[argparse.ArgumentParser]:
    """The `risk` group's own subcommand set, created the first time anyone asks."""
    actions = _GROUPS.get(subparsers)
    if actions is None:
        group = subparsers.add_parser("risk", help="liquidation-cascade risk engine")
        actions = group.add_subparsers(dest="risk_action", metavar="ACTION", required=True)
        _GROUPS[subparsers] = actions
    return actions


def add_risk_subcommand(
    subparsers: SubParsers[argparse.ArgumentParser], name: str, help: str
) -> argparse.ArgumentParser:
    """A new `coldsplit risk NAME` parser; the caller adds arguments and sets `handler`."""
    return risk_actions(subparsers).add_parser(name, help=help, description=help)


def finite_float(text: str) -> float:
    """argparse type: a finite number (nan and inf are refused with a clear message)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{text!r} is not a finite number")
    return value


def drawdown_grid(text: str, limit: int = _MAX_SCENARIOS) -> FloatArray:
    """argparse type for START:STOP:N — N evenly spaced drawdowns (negative = rally), each < 1."""
    parts = text.split(":")
    if len(parts) != 3:
        raise argparse.ArgumentTypeError(f"{text!r} is not START:STOP:N (e.g. 0:0.5:51)")
    start, stop = (finite_float(part) for part in parts[:2])
    try:
        count = int(parts[2])
    except ValueError:
        raise argparse.ArgumentTypeError(f"N in {text!r} must be a whole number") from None
    if not 1 <= count <= limit:
        raise argparse.ArgumentTypeError(f"N in {text!r} must be between 1 and {limit}")
    if max(start, stop) >= 1.0:
        raise argparse.ArgumentTypeError(
            f"drawdowns in {text!r} must be below 1 (a 100% fall prices at zero)"
        )
    return np.linspace(start, stop, count)


def register(subparsers: SubParsers[argparse.ArgumentParser]) -> None:
    _register_cascade(
        add_risk_subcommand(subparsers, "cascade", "settle a crowd's cascade over a drawdown grid")
    )
    _register_loop(
        add_risk_subcommand(subparsers, "loop", "a lending loop's exposure and liquidation prices")
    )
    _register_liqprice(
        add_risk_subcommand(
            subparsers, "liqprice", "one position's liquidation price by its venue's rule (default Binance)"
        )
    )


def _register_cascade(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--crowd", type=Path, required=True, help="positions: .csv (side,size,liq_price) or .npz"
    )
    parser.add_argument("--price", type=finite_float, required=True, help="pre-shock mark price P0")
    parser.add_argument(
        "--impact", choices=["sqrt", "book"], default="sqrt", help="impact law (default sqrt)"
    )
    parser.add_argument("--y", type=finite_float, default=0.7, help="sqrt: Y prefactor (default 0.7)")
    parser.add_argument("--sigma", type=finite_float, help="sqrt: daily volatility, e.g. 0.035")
    parser.add_argument("--adv", type=finite_float, help="sqrt: average daily volume in USD")
    parser.add_argument("--depth1", type=finite_float, help="book: USD depth within 1%% of the price")
    parser.add_argument("--gamma", type=finite_float, default=0.4, help="book: depth exponent (default 0.4)")
    parser.add_argument("--retention", type=finite_float, help="constant share of depth left, in (0, 1]")
    parser.add_argument("--kappa", type=finite_float, help="decaying depth: w = max(w_min, exp(-kappa·move))")
    parser.add_argument("--w-min", type=finite_float, help="decaying depth: floor of w")
    parser.add_argument("--drawdowns", type=drawdown_grid, required=True, help="START:STOP:N, e.g. 0:0.5:51")
    parser.set_defaults(handler=run_cascade)


def _register_loop(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--capital", type=finite_float, required=True, help="initial stake")
    parser.add_argument("--ltv", type=finite_float, required=True, help="loan-to-value of each re-borrow")
    parser.add_argument("--cycles", type=int, required=True, help="number of re-borrows")
    parser.add_argument("--lt", type=finite_float, required=True, help="liquidation threshold")
    parser.add_argument(
        "--price", type=finite_float, default=1.0, help="collateral price (default 1, the peg)"
    )
    parser.set_defaults(handler=run_loop)


def _register_liqprice(parser: argparse.ArgumentParser) -> None:
    add_liqprice_arguments(parser, finite_float)
    parser.set_defaults(handler=run_liqprice)


def _impact_from(args: argparse.Namespace) -> ImpactModel:
    if args.impact == "sqrt":
        if args.sigma is None or args.adv is None:
            raise RiskCommandError("--impact sqrt needs --sigma and --adv")
        return SqrtImpact(y=args.y, sigma=args.sigma, adv_usd=args.adv)
    if args.depth1 is None:
        raise RiskCommandError("--impact book needs --depth1")
    return BookImpact(depth1_usd=args.depth1, gamma=args.gamma)


def _retention_from(args: argparse.Namespace) -> Retention:
    decaying = args.kappa is not None or args.w_min is not None
    if decaying and args.retention is not None:
        raise RiskCommandError("give either --retention or --kappa with --w-min, not both")
    if decaying:
        if args.kappa is None or args.w_min is None:
            raise RiskCommandError("a decaying depth needs both --kappa and --w-min")
        return DecayRetention(kappa=args.kappa, w_min=args.w_min)
    return ConstantRetention(1.0 if args.retention is None else args.retention)


def _load_ladder(path: Path, p0: float) -> Ladder:
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".npz"):
        raise RiskCommandError(f"--crowd {path.name}: expected a .csv or .npz file")
    with risk_input_errors():
        side, size, liq = load_crowd_csv(path) if suffix == ".csv" else load_crowd_npz(path)
    try:
        return build_ladder(side, size, liq, p0)
    except RiskInputError as exc:
        if exc.row is None or exc.detail is None:
            raise RiskCommandError(exc.message) from exc
        # The CSV's line 1 is its header, so row r is line r + 2.
        where = f"line {exc.row + 2}" if suffix == ".csv" else f"row {exc.row} (0-based)"
        raise RiskCommandError(f"{path.name} {where}, {exc.detail}") from exc


def run_cascade(args: argparse.Namespace, ctx: CommandContext) -> int:
    p0: float = args.price
    if p0 <= 0:
        raise RiskCommandError(f"--price must be > 0; got {p0}")
    with risk_input_errors():
        impact = _impact_from(args)
        keep = _retention_from(args)
    ladder = _load_ladder(args.crowd, p0)
    drawdowns: FloatArray = args.drawdowns
    with risk_input_errors():
        result = solve_cascade(ladder, p0 * (1.0 - drawdowns), impact, keep)
    _print_cascade(drawdowns, result)
    stuck = int(np.count_nonzero(~result.converged))
    if stuck:
        print(f"coldsplit: warning: {stuck} scenario(s) did not converge in 1000 iterations", file=sys.stderr)
    return 0


def _print_cascade(drawdowns: FloatArray, result: CascadeResult) -> None:
    amplification = result.amplification
    lines = [
        json.dumps(
            {
                "drawdown": float(drawdowns[k]),
                "exo_price": float(result.exo_price[k]),
                "price": float(result.price[k]),
                "liquidated_usd": float(result.liquidated_usd[k]),
                "liquidated_count": int(result.liquidated_count[k]),
                "iterations": int(result.iterations[k]),
                "amplification": float(amplification[k]),
            }
        )
        for k in range(drawdowns.size)
    ]
    sys.stdout.write("\n".join(lines) + "\n")


def run_loop(args: argparse.Namespace, ctx: CommandContext) -> int:
    with risk_input_errors():
        loop = LendingLoop(capital=args.capital, ltv=args.ltv, cycles=args.cycles, lt=args.lt)
        health = float(loop.health_factor(args.price))
        equity = float(loop.equity(args.price))
    report = {
        "exposure": loop.exposure,
        "debt": loop.debt,
        "health_factor": health,
        "liquidation_price": loop.liquidation_price,
        "zero_equity_price": loop.zero_equity_price,
        "equity": equity,
    }
    print(json.dumps(report))
    return 0


def run_liqprice(args: argparse.Namespace, ctx: CommandContext) -> int:
    with risk_input_errors():
        print_liquidation_price(args)
    return 0
