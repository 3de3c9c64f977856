"""The calibrated parameters' plausible ranges and a seeded ensemble drawn from them.

Every report runs once per ensemble member (the member's μ, κ, w_min, and each event's
exogenous shock conditioned again under them), and states P10/P50/P90 across members.
Ranges (docs/validation.md): the span of the joint fit and every leave-one-event-out fit,
widened to at least ×/÷1.5 for μ, ±50% for κ and ×/÷2 for w_min. Members are a seeded
Latin hypercube over the ranges (log-uniform for μ and w_min, uniform for κ), with the
joint fit itself as member 0.

The calibration file (resources/calibration/calibration.json, written by
scripts/calibrate.py; `risk` never locates it, the caller passes the path):

    {"procedure": "...", "grid": {...}, "joint": {PARAMS, "loss": L},
     "held_out": {"<event>": {PARAMS, "loss": L}}, "shocks": {"<event>": s},
     "held_out_shocks": {"<event>": s}, "ranges": {"impact_scale": [lo, hi], ...},
     "members": [{PARAMS, "shocks": {"<event>": s}}]}
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from risk.calibration import EventBench, Grid, Parameters
from risk.joint_fit import Calibration, Fit
from risk.jsonfields import Fields, JsonFieldError, load_json_object
from risk.presets import Preset

PARAMETERS = ("impact_scale", "kappa", "w_min")
_WIDEN = {"impact_scale": 1.5, "kappa": 0.5, "w_min": 2.0}
_BETA_WIDEN = 1.1  # ×/÷: ordinary-day ETH betas to BTC run 1.3–1.5 (docs/validation.md, "Betas")
BETA_PREFIX = "beta."
DEFAULT_MEMBERS = 16
DEFAULT_SEED = 20261202


@dataclass(frozen=True)
class Member:
    params: Parameters
    shocks: Mapping[str, float]  # event → exogenous BTC shock conditioned under params


@dataclass(frozen=True)
class CalibrationFile:
    """What the replay and every report read: the calibration, its ranges and its ensemble."""

    calibration: Calibration
    ranges: Mapping[str, tuple[float, float]]
    members: tuple[Member, ...]

    def shock(self, event: str) -> float:
        return self.calibration.shocks[event]

    def member_shocks(self, event: str) -> list[float]:
        return [m.shocks[event] for m in self.members]


def plausible_ranges(calibration: Calibration) -> dict[str, tuple[float, float]]:
    fits = [calibration.joint.params, *(f.params for f in calibration.held_out.values())]
    joint = calibration.joint.params.as_dict()
    ranges = {}
    for name in PARAMETERS:
        values = [f.as_dict()[name] for f in fits]
        widen = _WIDEN[name]
        if name == "kappa":
            low, high = (
                min(min(values), joint[name] * (1 - widen)),
                max(max(values), joint[name] * (1 + widen)),
            )
        else:
            low, high = min(min(values), joint[name] / widen), max(max(values), joint[name] * widen)
        ranges[name] = (float(low), float(min(high, 0.5) if name == "w_min" else high))
    for asset, beta in calibration.joint.params.betas:
        values = [b for f in fits if (b := f.beta(asset)) is not None]
        ranges[BETA_PREFIX + asset] = (min(*values, beta / _BETA_WIDEN), max(*values, beta * _BETA_WIDEN))
    return ranges


def draw_members(
    ranges: Mapping[str, tuple[float, float]], joint: Parameters, count: int, seed: int
) -> list[Parameters]:
    """The joint fit, then count − 1 Latin-hypercube points over the ranges (the betas' too)."""
    rng = np.random.default_rng(seed)
    n = count - 1
    columns = {}
    for name in (*PARAMETERS, *(BETA_PREFIX + asset for asset, _ in joint.betas)):
        low, high = ranges[name]
        u = (rng.permutation(n) + rng.random(n)) / max(n, 1)
        if name == "kappa":
            columns[name] = low + (high - low) * u
        else:
            columns[name] = np.exp(math.log(low) + (math.log(high) - math.log(low)) * u)
    drawn = [
        Parameters(
            float(columns["impact_scale"][i]), float(columns["kappa"][i]), float(columns["w_min"][i])
        ).with_betas({asset: float(columns[BETA_PREFIX + asset][i]) for asset, _ in joint.betas})
        for i in range(n)
    ]
    return [joint, *drawn]


def build_file(
    calibration: Calibration,
    presets: Sequence[Preset],
    *,
    count: int = DEFAULT_MEMBERS,
    seed: int = DEFAULT_SEED,
) -> CalibrationFile:
    ranges = plausible_ranges(calibration)
    benches = [EventBench.of(p) for p in presets]
    members = tuple(
        Member(params, {b.preset.name: b.condition(params) for b in benches})
        for params in draw_members(ranges, calibration.joint.params, count, seed)
    )
    return CalibrationFile(calibration, ranges, members)


def _params_json(params: Parameters) -> dict[str, Any]:
    values: dict[str, Any] = {k: round(v, 6) for k, v in params.as_dict().items()}
    if params.betas:
        values["betas"] = {asset: round(beta, 6) for asset, beta in params.betas}
    return values


def _fit_json(fit: Fit) -> dict[str, Any]:
    return {**_params_json(fit.params), "loss": round(fit.loss, 8), "events": list(fit.events)}


def to_json(data: CalibrationFile, procedure: str) -> str:
    c = data.calibration
    document = {
        "procedure": procedure,
        "grid": {"impact_scale": c.grid.impact_scale, "kappa": c.grid.kappa, "w_min": c.grid.w_min},
        "joint": _fit_json(c.joint),
        "held_out": {name: _fit_json(fit) for name, fit in c.held_out.items()},
        "shocks": {k: round(v, 7) for k, v in c.shocks.items()},
        "held_out_shocks": {k: round(v, 7) for k, v in c.held_out_shocks.items()},
        "ranges": {k: [round(lo, 6), round(hi, 6)] for k, (lo, hi) in data.ranges.items()},
        "members": [
            {**_params_json(m.params), "shocks": {k: round(v, 7) for k, v in m.shocks.items()}}
            for m in data.members
        ],
    }
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def _params(item: Fields) -> Parameters:
    params = Parameters(
        item.number("impact_scale", low=0, strict=True),
        item.number("kappa", low=0),
        item.number("w_min", low=0, high=1, strict=True),
    )
    if not item.has("betas"):
        return params
    betas = item.obj("betas")
    return params.with_betas({asset: betas.number(asset, low=0) for asset in betas.data})


def _fit(item: Fields) -> Fit:
    events = item.data.get("events", [])
    if not isinstance(events, list) or not all(isinstance(e, str) for e in events):
        raise JsonFieldError(f"{item.at('events')}: expected a list of event names")
    return Fit(_params(item), item.number("loss", low=0), tuple(events))


def _shocks(item: Fields) -> dict[str, float]:
    return {name: item.number(name, low=0, high=1, strict=True) for name in item.data}


def load_calibration(path: Path) -> CalibrationFile:
    root = Fields(load_json_object(path, "calibration"), path.name)
    grid = root.obj("grid")
    held = root.obj("held_out")
    ranges = root.obj("ranges")
    calibration = Calibration(
        grid=Grid(*(tuple(grid.numbers(name)) for name in PARAMETERS)),
        joint=_fit(root.obj("joint")),
        held_out={name: _fit(held.obj(name)) for name in held.data},
        shocks=_shocks(root.obj("shocks")),
        held_out_shocks=_shocks(root.obj("held_out_shocks")),
    )
    spans = {}
    for name in ranges.data:
        if name not in PARAMETERS and not name.startswith(BETA_PREFIX):
            raise JsonFieldError(f"{ranges.at(name)}: not a calibrated parameter")
        low, high = ranges.numbers(name, low=0)[:2]
        spans[name] = (low, high)
    members = tuple(Member(_params(m), _shocks(m.obj("shocks"))) for m in root.objects("members"))
    return CalibrationFile(calibration, spans, members)
