"""The Risk page: drawdown slider, preset picker, the curves, the crowd ladder and fragility signals.

Preparing a preset (sorting the crowd ladders) and the full curve run on a worker; the
slider evaluates one scenario per move, newest request only, also off the GUI thread.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QSlider,
    QSpinBox,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QWidget,
)

from app.resources import demo_portfolio_path, resource_path, scenario_names
from app.services.ports import FragilityReading, FragilitySource, ShockChoice
from app.settings import DEFAULT_PRESET
from ui.charts import ChartHolder, load_pyqtgraph
from ui.domain_words import position_text, signal_name, signal_reading
from ui.operations import LatestOnly, OperationRunner
from ui.pages.risk_replay import ReplayTable
from ui.widgets import Page, show_error, wrap_column, wrap_items

if TYPE_CHECKING:  # the engine and the charts load on first use, not while the window is built
    import pyqtgraph as pg

    from app.services.replay_view import PresetReplay
    from app.services.risk_view import DrawdownPoint, RiskCurve, RiskSession

    Loaded = tuple[RiskSession, RiskCurve, list[FragilityReading]]

SLIDER_STEPS_PER_PERCENT = 2  # 0.5% steps
SLIDER_MAX_PERCENT = 50
CASCADE_PEN = {"color": "#dc2626", "width": 2}
PLAIN_PEN = {"color": "#2563eb", "width": 2, "style": Qt.PenStyle.DashLine}


def _scenario_title(name: str) -> str:
    try:
        found = json.loads(resource_path("scenarios", f"{name}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    return str(found.get("title", "")) if isinstance(found, dict) else ""


class PresetDelegate(QStyledItemDelegate):
    """The preset list shows each date with its one-line name; the picker's text stays the date."""

    def __init__(self, titles: dict[str, str], parent: QWidget) -> None:
        super().__init__(parent)
        self._titles = titles

    def displayText(self, value: object, locale: object) -> str:
        name = str(value)
        title = self._titles.get(name)
        return f"{name} — {title}" if title else name


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


