"""The Risk page against the engine: curves, slider, preset switch, ladder, signals."""

from __future__ import annotations

import numpy as np
from pytestqt.qtbot import QtBot

from app.resources import demo_portfolio_path
from app.services.ports import GuiServices
from app.services.risk_view import DEFAULT_PRESET, open_session
from ui.app import application, build_window
from ui.main_window import MainWindow


def _window(qtbot: QtBot, services: GuiServices) -> MainWindow:
    window = build_window(services, application(["test"]))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.risk_page.curve is not None, timeout=10_000)
    return window


def test_demo_window_title_and_banner(qtbot: QtBot, gui_services: GuiServices) -> None:
    window = _window(qtbot, gui_services)
    assert window.windowTitle() == "ColdSplit — DEMO"
    for page in window.pages.values():
        assert getattr(page, "banner", None) is not None, page.objectName()


def test_curve_matches_the_engine(qtbot: QtBot, gui_services: GuiServices) -> None:
    window = _window(qtbot, gui_services)
    page = window.risk_page
    expected = open_session(demo_portfolio_path(), DEFAULT_PRESET).curve()
    x, y = page.share_curve.getData()
    assert x is not None and y is not None
    np.testing.assert_allclose(y, expected.liquidated_share * 100)
    assert page.survival_label.text().startswith(f"{expected.survival_drawdown * 100:.1f}%")


def test_slider_shows_the_scenario_at_that_drawdown(qtbot: QtBot, gui_services: GuiServices) -> None:
    window = _window(qtbot, gui_services)
    page = window.risk_page
    page.slider.setValue(40)  # 20%
    qtbot.waitUntil(lambda: page.point is not None and page.point.drawdown == 0.2, timeout=5000)
    assert page.point is not None
    expected = open_session(demo_portfolio_path(), DEFAULT_PRESET).at(0.2)
    assert page.point == expected
    shown = [page.fallen_list.item(i).text() for i in range(page.fallen_list.count())]
    assert shown == list(expected.fallen) and shown
    assert page.share_marker.value() == 20.0


def test_switching_preset_recomputes(qtbot: QtBot, gui_services: GuiServices) -> None:
    window = _window(qtbot, gui_services)
    page = window.risk_page
    first = page.curve
    with qtbot.waitSignal(page.session_ready, timeout=10_000):
        page.preset_picker.setCurrentText("2020-03-12")
    assert page.session is not None and page.session.preset.name != first and page.curve is not first
    expected = open_session(demo_portfolio_path(), "2020-03-12").curve()
    assert page.curve is not None
    np.testing.assert_allclose(page.curve.liquidated_share, expected.liquidated_share)


def test_ladder_heatmap_and_signals_filled(qtbot: QtBot, gui_services: GuiServices) -> None:
    window = _window(qtbot, gui_services)
    page = window.risk_page
    image = page.ladder_image.image
    assert image is not None and image.shape[1] == 2 and float(np.max(image)) > 0
    assert page.signals_table.rowCount() == 5


def test_window_state_is_saved_and_restored(qtbot: QtBot, gui_services: GuiServices) -> None:
    window = _window(qtbot, gui_services)
    window.show_page("cold")
    geometry = window.saveGeometry()
    window.close()
    assert (gui_services.config_dir / "window.ini").is_file()
    assert window.window_settings().value("geometry") == geometry
    again = _window(qtbot, gui_services)
    assert again.current_page_key() == "cold"


def test_curve_range_follows_the_shock_control(qtbot: QtBot, gui_services: GuiServices) -> None:
    window = _window(qtbot, gui_services)
    page = window.risk_page
    page.range_spin.setValue(80)
    with qtbot.waitSignal(page.curve_ready, timeout=10_000) as ready:
        page.range_spin.editingFinished.emit()
    assert float(ready.args[0].drawdowns[-1]) == 0.8
    assert page.slider.maximum() == 160


def test_custom_shock_reaches_the_advice(qtbot: QtBot, gui_services: GuiServices) -> None:
    window = _window(qtbot, gui_services)
    page = window.risk_page
    page.custom_check.setChecked(True)
    page.custom_spin.setValue(15.0)
    page.buffer_spin.setValue(0.0)
    shock = window.advice_page.shock
    assert (shock.preset, shock.btc_drawdown, shock.buffer) == ("2025-10-10", 0.15, 0.0)
    with qtbot.waitSignal(window.trading_page.holdings_loaded, timeout=15_000):
        window.trading_page.load_sample()
    with qtbot.waitSignal(window.advice_page.advice_ready, timeout=120_000) as ready:
        window.advice_page.compute()
    assert ready.args[0].stress.startswith("custom shock") and "−15.0%" in ready.args[0].stress


def test_the_band_and_the_overview_state_the_ensemble_range(qtbot: QtBot, gui_services: GuiServices) -> None:
    """Issue 16 item 2: the Risk page draws the ensemble's P10–P90 band around the curve, and
    both it and the Overview say the survival drawdown is a shock, give its range across the
    calibrated ensemble, and where BTC settles from it."""
    window = _window(qtbot, gui_services)
    page = window.risk_page
    curve = page.curve
    assert curve is not None and curve.band is not None and curve.survival_band is not None
    _, low = page.band_low.getData()
    _, high = page.band_high.getData()
    assert low is not None and high is not None
    np.testing.assert_allclose(low, curve.band[0] * 100)
    np.testing.assert_allclose(high, curve.band[2] * 100)
    assert np.all(low <= high) and np.any(low < high)  # the parameters' uncertainty shows
    p10, _, p90 = curve.survival_band
    assert p10 is not None and p90 is not None and p10 < p90
    assert curve.survival_settled_fall is not None
    shown = page.survival_label.text()
    assert f"{p10 * 100:.1f}%–{p90 * 100:.1f}%" in shown
    assert f"settles {curve.survival_settled_fall * 100:.1f}% down" in shown
    qtbot.waitUntil(lambda: "ensemble" in window.overview_page.survival_label.text(), timeout=10_000)
    overview = window.overview_page.survival_label.text()
    assert f"{p10:.1%}–{p90:.1%}" in overview and "initial BTC shock" in overview
