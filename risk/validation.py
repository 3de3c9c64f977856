"""Replays that validate: each recorded crash in sample and held out, with the ensemble band.

For one event, every validation row is measured three ways: with the joint fit (in
sample: the event helped choose the parameters), with the fit on every *other* event
(held out: the event's out-of-sample result), and across the ensemble (P10/P50/P90).
Only the held-out value earns a verdict. The conditioned row (BTC's fall, which the
exogenous shock is solved to reproduce) holds by construction and is reported as the
input it is, never as a pass; so is the depth left on BTC's book, which follows from κ,
w_min and that conditioned fall.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from risk.calibration import CONDITIONED_METRIC, EventBench, Parameters, impact_basis
from risk.ensemble import CalibrationFile
from risk.presets import AssetPreset, Preset, ValidationRow
from risk.replay import AssetReplay, metric_value

CONDITIONED = "input (conditioned: the shock is solved to reproduce it)"
# The depth left on the conditioned asset's book is w(δ) = max(w_min, e^(−κ·δ)) at δ = its
# settled fall, which the shock is solved to reproduce: the row restates κ and w_min (held
# out, the fit of events without a depth reading, i.e. the prior), it does not test them.
BY_CONSTRUCTION = "by construction (max(w_min, e^(−κ·δ)) at the conditioned fall: restates κ, w_min)"
RESTATED_METRIC = "retention." + CONDITIONED_METRIC.partition(".")[2]
LONG_METRIC = "long_liquidated_usd"
PASS = "pass"
PER_EVENT = "(per event)"
FAIL = "fail"


@dataclass(frozen=True)
class AssetShare:
    """One asset's part of a liquidation row: its long liquidations (USD) and settled fall,
    in sample and held out."""

    asset: str
    in_sample_usd: float
    held_out_usd: float
    in_sample_fall: float
    held_out_fall: float


@dataclass(frozen=True)
class Run:
    """The event replayed under one parameter set at its conditioned shock."""

    params: Parameters
    shock: float
    assets: tuple[AssetReplay, ...]

    def value(self, metric: str) -> float:
        return metric_value(metric, self.assets)


@dataclass(frozen=True)
class ValidationResult:
    metric: str
    low: float
    high: float
    in_sample: float
    held_out: float
    band: tuple[float, float, float]  # P10, P50, P90 over the ensemble (in sample)
    verdict: str  # PASS / FAIL for a checked row, CONDITIONED / BY_CONSTRUCTION otherwise
    sourced: tuple[str, ...]
    calibrated: tuple[str, ...]
    source: str
    note: str
    # A liquidation row's split by asset; a failing row's reason, worked out from it.
    by_asset: tuple[AssetShare, ...] = ()
    reason: str = ""

    @property
    def per_event_inputs(self) -> bool:
        """Whether the value rests on inputs set for this event alone (a crowd's open interest or
        leverage mix, a beta): a pass then says the event is consistent with the model held
        out, not that those inputs are validated."""
        return any(item.endswith(PER_EVENT) for item in self.calibrated)

    @property
    def checked(self) -> bool:
        return self.verdict not in (CONDITIONED, BY_CONSTRUCTION)


def validate(preset: Preset, calibration: CalibrationFile) -> tuple[ValidationResult, ...]:
    bench = EventBench.of(preset)
    fitted = calibration.calibration
    if preset.name in fitted.held_out:
        joint, shock = fitted.parameters_for(preset.name, held_out=False)
        held, held_shock = fitted.parameters_for(preset.name, held_out=True)
        member_runs = [(m.params, m.shocks[preset.name]) for m in calibration.members]
    else:  # an event the fit never saw: the joint fit is already out of sample for it
        joint = held = fitted.joint.params
        shock = held_shock = bench.condition(joint)
        member_runs = [(m.params, bench.condition(m.params)) for m in calibration.members]
    in_sample = Run(joint, shock, bench.assets_at(joint, shock))
    held_out = Run(held, held_shock, bench.assets_at(held, held_shock))
    members = [bench.measure(params, member_shock) for params, member_shock in member_runs]
    return tuple(_result(preset, row, in_sample, held_out, members) for row in preset.validation)


def _result(
    preset: Preset, row: ValidationRow, in_sample: Run, held_out: Run, members: list[dict[str, float]]
) -> ValidationResult:
    spread = np.array([m[row.metric] for m in members])
    p10, p50, p90 = (float(q) for q in np.quantile(spread, [0.1, 0.5, 0.9]))
    value = held_out.value(row.metric)
    if row.metric == CONDITIONED_METRIC:
        verdict = CONDITIONED
    elif row.metric == RESTATED_METRIC:
        verdict = BY_CONSTRUCTION
    else:
        verdict = PASS if row.low <= value <= row.high else FAIL
    sourced, calibrated = provenance(preset, row, held_out.params, held_out.shock)
    shares = asset_shares(in_sample, held_out) if row.metric == LONG_METRIC else ()
    return ValidationResult(
        row.metric,
        row.low,
        row.high,
        in_sample.value(row.metric),
        value,
        (p10, p50, p90),
        verdict,
        sourced,
        calibrated,
        row.source,
        row.note,
        shares,
        failure_reason(row, value, in_sample, held_out, shares) if verdict == FAIL else "",
    )


def asset_shares(in_sample: Run, held_out: Run) -> tuple[AssetShare, ...]:
    """Each cascading asset's long liquidations and fall, in sample and held out."""
    return tuple(
        AssetShare(a.asset, a.liquidated_usd, b.liquidated_usd, a.settled_drawdown, b.settled_drawdown)
        for a, b in zip(in_sample.assets, held_out.assets, strict=True)
        if a.liquidated_usd > 0 or b.liquidated_usd > 0
    )


