"""The advice as JSON (stable: the demo's is a golden file) and as text for a terminal.

Every number in the JSON sits under a key that `EXPLAIN` describes in one sentence, and
the document carries those sentences, so a reader never meets an unexplained figure.
"""

from __future__ import annotations

import json
from typing import Any

from app.advisor.advice import Advice, SplitMetrics
from app.advisor.bands import AmountBands, Band3
from app.advisor.plan import AccountPlan
from app.advisor.transfer import Transfer
from app.holdings import Holdings, Place
from app.messages import Message, MessageKey, message
from app.risk_calibration import member_parameters_array
from risk.stress_ensemble import Tipping

EXPLAIN: dict[str, str] = {
    "btc_drawdown": "The BTC drawdown every plan must survive: the stress's own shock plus the buffer.",
    "base_drawdown": "The stress's BTC shock before the buffer: the preset's recorded move, or a custom one.",
    "survival_settled_fall": "Where BTC settles (its fall from today) once the cascade has run from the "
    "survival drawdown's initial shock: the two are different numbers.",
    "survival_drawdown_p10_p50_p90": "The survival drawdown (initial BTC shock) at the 10th, 50th and "
    "90th percentile of the calibrated ensemble's members.",
    "members": "How many calibrated parameter sets (impact, market-maker retention) the stress runs with.",
    "survive_share": "The share of those parameter sets in which every plan must survive the stress.",
    "buffer": "The safety buffer added to the BTC drawdown, so plans survive a somewhat worse crash.",
    "btc_price": "Today's BTC price, used to express every value in BTC.",
    "total_usd": "Everything held, on exchanges and in cold storage, at today's prices.",
    "total_btc": "The same total expressed in BTC at today's price.",
    "trading_usd": "Value held on exchanges: margin accounts (collateral, unrealised PnL, isolated margin, "
    "loop equity) and spot wallets.",
    "cold_usd": "Value held in cold-storage accounts.",
    "exchange_share": "The share of total wealth that sits on exchanges (trading_usd / total_usd).",
    "usd": "The line's value in USD at today's prices.",
    "btc": "The line's value in BTC at today's price.",
    "amount": "Coins of the asset.",
    "trading_amount": "Coins of the asset held on exchanges.",
    "cold_amount": "Coins of the asset held in cold storage.",
    "survival_drawdown": "The largest BTC drawdown (with the liquidation cascade) that liquidates nothing; "
    "null when nothing is left on an exchange.",
    "liquidated_share": "The share of exchange-held margin the stress liquidates at its bottom.",
    "liquidated_usd": "The exchange-held margin the stress liquidates at its bottom, in USD.",
    "collateral_usd": "The account's collateral today, at market value (no haircut).",
    "least_margin_usd": "The least collateral with which every position of the account survives the stress "
    "and a 10% gap either way (bisection with the engine), after any cut below.",
    "excess_usd": "Collateral above the least margin: what can leave the account.",
    "size": "The position's size in coins today.",
    "reduce_by": "Coins by which to cut the position so it survives the stress.",
    "share": "The cut as a share of the position (the same for every position cut in the account).",
    "share_p10_p50_p90": "The cut's share at the 10th, 50th and 90th percentile across the calibrated "
    "ensemble: the cuts with which the position survives in 10%, 50% and 90% of the members "
    "(app.advisor.bands); the headline share is the one at the survive share.",
    "amount_p10_p50_p90": "Coins the plan lets leave this account in this asset at the 10th, 50th and "
    "90th percentile across the calibrated ensemble: the plans that survive in 90%, 50% and 10% of "
    "the members (app.advisor.bands), before the transfer rules (minimum, cold account).",
    "isolated_margin_usd": "The isolated position's margin today.",
    "least_isolated_margin_usd": "The least isolated margin (to the cent) with which the position "
    "survives the stress and a 10% gap.",
    "release_usd": "Isolated margin above that least: lower it on the venue, then withdraw it.",
    "liquidation_price": "The loop is liquidated when its collateral falls below this share of its peg.",
    "stress_price": "The loop collateral's price in the stress on the loop's venue, as a share of today's.",
    "repay_usd": "Debt to repay (selling as much of the looped collateral) so the stress leaves HF ≥ 1.",
}


