"""Offline fallback: each crash preset's recorded pre-crash market gives every fragility signal a reading."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.exchanges.fragility import fragility_signals
from app.exchanges.market import preset_path, preset_snapshots
from app.exchanges.premarket import CALIBRATED, load_pre_crash_market
from app.exchanges.snapshots import get_snapshot
from app.resources import resource_path
from app.services.market_view import PresetFragility
from app.store import Store
from risk.jsonfields import JsonFieldError
from risk.presets import load_preset

PRESETS = sorted(p.stem for p in resource_path("scenarios").glob("*.json"))
SYMBOL = "BTC/USDT:USDT"


@pytest.mark.parametrize("name", PRESETS)
def test_every_preset_fallback_reads_all_five_signals(name: str) -> None:
    now, before = preset_snapshots("binance", SYMBOL, name)
    assert now.source == "preset" and before is not None
    signals = fragility_signals(now, before, name)
    assert len(signals) == 5
    unknown = [(s.name, s.reading) for s in signals if s.status == "unknown"]
    assert not unknown, f"{name}: {unknown}"
    assert all(s.status in ("ok", "warning", "calibrated") and s.value is not None for s in signals)


@pytest.mark.parametrize("name", PRESETS)
def test_no_offline_warning_rests_on_a_calibrated_figure(name: str) -> None:
    # Issue 16, item 6: a calibrated figure is a model input, not a reading of the market; a signal
    # built on one shows its figures marked as such and warns of nothing.
    path = preset_path(name)
    market = load_pre_crash_market(path, "BTC")
    assert market is not None
    calibrated = {k for k, f in market.figures().items() if f.source == CALIBRATED}
    now, before = preset_snapshots("binance", SYMBOL, name)
    by_name = {s.name: s for s in fragility_signals(now, before, name)}
    inputs = {
        "open interest rising without spot volume": {
            "open_interest_usd", "open_interest_change", "spot_volume_usd", "spot_volume_change"},
        "one-sided funding": {"funding_rate_8h"},
        "thin depth at ±1%": {"depth_usd.0.01", "open_interest_usd"},
        "thin depth at ±5%": {"depth_usd.0.05", "open_interest_usd"},
        "liquidation levels clustered near the price": {"depth_usd.0.05", "open_interest_usd"},
    }  # fmt: skip
    for signal_name, needs in inputs.items():
        signal = by_name[signal_name]
        if needs & calibrated:
            assert signal.status == "calibrated", (name, signal)
            assert "not assessed: calibrated in this preset, not data" in signal.reading
        else:
            assert signal.status in ("ok", "warning"), (name, signal)


@pytest.mark.parametrize("name", PRESETS)
def test_every_figure_names_a_source_or_says_it_is_calibrated(name: str) -> None:
    path = preset_path(name)
    markets = {a.asset: load_pre_crash_market(path, a.asset) for a in load_preset(path).assets}
    assert markets["BTC"] is not None
    figures = [
        (f"{asset} {field}", f) for asset, m in markets.items() if m for field, f in m.figures().items()
    ]
    for where, figure in figures:
        assert figure.note, f"{name} {where}: no note"
        if figure.source == CALIBRATED:
            assert "calibrated" in figure.note, f"{name} {where}: a calibrated figure must say how"
        else:
            assert figure.source.startswith("https://"), f"{name} {where}: {figure.source!r}"


@pytest.mark.parametrize("name", PRESETS)
def test_the_risk_preset_loader_still_accepts_the_files(name: str) -> None:
    assert load_preset(preset_path(name)).name == name


def test_2025_10_10_flags_thin_books_and_marks_its_funding_calibrated() -> None:
    now, before = preset_snapshots("binance", SYMBOL, "2025-10-10")
    by_name = {s.name: s for s in fragility_signals(now, before, "2025-10-10")}
    # CoinDesk Research: $20M within 1% and $40M within 5% against Glassnode's $70B of OI.
    assert now.band("bid", 0.01) == 20e6 and now.band("ask", 0.05) == 40e6
    assert now.open_interest_usd == 70e9
    for band in ("thin depth at ±1%", "thin depth at ±5%"):
        assert by_name[band].status == "warning", by_name[band]
    # CoinGlass read funding as "neutral but leaned toward bearish" that day, without a figure:
    # the preset's near-balance rate is calibrated, so that signal says so and does not warn.
    funding = by_name["one-sided funding"]
    assert funding.status == "calibrated" and "funding" in funding.reading
    assert "longs pay shorts" not in funding.reading
    # Spot volume and its change are calibrated in this preset: that signal says so and does not warn.
    oi_spot = by_name["open interest rising without spot volume"]
    assert oi_spot.status == "calibrated" and "spot volume change" in oi_spot.reading
    assert "the move is being built with leverage" not in oi_spot.reading


def test_2025_10_10_eth_falls_back_to_its_own_recorded_market() -> None:
    now, before = preset_snapshots("binance", "ETH/USDT:USDT", "2025-10-10")
    assert now.mark_price == 4350 and now.band("bid", 0.01) == 8e6  # CoinDesk: ETH $8M within 1%
    signals = fragility_signals(now, before, "2025-10-10")
    assert all(s.status != "unknown" for s in signals), signals


def test_the_depth_fit_passes_through_both_published_bands() -> None:
    now, _ = preset_snapshots("binance", SYMBOL, "2025-10-10")
    assert now.bid_fit is not None
    assert now.bid_fit.depth(0.01) == pytest.approx(20e6)
    assert now.bid_fit.depth(0.05) == pytest.approx(40e6)
    assert now.book_impact("bid") is not None  # the engine can walk this book too


def test_offline_get_snapshot_hands_back_the_earlier_preset_snapshot(store: Store) -> None:
    result = get_snapshot(store, "binance", SYMBOL, offline=True)
    assert result.origin == "preset" and result.previous is not None
    assert result.previous.open_interest_usd == pytest.approx(70e9 / 1.15)
    assert store.query("SELECT id FROM market_snapshots") == []


@pytest.mark.parametrize("name", PRESETS)
def test_demo_risk_page_signals_have_readings(name: str) -> None:
    readings = PresetFragility().signals(name)
    assert len(readings) == 5 and all(r.status != "unknown" for r in readings)


def _write_btc_block(tmp_path: Path, edit: Any) -> Path:
    data = json.loads(preset_path("2025-10-10").read_text())
    btc = next(a for a in data["assets"] if a["asset"] == "BTC")
    edit(btc)
    path = tmp_path / "2025-10-10.json"
    path.write_text(json.dumps(data))
    return path


def test_a_preset_without_the_block_has_none(tmp_path: Path) -> None:
    path = _write_btc_block(tmp_path, lambda btc: btc.pop("pre_crash_market"))
    assert load_pre_crash_market(path, "BTC") is None
    assert load_pre_crash_market(preset_path("2025-10-10"), "USDe") is None


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda m: m["funding_rate_8h"].update(source="coinglass"),
            r"funding_rate_8h\.source: expected an https",
        ),
        (lambda m: m["depth_usd"].pop("0.05"), r"depth_usd\.0\.05: missing"),
        (lambda m: m["depth_usd"]["0.01"].update(value=0), r"depth_usd\.0\.01\.value"),
        (lambda m: m.update(as_of="10/10/2025"), r"as_of: expected a date"),
        (lambda m: m["open_interest_change"].pop("days"), r"open_interest_change\.days: missing"),
        (lambda m: m["spot_volume_change"].pop("note"), r"spot_volume_change\.note: missing"),
    ],
)
def test_a_bad_block_is_named_by_file_and_field(tmp_path: Path, edit: Any, message: str) -> None:
    path = _write_btc_block(tmp_path, lambda btc: edit(btc["pre_crash_market"]))
    with pytest.raises(JsonFieldError, match=message):
        load_pre_crash_market(path, "BTC")
