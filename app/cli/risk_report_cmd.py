"""`coldsplit risk replay` and `coldsplit risk report`: presets and the user's curve.

    coldsplit risk replay PRESET
        One JSON object per validation row of the preset: the documented range, the
        model's value in sample (joint fit) and held out (fit on the other events), the
        ensemble's P10/P50/P90, the verdict (pass/fail on the held-out value; BTC's fall is
        the conditioned input and BTC's depth left follows from it, never a pass), the
        sourced and calibrated inputs behind it, and the source (docs/validation.md).
        Exit 1 when any held-out row fails.

    coldsplit risk report --portfolio FILE|demo|stored [--preset NAME] [--drawdowns START:STOP:N] [--json]
        The user's curve — share of exchange-held margin liquidated per BTC drawdown,
        with the cascade and without it — plus the summary (survival drawdowns,
        amplification, VaR95/ES99 over a seeded Monte-Carlo sample): a readable report
        (app/cli/risk_report_text.py), or with --json one JSON document whose curve rows
        sit one per line. `stored`: the exchange accounts in the store, as `accounts
        export-portfolio` writes them (no network: the last refresh's balances and marks).

PRESET/NAME is a shipped preset (2025-10-10, 2026-01-31, 2021-05-19, 2020-03-12) or
the path of a preset JSON file.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

from app.cli.context import CommandContext
from app.cli.risk_cmd import RiskCommandError, add_risk_subcommand, drawdown_grid, risk_input_errors
from app.cli.risk_report_text import render_text
from app.resources import demo_portfolio_path, resource_path
from app.risk_calibration import calibrated, member_parameters_array, shipped_calibration
from risk._types import FloatArray
from risk.engine import EngineReport
from risk.portfolio import Portfolio
from risk.portfolio_json import load_portfolio, parse_portfolio
from risk.presets import Preset, load_preset
from risk.stress import StressReport, stress, stress_setup
from risk.stress_ensemble import Band, EnsembleStress, Tipping, stress_ensemble, tipping_points
from risk.validation import FAIL, validate

DEFAULT_PRESET = "2025-10-10"
DEFAULT_DRAWDOWNS = "0:0.5:51"
# The report settles the whole portfolio's cascade at each point (~0.5 ms a point here); a
# grid past this is refused before any work instead of running for minutes.
MAX_REPORT_DRAWDOWNS = 10_000
MAX_SEED = 2**32 - 1  # numpy's SeedSequence takes no negative seed
_MAX_SAMPLES = 1_000_000


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    replay_parser = add_risk_subcommand(
        subparsers, "replay", "replay a crash preset and check it lands inside its documented ranges"
    )
    replay_parser.add_argument(
        "preset", help=f"a shipped preset ({', '.join(preset_names())}) or a JSON path"
    )
    replay_parser.set_defaults(handler=run_replay)

    report = add_risk_subcommand(
        subparsers, "report", "the share of your exchange-held margin each drawdown liquidates"
    )
    report.add_argument(
        "--portfolio",
        required=True,
        help="portfolio JSON file, 'demo' for the sample, or 'stored' for the stored exchange accounts",
    )
    report.add_argument("--preset", default=DEFAULT_PRESET, help=f"crash preset (default {DEFAULT_PRESET})")
    report.add_argument(
        "--drawdowns",
        type=lambda text: drawdown_grid(text, MAX_REPORT_DRAWDOWNS),
        default=DEFAULT_DRAWDOWNS,
        help=f"BTC drawdowns START:STOP:N, N at most {MAX_REPORT_DRAWDOWNS} (default {DEFAULT_DRAWDOWNS})",
    )
    report.add_argument(
        "--samples", type=int, default=10_000, help="Monte-Carlo shocks for VaR/ES (default 10000)"
    )
    report.add_argument("--seed", type=int, default=0, help="Monte-Carlo seed (default 0)")
    report.add_argument("--json", action="store_true", help="the whole report as JSON (every curve point)")
    report.set_defaults(handler=run_report)


def preset_names() -> list[str]:
    return sorted(path.stem for path in resource_path("scenarios").glob("*.json"))


def _preset(name: str) -> Preset:
    shipped = resource_path("scenarios", f"{name}.json")
    path = shipped if name in preset_names() else Path(name)
    if not path.is_file():
        raise RiskCommandError(
            f"no preset {name!r}: use one of {', '.join(preset_names())} or a JSON file path"
        )
    with risk_input_errors():
        return load_preset(path)


def run_replay(args: argparse.Namespace, ctx: CommandContext) -> int:
    preset = _preset(args.preset)
    with risk_input_errors():
        rows = validate(preset, shipped_calibration())
    urls = {source.id: source.url for source in preset.sources}
    for row in rows:
        record = {
            "preset": preset.name,
            "metric": row.metric,
            "low": row.low,
            "high": row.high,
            "in_sample": row.in_sample,
            "held_out": row.held_out,
            "p10": row.band[0],
            "p50": row.band[1],
            "p90": row.band[2],
            "verdict": row.verdict,
            "sourced": list(row.sourced),
            "calibrated": list(row.calibrated),
            "rests_on_per_event_inputs": row.per_event_inputs,
            "source": urls[row.source],
            "note": row.note,
        }
        if row.by_asset:
            record["by_asset"] = [
                {
                    "asset": share.asset,
                    "in_sample_usd": share.in_sample_usd,
                    "held_out_usd": share.held_out_usd,
                    "in_sample_fall": share.in_sample_fall,
                    "held_out_fall": share.held_out_fall,
                }
                for share in row.by_asset
            ]
        if row.reason:
            record["reason"] = row.reason
        print(json.dumps(record, ensure_ascii=False))
    checked = [row for row in rows if row.checked]
    failed = sum(row.verdict == FAIL for row in checked)
    if failed:
        print(
            f"coldsplit: {failed} of {len(checked)} held-out rows of {preset.name} fall outside their ranges",
            file=sys.stderr,
        )
        return 1
    return 0


def run_report(args: argparse.Namespace, ctx: CommandContext) -> int:
    if not 1 <= args.samples <= _MAX_SAMPLES:
        raise RiskCommandError(f"--samples must be between 1 and {_MAX_SAMPLES}; got {args.samples}")
    if not 0 <= args.seed <= MAX_SEED:
        raise RiskCommandError(f"--seed must be between 0 and {MAX_SEED}; got {args.seed}")
    preset = calibrated(_preset(args.preset))
    drawdowns: FloatArray = args.drawdowns
    with risk_input_errors():
        portfolio = _report_portfolio(args.portfolio, ctx)
        setup = stress_setup(portfolio, preset)
        result = stress(setup, drawdowns, samples=args.samples, seed=args.seed)
        members = member_parameters_array()
        spread = stress_ensemble(setup, members, drawdowns, samples=args.samples, seed=args.seed)
        tipping = tipping_points(setup)
    document = report_document(portfolio.name, preset, result)
    document["ensemble"] = ensemble_document(spread, tipping)
    # Member 0 is the joint fit the headline uses: where BTC settles from its survival shock.
    settled = float(spread.survival_settled_fall[0])
    document["summary"]["survival_settled_fall"] = None if not np.isfinite(settled) else round(settled, 5)
    for row, band in zip(document["curve"], spread.curve_band().T, strict=True):
        row["liquidated_share_p10_p50_p90"] = [round(float(v), 6) for v in band]
    sys.stdout.write(render_json(document) if args.json else render_text(document))
    return 0


def _report_portfolio(name: str, ctx: CommandContext) -> Portfolio:
    if name == "stored":
        from app.usecases.holdings import stored_portfolio

        return parse_portfolio(stored_portfolio(ctx.db_path), "stored accounts")
    return load_portfolio(demo_portfolio_path() if name == "demo" else Path(name))


def report_document(portfolio_name: str, preset: Preset, result: StressReport) -> dict[str, Any]:
    """Everything the report says, as the JSON document `--json` prints."""
    curve = result.curve
    return {
        "portfolio": portfolio_name,
        "preset": preset.name,
        "preset_title": preset.title,
        "exchange_margin_usd": round(curve.exchange_margin_usd, 2),
        "summary": _summary(curve, result),
        "positions": list(curve.position_labels),
        "curve": _curve_rows(curve),
    }


def _band(values: FloatArray, digits: int) -> dict[str, float | None]:
    band = Band.of(values)
    return {name: _rounded(getattr(band, name), digits) for name in ("p10", "p50", "p90")}


def ensemble_document(spread: EnsembleStress, tipping: list[Tipping]) -> dict[str, Any]:
    """P10/P50/P90 across the calibrated ensemble (docs/validation.md), and named tipping points."""
    return {
        "members": spread.members,
        "parameters": "impact μ, κ, w_min and the jointly fitted betas drawn over their plausible "
        "ranges; the shock's x axis is shared",
        "survival_drawdown": {
            "shock": _band(spread.survival_shock, 5),
            "settled_fall": _band(spread.survival_settled_fall, 5),
            "meaning": "shock: the initial BTC fall before forced selling (the curve's x axis); "
            "settled_fall: where BTC ends once the cascade has run from that shock",
        },
        "es99_usd": _band(spread.es99_usd, 2),
        "var95_usd": _band(spread.var95_usd, 2),
        "tipping_points": [
            {
                "shock_low": round(t.shock_low, 4),
                "shock_high": round(t.shock_high, 4),
                "settled_fall_low": round(t.fall_low, 4),
                "settled_fall_high": round(t.fall_high, 4),
                "text": f"between a {t.shock_low:.2%} and a {t.shock_high:.2%} shock the cascade runs "
                f"from −{t.fall_low:.1%} to −{t.fall_high:.1%}",
            }
            for t in tipping
        ],
    }


def render_json(document: dict[str, Any]) -> str:
    """The document as JSON: header fields indented, one curve row per line."""
    header = {key: value for key, value in document.items() if key != "curve"}
    body = json.dumps(header, indent=2, ensure_ascii=False)[:-2]
    rows = ",\n".join("    " + json.dumps(row, ensure_ascii=False) for row in document["curve"])
    return f'{body},\n  "curve": [\n{rows}\n  ]\n}}\n'


def _summary(curve: EngineReport, result: StressReport) -> dict[str, Any]:
    s, tail = curve.summary, result.sample.summary
    return {
        "survival_drawdown": _rounded(result.survival_drawdown, 5),
        "survival_drawdown_no_cascade": _rounded(result.survival_drawdown_no_cascade, 5),
        "amplification": _amplification(result),
        "survives_every_drawdown": s.survives_every_scenario,
        "var95_usd": round(tail.var95_usd, 2),
        "es99_usd": round(tail.es99_usd, 2),
        "var95_usd_no_cascade": round(tail.var95_usd_no_cascade, 2),
        "es99_usd_no_cascade": round(tail.es99_usd_no_cascade, 2),
        "monte_carlo": {"samples": result.samples, "seed": result.seed, "horizon": "one day"},
    }


def _rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def _amplification(result: StressReport) -> float | None:
    """How much sooner the cascade liquidates: survival without it over survival with it."""
    survived, plain = result.survival_drawdown, result.survival_drawdown_no_cascade
    if survived is None or plain is None or survived <= 0:
        return None
    return round(plain / survived, 4)


def _curve_rows(curve: EngineReport) -> list[dict[str, Any]]:
    btc = curve.assets.index("BTC")
    rows = []
    for s, drawdown in enumerate(curve.btc_drawdown):
        rows.append(
            {
                "drawdown": round(float(drawdown), 6),
                "btc_price": round(float(curve.settled_prices[btc, s]), 2),
                "btc_price_no_cascade": round(float(curve.exo_prices[btc, s]), 2),
                "liquidated_share": round(float(curve.liquidated_share[s]), 6),
                "liquidated_share_no_cascade": round(float(curve.liquidated_share_no_cascade[s]), 6),
                "liquidated_usd": round(float(curve.liquidated_margin_usd[s]), 2),
                "bad_debt_usd": round(float(curve.bad_debt_usd[s]), 2),
                "crowd_liquidated_usd": round(float(curve.crowd_liquidated_usd[s]), 2),
                "fallen": [int(i) for i in np.sort(curve.fallen_positions(s))],
            }
        )
    return rows