def advice_json(advice: Advice, portfolio_name: str) -> dict[str, Any]:
    stress = advice.stress
    return {
        "portfolio": portfolio_name,
        "stress": {
            "preset": stress.preset.name,
            "title": stress.preset.title,
            "base_drawdown": round(stress.base_drawdown, 6),
            "buffer": round(stress.policy.buffer, 6),
            "btc_drawdown": round(stress.btc_drawdown, 6),
            "description": stress.describe(),
            "tipping_points": [tipping_message(t).text for t in advice.tipping_points],
            "ensemble": {
                "members": member_parameters_array().size,
                "survive_share": stress.survive_share,
                "rule": "every plan survives the stress in at least survive_share of the calibrated "
                "ensemble's members, each member on its own conditioned shock plus the buffer "
                "(docs/validation.md)",
            },
        },
        "nothing_moves_automatically": "Advice only: ColdSplit never moves funds; you make each transfer.",
        "split": {"current": _metrics(advice.current), "proposed": _metrics(advice.proposed)},
        "holdings": {"current": holdings_json(advice.before), "proposed": holdings_json(advice.after)},
        "accounts": [_plan(plan, advice.bands) for plan in advice.plans],
        "transfers": [_transfer(t, advice.bands) for t in advice.transfers],
        "notes": [note.text for note in advice.notes],
        "flags": [
            {"kind": f.kind.value, "account": f.account, "subject": f.subject, "why": f.why}
            for f in advice.flags
        ],
        "recheck": {
            "positions_still_liquidated": list(advice.still_falling),
            "loops_still_liquidated": list(advice.loops_still_falling),
            "why": "The engine re-ran the stress on the proposed split (transfers, cuts and loop repayments "
            "made); anything listed still falls.",
        },
        "explain": dict(sorted(EXPLAIN.items())),
    }


def render_json(advice: Advice, portfolio_name: str) -> str:
    return json.dumps(advice_json(advice, portfolio_name), indent=2, ensure_ascii=False) + "\n"


def _band(band: tuple[float | None, float | None, float | None] | None) -> str:
    if band is None or band[0] is None or band[2] is None:
        return "   —   "
    return f"{_pct(band[0]).strip()}–{_pct(band[2]).strip()}".rjust(11)


def _metrics(m: SplitMetrics) -> dict[str, Any]:
    return {
        "survival_drawdown": _round(m.survival_drawdown, 5),
        "survival_settled_fall": _round(m.survival_settled_fall, 5),
        "survival_drawdown_p10_p50_p90": None
        if m.survival_band is None
        else [_round(v, 5) for v in m.survival_band],
        "liquidated_share": _round(m.liquidated_share, 6),
        "liquidated_usd": _round(m.liquidated_usd, 2),
        "exchange_share": round(m.exchange_share, 6),
    }


def holdings_json(h: Holdings) -> dict[str, Any]:
    return {
        "btc_price": h.btc_price,
        "total_usd": round(h.total_usd, 2),
        "total_btc": round(h.total_usd / h.btc_price, 8),
        "trading_usd": round(h.trading_usd, 2),
        "cold_usd": round(h.cold_usd, 2),
        "exchange_share": round(h.exchange_share, 6),
        "trading_accounts": _accounts(h, Place.TRADING),
        "cold_accounts": _accounts(h, Place.COLD),
        "assets": [
            {
                "asset": asset,
                "trading_amount": round(row["trading_amount"], 8),
                "cold_amount": round(row["cold_amount"], 8),
                "usd": round(row["trading_usd"] + row["cold_usd"], 2),
                "btc": round((row["trading_usd"] + row["cold_usd"]) / h.btc_price, 8),
            }
            for asset, row in h.by_asset().items()
        ],
    }


def _accounts(h: Holdings, place: Place) -> list[dict[str, Any]]:
    return [
        {"account": name, "usd": round(usd, 2), "btc": round(usd / h.btc_price, 8)}
        for name, usd in sorted(h.by_account(place).items())
    ]


def _band3(band: Band3 | None, digits: int) -> list[float] | None:
    return None if band is None else [round(v, digits) for v in band]


def _plan(plan: AccountPlan, bands: AmountBands) -> dict[str, Any]:
    return {
        "account": plan.account,
        "venue": plan.venue,
        "survives_stress_today": plan.survives_now,
        "liquidated_today": list(plan.fallen_now),
        "collateral_usd": round(plan.collateral_usd, 2),
        "least_margin_usd": round(plan.least_margin_usd, 2),
        "excess_usd": round(plan.excess_usd, 2),
        "deleverage": [
            {
                "position": c.label,
                "size": c.size,
                "reduce_by": round(c.reduce_by, 8),
                "share": c.share,
                "share_p10_p50_p90": _band3(bands.cut(c.label), 6),
                "why": f"With everything the account holds, the stress still liquidates {c.label}; "
                f"cutting it by {c.share:.1%} is the least that survives.",
            }
            for c in plan.cuts
        ],
        "isolated_margin_releases": [
            {
                "position": r.label,
                "isolated_margin_usd": round(r.isolated_margin, 2),
                "least_isolated_margin_usd": round(r.least_margin, 2),
                "release_usd": round(r.release_usd, 2),
            }
            for r in plan.releases
        ],
        "loop_repayments": [
            {
                "loop": r.label,
                "liquidation_price": round(r.liquidation_price, 6),
                "stress_price": round(r.stress_price, 6),
                "repay_usd": r.repay_usd,
                "why": f"The stress prices {r.asset} at {r.stress_price:.4f} of its peg, below the loop's "
                f"liquidation at {r.liquidation_price:.4f}; repaying this much keeps its health factor ≥ 1.",
            }
            for r in plan.repays
        ],
    }


