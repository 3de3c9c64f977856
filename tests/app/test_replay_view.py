"""app.services.replay_view: the Risk page's replay of a crash, against risk.validation."""

from __future__ import annotations

import pytest

from app.resources import resource_path
from app.risk_calibration import shipped_calibration
from app.services.replay_view import Verdict, preset_replay
from app.services.risk_view import RiskViewError
from risk.presets import ValidationRow, load_preset
from risk.validation import miss, validate

PRESETS = ["2020-03-12", "2021-05-19", "2025-10-10", "2026-01-31"]


def test_the_miss_is_measured_from_the_nearer_end_of_the_range() -> None:
    # the view takes each row's miss from risk.validation.miss, as `risk replay`'s reasons do
    row = ValidationRow("long_liquidated_usd", 2.4e9, 2.5615e9, "kucoin", "")
    assert miss(row, 2.72e9) == pytest.approx(2.72 / 2.5615 - 1)  # +6.19% above the top
    assert miss(row, 2.2e9) == pytest.approx(2.2 / 2.4 - 1)  # −8.33% below the bottom
    assert miss(row, 2.5e9) == 0.0


@pytest.mark.parametrize("name", PRESETS)
def test_each_row_keeps_the_validation_verdict(name: str) -> None:
    replay = preset_replay(name)
    rows = validate(load_preset(resource_path("scenarios", f"{name}.json")), shipped_calibration())
    assert [c.metric for c in replay.checks] == [r.metric for r in rows]
    for check, row in zip(replay.checks, rows, strict=True):
        assert check.held_out == row.held_out and check.in_sample == row.in_sample and check.band == row.band
        assert [(p.asset, p.held_out_usd, p.in_sample_usd) for p in check.by_asset] == [
            (a.asset, a.held_out_usd, a.in_sample_usd) for a in row.by_asset
        ]
        if row.metric == "long_liquidated_usd":  # the split adds up to the figure
            assert sum(p.held_out_usd for p in check.by_asset) == pytest.approx(check.held_out, rel=1e-9)
        if row.metric == "settled_drawdown.BTC":
            assert check.verdict is Verdict.INPUT  # the conditioned input: never a match
        elif row.metric == "retention.BTC":
            assert check.verdict is Verdict.RESTATED
        else:
            inside = row.low <= row.held_out <= row.high
            assert check.verdict is (Verdict.INSIDE if inside else Verdict.OUTSIDE)
            assert (check.miss == 0.0) == inside
    assert replay.inside == sum(c.verdict is Verdict.INSIDE for c in replay.checked)
    assert all(c.verdict in (Verdict.INSIDE, Verdict.OUTSIDE) for c in replay.checked)


def test_an_unknown_preset_is_a_one_line_error() -> None:
    with pytest.raises(RiskViewError, match="no preset '1999-01-01'"):
        preset_replay("1999-01-01")
