"""The Risk page's "How this crash replays" tab: the recorded figures of the chosen crash
beside the model's replay of it (app.services.replay_view), so a person sees how far to
trust the preset before reading its curve.

Only the held-out value gets a verdict; BTC's fall is shown as the input it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QTableWidget, QTableWidgetItem, QWidget

from ui.widgets import wrap_column

if TYPE_CHECKING:  # the engine loads on the worker, not while the window is built
    from app.services.replay_view import PresetReplay, ReplayCheck

COLUMNS = 6
VERDICT_COLUMN = 5


def _pct(value: float) -> str:
    return f"{value * 100:.1f}%"


def _figure(metric: str, value: float) -> str:
    """A replayed or recorded value as a person reads it: USD in billions, falls in percent."""
    return f"${value / 1e9:.2f}B" if metric.endswith("_usd") else _pct(value)


class ReplayTable(QTableWidget):
    """One row per recorded figure: the range, the model held out and in sample, the
    ensemble's P10–P90, and the verdict."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(0, COLUMNS, parent)
        self.setHorizontalHeaderLabels(
            [
                self.tr("Recorded figure"),
                self.tr("Recorded range"),
                self.tr("Model, held out"),
                self.tr("In sample"),
                self.tr("Ensemble P10–P90"),
                self.tr("Verdict"),
            ]
        )
        wrap_column(self, VERDICT_COLUMN)
        self.setAccessibleName(self.tr("How this crash replays"))

    def show_replay(self, replay: PresetReplay) -> None:
        rows = [row for check in replay.checks for row in self._rows(check)]
        self.setRowCount(len(rows))
        for row, cells in enumerate(rows):
            for column, text in enumerate(cells):
                self.setItem(row, column, QTableWidgetItem(text))
        self.resizeColumnsToContents()

    def _rows(self, check: ReplayCheck) -> list[tuple[str, ...]]:
        """The figure's row, then (for a liquidation figure) one row per asset: where the
        model's liquidations come from, which no recorded range covers."""
        low, _, high = check.band
        rows: list[tuple[str, ...]] = [
            (
                self.metric_name(check.metric),
                f"{_figure(check.metric, check.low)} – {_figure(check.metric, check.high)}",
                _figure(check.metric, check.held_out),
                _figure(check.metric, check.in_sample),
                f"{_figure(check.metric, low)} – {_figure(check.metric, high)}",
                self.verdict_text(check),
            )
        ]
        for part in check.by_asset:
            rows.append(
                (
                    self.tr("    of which {0}").format(self.asset_name(part.asset)),
                    "",
                    _figure(check.metric, part.held_out_usd),
                    _figure(check.metric, part.in_sample_usd),
                    "",
                    "",
                )
            )
        return rows

    def asset_name(self, asset: str) -> str:
        """A preset's asset as a person reads it: "ALT" is the presets' basket of other alts."""
        return self.tr("the alt basket") if asset == "ALT" else asset

    def metric_name(self, metric: str) -> str:
        kind, _, asset = metric.partition(".")
        if kind == "long_liquidated_usd":
            return self.tr("Long liquidations, all venues")
        if kind == "settled_drawdown":
            return self.tr("{0}'s fall").format(asset)
        if kind == "retention":
            return self.tr("Depth left on {0}'s book").format(asset)
        return metric

    def verdict_text(self, check: ReplayCheck) -> str:
        from app.services.replay_view import Verdict  # loaded already, by the worker that replayed

        if check.verdict is Verdict.INSIDE:
            return self.tr("inside the range")
        if check.verdict is Verdict.OUTSIDE:
            # a typographic minus, as the page's other signed figures
            return self.tr("outside the range by {0}").format(f"{check.miss * 100:+.1f}%".replace("-", "−"))
        if check.verdict is Verdict.INPUT:
            return self.tr("input: the shock is solved to reproduce it, not a check")
        return self.tr("not a check: it restates κ and w_min at that fall")

    def summary(self, replay: PresetReplay) -> str:
        """One sentence for the page: how many recorded figures the held-out model reproduces."""
        checked = replay.checked
        text = self.tr(
            "Fitted on the other crashes, the model puts {0} of this crash's {1} recorded figures"
            " inside their ranges"
        ).format(replay.inside, len(checked))
        if any(c.per_event_inputs for c in checked):
            text += self.tr(
                "; its crowd is set for this crash alone, so a match means consistent, not validated"
            )
        return text + self.tr(" (tab “How this crash replays”).")
