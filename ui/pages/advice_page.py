"""Advice: the plan for the chosen stress, the split before and after, and "Prepare transfer".

A transfer goes only to a device-verified cold address; "Prepare transfer" shows that
address, the amount and a BIP21 QR code to paste or scan into the exchange's withdrawal
form (both made by the advice use case). Nothing is sent from here. For ETH and the
stablecoins the deposit it will make is then expected in the Ethereum cold account, and the
Cold storage page follows it waiting → received → confirmed. The page follows the
core's events: a newly verified address fills the transfers that had none at once (no
engine run), and an advice computed before the trading accounts changed says it is stale.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from app.errors import UserError
from app.events import AddressVerified, ColdBalancesChanged, HoldingsRefreshed
from app.services.eth_ports import EthArrivals, EthExpected
from app.services.ports import AdviceSource, AdviceView, PreparedTransferView, ShockChoice, TransferLine
from ui.app_messages import render
from ui.domain_words import position_text
from ui.events import QtEvents
from ui.operations import OperationRunner, QueryOp
from ui.pages.cold_eth_expect import arrival_text
from ui.qr import show_qr
from ui.widgets import Page, head_tail, show_error, wrap_column, wrap_items


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def _account_text(account: str, venue: str) -> str:
    """The account, with its venue unless its name says it already ("Binance Spot", not
    "Binance Spot (binance)")."""
    return account if venue.lower() in account.lower() else f"{account} ({venue})"


class AdvicePage(Page):
    advice_ready = Signal(object)  # AdviceView
    transfer_prepared = Signal(object)  # TransferLine
    arrival_expected = Signal(object)  # EthExpected: a prepared ETH/stablecoin deposit is tracked
    failed = Signal(str)

    def __init__(
        self,
        demo: bool,
        advice: AdviceSource | None,
        runner: OperationRunner,
        arrivals: EthArrivals | None = None,
    ) -> None:
        super().__init__(self.tr("Advice"), demo)
        self._source = advice
        self._arrivals = arrivals
        self._runner = runner
        self._tracking = 0  # which "Prepare" the arrival line answers (a later one replaces it)
        self.holdings_path: Path | None = None
        self.shock = ShockChoice()
        self.advice: AdviceView | None = None
        self.stale_note: str | None = None  # set when the holdings changed after this advice
        self.prepared: TransferLine | None = None
        row = QHBoxLayout()
        self.run_button = QPushButton(self.tr("Compute advice"), self)
        self.run_button.clicked.connect(self.compute)
        self.stress_label = QLabel(self.tr("Load trading accounts, then compute the advice."), self)
        self.stress_label.setWordWrap(True)
        row.addWidget(self.run_button)
        row.addWidget(self.stress_label, 1)
        self.body.addLayout(row)
        facts = QFormLayout()
        self.share_label = QLabel("—", self)
        self.survival_label = QLabel("—", self)
        self.liquidated_label = QLabel("—", self)
        facts.addRow(self.tr("Share on exchanges (now → after):"), self.share_label)
        facts.addRow(self.tr("Survival drawdown (now → after):"), self.survival_label)
        facts.addRow(self.tr("Margin liquidated by the stress (now → after):"), self.liquidated_label)
        self.body.addLayout(facts)
        self.transfers_table = QTableWidget(0, 5, self)
        self.transfers_table.setHorizontalHeaderLabels(
            [self.tr("Move"), self.tr("From"), self.tr("Value"), self.tr("To"), self.tr("Why")]
        )
        wrap_column(self.transfers_table, 4)  # the reason wraps; the figures keep one line
        # A click on any cell selects its transfer; Enter on it prepares it (no cell is editable).
        self.transfers_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.transfers_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.transfers_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.transfers_table.activated.connect(lambda index: self.prepare(index.row()))
        self.body.addWidget(self.transfers_table, 1)
        self.notes = QListWidget(self)
        self.notes.setMaximumHeight(110)
        wrap_items(self.notes)
        self.body.addWidget(self.notes)
        self._build_prepare_box()

    def _build_prepare_box(self) -> None:
        row = QHBoxLayout()
        column = QVBoxLayout()
        self.prepare_button = QPushButton(self.tr("Prepare transfer"), self)
        self.prepare_button.clicked.connect(self.prepare_selected)
        self.prepare_button.setEnabled(False)
        self.prepared_label = QLabel("", self)
        self.prepared_label.setWordWrap(True)
        self.arrival_label = QLabel("", self)
        self.arrival_label.setWordWrap(True)
        self.copy_button = QPushButton(self.tr("Copy address"), self)
        self.copy_button.clicked.connect(self._copy)
        column.addWidget(self.prepare_button)
        column.addWidget(self.prepared_label)
        column.addWidget(self.arrival_label)
        column.addWidget(self.copy_button)
        column.addStretch(1)
        row.addLayout(column, 1)
        self.qr_label = QLabel(self)
        row.addWidget(self.qr_label)
        self.body.addLayout(row)

    def follow(self, events: QtEvents) -> None:
        """Refresh from the core's events (see the module docstring)."""
        events.address_verified.connect(self._address_verified)
        events.holdings_refreshed.connect(self._holdings_refreshed)
        events.cold_balances_changed.connect(self._cold_balances_changed)

    def _address_verified(self, _event: AddressVerified) -> None:
        source, shown = self._source, self.advice
        if source is None or shown is None or all(t.to_address for t in shown.transfers):
            return
        self._runner.start(lambda: source.retarget(shown), self._retargeted, self._fail)

    def _retargeted(self, renewed: AdviceView) -> None:
        if renewed is not self.advice:
            self._show(renewed)

    def _holdings_refreshed(self, event: HoldingsRefreshed) -> None:
        """Advice computed on holdings that changed since is stale: say so (the engine run is the
        person's to start: it takes seconds)."""
        if self.advice is not None and event.accounts:
            self.stale_note = self.tr("The trading accounts changed ({0}): compute the advice again.").format(
                ", ".join(event.accounts)
            )
            self.stress_label.setText(self.stale_note)

    def _cold_balances_changed(self, _event: ColdBalancesChanged) -> None:
        """The split before/after counts the cold balances: an advice shown is stale once they moved."""
        if self.advice is not None:
            self.stale_note = self.tr("The cold balances changed: compute the advice again.")
            self.stress_label.setText(self.stale_note)

    def set_holdings(self, path: Path) -> None:
        self.holdings_path = path

    def set_shock(self, shock: ShockChoice) -> None:
        self.shock = shock

    def compute(self) -> None:
        source, path, shock = self._source, self.holdings_path, self.shock
        if source is None or path is None:
            show_error(self, self.tr("Load trading accounts first (Trading page)."))
            return
        self.stale_note = None
        self.run_button.setEnabled(False)
        self.stress_label.setText(self.tr("Computing the advice under {0}…").format(shock.preset))
        operation = QueryOp(self._runner, lambda report: source.advise(path, shock, report), self._show)
        operation.failure(self._fail).progress(lambda stage: self._show_stage(stage, shock.preset)).run()

    def _show_stage(self, stage: str, preset: str) -> None:
        """The operation's progress: which part of the computation runs now."""
        if stage == "stress":
            self.stress_label.setText(self.tr("Loading the {0} stress and its ensemble…").format(preset))
        elif stage == "engine":
            self.stress_label.setText(
                self.tr("Running the engine under {0} (this takes a few seconds)…").format(preset)
            )

    def _fail(self, message: str) -> None:
        self.run_button.setEnabled(True)
        self.failed.emit(message)
        show_error(self, message)

    def _show(self, advice: AdviceView) -> None:
        self.advice = advice
        self.run_button.setEnabled(True)
        stress = "\n".join(render(m) for m in (advice.stress_message, *advice.tipping_points))
        self.stress_label.setText(self.stale_note or stress)
        self.share_label.setText(
            f"{_pct(advice.exchange_share_before)} → {_pct(advice.exchange_share_after)}"
        )
        self.survival_label.setText(f"{_pct(advice.survival_before)} → {_pct(advice.survival_after)}")
        self.liquidated_label.setText(
            f"{_pct(advice.liquidated_share_before)} → {_pct(advice.liquidated_share_after)}"
        )
        unverified = self.tr("no verified address yet")
        rows = [
            [
                f"{t.amount:g} {t.asset}" + self._amount_band(t),
                _account_text(t.from_account, t.venue),
                f"${t.usd:,.0f}",
                t.to_address or unverified,
                (self.tr("After cutting {0}: ").format(", ".join(t.first)) if t.first else "")
                + render(t.reason),
            ]
            for t in advice.transfers
        ]
        self.transfers_table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                # An address shows its head and tail so the reason keeps its room at 1280 px; it
                # is shown whole on hover and once prepared, with its QR.
                item = QTableWidgetItem(head_tail(text) if c == 3 and text != unverified else text)
                item.setToolTip(text)
                self.transfers_table.setItem(r, c, item)
        self.notes.clear()
        cut_bands = advice.cut_bands or (None,) * len(advice.cuts)
        self.notes.addItems(
            [
                self.tr("Cut: {0}").format(render(c)) + self._share_band(band)
                for c, band in zip(advice.cuts, cut_bands, strict=True)
            ]
        )
        self.notes.addItems([self.tr("Note: {0}").format(render(n)) for n in advice.notes])
        self.notes.addItems(
            [
                self.tr("Flag: {0}").format(f"{f.account}: {position_text(f.subject)} — {render(f.reason)}")
                for f in advice.flags
            ]
        )
        self.prepare_button.setEnabled(bool(advice.transfers))
        if advice.transfers:
            self.transfers_table.selectRow(0)
        self.advice_ready.emit(advice)

    def _amount_band(self, transfer: TransferLine) -> str:
        """A second line with the amount's P10–P90 across the ensemble, when the ensemble moves it."""
        band = transfer.amount_band
        if band is None or band[0] == band[2]:
            return ""
        return "\n" + self.tr("ensemble P10–P90: {0}–{1}").format(f"{band[0]:g}", f"{band[2]:g}")

    def _share_band(self, band: tuple[float, float, float] | None) -> str:
        if band is None or band[0] == band[2]:
            return ""
        return " " + self.tr("(ensemble P10–P90: {0}–{1})").format(f"{band[0]:.1%}", f"{band[2]:.1%}")

    def transfer_for_cold(self) -> int | None:
        """The first transfer that can go to a verified Bitcoin address (the demo's cold account)."""
        if self.advice is None:
            return None
        for index, transfer in enumerate(self.advice.transfers):
            if transfer.to_address:
                return index
        return None

    def prepare_selected(self) -> None:
        """Prepare the transfer of the selected row, whichever of its cells was clicked."""
        rows = sorted({index.row() for index in self.transfers_table.selectionModel().selectedIndexes()})
        if self.advice is None or not rows:
            return
        self.prepare(rows[0])

    def prepare(self, index: int) -> None:
        assert self.advice is not None
        transfer = self.advice.transfers[index]
        if not transfer.to_address or self._source is None:
            show_error(self, self.tr("Verify a cold address on the device first (Cold storage page)."))
            return
        try:  # quick and pure: the advice that made this row already loaded the use case
            prepared = self._source.prepare(transfer)
        except UserError as exc:
            show_error(self, str(exc))
            return
        self.prepared = transfer
        self.prepared_label.setText(
            self.tr("Withdraw {0} {1} from {2} to the device-verified address {3}").format(
                prepared.amount_text or f"{prepared.amount:g}",
                prepared.asset,
                transfer.from_account,
                prepared.address,
            )
        )
        show_qr(self.qr_label, prepared.uri, 4, self.tr("Too long for a QR code: copy the address instead."))
        self.transfer_prepared.emit(transfer)
        self._track_arrival(prepared)

    def _track_arrival(self, prepared: PreparedTransferView) -> None:
        """ETH and stablecoins: expect the deposit in the Ethereum cold account (on a worker: the
        node is asked for its tip), so the Cold storage page follows it until confirmed."""
        self._tracking += 1
        arrivals, ticket = self._arrivals, self._tracking
        if arrivals is None or prepared.chain != "ethereum":
            self.arrival_label.setText("")
            return
        self.arrival_label.setText(self.tr("Recording the deposit it will make…"))
        self._runner.start(
            lambda: arrivals.expect_transfer(prepared),
            lambda expected: self._arrival_tracked(ticket, expected),
            lambda message: self._arrival_untracked(ticket, message),
        )

    def _arrival_tracked(self, ticket: int, expected: EthExpected) -> None:
        if ticket == self._tracking:
            text = self.tr("Its arrival is tracked on the Cold storage page (Ethereum): {0}")
            self.arrival_label.setText(text.format(arrival_text(expected.arrival)))
            self.arrival_expected.emit(expected)

    def _arrival_untracked(self, ticket: int, message: str) -> None:
        if ticket == self._tracking:
            self.arrival_label.setText(self.tr("Its arrival is not tracked: {0}").format(message))

    def _copy(self) -> None:
        if self.prepared is not None and self.prepared.to_address:
            QApplication.clipboard().setText(self.prepared.to_address)
