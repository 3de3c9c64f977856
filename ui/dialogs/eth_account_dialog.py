"""Create an Ethereum cold account: its name, account number N (m/44h/60h/Nh) and address layout,
as `coldsplit eth account create --account N --layout …` takes them.

When OK is pressed the service checks the fields (EthWallet.check_new_account, on a worker:
the name must be free in the store); what is wrong is said in one line inside the dialog,
which stays open. The dialog only hands the checked choice back (`chosen`): the page queues
the device work.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from app.services.eth_ports import EthWallet, NewEthAccountRow
from ui.operations import OperationRunner


class EthAccountDialog(QDialog):
    chosen = Signal(object)  # NewEthAccountRow
    refused = Signal(str)  # the one line shown

    def __init__(
        self, wallet: EthWallet, runner: OperationRunner, default_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ethAccountDialog")
        self.setWindowTitle(self.tr("Create Ethereum account"))
        self._wallet, self._runner = wallet, runner
        form = QFormLayout(self)
        self.name_edit = QLineEdit(default_name, self)
        self.number_edit = QLineEdit("0", self)
        self.number_edit.setToolTip(
            self.tr("N in m/44h/60h/Nh: 0 is the first account; each number is a separate account")
        )
        self.layout_box = QComboBox(self)
        self.layout_box.addItem(self.tr("BIP-44: m/44h/60h/Nh/0/i (Trezor, OneKey, MetaMask)"), "bip44")
        self.layout_box.addItem(self.tr("Ledger Live: m/44h/60h/Nh/0/0, one address"), "ledger-live")
        form.addRow(self.tr("Name:"), self.name_edit)
        form.addRow(self.tr("Account number:"), self.number_edit)
        form.addRow(self.tr("Address layout:"), self.layout_box)
        self.error_label = QLabel("", self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b91c1c;")
        self.error_label.setVisible(False)
        form.addRow(self.error_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._check)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)

    def _check(self) -> None:
        wallet = self._wallet
        name, number = self.name_edit.text(), self.number_edit.text()
        layout = str(self.layout_box.currentData())
        self.buttons.setEnabled(False)  # one check at a time

        def check() -> NewEthAccountRow:
            return wallet.check_new_account(name, number, layout)

        self._runner.start(check, self._checked, self._refuse)

    def _checked(self, account: NewEthAccountRow) -> None:
        self.buttons.setEnabled(True)
        if not self.isVisible():  # closed while the check ran: the person changed their mind
            return
        self.error_label.setVisible(False)
        self.accept()
        self.chosen.emit(account)

    def _refuse(self, message: str) -> None:
        self.buttons.setEnabled(True)
        self.error_label.setText(message)
        self.error_label.setVisible(True)
        self.refused.emit(message)
