"""The stress the advisor plans for, kept in the settings file under "stress_policy".

    "stress_policy": {"preset": "2025-10-10", "btc_drawdown": null, "buffer": 0.02}

The preset supplies the crash's crowds (laid under today's prices), betas, depegs and
venue dislocations. Its own exogenous BTC move is the default shock; `btc_drawdown`
replaces it with a custom one. `buffer` is a safety margin added to the BTC drawdown,
so the plan survives a crash somewhat worse than the one recorded.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.errors import SettingsError, UserError
from app.messages import Message, MessageKey, message
from app.resources import resource_path
from app.risk_calibration import calibrated
from app.settings import Settings
from risk._types import RiskInputError
from risk.presets import Preset, load_preset
from risk.scenarios import MAX_DRAWDOWN

POLICY_KEY = "stress_policy"
DEFAULT_PRESET = "2025-10-10"
DEFAULT_BUFFER = 0.02


class PolicyError(UserError):
    """A stress policy that cannot be used (unknown preset, drawdown out of range)."""


@dataclass(frozen=True)
class StressPolicy:
    preset: str = DEFAULT_PRESET
    btc_drawdown: float | None = None
    buffer: float = DEFAULT_BUFFER

    def __post_init__(self) -> None:
        if self.btc_drawdown is not None and not (0 < self.btc_drawdown <= MAX_DRAWDOWN):
            raise PolicyError(
                f"stress policy: btc_drawdown must be in (0, {MAX_DRAWDOWN}], got {self.btc_drawdown}"
            )
        if not (math.isfinite(self.buffer) and 0 <= self.buffer < 0.5):
            raise PolicyError(f"stress policy: buffer must be in [0, 0.5), got {self.buffer}")

    def as_dict(self) -> dict[str, Any]:
        return {"preset": self.preset, "btc_drawdown": self.btc_drawdown, "buffer": self.buffer}


@dataclass(frozen=True)
class Stress:
    """The resolved stress: the preset and the BTC drawdown every plan must survive."""

    policy: StressPolicy
    preset: Preset

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
        source = "custom shock" if custom else f"the {self.preset.name} replay"
        return message(
            MessageKey.STRESS_CUSTOM if custom else MessageKey.STRESS_REPLAY,
            f"{source} on today's prices: BTC −{self.base_drawdown:.1%} plus a {self.policy.buffer:.1%} "
            f"safety buffer = −{self.btc_drawdown:.1%}, with the {self.preset.name} crowds, depegs and "
            "venue dislocations",
            preset=self.preset.name,
            base_drawdown=self.base_drawdown,
            buffer=self.policy.buffer,
            btc_drawdown=self.btc_drawdown,
        )


def policy_from_settings(settings: Settings) -> StressPolicy:
    raw = settings.extra.get(POLICY_KEY)
    if raw is None:
        return StressPolicy()
    if not isinstance(raw, dict):
        raise SettingsError(f"settings: {POLICY_KEY} must be an object, got {type(raw).__name__}")
    unknown = sorted(set(raw) - {"preset", "btc_drawdown", "buffer"})
    if unknown:
        raise SettingsError(f"settings: {POLICY_KEY} has unknown keys {', '.join(unknown)}")
    preset = raw.get("preset", DEFAULT_PRESET)
    drawdown = raw.get("btc_drawdown")
    buffer = raw.get("buffer", DEFAULT_BUFFER)
    if not isinstance(preset, str) or not preset.strip():
        raise SettingsError(f"settings: {POLICY_KEY}.preset must be a preset name")
    for name, value in (("btc_drawdown", drawdown), ("buffer", buffer)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise SettingsError(f"settings: {POLICY_KEY}.{name} must be a number, got {value!r}")
    try:
        return StressPolicy(preset, None if drawdown is None else float(drawdown), float(buffer))
    except PolicyError as exc:
        raise SettingsError(f"settings: {exc.message}") from None


def settings_with_policy(settings: Settings, policy: StressPolicy) -> Settings:
    return Settings(
        settings.network, settings.language, settings.theme, {**settings.extra, POLICY_KEY: policy.as_dict()}
    )


def preset_names() -> list[str]:
    return sorted(path.stem for path in resource_path("scenarios").glob("*.json"))


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
