"""`coldsplit risk calibrate`: refit the calibrated parameters jointly over every shipped crash.

    coldsplit risk calibrate [--out PATH] [--members N] [--seed S]

Runs the procedure of docs/validation.md (a grid fit over every preset, the fit again
without each event, the plausible ranges and a seeded ensemble with every event's shock
conditioned per member) and writes the result atomically — by default over the shipped
resources/calibration/calibration.json. Takes a minute or two; prints the joint fit.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from app.cli.context import CommandContext
from app.cli.risk_cmd import RiskCommandError, add_risk_subcommand, risk_input_errors
from app.fsutil import atomic_write_text
from app.resources import resource_path
from app.risk_calibration import PROCEDURE, calibration_path
from risk.ensemble import DEFAULT_MEMBERS, DEFAULT_SEED, build_file, to_json
from risk.joint_fit import calibrate
from risk.presets import load_preset


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = add_risk_subcommand(
        subparsers, "calibrate", "refit the calibrated parameters jointly over every shipped crash"
    )
    parser.add_argument("--out", type=Path, default=None, help="where to write (default: the shipped file)")
    parser.add_argument("--members", type=int, default=DEFAULT_MEMBERS, help="ensemble size (default 16)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="ensemble seed")
    parser.set_defaults(handler=run_calibrate)


def run_calibrate(args: argparse.Namespace, ctx: CommandContext) -> int:
    if not 2 <= args.members <= 256:
        raise RiskCommandError(f"--members must be between 2 and 256; got {args.members}")
    with risk_input_errors():
        presets = [load_preset(p) for p in sorted(resource_path("scenarios").glob("*.json"))]
        data = build_file(calibrate(presets), presets, count=args.members, seed=args.seed)
    out = args.out or calibration_path()
    atomic_write_text(out, to_json(data, PROCEDURE), mode=0o644)
    print(json.dumps({"written": str(out), "joint": data.calibration.joint.params.as_dict()}))
    return 0
