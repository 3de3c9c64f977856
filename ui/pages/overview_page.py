"""Overview: the total, the trading vs cold split, the survival drawdown and the top advice.

Every figure is of the holdings the Trading page loaded (in demo mode the one demo
portfolio, loaded at start): a risk curve of another portfolio file is not shown here,
and new holdings clear the advice of the old ones.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFormLayout, QLabel

from app.services.ports import AdviceView, HoldingsView
from ui.app_messages import render
from ui.charts import ChartHolder, load_pyqtgraph
from ui.widgets import Page

if TYPE_CHECKING:
    import pyqtgraph as pg

    from app.services.risk_view import RiskCurve

TRADING_COLOUR = "#f59e0b"
COLD_COLOUR = "#3b82f6"


def _usd(value: float) -> str:
    return f"${value:,.0f}"


class OverviewPage(Page):
    split_plot: pg.PlotWidget  # built on first use (ui.charts)
    bars: pg.BarGraphItem

    def __init__(self, demo: bool) -> None:
        super().__init__(self.tr("Overview"), demo)
        self.holdings_source: Path | None = None
        self._curve: RiskCurve | None = None
        facts = QFormLayout()
        self.total_label = QLabel("—", self)
        self.split_label = QLabel("—", self)
        self.survival_label = QLabel("—", self)
        self.advice_label = QLabel(self.tr("No advice yet: load trading accounts and compute it."), self)
        for label in (self.split_label, self.survival_label, self.advice_label):
            label.setWordWrap(True)  # long sentences (and Japanese) wrap instead of widening the window
        facts.addRow(self.tr("Total:"), self.total_label)
        facts.addRow(self.tr("On exchanges / in cold storage:"), self.split_label)
        facts.addRow(self.tr("Survives a BTC drawdown of:"), self.survival_label)
        facts.addRow(self.tr("Top advice:"), self.advice_label)
        self.body.addLayout(facts)
        # What the total leaves out: assets without a price, one sentence each (app.holdings).
        self.unpriced_label = QLabel("", self)
        self.unpriced_label.setWordWrap(True)
        self.unpriced_label.setVisible(False)
        self.body.addWidget(self.unpriced_label)
        self.chart_holder = ChartHolder(self)
        self.body.addWidget(self.chart_holder, 1)
        self.charts_built = False

    def build_charts(self) -> None:
        """The bar chart of the split (once; pyqtgraph loads after the first paint)."""
        if self.charts_built:
            return
        self.charts_built = True
        pg = load_pyqtgraph()
        self.split_plot = pg.PlotWidget(title=self.tr("Trading vs cold (USD)"))
        self.split_plot.getAxis("bottom").setTicks(
            [[(0, self.tr("exchanges")), (1, self.tr("cold storage"))]]
        )
        self.bars = pg.BarGraphItem(x=[0, 1], height=[0, 0], width=0.6, brushes=[TRADING_COLOUR, COLD_COLOUR])
        self.split_plot.addItem(self.bars)
        self.split_plot.setXRange(-0.5, 1.5)
        self.split_plot.setMouseEnabled(x=False, y=False)
        self.chart_holder.put(self.split_plot)

    def show_holdings(self, holdings: HoldingsView) -> None:
        self.holdings_source = holdings.source
        self.advice_label.setText(self.tr("No advice yet for these holdings: compute it on the Advice page."))
        self.survival_label.setText(self.tr("computing…"))
        if self._curve is not None:
            self.show_curve(self._curve)
        self.total_label.setText(_usd(holdings.total_usd))
        self.split_label.setText(
            f"{_usd(holdings.trading_usd)} / {_usd(holdings.cold_usd)} ({holdings.exchange_share:.0%} / "
            f"{1 - holdings.exchange_share:.0%})"
        )
        self.unpriced_label.setText("\n".join(render(note) for note in holdings.notes))
        self.unpriced_label.setVisible(bool(holdings.notes))
        self.build_charts()
        self.bars.setOpts(height=[holdings.trading_usd, holdings.cold_usd])
        self.split_plot.setYRange(0, max(holdings.trading_usd, holdings.cold_usd, 1.0) * 1.05)

    def show_curve(self, curve: RiskCurve) -> None:
        """The survival drawdown, when the curve is of the holdings shown here."""
        self._curve = curve
        if self.holdings_source is None or curve.source != self.holdings_source:
            return
        survival = curve.survival_drawdown
        if survival is None:
            self.survival_label.setText(self.tr("nothing liquidated up to the largest drawdown tested"))
            return
        text = self.tr("{0} (without the cascade: {1})").format(
            f"{survival:.1%}",
            "—"
            if curve.survival_drawdown_no_cascade is None
            else f"{curve.survival_drawdown_no_cascade:.1%}",
        )
        if curve.survival_band is not None and None not in (curve.survival_band[0], curve.survival_band[2]):
            low, _, high = curve.survival_band
            text += " " + self.tr(
                "initial BTC shock, {0}–{1} across the calibrated ensemble (P10–P90)"
            ).format(f"{low:.1%}", f"{high:.1%}")
        if curve.survival_settled_fall is not None:
            text += " " + self.tr("— BTC then settles {0} down").format(f"{curve.survival_settled_fall:.1%}")
        self.survival_label.setText(text)

    def show_advice(self, advice: AdviceView) -> None:
        if advice.transfers:
            first = advice.transfers[0]
            text = self.tr("Move {0} {1} from {2} to cold storage: {3}").format(
                f"{first.amount:g}", first.asset, first.from_account, render(first.reason)
            )
            band = advice.moved_usd_band
            if band is not None and band[0] != band[2]:
                text += " " + self.tr(
                    "Across the calibrated ensemble the transfers come to {0}–{1} (P10–P90)."
                ).format(_usd(band[0]), _usd(band[2]))
            self.advice_label.setText(text)
        elif advice.cuts:
            text = render(advice.cuts[0])
            band = advice.cut_bands[0] if advice.cut_bands else None
            if band is not None and band[0] != band[2]:
                text += " " + self.tr(
                    "Across the calibrated ensemble the cut runs {0}–{1} (P10–P90)."
                ).format(f"{band[0]:.1%}", f"{band[2]:.1%}")
            self.advice_label.setText(text)
        else:
            self.advice_label.setText(self.tr("Nothing needs to move under this stress."))
