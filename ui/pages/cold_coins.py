"""The cold account's coins: balance, UTXOs, history, and "Send" as a PSBT for the PSBT page."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.ports import ColdWallet, PsbtDocument, WalletView
from ui.operations import OperationRunner
from ui.widgets import fill_table, head_tail, show_error, whole_on_hover

SAT_PER_BTC = 100_000_000
DEMO_COINS_PER_CLICK = 5


def _btc(sats: int | None) -> str:
    return "—" if sats is None else f"{sats / SAT_PER_BTC:.8f}"


class CoinsBox(QGroupBox):
    wallet_shown = Signal(object)  # WalletView
    psbt_built = Signal(object)  # PsbtDocument
    failed = Signal(str)

    def __init__(
        self, wallet: ColdWallet | None, demo: bool, runner: OperationRunner, parent: QWidget
    ) -> None:
        super().__init__(self.tr("Coins (watch-only wallet)"), parent)
        self._wallet = wallet
        self._runner = runner
        self.account: str | None = None
        self.view: WalletView | None = None
        column = QVBoxLayout(self)
        column.addLayout(self._build_actions(demo))
        column.addLayout(self._build_tables())
        column.addLayout(self._build_send_row())
        self.setEnabled(wallet is not None)

    def _build_actions(self, demo: bool) -> QHBoxLayout:
        row = QHBoxLayout()
        self.balance_label = QLabel(self.tr("No cold account yet."), self)
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.clicked.connect(self.refresh)
        self.demo_button = QPushButton(self.tr("Receive demo coins"), self)
        self.demo_button.clicked.connect(self.receive_demo_coins)
        self.demo_button.setVisible(demo)
        self.sync_button = QPushButton(self.tr("Sync with the chain"), self)
        self.sync_button.clicked.connect(self.sync)
        self.sync_button.setVisible(not demo)
        row.addWidget(self.balance_label, 1)
        row.addWidget(self.refresh_button)
        row.addWidget(self.sync_button)
        row.addWidget(self.demo_button)
        return row

    def _build_tables(self) -> QHBoxLayout:
        tables = QHBoxLayout()
        self.coins_table = QTableWidget(0, 3, self)
        self.coins_table.setHorizontalHeaderLabels(
            [self.tr("Coin"), self.tr("Address"), self.tr("Amount (BTC)")]
        )
        self.history_table = QTableWidget(0, 3, self)
        self.history_table.setHorizontalHeaderLabels(
            [self.tr("Transaction"), self.tr("Net (BTC)"), self.tr("State")]
        )
        for table in (self.coins_table, self.history_table):
            table.horizontalHeader().setStretchLastSection(True)
            table.setMaximumHeight(140)
            tables.addWidget(table)
        return tables

    def _build_send_row(self) -> QHBoxLayout:
        send = QHBoxLayout()
        self.send_to = QLineEdit(self)
        self.send_to.setPlaceholderText(self.tr("send to (address)"))
        self.send_amount = QLineEdit(self)
        self.send_amount.setPlaceholderText(self.tr("amount in BTC"))
        self.fee_rate = QDoubleSpinBox(self)
        self.fee_rate.setRange(1.0, 500.0)
        self.fee_rate.setValue(2.0)
        self.fee_rate.setSuffix(" sat/vB")
        self.send_button = QPushButton(self.tr("Prepare send (PSBT)"), self)
        self.send_button.clicked.connect(self.prepare_send)
        for widget in (self.send_to, self.send_amount, self.fee_rate, self.send_button):
            send.addWidget(widget)
        return send

    def set_account(self, name: str | None) -> None:
        changed = name != self.account
        self.account = name
        if changed and name is not None and self._wallet is not None:
            self.refresh()

    def _ready(self) -> tuple[ColdWallet, str] | None:
        if self._wallet is None or self.account is None:
            show_error(self, self.tr("Create a cold account first."))
            return None
        return self._wallet, self.account

    def _fail(self, message: str) -> None:
        self.failed.emit(message)
        show_error(self, message)

    def refresh(self) -> None:
        ready = self._ready()
        if ready is not None:
            wallet, account = ready
            self._runner.start(lambda: wallet.view(account), self._show, self._fail)

    def sync(self) -> None:
        ready = self._ready()
        if ready is not None:
            wallet, account = ready
            self.balance_label.setText(self.tr("Syncing…"))
            self._runner.start(lambda: wallet.sync(account), self._show, self._fail)

    def receive_demo_coins(self) -> None:
        ready = self._ready()
        if ready is not None:
            wallet, account = ready
            self._runner.start(
                lambda: wallet.receive_demo_coins(account, DEMO_COINS_PER_CLICK), self._show, self._fail
            )

    def _show(self, view: WalletView) -> None:
        self.view = view
        self.balance_label.setText(
            self.tr("{0}: {1} BTC spendable, {2} BTC pending").format(
                view.account, _btc(view.spendable_sat), _btc(view.pending_sat)
            )
        )
        states = {True: self.tr("confirmed"), False: self.tr("unconfirmed")}
        # Head and tail of each outpoint, address and txid, whole on hover: the amounts stay in view.
        coins = [[c.outpoint, c.address, _btc(c.amount_sat)] for c in view.coins]
        fill_table(self.coins_table, [[head_tail(a), head_tail(b), amount] for a, b, amount in coins])
        whole_on_hover(self.coins_table, coins, (0, 1))
        history = [[h.txid, _btc(h.net_sat), states[h.confirmed]] for h in view.history]
        fill_table(self.history_table, [[head_tail(txid), *rest] for txid, *rest in history])
        whole_on_hover(self.history_table, history, (0,))
        self.wallet_shown.emit(view)

    def prepare_send(self) -> None:
        ready = self._ready()
        if ready is None:
            return
        wallet, account = ready
        try:
            amount = round(float(self.send_amount.text()) * SAT_PER_BTC)
        except ValueError:
            show_error(self, self.tr("The amount must be a number of BTC, e.g. 0.01"))
            return
        address, rate = self.send_to.text().strip(), self.fee_rate.value()

        def built(document: PsbtDocument) -> None:
            self.psbt_built.emit(document)

        self._runner.start(lambda: wallet.send(account, address, amount, rate), built, self._fail)