class RiskPage(Page):
    """Everything about "what would a drawdown of X do to my exchange-held margin"."""

    # the charts, built on first use (ui.charts)
    share_plot: pg.PlotWidget
    share_curve: pg.PlotDataItem
    plain_curve: pg.PlotDataItem
    band_low: pg.PlotDataItem
    band_high: pg.PlotDataItem
    band_fill: pg.FillBetweenItem
    share_marker: pg.InfiniteLine
    price_plot: pg.PlotWidget
    settled_curve: pg.PlotDataItem
    exo_curve: pg.PlotDataItem
    price_marker: pg.InfiniteLine
    ladder_plot: pg.PlotWidget
    ladder_image: pg.ImageItem
    ladder_price: pg.InfiniteLine

    session_ready = Signal(object)  # RiskSession
    curve_ready = Signal(object)  # RiskCurve
    point_shown = Signal(object)  # DrawdownPoint
    shock_changed = Signal(object)  # ShockChoice (what the advice must survive)

    def __init__(self, demo: bool, fragility: FragilitySource, runner: OperationRunner) -> None:
        super().__init__(self.tr("Risk"), demo)
        self._runner = runner
        self._fragility = fragility
        self._latest = LatestOnly(runner, self)
        self._latest_replay = LatestOnly(runner, self)  # the crash's replay: no portfolio needed
        self.session: RiskSession | None = None
        self.curve: RiskCurve | None = None
        self.point: DrawdownPoint | None = None
        # Demo: the one demo portfolio. Live: the person's own accounts, once the Trading page
        # has read them; until then the page says there is nothing of theirs to evaluate.
        self.portfolio_path: Path | None = demo_portfolio_path() if demo else None
        self._build_controls()
        self._build_charts()
        self.preset_picker.currentTextChanged.connect(self.load_preset)
        self.preset_picker.currentTextChanged.connect(self._emit_shock)
        self.slider.valueChanged.connect(self._slider_moved)

    # ---- layout ----

    def _build_controls(self) -> None:
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Crash preset:"), self))
        self.preset_picker = QComboBox(self)
        self.preset_picker.addItems(scenario_names())
        self.preset_picker.setAccessibleName(self.tr("Crash preset"))
        self.preset_picker.view().setItemDelegate(PresetDelegate(self.preset_titles(), self.preset_picker))
        self.preset_picker.view().setMinimumWidth(420)
        row.addWidget(self.preset_picker)
        self.preset_title = QLabel("", self)
        row.addWidget(self.preset_title, 1)
        self.body.addLayout(row)
        # The slider has a row of its own: beside the preset's name it was squeezed to a handle.
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("BTC drawdown:"), self))
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setRange(0, SLIDER_MAX_PERCENT * SLIDER_STEPS_PER_PERCENT)
        self.slider.setPageStep(10)
        self.slider.setMinimumWidth(240)
        self.slider.setAccessibleName(self.tr("BTC drawdown"))
        row.addWidget(self.slider, 1)
        self.drawdown_label = QLabel("0.0%", self)
        self.drawdown_label.setMinimumWidth(60)
        row.addWidget(self.drawdown_label)
        self.body.addLayout(row)

        self.body.addLayout(self._build_shock_row())
        facts = QFormLayout()
        self.survival_label = QLabel("…", self)
        self.amplification_label = QLabel("…", self)
        self.point_label = QLabel("…", self)
        self.replay_label = QLabel("…", self)
        for label in (self.survival_label, self.amplification_label, self.point_label, self.replay_label):
            label.setWordWrap(True)
        facts.addRow(self.tr("Survives a BTC drawdown of (with / without cascade):"), self.survival_label)
        facts.addRow(self.tr("Cascade amplification:"), self.amplification_label)
        facts.addRow(self.tr("At the slider:"), self.point_label)
        facts.addRow(self.tr("This crash, replayed:"), self.replay_label)
        self.body.addLayout(facts)

    def _build_shock_row(self) -> QHBoxLayout:
        """Shock controls: the curve's range, and the stress the advice must survive."""
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Curve up to:"), self))
        self.range_spin = QSpinBox(self)
        self.range_spin.setRange(10, 95)
        self.range_spin.setValue(SLIDER_MAX_PERCENT)
        self.range_spin.setSuffix(" %")
        self.range_spin.setAccessibleName(self.tr("Largest BTC drawdown on the curve"))
        self.range_spin.editingFinished.connect(self._range_changed)
        row.addWidget(self.range_spin)
        row.addSpacing(24)
        self.custom_check = QCheckBox(self.tr("Advice stress: custom BTC drawdown"), self)
        self.custom_spin = QDoubleSpinBox(self)
        self.custom_spin.setRange(1.0, 95.0)
        self.custom_spin.setValue(20.0)
        self.custom_spin.setSuffix(" %")
        self.custom_spin.setEnabled(False)
        self.custom_check.toggled.connect(self.custom_spin.setEnabled)
        row.addWidget(self.custom_check)
        row.addWidget(self.custom_spin)
        row.addWidget(QLabel(self.tr("safety buffer:"), self))
        self.buffer_spin = QDoubleSpinBox(self)
        self.buffer_spin.setRange(0.0, 20.0)
        self.buffer_spin.setValue(2.0)
        self.buffer_spin.setSuffix(" %")
        row.addWidget(self.buffer_spin)
        row.addStretch(1)
        for signal in (
            self.custom_check.toggled,
            self.custom_spin.valueChanged,
            self.buffer_spin.valueChanged,
        ):
            signal.connect(self._emit_shock)
        return row

    def shock(self) -> ShockChoice:
        custom = self.custom_spin.value() / 100 if self.custom_check.isChecked() else None
        return ShockChoice(self.preset_picker.currentText(), custom, self.buffer_spin.value() / 100)

    def _emit_shock(self, *_: object) -> None:
        self.shock_changed.emit(self.shock())

    def _range_changed(self) -> None:
        maximum = self.range_spin.value() * SLIDER_STEPS_PER_PERCENT
        if maximum != self.slider.maximum():
            self.slider.setMaximum(maximum)
            self.load_preset(self.preset_picker.currentText())

    def _build_charts(self) -> None:
        grid = QGridLayout()
        self.share_holder, self.price_holder = ChartHolder(self), ChartHolder(self)
        self.ladder_holder = ChartHolder(self)
        self.charts_built = False
        self._build_details(grid)
        self.body.addLayout(grid, 1)

    def build_charts(self) -> None:
        """The two curves' charts and the ladder (once; pyqtgraph loads after the first paint)."""
        if self.charts_built:
            return
        self.charts_built = True
        pg = load_pyqtgraph()
        self.share_plot = pg.PlotWidget(title=self.tr("Liquidated share of exchange margin"))
        self.share_plot.setLabel("bottom", self.tr("BTC drawdown (%)"))
        self.share_curve = self.share_plot.plot(
            pen=pg.mkPen("#dc2626", width=2), name=self.tr("with cascade")
        )
        self.plain_curve = self.share_plot.plot(pen=pg.mkPen(**PLAIN_PEN), name=self.tr("without cascade"))
        # The calibrated ensemble's P10–P90 of the curve with the cascade, as a shaded band.
        self.band_low = pg.PlotDataItem(pen=pg.mkPen(None))
        self.band_high = pg.PlotDataItem(pen=pg.mkPen(None))
        self.band_fill = pg.FillBetweenItem(self.band_low, self.band_high, brush=pg.mkBrush(220, 38, 38, 50))
        self.share_plot.addItem(self.band_fill)
        self.share_marker = pg.InfiniteLine(angle=90, pen=pg.mkPen("#6b7280"))
        self.share_plot.addItem(self.share_marker)

        self.price_plot = pg.PlotWidget(title=self.tr("Settled BTC price"))
        self.price_plot.setLabel("bottom", self.tr("BTC drawdown (%)"))
        self.settled_curve = self.price_plot.plot(
            pen=pg.mkPen("#dc2626", width=2), name=self.tr("with cascade")
        )
        self.exo_curve = self.price_plot.plot(pen=pg.mkPen(**PLAIN_PEN), name=self.tr("without cascade"))
        self.price_marker = pg.InfiniteLine(angle=90, pen=pg.mkPen("#6b7280"))
        self.price_plot.addItem(self.price_marker)

        self.ladder_plot = pg.PlotWidget(title=self.tr("Crowd liquidation ladder (longs / shorts)"))
        self.ladder_plot.setLabel("bottom", self.tr("BTC price (USD)"))
        self.ladder_image = pg.ImageItem()
        self.ladder_image.setColorMap(pg.colormap.get("inferno"))
        self.ladder_plot.addItem(self.ladder_image)
        self.ladder_plot.getAxis("left").setTicks([[(0.5, self.tr("longs")), (1.5, self.tr("shorts"))]])
        self.ladder_price = pg.InfiniteLine(angle=90, pen=pg.mkPen("#22c55e", width=2))
        self.ladder_plot.addItem(self.ladder_price)
        self._place_markers()
        self.share_holder.put(self.share_plot)
        self.price_holder.put(self.price_plot)
        self.ladder_holder.put(self.ladder_plot)

    def _build_details(self, grid: QGridLayout) -> None:
        """The legend above the two charts, and the details in tabs below them."""
        self.signals_table = QTableWidget(0, 3, self)
        self.signals_table.setHorizontalHeaderLabels(
            [self.tr("Signal"), self.tr("Status"), self.tr("Reading")]
        )
        wrap_column(self.signals_table, 2)  # the readings are sentences: they wrap
        self.signals_table.setAccessibleName(self.tr("Fragility signals"))

        self.fallen_list = QListWidget(self)
        self.fallen_list.setAccessibleName(self.tr("Positions liquidated at the slider"))
        wrap_items(self.fallen_list)

        # One legend for both charts, as text outside the plots: it never covers a curve and
        # takes the theme's text colour.
        self.legend_label = QLabel(self._legend_html(), self)
        self.legend_label.setWordWrap(True)
        grid.addWidget(self.legend_label, 0, 0, 1, 2)
        grid.addWidget(self.share_holder, 1, 0)
        grid.addWidget(self.price_holder, 1, 1)
        grid.setRowStretch(1, 3)
        grid.setRowStretch(2, 2)
        self.details = QTabWidget(self)
        self.details.addTab(self.fallen_list, self.tr("Positions liquidated at the slider"))
        self.details.addTab(self.signals_table, self.tr("Fragility signals"))
        self.details.addTab(self.ladder_holder, self.tr("Crowd liquidation ladder"))
        self.replay_table = ReplayTable(self)
        self.details.addTab(self.replay_table, self.tr("How this crash replays"))
        grid.addWidget(self.details, 2, 0, 1, 2)

    def _legend_html(self) -> str:
        cascade, plain = CASCADE_PEN["color"], PLAIN_PEN["color"]
        return (
            f'<span style="color:{cascade}">━━</span> {self.tr("with cascade")}&nbsp;&nbsp;&nbsp;'
            f'<span style="color:{plain}">╍╍</span> {self.tr("without cascade")}&nbsp;&nbsp;&nbsp;'
            f'<span style="color:{cascade}">▇</span> '
            + self.tr("with cascade, P10–P90 over the calibrated ensemble")
        )

    def preset_titles(self) -> dict[str, str]:
        """Each preset's one-line name (the scenario files' titles), in the user's language; a
        preset added without a translation here shows its file's English title."""
        return {
            **{name: _scenario_title(name) for name in scenario_names()},
            "2020-03-12": self.tr("Black Thursday: the COVID crash"),
            "2021-05-19": self.tr("5/19: China's warning and the 30% day"),
            "2025-10-10": self.tr("10/10: the tariff shock, the largest liquidation day on record"),
            "2026-01-31": self.tr("Bloody Saturday: the largest liquidation day since 10/10"),
        }

    # ---- behaviour ----

    def start(self) -> None:
        """Load the default preset (called once the window is shown)."""
        index = self.preset_picker.findText(DEFAULT_PRESET)
        if index >= 0 and index != self.preset_picker.currentIndex():
            self.preset_picker.setCurrentIndex(index)  # emits currentTextChanged → load_preset
        else:
            self.load_preset(self.preset_picker.currentText())

    def choose_default_preset(self) -> None:
        """Select the default preset without computing (the portfolio to compute comes next)."""
        self.preset_picker.blockSignals(True)
        self.preset_picker.setCurrentText(DEFAULT_PRESET)
        self.preset_picker.blockSignals(False)
        self._emit_shock()

    def set_portfolio(self, path: Path) -> None:
        """Evaluate another portfolio (the loaded trading accounts) under the current preset."""
        self.portfolio_path = path
        self.load_preset(self.preset_picker.currentText())

    def load_preset(self, name: str) -> None:
        if not name:
            return
        self.preset_title.setText(self.preset_titles().get(name, ""))
        self._load_replay(name)
        portfolio, top = self.portfolio_path, self.range_spin.value() / 100
        if portfolio is None:
            self.survival_label.setText(self.no_accounts_text())
            return
        self.survival_label.setText(self.tr("computing…"))

        def work() -> Loaded:
            from app.services.risk_view import open_session  # the engine loads on the worker

            session = open_session(portfolio, name)
            return session, session.curve(max_drawdown=top), self._fragility.signals(name)

        self._runner.start(work, self._show_session, self._report_error)

    def _load_replay(self, name: str) -> None:
        """How the chosen crash replays under the model (app.services.replay_view), on a worker."""
        self.replay_label.setText(self.tr("computing…"))

        def work() -> PresetReplay:
            from app.services.replay_view import preset_replay  # the engine loads on the worker

            return preset_replay(name)

        self._latest_replay.request(work, self._show_replay, self.replay_label.setText)

    def _show_replay(self, replay: PresetReplay) -> None:
        self.replay_table.show_replay(replay)
        self.replay_label.setText(self.replay_table.summary(replay))

    def no_accounts_text(self) -> str:
        return self.tr(
            "None of your trading accounts is loaded yet: add or refresh one on the Trading page,"
            " and this page shows how your own positions fare in the crash."
        )

    def _report_error(self, message: str) -> None:
        self.survival_label.setText(message)
        show_error(self, message)

    def _show_session(self, result: Loaded) -> None:
        session, curve, signals = result
        self.session, self.curve = session, curve
        self.build_charts()
        x = curve.drawdowns * 100
        self.share_curve.setData(x, curve.liquidated_share * 100)
        self.plain_curve.setData(x, curve.liquidated_share_no_cascade * 100)
        self.settled_curve.setData(x, curve.btc_settled)
        self.exo_curve.setData(x, curve.btc_no_cascade)
        if curve.band is not None:
            self.band_low.setData(x, curve.band[0] * 100)
            self.band_high.setData(x, curve.band[2] * 100)
        self.survival_label.setText(self._survival_text(curve))
        self._show_amplification(None)
        self._show_ladder(session)
        self._show_signals(signals)
        self.session_ready.emit(session)
        self.curve_ready.emit(curve)
        self._slider_moved(self.slider.value())

    def _show_amplification(self, point: DrawdownPoint | None) -> None:
        """The figure with its definition, and what the cascade adds at the slider (same curves)."""
        curve = self.curve
        if curve is None:
            return
        amp = curve.amplification
        if amp is None:
            text = self.tr("— (nothing is liquidated on the curve, with or without the cascade)")
        else:
            text = self.tr(
                "{0}× = the drawdown survived without the cascade ÷ with it ({1} ÷ {2}): how much"
                " sooner the cascade starts liquidating"
            ).format(f"{amp:.2f}", _pct(curve.survival_drawdown_no_cascade), _pct(curve.survival_drawdown))
        if point is not None:
            text += self.tr("; at {0} it liquidates {1} of exchange margin instead of {2}").format(
                _pct(point.drawdown), _pct(point.liquidated_share), _pct(point.liquidated_share_no_cascade)
            )
        self.amplification_label.setText(text)

    def _survival_text(self, curve: RiskCurve) -> str:
        """The shock survived (with / without the cascade), its P10–P90 over the ensemble, and
        where BTC settles from it: the shock and the settled fall are different numbers."""
        text = f"{_pct(curve.survival_drawdown)} / {_pct(curve.survival_drawdown_no_cascade)}"
        if curve.survival_band is not None:
            low, _, high = curve.survival_band
            text += " " + self.tr("(initial shock; P10–P90 {0}–{1})").format(_pct(low), _pct(high))
        if curve.survival_settled_fall is not None:
            text += " " + self.tr("— BTC then settles {0} down").format(_pct(curve.survival_settled_fall))
        for low, high, fall_low, fall_high in curve.tipping_points:
            text += "\n" + self.tr(
                "Tipping point: between a {0} and a {1} shock BTC's settled fall jumps from {2} to {3}."
            ).format(f"{low:.2%}", f"{high:.2%}", _pct(fall_low), _pct(fall_high))
        return text

    def _show_ladder(self, session: RiskSession) -> None:
        import numpy as np  # loaded with the engine, on the worker that made the session

        heat = session.ladder_heatmap()
        self.ladder_image.setImage(np.log10(1.0 + heat.usd.T), autoLevels=True)
        width = float(heat.bin_edges[-1] - heat.bin_edges[0])
        self.ladder_image.setRect(float(heat.bin_edges[0]), 0.0, width, 2.0)
        self.ladder_price.setValue(heat.p0)

    def _show_signals(self, signals: list[FragilityReading]) -> None:
        statuses = {
            "warning": self.tr("warning"),
            "ok": self.tr("ok"),
            "unknown": self.tr("unknown"),
            "calibrated": self.tr("calibrated, not data"),
        }
        self.signals_table.setRowCount(len(signals))
        for row, reading in enumerate(signals):
            self.signals_table.setItem(row, 0, QTableWidgetItem(signal_name(reading.name)))
            self.signals_table.setItem(row, 1, QTableWidgetItem(statuses.get(reading.status, reading.status)))
            item = QTableWidgetItem(signal_reading(reading.reading))
            item.setToolTip(reading.threshold)
            self.signals_table.setItem(row, 2, item)
        self.signals_table.resizeColumnsToContents()

    def drawdown(self) -> float:
        return self.slider.value() / (100.0 * SLIDER_STEPS_PER_PERCENT)

    def _slider_moved(self, _value: int) -> None:
        drawdown = self.drawdown()
        self.drawdown_label.setText(f"{drawdown * 100:.1f}%")
        self._place_markers()
        session = self.session
        if session is None:
            return
        self._latest.request(lambda: session.at(drawdown), self._show_point, self._report_error)

    def _place_markers(self) -> None:
        if self.charts_built:  # else they are placed when the charts are built
            self.share_marker.setValue(self.drawdown() * 100)
            self.price_marker.setValue(self.drawdown() * 100)

    def _show_point(self, point: DrawdownPoint) -> None:
        self.point = point
        self.point_label.setText(
            self.tr(
                "{0} of exchange margin liquidated ({1} without the cascade); BTC settles at ${2}"
            ).format(
                _pct(point.liquidated_share),
                _pct(point.liquidated_share_no_cascade),
                f"{point.btc_settled:,.0f}",
            )
        )
        self._show_amplification(point)
        self.fallen_list.clear()
        self.fallen_list.addItems(
            [position_text(label) for label in point.fallen] or [self.tr("nothing is liquidated")]
        )
        self.point_shown.emit(point)
