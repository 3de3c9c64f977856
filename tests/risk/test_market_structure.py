"""Market structure (issue 16, item 6): every contract has a long and a short, so each side's open
interest is the whole OI; the leveraged share of each side is its own stated parameter, and the
crowd's lean agrees with the funding the preset records."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from app.resources import resource_path
from risk.crowd import synthesize_crowd
from risk.presets import load_preset

PRESETS = sorted(resource_path("scenarios").glob("*.json"))
FUNDING_LEAN = 0.0003  # per 8 h: beyond it funding is one-sided (app.exchanges.fragility)


def _crowd(short_share: float | None):  # type: ignore[no-untyped-def]
    return synthesize_crowd(
        1e9, 100.0, {2.0: 0.5, 10.0: 0.5}, np.array([95.0, 100.0, 105.0]), np.array([0.3, 0.4, 0.3]),
        0.45, 0.005, 2_000, np.random.default_rng(1), short_share=short_share,
    )  # fmt: skip


def test_each_side_carries_its_leveraged_share_of_the_whole_open_interest() -> None:
    side, size, liq = _crowd(0.36)
    # OI $1B at P0 100: leveraged longs 0.45 × $1B = $450M, leveraged shorts 0.36 × $1B = $360M.
    assert float((size[side == 1] * 100.0).sum()) == pytest.approx(450e6)
    assert float((size[side == -1] * 100.0).sum()) == pytest.approx(360e6)
    # The long side is the same crowd as before: only the shorts' sizes carry the new share.
    old_side, old_size, old_liq = _crowd(None)
    np.testing.assert_array_equal(liq, old_liq)
    np.testing.assert_array_equal(size[side == 1], old_size[old_side == 1])
    assert float((old_size[old_side == -1] * 100.0).sum()) == pytest.approx(550e6)  # the old 1 − 0.45


@pytest.mark.parametrize("path", PRESETS, ids=lambda p: p.stem)
def test_every_crowd_states_both_sides_and_leans_with_its_funding(path: Path) -> None:
    raw = json.loads(path.read_text(encoding="utf-8"))
    btc_funding = next(
        (a.get("pre_crash_market", {}).get("funding_rate_8h", {}).get("value") for a in raw["assets"]
         if a["asset"] == "BTC"), None,
    )  # fmt: skip
    preset = load_preset(path)
    for asset in raw["assets"]:
        crowd = preset.asset(asset["asset"]).crowd
        if crowd is None:
            continue
        assert crowd.short_share is not None, f"{path.stem} {asset['asset']}: state the leveraged short share"
        assert "calibrated" in asset["crowd"]["short_share_note"]
        funding = asset.get("pre_crash_market", {}).get("funding_rate_8h", {}).get("value", btc_funding)
        if funding is not None and funding >= FUNDING_LEAN:
            assert crowd.long_share > crowd.short_share, f"{path.stem} {asset['asset']}: longs pay, lean long"
        elif funding is not None and funding <= -FUNDING_LEAN:
            assert crowd.long_share < crowd.short_share, (
                f"{path.stem} {asset['asset']}: shorts pay, lean short"
            )
        else:
            assert crowd.long_share == crowd.short_share, f"{path.stem} {asset['asset']}: no lean in funding"
