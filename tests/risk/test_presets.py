"""The shipped crash presets: they replay inside their documented ranges, and bad JSON is named."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from app.resources import resource_path
from risk.jsonfields import JsonFieldError
from risk.presets import load_preset
from risk.replay import replay, replay_assets

PRESET_DIR = resource_path("scenarios")
PRESETS = sorted(PRESET_DIR.glob("*.json"))
EXPECTED = {"2020-03-12", "2021-05-19", "2025-10-10", "2026-01-31"}


def test_the_four_recorded_crashes_ship() -> None:
    assert {p.stem for p in PRESETS} == EXPECTED


@pytest.mark.parametrize("path", PRESETS, ids=lambda p: p.stem)
def test_replay_measures_every_documented_range(path: Path) -> None:
    """The preset's own (prior) values replay to a finite value per row. Whether the model
    holds is judged held out, with the jointly calibrated parameters (test_calibration.py):
    a preset tuned until its own replay lands inside proves nothing."""
    rows = replay(load_preset(path))
    assert rows, "a preset without validation rows proves nothing"
    assert all(math.isfinite(r.value) and r.value > 0 for r in rows), rows


@pytest.mark.parametrize("path", PRESETS, ids=lambda p: p.stem)
def test_presets_cite_their_sources_and_validate_the_recorded_moves(path: Path) -> None:
    preset = load_preset(path)
    assert preset.name == path.stem
    assert all(s.url.startswith("https://") and s.facts for s in preset.sources)
    metrics = {row.metric for row in preset.validation}
    assert {"long_liquidated_usd", "settled_drawdown.BTC", "settled_drawdown.ETH"} <= metrics
    # Every cascade converged and the cascade made the move worse, never better.
    for asset in replay_assets(preset):
        assert asset.converged, asset
        assert asset.price <= asset.exo_price <= asset.p0, asset


def _edited(tmp_path: Path, edit: Any, name: str = "2025-10-10") -> Path:
    data = json.loads((PRESET_DIR / f"{name}.json").read_text())
    edit(data)
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(data))
    return path


def _asset(data: dict[str, Any], name: str) -> dict[str, Any]:
    return next(a for a in data["assets"] if a["asset"] == name)


def test_the_replay_can_fail_a_miscalibrated_preset(tmp_path: Path) -> None:
    def double_btc_crowd(data: dict[str, Any]) -> None:
        _asset(data, "BTC")["crowd"]["open_interest_usd"] *= 2

    rows = {r.metric: r for r in replay(load_preset(_edited(tmp_path, double_btc_crowd)))}
    assert not rows["long_liquidated_usd"].passed
    assert not rows["settled_drawdown.BTC"].passed


def test_binance_usde_prints_its_recorded_price_in_the_replayed_shock() -> None:
    from risk.scenarios import drawdown_grid

    preset = load_preset(PRESET_DIR / "2025-10-10.json")
    scenarios = drawdown_grid(preset.shock_model(), [preset.btc_drawdown])  # type: ignore[arg-type]
    usde = scenarios.exo_price("USDe", 1.0) * scenarios.venue_factor("binance", "USDe")
    assert usde[0] == pytest.approx(0.6567, abs=1e-3)


def _set(path: list[Any], value: Any) -> Any:
    def edit(data: dict[str, Any]) -> None:
        target: Any = data
        for key in path[:-1]:
            by_name = isinstance(key, str) and key.isupper()
            target = next(a for a in target if a["asset"] == key) if by_name else target[key]
        if value is _DELETE:
            del target[path[-1]]
        else:
            target[path[-1]] = value

    return edit


_DELETE = object()


@pytest.mark.parametrize(
    ("edit", "fragment"),
    [
        (_set(["assets", "BTC", "p0"], -5), "assets[0].p0: must be > 0"),
        (_set(["assets", "ETH", "impact", "sigma"], "high"), "assets[1].impact.sigma: expected a number"),
        (
            _set(["assets", "BTC", "impact", "model"], "linear"),
            "impact.model: 'linear' is not one of sqrt, book",
        ),
        (_set(["assets", "BTC", "crowd", "n"], 0), "crowd.n: expected an integer ≥ 1"),
        (_set(["assets", "BTC", "crowd", "leverage_shares"], {"ten": 1}), "leverage_shares.ten"),
        (_set(["assets", "BTC", "crowd", "entry_weights"], [1, 2]), "one weight per entry ratio"),
        (_set(["assets", "BTC", "crowd", "mmr"], None), "crowd.mmr: missing"),
        (_set(["shock", "btc_drawdown"], 1.5), "shock.btc_drawdown: must be ≤ 0.99"),
        (_set(["validation", 0, "metric"], "vibes"), "unknown metric 'vibes'"),
        (_set(["validation", 1, "metric"], "settled_drawdown.DOGE"), "unknown metric"),
        (_set(["validation", 0, "source"], "twitter"), "'twitter' is not the id"),
        (_set(["validation", 0, "high"], 1.0), "validation[0].high: must be ≥ low"),
        (_set(["venue_dislocations", 0, "asset"], "USDT"), "'USDT' is not one of the preset's assets"),
        (_set(["assets", "BTC", "asset"], "XBT"), "must include BTC"),
        (_set(["sources"], []), "sources: must not be empty"),
        (_set(["assets", "BTC", "impact"], _DELETE), "needs an impact model"),
    ],
)
def test_schema_errors_name_the_file_and_field(tmp_path: Path, edit: Any, fragment: str) -> None:
    with pytest.raises(JsonFieldError) as caught:
        load_preset(_edited(tmp_path, edit))
    message = str(caught.value)
    assert message.startswith("2025-10-10.json") or "preset file" in message
    assert fragment in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("{ nope", "invalid JSON at line 1"),
        ("[1, 2]", "top level must be a JSON object"),
        ("", "invalid JSON"),
    ],
)
def test_unreadable_preset_files_are_named(tmp_path: Path, text: str, fragment: str) -> None:
    path = tmp_path / "broken.json"
    path.write_text(text)
    with pytest.raises(JsonFieldError, match=fragment):
        load_preset(path)


def test_missing_preset_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(JsonFieldError, match="does not exist"):
        load_preset(tmp_path / "2030-01-01.json")


def test_market_can_be_laid_under_todays_prices() -> None:
    preset = load_preset(PRESET_DIR / "2025-10-10.json")
    market = preset.build_market({"BTC": 95_000.0})
    btc = market.get("BTC")
    assert btc.p0 == 95_000.0 and btc.ladder is not None and btc.ladder.p0 == 95_000.0
    assert market.get("ETH").p0 == 4350
