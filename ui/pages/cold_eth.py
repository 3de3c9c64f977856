"""The Ethereum cold account on the Cold storage page: balances of ETH and the watched tokens,
transfer history with pending ones first, expected deposits, and a send that is reviewed,
signed on the device and broadcast (app.services.eth_wallet; the same use cases as `coldsplit eth`).

The review is shown in full before the device is asked; the device's answer is accepted
only after the service checked it is the reviewed transfer signed by the cold address.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.device_ports import DeviceQueue
from app.services.eth_ports import EthHistoryRow, EthPanelView, EthSendReview, EthWallet
from ui.domain_words import eth_network_name
from ui.operations import OperationRunner
from ui.pages.cold_eth_expect import ExpectForm, arrival_text
from ui.pages.cold_eth_qr import EthQrRow
from ui.widgets import fill_table, head_tail, minute_text, show_error

TX_HASH_ROLE = Qt.ItemDataRole.UserRole  # a history row's whole transaction hash


class EthBox(QGroupBox):
    shown = Signal(object)  # EthPanelView
    sent = Signal(str)  # the transaction hash
    failed = Signal(str)

    def __init__(
        self,
        wallet: EthWallet | None,
        device: DeviceQueue | None,
        demo: bool,
        runner: OperationRunner,
        parent: QWidget,
    ) -> None:
        super().__init__(self.tr("Ethereum (ETH and stablecoins)"), parent)
        self._wallet = wallet
        self._device = device
        self._runner = runner
        self.view: EthPanelView | None = None
        # Asked before the device is: True signs. Tests answer it; people get a dialog.
        self.confirm_send: Callable[[EthSendReview], bool] = self._ask
        # Asked before the transfer is shown as QR codes: another machine's device will sign it.
        self.confirm_qr_request: Callable[[EthSendReview], bool] = self._ask_for_signing_machine
        column = QVBoxLayout(self)
        column.addLayout(self._build_actions(demo))
        column.addLayout(self._build_tables())
        self.arrivals_label = QLabel("", self)
        self.arrivals_label.setWordWrap(True)
        column.addWidget(self.arrivals_label)
        self.expect_form = ExpectForm(wallet, runner, self)
        self.expect_form.expected.connect(lambda expected: self._show(expected.view))
        column.addWidget(self.expect_form)
        column.addLayout(self._build_send_row())
        self.qr = EthQrRow(
            wallet,
            device,
            runner,
            self._send_work,
            (lambda r: self.confirm_qr_request(r), lambda r: self.confirm_send(r)),
            self._fail,
            self,
        )
        self.qr.broadcast_done.connect(self._broadcast)
        column.addWidget(self.qr)
        self.setEnabled(wallet is not None)

    def _build_actions(self, demo: bool) -> QHBoxLayout:
        row = QHBoxLayout()
        self.status_label = QLabel(self.tr("Not read yet."), self)
        self.status_label.setWordWrap(True)
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.clicked.connect(self.refresh)
        self.sync_button = QPushButton(self.tr("Sync with the chain"), self)
        self.sync_button.clicked.connect(self.sync)
        self.demo_button = QPushButton(self.tr("Receive demo ETH"), self)
        self.demo_button.clicked.connect(self.receive_demo)
        self.demo_button.setVisible(demo)
        row.addWidget(self.status_label, 1)
        for button in (self.refresh_button, self.sync_button, self.demo_button):
            row.addWidget(button)
        return row

    def _build_tables(self) -> QHBoxLayout:
        tables = QHBoxLayout()
        self.balances_table = QTableWidget(0, 2, self)
        self.balances_table.setHorizontalHeaderLabels([self.tr("Asset"), self.tr("Balance")])
        self.history_table = QTableWidget(0, 5, self)
        self.history_table.setHorizontalHeaderLabels(
            [
                self.tr("State"),
                self.tr("Amount"),
                self.tr("From / to"),
                self.tr("Confirmations"),
                self.tr("Transaction"),
            ]
        )
        for table in (self.balances_table, self.history_table):
            table.horizontalHeader().setStretchLastSection(True)
            table.setMaximumHeight(140)
        tables.addWidget(self.balances_table, 1)
        tables.addWidget(self.history_table, 3)
        return tables

    def _build_send_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.send_to = QLineEdit(self)
        self.send_to.setPlaceholderText(self.tr("send to (0x… address)"))
        self.send_amount = QLineEdit(self)
        self.send_amount.setPlaceholderText(self.tr("amount, e.g. 0.5"))
        self.asset_picker = QComboBox(self)
        self.asset_picker.setAccessibleName(self.tr("Asset to send"))
        self.asset_picker.addItem("ETH")
        self.send_button = QPushButton(self.tr("Review and sign on device"), self)
        self.send_button.clicked.connect(self.prepare_send)
        for widget in (self.send_to, self.send_amount, self.asset_picker, self.send_button):
            row.addWidget(widget)
        return row

    # ---- actions ----

    def _fail(self, message: str) -> None:
        self.failed.emit(message)
        show_error(self, message)

    def refresh(self, quiet: bool = False) -> None:
        """Show what the store holds; `quiet` (after another action): a failure goes to the status line."""
        if self._wallet is not None:
            self._runner.start(self._wallet.view, self._show, self._note if quiet else self._fail)

    def _note(self, message: str) -> None:
        self.failed.emit(message)
        self.status_label.setText(message)

    def sync(self) -> None:
        if self._wallet is not None:
            self.status_label.setText(self.tr("Syncing…"))
            self._runner.start(self._wallet.sync, self._show, self._after_failed_sync)

    def _after_failed_sync(self, message: str) -> None:
        self._fail(message)
        self.refresh(quiet=True)  # the last good balances, now with the failure beside their time

    def receive_demo(self) -> None:
        if self._wallet is not None:
            self._runner.start(self._wallet.receive_demo, self._show, self._fail)

    def prepare_send(self) -> None:
        work = self._send_work()
        if work is not None:
            self._runner.start(work, self._reviewed, self._fail)

    def _send_work(self) -> Callable[[], EthSendReview] | None:
        """Building the transfer the form describes (on a worker), or None after saying why not."""
        wallet, view = self._wallet, self.view
        if wallet is None or view is None or not view.accounts:
            self._fail(self.tr("Verify the Ethereum address on the device and refresh first."))
            return None
        account = view.accounts[0].account
        to, amount, asset = (
            self.send_to.text().strip(),
            self.send_amount.text().strip(),
            self.asset_picker.currentText(),
        )
        return lambda: wallet.prepare_send(account, to, amount, asset)

    def _ask(self, review: EthSendReview) -> bool:
        question = self.tr("Check every line, then confirm the same on the device:\n\n{0}")
        return self._question(self.tr("Sign this transfer?"), question, review)

    def _ask_for_signing_machine(self, review: EthSendReview) -> bool:
        question = self.tr(
            "Check every line; the signing machine will show the same before its device signs:\n\n{0}"
        )
        return self._question(self.tr("Show this transfer to the signing machine?"), question, review)

    def _question(self, title: str, question: str, review: EthSendReview) -> bool:
        answer = QMessageBox.question(self, title, question.format("\n".join(review.lines)))
        return answer == QMessageBox.StandardButton.Yes

    def _reviewed(self, review: EthSendReview) -> None:
        if not self.confirm_send(review):
            return
        if self._device is None:
            self._fail(self.tr("Connect the device first."))
            return
        self._runner.on_device(
            self._device, lambda d: d.sign_eth_transfer(review.handle), self._signed, self._fail
        )

    def _signed(self, signed: object) -> None:
        wallet = self._wallet
        if wallet is not None:
            self._runner.start(lambda: wallet.broadcast(signed), self._broadcast, self._fail)

    def _broadcast(self, tx_hash: str) -> None:
        self.sent.emit(tx_hash)
        self.sync()

    # ---- display ----

    def _show(self, view: EthPanelView) -> None:
        self.view = view
        self._show_status(view)
        rows = [row for account in view.accounts for row in account.balances]
        fill_table(self.balances_table, [[symbol, amount] for symbol, amount in rows])
        states = {
            "pending": self.tr("pending"),
            "confirmed": self.tr("confirmed"),
            "failed": self.tr("failed"),
        }
        signs = {"in": "+", "out": "−", "self": "±"}
        history = [h for account in view.accounts for h in account.history]
        fill_table(
            self.history_table,
            [
                [states.get(h.status, h.status), f"{signs.get(h.direction, '')}{h.amount} {h.symbol}",
                 self._who(h), str(h.confirmations), head_tail(h.tx_hash)]
                for h in history
            ],
        )  # fmt: skip
        for row, h in enumerate(history):  # the whole hash and address on hover, and in the data
            cell, who = self.history_table.item(row, 4), self.history_table.item(row, 2)
            assert cell is not None and who is not None  # fill_table set every cell
            cell.setToolTip(h.tx_hash)
            cell.setData(TX_HASH_ROLE, h.tx_hash)
            who.setToolTip(h.counterparty)
        self.arrivals_label.setText("\n".join(arrival_text(row) for row in view.arrivals))
        self.expect_form.set_view(view)
        current = self.asset_picker.currentText()
        self.asset_picker.clear()
        self.asset_picker.addItems(["ETH", *view.tokens])
        self.asset_picker.setCurrentText(current)
        self.shown.emit(view)

    def _who(self, row: EthHistoryRow) -> str:
        """The counterparty, and how ETH came when no plain transfer says (app.eth.internal's notes)."""
        notes = {
            "received by a contract call (internal transaction)": self.tr(
                "received by a contract call (internal transaction)"
            ),
            "received by a contract call, details unavailable from this node": self.tr(
                "received by a contract call, details unavailable from this node"
            ),
            "left the address outside any transaction this node shows": self.tr(
                "left the address outside any transaction this node shows"
            ),
        }
        note = notes.get(row.note, row.note)
        who = head_tail(row.counterparty)  # whole in the row's tooltip
        return f"{who} ({note})" if who and note else who or note

    def _show_status(self, view: EthPanelView) -> None:
        if view.notice is not None:
            self.status_label.setText(view.notice)
            return
        account = view.accounts[0]
        text = self.tr("{0} on {1}").format(account.address, eth_network_name(view.network))
        if account.read_at is None:
            text += " — " + self.tr("never synced")
        else:
            text += " — " + self.tr("balances read {0}").format(minute_text(account.read_at))
        if account.failure is not None:
            text += " — " + self.tr("last sync failed: {0}").format(account.failure)
        self.status_label.setText(text)