def miss(row: ValidationRow, value: float) -> float:
    """How far outside its range the value lies, relative to the nearer bound (−0.07: 7% below)."""
    if value < row.low:
        return value / row.low - 1.0
    if value > row.high:
        return value / row.high - 1.0
    return 0.0


def failure_reason(
    row: ValidationRow, value: float, in_sample: Run, held_out: Run, shares: tuple[AssetShare, ...]
) -> str:
    """Why a held-out row misses, in numbers: the miss, and for a liquidation row the asset whose
    liquidations moved most from the in-sample fit, with the exogenous shock behind it."""
    text = f"held out {miss(row, value):+.1%} outside the range"
    if not shares:
        return text
    mover = max(shares, key=lambda s: abs(s.held_out_usd - s.in_sample_usd))
    parts = ", ".join(f"{s.asset} ${s.held_out_usd / 1e9:.2f}B" for s in shares)
    conditioned = CONDITIONED_METRIC.partition(".")[2]
    return (
        f"{text}; held out by asset: {parts}. {conditioned}'s liquidations are set by its "
        f"conditioned fall; {mover.asset} moves most from in sample "
        f"(${mover.in_sample_usd / 1e9:.2f}B → ${mover.held_out_usd / 1e9:.2f}B, fall "
        f"{mover.in_sample_fall:.1%} → {mover.held_out_fall:.1%}): the other assets move with "
        f"{conditioned}'s exogenous shock ({in_sample.shock:.1%} in sample, {held_out.shock:.1%} held out) "
        "and their own cascades, both set by the fitted parameters (μ, κ, w_min "
        f"{_params(in_sample.params)} → {_params(held_out.params)}), on crowds "
        "whose open interest and leverage mix are set per event, not sourced"
    )


def _params(params: Parameters) -> str:
    return f"{params.impact_scale:g}/{params.kappa:g}/{params.w_min:g}"


def provenance(
    preset: Preset, row: ValidationRow, params: Parameters, shock: float
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What the row's model value rests on, split into sourced inputs and calibrated ones."""
    base, _, asset = row.metric.partition(".")
    specs = [preset.asset(asset)] if asset else [s for s in preset.assets if s.crowd is not None]
    sourced: list[str] = []
    calibrated = ["μ, κ, w_min: fitted jointly over every event (docs/validation.md)"]
    if (base == "settled_drawdown" and asset != "BTC") or base == "long_liquidated_usd":
        calibrated.append(f"exogenous BTC shock: conditioned on BTC's recorded fall ({shock:.4f} held out)")
    for spec in specs:
        _asset_provenance(spec, sourced, calibrated, params.beta(spec.beta_asset))
    return tuple(sourced), tuple(calibrated)


def _asset_provenance(
    spec: AssetPreset, sourced: list[str], calibrated: list[str], fitted_beta: float | None
) -> None:
    name = spec.asset
    if spec.crowd is not None:
        oi = spec.open_interest
        if oi is not None and oi.sourced and abs(oi.value - spec.crowd.open_interest_usd) <= 0.01 * oi.value:
            sourced.append(f"{name} open interest ${oi.value:,.0f} ({oi.source})")
        else:
            calibrated.append(f"{name} open interest ${spec.crowd.open_interest_usd:,.0f} {PER_EVENT}")
        calibrated.append(f"{name} leverage mix, entries and long share {PER_EVENT}")
    if spec.impact is not None:
        basis = impact_basis(spec)
        (sourced if spec.depth1 is not None and spec.depth1.sourced else calibrated).append(
            f"{name} impact: {basis}"
        )
    if name == "BTC":
        return
    if fitted_beta is None:
        calibrated.append(f"{name} beta {spec.shock.beta:g} to BTC {PER_EVENT}")
    else:
        calibrated.append(f"{name} beta {fitted_beta:g} to BTC (log returns), fitted jointly")
