"""The Ethereum panel's form for expecting a deposit by hand (as `coldsplit eth expect` does):
which verified address, how much of which asset, how many blocks deep before it counts.

The use case checks everything (app.usecases.eth.expect_eth_arrival) and says what is wrong
in one line, shown under the form; the node is asked on a worker, never on the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services.eth_ports import EthArrivalRow, EthExpected, EthPanelView, EthWallet
from ui.operations import OperationRunner

MAX_CONFIRMATIONS = 1000  # app.eth.arrivals.MAX_CONFIRMATIONS (the use case refuses more)


def arrival_text(row: EthArrivalRow) -> str:
    """'#1 waiting: 0/1.5 ETH at 0x…, 3 blocks deep' in the user's language (the Ethereum tab's
    list and the Advice page's line after "Prepare transfer")."""
    status = {
        "waiting": QCoreApplication.translate("EthArrivals", "waiting"),
        "received": QCoreApplication.translate("EthArrivals", "received"),
        "confirmed": QCoreApplication.translate("EthArrivals", "confirmed"),
    }.get(row.status, row.status)
    if row.status == "confirmed":
        template = QCoreApplication.translate(
            "EthArrivals", "#{id} {status}: {received}/{expected} {symbol} at {address}"
        )
    else:
        template = QCoreApplication.translate(
            "EthArrivals", "#{id} {status}: {received}/{expected} {symbol} at {address}, {deep} blocks deep"
        )
    return template.format(
        id=row.id,
        status=status,
        received=row.received,
        expected=row.expected,
        symbol=row.symbol,
        address=row.address,
        deep=row.confirmations,
    )


class ExpectForm(QWidget):
    expected = Signal(object)  # EthExpected
    refused = Signal(str)

    def __init__(self, wallet: EthWallet | None, runner: OperationRunner, parent: QWidget) -> None:
        super().__init__(parent)
        self._wallet = wallet
        self._runner = runner
        self._confirmations_set = False  # the person's choice is kept across refreshes
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.address_picker = QComboBox(self)
        self.address_picker.setAccessibleName(self.tr("Deposit expected at"))
        self.amount_edit = QLineEdit(self)
        self.amount_edit.setPlaceholderText(self.tr("expected amount, e.g. 1.5"))
        self.asset_picker = QComboBox(self)
        self.asset_picker.setAccessibleName(self.tr("Asset expected"))
        self.asset_picker.setEditable(True)  # a watched token's symbol or contract may be typed too
        self.asset_picker.addItem("ETH")
        self.confirmations_spin = QSpinBox(self)
        self.confirmations_spin.setRange(1, MAX_CONFIRMATIONS)
        self.confirmations_spin.setValue(12)
        self.confirmations_spin.setSuffix(self.tr(" blocks"))
        self.confirmations_spin.setAccessibleName(self.tr("Blocks deep before it is confirmed"))
        self.confirmations_spin.valueChanged.connect(self._chosen)
        self.expect_button = QPushButton(self.tr("Expect deposit"), self)
        self.expect_button.clicked.connect(self.expect)
        row.addWidget(QLabel(self.tr("Expect a deposit:"), self))
        row.addWidget(self.amount_edit)
        row.addWidget(self.asset_picker)
        row.addWidget(self.address_picker, 1)  # the room left goes to the 42-character address
        row.addWidget(self.confirmations_spin)
        row.addWidget(self.expect_button)
        column.addLayout(row)
        self.message_label = QLabel("", self)
        self.message_label.setWordWrap(True)
        column.addWidget(self.message_label)

    def _chosen(self) -> None:
        self._confirmations_set = True

    def set_view(self, view: EthPanelView) -> None:
        """The verified addresses and watched tokens to choose from, kept as chosen where possible."""
        address, asset = self.address_picker.currentText(), self.asset_picker.currentText()
        self.address_picker.clear()
        self.address_picker.addItems([account.address for account in view.accounts])
        self.address_picker.setCurrentText(address)
        self.asset_picker.clear()
        self.asset_picker.addItems(["ETH", *view.tokens])
        self.asset_picker.setCurrentText(asset)
        if not self._confirmations_set:
            self.confirmations_spin.blockSignals(True)
            self.confirmations_spin.setValue(view.default_confirmations)
            self.confirmations_spin.blockSignals(False)

    def expect(self) -> None:
        wallet, address = self._wallet, self.address_picker.currentText()
        if wallet is None or not address:
            self._refuse(self.tr("Verify the Ethereum address on the device and refresh first."))
            return
        amount, asset = self.amount_edit.text().strip(), self.asset_picker.currentText().strip()
        if not amount:
            self._refuse(self.tr("Type the amount you expect, e.g. 1.5."))
            return
        confirmations = self.confirmations_spin.value()
        self.expect_button.setEnabled(False)
        self.message_label.setText(self.tr("Recording the expected deposit…"))
        self._runner.start(
            lambda: wallet.expect_arrival(address, amount, asset, confirmations), self._done, self._refuse
        )

    def _done(self, expected: EthExpected) -> None:
        self.expect_button.setEnabled(True)
        self.amount_edit.clear()
        self.message_label.setText(self.tr("Expecting {0}").format(arrival_text(expected.arrival)))
        self.expected.emit(expected)

    def _refuse(self, message: str) -> None:
        self.expect_button.setEnabled(True)
        self.message_label.setText(message)
        self.refused.emit(message)