def _transfer(t: Transfer, bands: AmountBands) -> dict[str, Any]:
    target = None
    if t.to is not None:
        target = {
            "chain": t.to.chain.value,
            "account": t.to.account,
            "address": t.to.address,
            "path": t.to.path,
        }
    return {
        "asset": t.asset,
        "amount": t.amount,
        "amount_p10_p50_p90": _band3(bands.transfer(t.from_account, t.asset), 8),
        "usd": round(t.usd, 2),
        "from": t.from_account,
        "venue": t.venue,
        "kind": t.kind,
        "to": target,
        "status": "ready" if target else "needs a device-verified cold address for this asset",
        "first": list(t.first),
        "why": t.why,
    }


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def tipping_message(point: Tipping) -> Message:
    """One tipping point of the stress as a sentence (the text and the GUI share it)."""
    return message(
        MessageKey.STRESS_TIPPING_POINT,
        shock_low=point.shock_low,
        shock_high=point.shock_high,
        fall_low=point.fall_low,
        fall_high=point.fall_high,
    )


def render_text(advice: Advice, portfolio_name: str) -> str:
    """A terminal summary: the split before/after, the transfers, the cuts, the flags."""
    cur, new = advice.current, advice.proposed
    lines = [
        f"Advice for {portfolio_name} — stress: {advice.stress.describe()}",
        *(tipping_message(t).text for t in advice.tipping_points),
        "Nothing moves automatically: you make each transfer.",
        f"  exchange-held share   {cur.exchange_share:7.1%} → {new.exchange_share:7.1%}",
        f"  survival drawdown     {_pct(cur.survival_drawdown)} → {_pct(new.survival_drawdown)}"
        " (initial BTC shock)",
        f"  ensemble P10–P90      {_band(cur.survival_band)} → {_band(new.survival_band)}",
        f"  BTC then settles      {_pct(cur.survival_settled_fall)} → {_pct(new.survival_settled_fall)} down",
        f"  liquidated by stress  {_pct(cur.liquidated_share)} → {_pct(new.liquidated_share)}",
        "Transfers:",
    ]
    for t in advice.transfers:
        where = f"{t.to.account} {t.to.address}" if t.to else "(verify a cold address first)"
        after = f"after cutting {', '.join(t.first)}: " if t.first else ""
        spread = _amount_spread(advice.bands.transfer(t.from_account, t.asset), t.asset)
        lines.append(f"  {after}{coins(t.amount)} {t.asset}{spread} from {t.from_account} → {where}: {t.why}")
    lines.extend(f"Note: {note.text}" for note in advice.notes)
    for plan in advice.plans:
        lines.extend(
            f"Cut {c.label} by {coins(c.reduce_by)} {c.asset} ({c.share:.1%}"
            f"{_share_spread(advice.bands.cut(c.label))}): the stress liquidates it even with all the "
            "account holds."
            for c in plan.cuts
        )
        lines.extend(
            f"Repay ${r.repay_usd:,.2f} of the debt of {r.label}: the stress prices {r.asset} at "
            f"{r.stress_price:.4f} of its peg, below its liquidation at {r.liquidation_price:.4f}."
            for r in plan.repays
        )
    lines.extend(f"Flag [{f.kind.value}] {f.account} / {f.subject}: {f.why}" for f in advice.flags)
    return "\n".join(lines) + "\n"


def _amount_spread(band: Band3 | None, asset: str) -> str:
    """' (ensemble P10–P90 a–b ASSET)' when the ensemble moves the amount, else nothing."""
    if band is None or band[0] == band[2]:
        return ""
    return f" (ensemble P10–P90 {coins(band[0])}–{coins(band[2])} {asset})"


def _share_spread(band: Band3 | None) -> str:
    if band is None or band[0] == band[2]:
        return ""
    return f"; ensemble P10–P90 {band[0]:.1%}–{band[2]:.1%}"


def coins(amount: float) -> str:
    """An amount as the user types it into a withdrawal form: up to 8 decimals, no trailing zeros."""
    return f"{amount:.8f}".rstrip("0").rstrip(".")


def _pct(value: float | None) -> str:
    return "   none" if value is None else f"{value:7.1%}"
