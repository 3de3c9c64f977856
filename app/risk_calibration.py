"""The shipped calibration (resources/calibration/calibration.json) applied to crash presets.

Every preset the app loads goes through `calibrated`: its cascading assets take the one
jointly fitted set of impact and retention parameters, and its exogenous BTC shock is the
one conditioned under them on the recorded BTC fall (risk.calibration). `members` gives
the same preset once per ensemble member, for the P10/P50/P90 every report carries.
`coldsplit risk calibrate` rewrites the file.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from app.resources import resource_path
from risk._types import FloatArray
from risk.calibration import Parameters, with_parameters
from risk.ensemble import CalibrationFile, load_calibration
from risk.presets import Preset
from risk.scenarios import MemberParameters

PROCEDURE = "docs/validation.md: joint grid fit, shocks conditioned on BTC's fall, leave-one-event-out"


def calibration_path() -> Path:
    return resource_path("calibration", "calibration.json")


@lru_cache(maxsize=1)
def shipped_calibration() -> CalibrationFile:
    return load_calibration(calibration_path())


def _shock(preset: Preset, shocks: dict[str, float] | None) -> float | None:
    # A preset the calibration has not seen (a user's own file) keeps its own shock.
    return None if shocks is None else shocks.get(preset.name)


def calibrated(preset: Preset, calibration: CalibrationFile | None = None) -> Preset:
    """The preset under the joint fit, with its conditioned shock when the calibration knows it."""
    data = calibration or shipped_calibration()
    return with_parameters(
        preset, data.calibration.joint.params, _shock(preset, dict(data.calibration.shocks))
    )


def members(preset: Preset, calibration: CalibrationFile | None = None) -> list[Preset]:
    """The preset once per ensemble member (member 0 is the joint fit)."""
    data = calibration or shipped_calibration()
    return [with_parameters(preset, m.params, _shock(preset, dict(m.shocks))) for m in data.members]


def member_parameters(calibration: CalibrationFile | None = None) -> list[Parameters]:
    return [m.params for m in (calibration or shipped_calibration()).members]


def member_parameters_array(calibration: CalibrationFile | None = None) -> MemberParameters:
    """The ensemble as per-member engine parameters, relative to the joint fit the calibrated
    presets already carry (impact multiplier μ_m / μ_joint; κ, w_min and betas as they are)."""
    data = calibration or shipped_calibration()
    joint = data.calibration.joint.params.impact_scale
    params = [m.params for m in data.members]
    return MemberParameters(
        np.array([p.impact_scale / joint for p in params]),
        np.array([p.kappa for p in params]),
        np.array([p.w_min for p in params]),
        tuple(p.betas for p in params),
    )


def member_shocks(preset: Preset, calibration: CalibrationFile | None = None) -> FloatArray | None:
    """Each member's conditioned shock for the preset (None for a preset the fit never saw)."""
    data = calibration or shipped_calibration()
    if any(preset.name not in m.shocks for m in data.members):
        return None
    return np.array([m.shocks[preset.name] for m in data.members])
