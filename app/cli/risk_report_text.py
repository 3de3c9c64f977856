"""`coldsplit risk report` as a person reads it: the JSON document rendered as a short report.

The text is drawn from the same document `--json` prints, so the two never disagree:
positions by name instead of index, the curve as a compact table, and each headline
figure (survival drawdown, amplification, VaR95, ES99) explained in one line.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

MAX_TABLE_ROWS = 11  # a curve of 51 (or 10⁶) points is shown on about a screen's third
_RULE = "-" * 78


def render_text(document: dict[str, Any]) -> str:
    """The whole report; `document` is what `risk report --json` prints."""
    lines = [
        f"ColdSplit risk report — {document['portfolio']}",
        f"Stress preset: {document['preset']} ({document['preset_title']})",
        f"Margin held on exchanges: {_usd(document['exchange_margin_usd'])}",
        "",
        *_summary_lines(document["summary"]),
        *_ensemble_lines(document.get("ensemble")),
        "",
        *_position_lines(document["positions"], document["curve"]),
        "",
        *_curve_table(document["curve"]),
        "",
        "Machine-readable: add --json (same figures, every curve point).",
    ]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _summary_lines(summary: dict[str, Any]) -> list[str]:
    survived, plain = summary["survival_drawdown"], summary["survival_drawdown_no_cascade"]
    monte = summary["monte_carlo"]
    settled = summary.get("survival_settled_fall")
    lines = [
        "Survival drawdown (initial BTC shock): "
        + (
            f"{_pct(survived)} with the cascade, {_pct(plain)} without it"
            if survived is not None
            else "no position is liquidated on any drawdown of the grid"
        ),
        "  the largest initial BTC fall your positions survive; with the cascade, forced",
        "  selling by the rest of the market deepens that fall, so liquidation comes sooner.",
    ]
    if survived is not None and settled is not None:
        lines.append(
            f"  From that {_pct(survived)} shock BTC settles {_pct(settled)} down once the cascade has run."
        )
    amplification = summary["amplification"]
    if amplification is not None:
        lines += [
            f"Cascade amplification: {amplification:.2f}×",
            f"  without the cascade you survive a fall {amplification:.2f} times as deep as with it.",
        ]
    lines += [
        f"One-day tail risk ({monte['samples']:,} seeded Monte-Carlo days, seed {monte['seed']}):",
        f"  VaR95 {_usd(summary['var95_usd'])} — on 95% of days no more margin than this is liquidated"
        + (" (nothing at all)." if summary["var95_usd"] == 0 else "."),
        f"  ES99  {_usd(summary['es99_usd'])} — the average margin liquidated on the worst 1% of days"
        f" (without the cascade {_usd(summary['es99_usd_no_cascade'])}).",
    ]
    return lines


def _ensemble_lines(ensemble: dict[str, Any] | None) -> list[str]:
    if not ensemble:
        return []
    survival = ensemble["survival_drawdown"]
    lines = [
        f"Uncertainty ({ensemble['members']} calibrated parameter sets, P10 / P50 / P90):",
        f"  survival shock      {_band(survival['shock'], _pct)}  (initial BTC fall, before forced selling)",
        f"  settled fall at it  {_band(survival['settled_fall'], _pct)}  (where BTC ends after the cascade)",
        f"  ES99                {_band(ensemble['es99_usd'], _usd)}",
    ]
    for point in ensemble["tipping_points"]:
        lines.append(f"  Tipping point: {point['text']}.")
    if not ensemble["tipping_points"]:
        lines.append("  No cascade tipping point: the settled fall grows smoothly with the shock.")
    return lines


def _band(band: dict[str, float | None], show: Any) -> str:
    if band["p50"] is None:
        return "nothing falls on the grid"
    return " / ".join("—" if band[q] is None else show(band[q]) for q in ("p10", "p50", "p90"))


def _position_lines(labels: Sequence[str], curve: Sequence[dict[str, Any]]) -> list[str]:
    first_fall: dict[int, float] = {}
    for row in curve:
        for index in row["fallen"]:
            first_fall.setdefault(index, row["drawdown"])
    lines = ["Positions (and the first grid drawdown that liquidates each, cascade included):"]
    for index, label in enumerate(labels):
        falls = first_fall.get(index)
        where = f"liquidated at a fall of {_pct(falls)}" if falls is not None else "survives the whole grid"
        lines.append(f"  {label} — {where}")
    return lines


def _curve_table(curve: Sequence[dict[str, Any]]) -> list[str]:
    groups = f"{'initial':>9} {'settled BTC price':^25} {'margin liquidated':^23}"
    header = (
        f"{'BTC fall':>9} {'cascade':>12} {'no cascade':>12} {'cascade':>11}"
        f" {'no cascade':>11} {'liquidated $':>14}"
    )
    lines = [
        "Curve: share of exchange-held margin liquidated per initial BTC fall",
        _RULE,
        groups,
        header,
        _RULE,
    ]
    for row in _sampled(curve):
        lines.append(
            f"{_pct(row['drawdown']):>9} {_usd(row['btc_price']):>12} {_usd(row['btc_price_no_cascade']):>12}"
            f" {_pct(row['liquidated_share']):>11} {_pct(row['liquidated_share_no_cascade']):>11}"
            f" {_usd(row['liquidated_usd']):>14}"
        )
    lines.append(_RULE)
    if len(curve) > MAX_TABLE_ROWS:
        lines.append(f"({MAX_TABLE_ROWS} of {len(curve)} points; all of them with --json)")
    return lines


def _sampled(curve: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """At most MAX_TABLE_ROWS rows, evenly spaced, always the first and the last."""
    count = len(curve)
    if count <= MAX_TABLE_ROWS:
        return list(curve)
    step = (count - 1) / (MAX_TABLE_ROWS - 1)
    return [curve[round(i * step)] for i in range(MAX_TABLE_ROWS)]


def _pct(share: float) -> str:
    return f"{share * 100:.1f}%"


def _usd(amount: float) -> str:
    return f"${amount:,.0f}"
