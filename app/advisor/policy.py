"""The stress the advisor plans for, kept in the typed settings (`Settings.stress_policy`).

    "stress_policy": {"preset": "2025-10-10", "btc_drawdown": null, "buffer": 0.02}

The preset supplies the crash's crowds (laid under today's prices), betas, depegs and
venue dislocations. Its own exogenous BTC move is the default shock; `btc_drawdown`
replaces it with a custom one. `buffer` is a safety margin added to the BTC drawdown,
so the plan survives a crash somewhat worse than the one recorded.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from pathlib import Path

from app.messages import Message, MessageKey, message
from app.resources import resource_path
from app.risk_calibration import calibrated
from app.settings import DEFAULT_BUFFER, DEFAULT_PRESET, PolicyError, Settings, StressPolicy
from risk._types import RiskInputError
from risk.presets import Preset, load_preset
from risk.scenarios import MAX_DRAWDOWN

DEFAULT_SURVIVE_SHARE = 0.9

__all__ = [
    "DEFAULT_BUFFER",
    "DEFAULT_PRESET",
    "DEFAULT_SURVIVE_SHARE",
    "PolicyError",
    "Stress",
    "StressPolicy",
    "policy_from_settings",
    "preset_names",
    "resolve",
    "settings_with_policy",
    "with_survive_share",
]


@dataclass(frozen=True)
class Stress:
    """The resolved stress: the preset and the BTC drawdown every plan must survive."""

    policy: StressPolicy
    preset: Preset
    # A plan must survive in at least this share of the calibrated ensemble's members
    # (docs/validation.md); `coldsplit advice --survive-share` sets it.
    survive_share: float = DEFAULT_SURVIVE_SHARE

    def __post_init__(self) -> None:
        if not (math.isfinite(self.survive_share) and 0 < self.survive_share <= 1):
            raise PolicyError(f"survive share must be in (0, 1], got {self.survive_share}")

    @property
    def base_drawdown(self) -> float:
        return self.policy.btc_drawdown if self.policy.btc_drawdown is not None else self.preset.btc_drawdown

    @property
    def btc_drawdown(self) -> float:
        return min(MAX_DRAWDOWN, self.base_drawdown + self.policy.buffer)

    def describe(self) -> str:
        return self.description().text

    def description(self) -> Message:
        custom = self.policy.btc_drawdown is not None
        return message(
            MessageKey.STRESS_CUSTOM if custom else MessageKey.STRESS_REPLAY,
            preset=self.preset.name,
            base_drawdown=self.base_drawdown,
            buffer=self.policy.buffer,
            btc_drawdown=self.btc_drawdown,
        )


def policy_from_settings(settings: Settings) -> StressPolicy:
    return settings.stress_policy


def settings_with_policy(settings: Settings, policy: StressPolicy) -> Settings:
    return replace(settings, stress_policy=policy)


def preset_names() -> list[str]:
    return sorted(path.stem for path in resource_path("scenarios").glob("*.json"))


def with_survive_share(stress: Stress, share: float) -> Stress:
    """The stress with another survival share (PolicyError, one line, outside (0, 1])."""
    return replace(stress, survive_share=share)


def resolve(policy: StressPolicy) -> Stress:
    """Load the policy's preset: a shipped name or a JSON path."""
    shipped = resource_path("scenarios", f"{policy.preset}.json")
    path = shipped if policy.preset in preset_names() else Path(policy.preset)
    if not path.is_file():
        raise PolicyError(
            f"no preset {policy.preset!r}: use one of {', '.join(preset_names())} or a JSON path"
        )
    try:
        preset = calibrated(load_preset(path))
    except RiskInputError as exc:
        raise PolicyError(exc.message) from None
    return Stress(policy, preset)
