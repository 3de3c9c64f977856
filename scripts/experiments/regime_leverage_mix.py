"""Experiment, not shipped: a leverage mix per regime, by a rule stated before the fit.

docs/validation.md ("Mechanisms tried", 5) reports what this prints. Each preset keeps
everything but its crowds' leverage mixes; every crowd of an event takes its regime's mix,
the equal-weighted average of the mixes the presets ship for the regime's events. Held out,
an event's regime mix comes from the regime's *other* events only, and the joint fit is
redone without the event (docs/validation.md, "Held out").

Rules (the regime of each event, from a fact dated before it):
  cap  - venues cut maximum leverage for new users to 20x in July 2021 (Binance from 19 July,
         FTX from 101x on 25 July): "before" = 2020-03-12, 2021-05-19; "after" = 2025-10-10,
         2026-01-31.
  one  - one regime for every event (the "one leverage mix" experiment, 4).

Usage: .venv/bin/python scripts/experiments/regime_leverage_mix.py cap   (about 3 minutes)
"""

from __future__ import annotations

import copy
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from risk.calibration import EventBench  # noqa: E402
from risk.joint_fit import calibrate  # noqa: E402
from risk.presets import Preset, load_preset  # noqa: E402
from risk.validation import miss  # noqa: E402

SHIPPED = ROOT / "resources" / "scenarios"
EVENTS = ("2020-03-12", "2021-05-19", "2025-10-10", "2026-01-31")
RULES = {
    "cap": {"2020-03-12": "before", "2021-05-19": "before", "2025-10-10": "after", "2026-01-31": "after"},
    "one": dict.fromkeys(EVENTS, "all"),
}
Mix = dict[str, float]


def average(mixes: list[Mix]) -> Mix:
    """The equal-weighted average of leverage mixes, renormalised to 1."""
    keys = sorted({k for m in mixes for k in m}, key=float)
    summed = {k: sum(m.get(k, 0.0) for m in mixes) for k in keys}
    total = sum(summed.values())
    return {k: v / total for k, v in summed.items()}


def event_mix(document: dict) -> Mix:
    """The average of the mixes an event's crowds ship with."""
    return average([a["crowd"]["leverage_shares"] for a in document["assets"] if a.get("crowd")])


def regime_presets(rule: str, documents: dict[str, dict], held_out: str | None) -> list[Preset]:
    """Every event with its regime's mix; the held-out event's regime mix leaves it out."""
    folder = Path(tempfile.mkdtemp())
    presets = []
    for event in EVENTS:
        mates = [m for m in EVENTS if RULES[rule][m] == RULES[rule][event] and m != held_out]
        if event == held_out:
            mates = [m for m in EVENTS if RULES[rule][m] == RULES[rule][event] and m != event]
        mix = average([event_mix(documents[m]) for m in mates]) if mates else event_mix(documents[event])
        document = copy.deepcopy(documents[event])
        for asset in document["assets"]:
            if asset.get("crowd"):
                asset["crowd"]["leverage_shares"] = mix
        path = folder / f"{event}.json"
        path.write_text(json.dumps(document))
        presets.append(load_preset(path))
    return presets


def report(rule: str) -> None:
    documents = {e: json.loads((SHIPPED / f"{e}.json").read_text()) for e in EVENTS}
    in_sample = regime_presets(rule, documents, None)
    joint = calibrate(in_sample)
    print(f"rule {rule}: joint fit {joint.joint.params}, loss {joint.joint.loss:.4f}")
    for event in EVENTS:
        presets = regime_presets(rule, documents, event)
        held = calibrate(presets)
        preset = next(p for p in presets if p.name == event)
        params, shock = held.parameters_for(event, held_out=True)
        values = EventBench.of(preset).measure(params, shock)
        own = next(p for p in in_sample if p.name == event)
        inside = EventBench.of(own).measure(joint.joint.params, joint.shocks[event])
        for row in preset.validation:
            value = values[row.metric]
            off = miss(row, value)
            print(
                f"{event} {row.metric:24s} [{row.low:.4g}, {row.high:.4g}] in sample {inside[row.metric]:.4g}"
                f" held out {value:.4g} {'pass' if off == 0 else f'fail {off:+.1%}'}"
                f" (shock {shock:.4f}; {params})"
            )


if __name__ == "__main__":
    for name in sys.argv[1:] or ["cap"]:
        report(name)
