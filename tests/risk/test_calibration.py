"""The joint calibration, the held-out replays and the continuous crowd (issue 16, items 1–2)."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from app.resources import resource_path
from app.risk_calibration import calibration_path, shipped_calibration
from risk.calibration import (
    CONDITIONED_METRIC,
    EventBench,
    Grid,
    Parameters,
    calibrated_impact,
    event_loss,
)
from risk.ensemble import build_file, load_calibration, to_json
from risk.impact import SqrtImpact
from risk.joint_fit import calibrate, regularised
from risk.presets import Preset, ValidationRow, load_preset
from risk.validation import (
    BY_CONSTRUCTION,
    CONDITIONED,
    FAIL,
    LONG_METRIC,
    PASS,
    RESTATED_METRIC,
    miss,
    validate,
)

PRESETS = sorted(resource_path("scenarios").glob("*.json"))
TINY_GRID = Grid((0.5, 1.0, 2.0), (10.0, 30.0), (0.05,))


@pytest.fixture(scope="module")
def presets() -> list[Preset]:
    return [load_preset(p) for p in PRESETS]


@pytest.mark.parametrize("path", PRESETS, ids=lambda p: p.stem)
def test_every_crowd_has_at_least_ten_thousand_distinct_liquidation_prices_per_side(path: Path) -> None:
    preset = load_preset(path)
    for spec in preset.assets:
        if spec.crowd is None:
            continue
        side, _, liq = spec.crowd.synthesize(spec.p0)
        for s in (1, -1):
            assert np.unique(liq[side == s]).size >= 10_000, (preset.name, spec.asset, s)


def test_the_settled_fall_has_no_discretisation_steps() -> None:
    """Before: 39 distinct long liquidation prices made the 10/10 fall jump 5 points between
    a 9.5% and a 10% shock. With a continuous crowd, 0.05%-steps of the shock move the fall by
    at most half a point anywhere from 1% to 30%. The parameters are a set with a shallow
    cascade (stop 25's joint fit): the shipped one's steep region near a 7.5% shock is a
    genuine tipping point, which the next test and the advice name."""
    bench = EventBench.of(load_preset(resource_path("scenarios", "2025-10-10.json")))
    shocks = np.arange(0.01, 0.30, 0.0005)
    falls = bench.settled_btc_drawdown(Parameters(0.8409, 30.0, 0.1), shocks)
    assert np.all(np.diff(falls) >= -1e-12)
    assert float(np.max(np.diff(falls))) < 0.005


def test_a_steep_cascade_is_continuous_when_looked_at_closer() -> None:
    """Where the shipped fit's cascade is steepest, ten times finer shock steps give jumps
    about ten times smaller: a steep slope of the model, not a gap between crowd rungs."""
    bench = EventBench.of(load_preset(resource_path("scenarios", "2025-10-10.json")))
    params = shipped_calibration().calibration.joint.params
    coarse = np.arange(0.01, 0.30, 0.0005)
    jumps = np.diff(bench.settled_btc_drawdown(params, coarse))
    steepest = float(coarse[int(np.argmax(jumps))])
    fine = bench.settled_btc_drawdown(params, np.linspace(steepest, steepest + 0.0005, 11))
    assert float(np.max(np.diff(fine))) < 0.35 * float(np.max(jumps))


def test_sourced_depth_drives_impact_as_a_sqrt_law_fit_to_it(presets: list[Preset]) -> None:
    october = next(p for p in presets if p.name == "2025-10-10")
    btc = october.asset("BTC")
    assert btc.depth1 is not None and btc.depth1.sourced and btc.depth1.value == 2e7
    impact = calibrated_impact(btc, Parameters(1.0, 15.0, 0.05))
    assert isinstance(impact, SqrtImpact)
    # I = 1%·sqrt(X/(w·150·D1)): selling 150 books with all depth in place moves the price 1%.
    move = impact.y * impact.sigma * math.sqrt(150 * 2e7 / impact.adv_usd)
    assert math.isclose(move, 0.01, rel_tol=1e-12)
    # An asset without a sourced depth keeps its preset law, scaled by μ.
    sol = october.asset("SOL")
    assert sol.depth1 is None
    scaled = calibrated_impact(sol, Parameters(2.0, 15.0, 0.05))
    assert isinstance(scaled, SqrtImpact) and isinstance(sol.impact, SqrtImpact)
    assert scaled.y == 2.0 * sol.impact.y


def test_the_conditioned_shock_reproduces_the_recorded_btc_fall(presets: list[Preset]) -> None:
    params = Parameters(1.0, 15.0, 0.05)
    for preset in presets:
        bench = EventBench.of(preset)
        shock = bench.condition(params)
        row = next(r for r in preset.validation if r.metric == CONDITIONED_METRIC)
        fall = bench.measure(params, shock)[CONDITIONED_METRIC]
        assert math.isclose(fall, 0.5 * (row.low + row.high), abs_tol=1e-5), preset.name
        assert 0 < shock < fall  # the cascade adds to the exogenous move


def _moved_range(preset: Preset) -> Preset:
    """The preset with its long-liquidation range moved far away (a different 'recorded' value)."""
    rows = tuple(
        replace(r, low=r.low * 3, high=r.high * 3) if r.metric == "long_liquidated_usd" else r
        for r in preset.validation
    )
    return replace(preset, validation=rows)


def test_the_held_out_fit_never_sees_the_held_out_event(presets: list[Preset]) -> None:
    """Moving one event's recorded range changes nothing in its held-out fit (only the others
    choose it), while the in-sample fit may follow it."""
    two = [p for p in presets if p.name in ("2025-10-10", "2026-01-31")]
    base = calibrate(two, TINY_GRID)
    moved = calibrate([_moved_range(two[0]), two[1]], TINY_GRID)
    assert moved.held_out["2025-10-10"] == base.held_out["2025-10-10"]
    assert moved.held_out["2026-01-31"] != base.held_out["2026-01-31"] or (
        moved.held_out["2026-01-31"].loss != base.held_out["2026-01-31"].loss
    )
    # One parameter set for every event: the joint fit is the minimiser of the summed loss.
    for fit in (base.joint, *base.held_out.values()):
        assert replace(fit.params, betas=()) in TINY_GRID.points()
    benches = [EventBench.of(p) for p in two]
    betas = dict(base.joint.params.betas)
    total = {p: sum(event_loss(b, p.with_betas(betas)) for b in benches) for p in TINY_GRID.points()}
    assert math.isclose(total[replace(base.joint.params, betas=())], min(total.values()), abs_tol=2e-3)


def test_the_shipped_joint_fit_is_a_grid_minimum(presets: list[Preset]) -> None:
    """The file was written by this procedure: no neighbouring grid point fits every event better
    (loss plus the prior's tie-breaking pull, which the fit minimises)."""
    data = shipped_calibration().calibration
    grid, joint = data.grid, data.joint.params
    benches = [EventBench.of(p) for p in presets]

    def total(p: Parameters) -> float:
        return regularised(p, sum(event_loss(b, p) for b in benches))

    best = total(joint)
    assert math.isclose(best, regularised(joint, data.joint.loss), abs_tol=1e-8)  # stored to 8 decimals
    for name, values in (("impact_scale", grid.impact_scale), ("kappa", grid.kappa), ("w_min", grid.w_min)):
        index = values.index(getattr(joint, name))
        for neighbour in (index - 1, index + 1):
            if 0 <= neighbour < len(values):
                assert total(replace(joint, **{name: values[neighbour]})) >= best - 1e-12
    # The betas were chosen with them: one grid step either way fits no better.
    betas = dict(joint.betas)
    assert set(betas) == {"ETH", "SOL", "ALT"}
    for asset, beta in betas.items():
        for step in (-0.05, 0.05):
            assert total(joint.with_betas({**betas, asset: round(beta + step, 2)})) >= best - 1e-12


def test_the_calibration_file_round_trips(presets: list[Preset], tmp_path: Path) -> None:
    data = build_file(calibrate(presets[:2], TINY_GRID), presets[:2], count=4, seed=1)
    path = tmp_path / "calibration.json"
    path.write_text(to_json(data, "test"), encoding="utf-8")
    loaded = load_calibration(path)
    assert loaded.calibration.joint.params == data.calibration.joint.params
    assert len(loaded.members) == 4 and loaded.members[0].params == data.calibration.joint.params
    joint = data.calibration.joint.params
    for name, (low, high) in loaded.ranges.items():
        value = joint.beta(name.removeprefix("beta.")) if name.startswith("beta.") else getattr(joint, name)
        assert value is not None and low <= value <= high
    # Members carry their own betas, stored to 6 decimals.
    stored = [tuple((a, round(b, 6)) for a, b in m.params.betas) for m in data.members]
    assert [m.params.betas for m in loaded.members] == stored
    assert len(set(stored)) == 4
    assert json.loads(calibration_path().read_text(encoding="utf-8"))["procedure"].startswith("docs/")


@pytest.mark.parametrize("path", PRESETS, ids=lambda p: p.stem)
def test_replay_never_passes_a_row_that_holds_by_construction(path: Path) -> None:
    rows = validate(load_preset(path), shipped_calibration())
    by_metric = {r.metric: r for r in rows}
    assert by_metric[CONDITIONED_METRIC].verdict == CONDITIONED
    if RESTATED_METRIC in by_metric:  # BTC's depth left: max(w_min, e^(−κ·δ)) at the conditioned δ
        row = by_metric[RESTATED_METRIC]
        assert row.verdict == BY_CONSTRUCTION and not row.checked
        params, _ = shipped_calibration().calibration.parameters_for(load_preset(path).name, held_out=True)
        fall = by_metric[CONDITIONED_METRIC].held_out
        assert row.held_out == pytest.approx(max(params.w_min, math.exp(-params.kappa * fall)))
    for row in rows:
        if row.metric not in (CONDITIONED_METRIC, RESTATED_METRIC):
            inside = row.low <= row.held_out <= row.high
            assert row.verdict == (PASS if inside else FAIL)
        assert row.band[0] <= row.band[1] <= row.band[2]
        assert row.calibrated, row.metric  # μ, κ, w_min at least


def test_an_event_the_fit_never_saw_is_replayed_with_the_joint_fit(tmp_path: Path) -> None:
    data = json.loads(PRESETS[0].read_text(encoding="utf-8"))
    data["name"] = "unseen"
    path = tmp_path / "unseen.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    rows = validate(load_preset(path), shipped_calibration())
    assert all(r.in_sample == r.held_out for r in rows)


def test_row_miss_is_zero_inside_and_a_log_distance_outside() -> None:
    from risk.calibration import row_miss

    row = ValidationRow("long_liquidated_usd", 10.0, 20.0, "s", "")
    assert row_miss(row, 15.0) == 0.0
    assert math.isclose(row_miss(row, 22.0), math.log(1.1))
    assert math.isclose(row_miss(row, 5.0), math.log(2.0))


@pytest.mark.parametrize("path", PRESETS, ids=lambda p: p.stem)
def test_a_liquidation_row_is_split_by_asset_and_a_failing_row_says_why(path: Path) -> None:
    rows = {r.metric: r for r in validate(load_preset(path), shipped_calibration())}
    row = rows[LONG_METRIC]
    assert math.fsum(s.held_out_usd for s in row.by_asset) == pytest.approx(row.held_out)
    assert math.fsum(s.in_sample_usd for s in row.by_asset) == pytest.approx(row.in_sample)
    for result in rows.values():
        if result.verdict == FAIL:
            assert result.reason.startswith(
                f"held out {miss(ValidationRow(result.metric, result.low, result.high, '', ''), result.held_out):+.1%}"
            )
        else:
            assert result.reason == ""
    if row.verdict == FAIL:
        mover = max(row.by_asset, key=lambda s: abs(s.held_out_usd - s.in_sample_usd))
        assert f"{mover.asset} moves most" in row.reason


def test_miss_is_relative_to_the_nearer_bound() -> None:
    row = ValidationRow(LONG_METRIC, 10.0, 20.0, "s", "")
    assert miss(row, 15.0) == 0.0
    assert miss(row, 9.0) == pytest.approx(-0.1)
    assert miss(row, 22.0) == pytest.approx(0.1)


@pytest.mark.parametrize("path", PRESETS, ids=lambda p: p.stem)
def test_a_row_says_when_it_rests_on_inputs_set_for_its_event(path: Path) -> None:
    for row in validate(load_preset(path), shipped_calibration()):
        assert row.per_event_inputs == any("(per event)" in item for item in row.calibrated)
        if row.metric == LONG_METRIC:  # every shipped crowd's leverage mix is set per event
            assert row.per_event_inputs


@pytest.mark.parametrize("path", PRESETS, ids=lambda p: p.stem)
def test_every_beta_behind_a_row_is_the_joint_fits_not_the_events(path: Path) -> None:
    """Before, each preset carried its own ETH beta (1.1 on 2020-03-12, 1.45 on 2026-01-31), so
    ETH's fall was checked against a number set for that very fall. Now every cascading asset
    but BTC moves by the held-out fit's one beta, and the row says so; the shock it names is the
    one the held-out fit conditioned."""
    preset = load_preset(path)
    held, shock = shipped_calibration().calibration.parameters_for(preset.name, held_out=True)
    for row in validate(preset, shipped_calibration()):
        betas = [item for item in row.calibrated if " beta " in item]
        assert all(item.endswith("fitted jointly") for item in betas), betas
        for item in betas:
            asset, _, rest = item.partition(" beta ")
            assert float(rest.split()[0]) == held.beta(asset)
        if row.metric == LONG_METRIC:
            assert f"({shock:.4f} held out)" in " ".join(row.calibrated)
            assert len(betas) == sum(1 for s in preset.assets if s.crowd is not None and s.asset != "BTC")
