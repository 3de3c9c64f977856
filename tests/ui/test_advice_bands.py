"""The Advice page and the Overview show the advice amounts' P10–P90 across the ensemble
(issue 16, item 2); the view is the one the real service builds from the demo's advice."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.advisor.advice import advise
from app.advisor.policy import StressPolicy, resolve
from app.advisor.targets import TargetBook
from app.holdings import load_holdings
from app.resources import resource_path
from app.services.advice_view import _view
from app.services.ports import AdviceView
from tests.ui.test_advice_prepare import VIEW, _Source
from ui.operations import OperationRunner
from ui.pages.advice_page import AdvicePage
from ui.pages.overview_page import OverviewPage


@pytest.fixture(scope="module")
def demo_view() -> AdviceView:
    document = load_holdings(resource_path("demo", "portfolio.json"))
    return _view(advise(document, resolve(StressPolicy()), TargetBook()))


class _BandSource(_Source):
    def __init__(self, view: AdviceView) -> None:
        self.view = view

    def advise(self, path: Path, shock: object, report: object = None) -> AdviceView:  # type: ignore[override]
        return self.view


def test_the_advice_page_shows_each_amounts_band(qtbot: QtBot, demo_view: AdviceView) -> None:
    page = AdvicePage(True, _BandSource(demo_view), OperationRunner())
    qtbot.addWidget(page)
    page.set_holdings(Path("/nonexistent/holdings.json"))
    with qtbot.waitSignal(page.advice_ready, timeout=5000):
        qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    amounts = [page.transfers_table.item(r, 0).text() for r in range(page.transfers_table.rowCount())]
    for text, transfer in zip(amounts, demo_view.transfers, strict=True):
        band = transfer.amount_band
        if band is not None and band[0] != band[2]:
            assert text.endswith(f"\nensemble P10–P90: {band[0]:g}–{band[2]:g}")
        else:
            assert "\n" not in text
    assert any("\n" in text for text in amounts)  # the demo's Bybit BTC moves across the ensemble
    notes = [page.notes.item(i).text() for i in range(page.notes.count())]
    cuts = [n for n in notes if n.startswith("Cut: ")]
    assert len(cuts) == len(demo_view.cuts) > 0
    for text, band in zip(cuts, demo_view.cut_bands, strict=True):
        assert band is not None and text.endswith(f"(ensemble P10–P90: {band[0]:.1%}–{band[2]:.1%})")


def test_the_overview_states_the_range_of_the_advice(qtbot: QtBot, demo_view: AdviceView) -> None:
    page = OverviewPage(True)
    qtbot.addWidget(page)
    page.show_advice(demo_view)
    assert demo_view.moved_usd_band is not None
    low, _, high = demo_view.moved_usd_band
    assert page.advice_label.text().endswith(
        f"Across the calibrated ensemble the transfers come to ${low:,.0f}–${high:,.0f} (P10–P90)."
    )
    cut_only = replace(demo_view, transfers=())
    page.show_advice(cut_only)
    band = demo_view.cut_bands[0]
    assert band is not None
    assert page.advice_label.text().endswith(
        f"Across the calibrated ensemble the cut runs {band[0]:.1%}–{band[2]:.1%} (P10–P90)."
    )
    page.show_advice(VIEW)  # no bands known: no range sentence
    assert "ensemble" not in page.advice_label.text()
