"""How a shipped crash replays under the model, for the Risk page: the same held-out check
`coldsplit risk replay` prints (risk.validation), reduced to what a person reads beside the
preset they picked.

Only a held-out value earns a verdict; BTC's fall is the input the shock is solved to
reproduce, and the depth left on BTC's book restates κ and w_min (docs/validation.md), so
neither is ever shown as a match.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from app.resources import resource_path, scenario_names
from app.risk_calibration import shipped_calibration
from app.services.risk_view import RiskViewError
from risk._types import RiskInputError
from risk.presets import load_preset
from risk.validation import BY_CONSTRUCTION, CONDITIONED, PASS, AssetShare, ValidationResult, miss, validate


class Verdict(Enum):
    INSIDE = "inside"  # held out, inside the recorded range
    OUTSIDE = "outside"  # held out, outside it
    INPUT = "input"  # the conditioned row: the shock is solved to reproduce it
    RESTATED = "restated"  # follows from the conditioned row and κ, w_min: not a check


@dataclass(frozen=True)
class ReplayCheck:
    """One recorded figure of the crash beside the model's replay of it."""

    metric: str  # e.g. "long_liquidated_usd", "settled_drawdown.ETH", "retention.BTC"
    low: float
    high: float
    held_out: float  # the model fitted on the other crashes, replaying this one
    in_sample: float  # the joint fit, which this crash helped choose
    band: tuple[float, float, float]  # P10, P50, P90 over the calibrated ensemble
    verdict: Verdict
    per_event_inputs: bool  # rests on inputs set for this crash alone (its crowd)
    # How far the held-out value lies outside the range, relative to the nearer end (0 inside;
    # risk.validation.miss): +0.062 for 6.2% above, −0.046 for 4.6% below.
    miss: float
    by_asset: tuple[AssetShare, ...] = ()  # a liquidation figure's split by asset (USD)


@dataclass(frozen=True)
class PresetReplay:
    preset: str
    checks: tuple[ReplayCheck, ...]

    @property
    def checked(self) -> tuple[ReplayCheck, ...]:
        return tuple(c for c in self.checks if c.verdict in (Verdict.INSIDE, Verdict.OUTSIDE))

    @property
    def inside(self) -> int:
        return sum(c.verdict is Verdict.INSIDE for c in self.checks)


def _verdict(result: ValidationResult) -> Verdict:
    if result.verdict == CONDITIONED:
        return Verdict.INPUT
    if result.verdict == BY_CONSTRUCTION:
        return Verdict.RESTATED
    return Verdict.INSIDE if result.verdict == PASS else Verdict.OUTSIDE


@lru_cache(maxsize=8)
def preset_replay(name: str) -> PresetReplay:
    """The shipped preset `name` replayed in sample, held out and across the ensemble (40–130 ms
    here; cached, since neither the preset nor the shipped calibration changes while the app runs)."""
    if name not in scenario_names():
        raise RiskViewError(f"no preset {name!r}: use one of {', '.join(scenario_names())}")
    try:
        preset = load_preset(resource_path("scenarios", f"{name}.json"))
        results = validate(preset, shipped_calibration())
    except RiskInputError as exc:
        raise RiskViewError(f"preset {name}: {exc}") from None
    return PresetReplay(
        name,
        tuple(
            ReplayCheck(
                r.metric,
                r.low,
                r.high,
                r.held_out,
                r.in_sample,
                r.band,
                _verdict(r),
                r.per_event_inputs,
                miss(row, r.held_out),
                r.by_asset,
            )
            for row, r in zip(preset.validation, results, strict=True)
        ),
    )
