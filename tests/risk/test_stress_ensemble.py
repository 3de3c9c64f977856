"""The ensemble run in one engine call, the P10/P50/P90 bands and named tipping points (issue 16, item 2)."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import numpy as np
import pytest

from app.resources import resource_path
from app.risk_calibration import calibrated, member_parameters_array, shipped_calibration
from risk.calibration import Parameters, with_parameters
from risk.engine import evaluate_prepared
from risk.portfolio import Portfolio
from risk.portfolio_json import load_portfolio
from risk.presets import Preset, load_preset
from risk.scenarios import MemberParameters, drawdown_grid, ensemble_grid
from risk.stress import StressSetup, stress_setup
from risk.stress_ensemble import stress_ensemble, tipping_points

GRID = np.linspace(0.0, 0.4, 21)


@pytest.fixture(scope="module")
def portfolio() -> Portfolio:
    return load_portfolio(resource_path("demo", "portfolio.json"))


@pytest.fixture(scope="module")
def raw() -> Preset:
    return load_preset(resource_path("scenarios", "2025-10-10.json"))


@pytest.fixture(scope="module")
def setup(portfolio: Portfolio, raw: Preset) -> StressSetup:
    return stress_setup(portfolio, calibrated(raw))


def test_members_in_one_call_equal_one_run_per_member(
    portfolio: Portfolio, raw: Preset, setup: StressSetup
) -> None:
    members = member_parameters_array()
    together = evaluate_prepared(setup.book, ensemble_grid(setup.shock, GRID, members))
    for m, member in enumerate(shipped_calibration().members[:5]):
        alone_setup = stress_setup(
            portfolio, with_parameters(raw, member.params, setup.shock.reference_drawdown)
        )
        alone = evaluate_prepared(alone_setup.book, drawdown_grid(alone_setup.shock, GRID))
        columns = slice(m * GRID.size, (m + 1) * GRID.size)
        np.testing.assert_allclose(together.settled_prices[:, columns], alone.settled_prices, rtol=1e-9)
        np.testing.assert_array_equal(together.liquidated_margin_usd[columns], alone.liquidated_margin_usd)


def test_bands_survival_shock_and_settled_fall(setup: StressSetup) -> None:
    spread = stress_ensemble(setup, member_parameters_array(), GRID, samples=500, seed=1)
    band = spread.curve_band()
    assert band.shape == (3, GRID.size) and np.all(band[0] <= band[1]) and np.all(band[1] <= band[2])
    # The settled fall is deeper than the shock that starts it: the two are different numbers.
    assert np.all(spread.survival_settled_fall > spread.survival_shock)
    # Members differ: the calibrated parameters' uncertainty shows in the survival shock.
    assert np.ptp(spread.survival_shock) > 0.005
    assert spread.es99_usd.shape == (spread.members,)


def test_a_discrete_crowd_has_a_named_tipping_point_and_the_continuous_one_none(
    portfolio: Portfolio, raw: Preset
) -> None:
    # A parameter set with a shallow cascade (stop 25's joint fit), so that only the crowd's
    # rungs can make steps; the shipped fit's own steep region is the next test's.
    shallow = Parameters(0.8409, 30.0, 0.1)
    assert tipping_points(stress_setup(portfolio, with_parameters(raw, shallow))) == []
    spec = raw.asset("BTC")
    assert spec.crowd is not None
    # 400 positions on the preset's buckets: the kind of ladder that made 10/10 jump 5 points.
    lumpy_btc = replace(spec, crowd=replace(spec.crowd, continuous=False, n=400))
    lumpy = with_parameters(
        replace(raw, assets=tuple(lumpy_btc if s is spec else s for s in raw.assets)), shallow
    )
    found = tipping_points(stress_setup(portfolio, lumpy))
    assert found
    for point in found:
        assert point.shock_high - point.shock_low <= 0.001 + 1e-12
        assert point.fall_high - point.fall_low > 0.005


def test_the_shipped_stress_names_where_its_cascade_turns_steep(setup: StressSetup) -> None:
    """Under the joint fit the 10/10 cascade steepens near the shock that reproduces BTC's
    13% fall: the stress names each such step, narrowed to 0.1% of shock, with the fall on
    either side, and the settled fall at its ends agrees with a direct evaluation."""
    found = tipping_points(setup)
    assert found
    for point in found:
        assert point.shock_high - point.shock_low <= 0.001 + 1e-12
        ends = setup.evaluate(drawdown_grid(setup.shock, np.array([point.shock_low, point.shock_high])))
        btc = ends.assets.index("BTC")
        falls = 1.0 - ends.settled_prices[btc] / ends.exo_prices[btc] * (
            1.0 - np.array([point.shock_low, point.shock_high])
        )
        np.testing.assert_allclose(falls, [point.fall_low, point.fall_high], atol=1e-9)


def test_member_parameters_are_relative_to_the_joint_fit() -> None:
    members = member_parameters_array()
    assert isinstance(members, MemberParameters)
    assert members.impact_multiplier[0] == 1.0  # member 0 is the joint fit itself
    joint = shipped_calibration().calibration.joint.params
    assert (members.kappa[0], members.w_min[0]) == (joint.kappa, joint.w_min)


def test_report_json_carries_the_ensemble(data_dir: Any, capsys: pytest.CaptureFixture[str]) -> None:
    from app.cli.main import run

    assert (
        run(
            [
                "--data-dir",
                str(data_dir),
                "risk",
                "report",
                "--portfolio",
                "demo",
                "--samples",
                "300",
                "--json",
            ]
        )
        == 0
    )
    document = json.loads(capsys.readouterr().out)
    ensemble = document["ensemble"]
    assert ensemble["members"] == 16
    shock, settled = ensemble["survival_drawdown"]["shock"], ensemble["survival_drawdown"]["settled_fall"]
    assert shock["p10"] <= shock["p50"] <= shock["p90"] < settled["p50"]
    assert document["summary"]["survival_settled_fall"] > document["summary"]["survival_drawdown"]
    for row in document["curve"]:
        low, mid, high = row["liquidated_share_p10_p50_p90"]
        assert low <= mid <= high
