"""Cold storage: the device panel, the cold accounts, and receive addresses verified on the device.

Only addresses the device has shown and the person confirmed become withdrawal targets.
All device work is queued on the device's own thread (`OperationRunner.on_device`); the
use cases behind it publish `AccountAdded` / `AddressVerified`, which other pages follow.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabBar,
    QTableWidget,
    QVBoxLayout,
)

from app.services.device_ports import (
    AddressRow,
    ColdAccountRow,
    DeviceActions,
    DeviceChoice,
    DeviceQueue,
    DeviceSummary,
)
from app.services.eth_ports import EthColdAccountRow, EthWallet, NewEthAccountRow
from app.services.ports import ColdWallet
from ui.dialogs.eth_account_dialog import EthAccountDialog
from ui.operations import OperationRunner
from ui.pages.cold_coins import CoinsBox
from ui.pages.cold_eth import EthBox
from ui.qr import show_qr
from ui.widgets import Page, fill_table, minute_text, show_error

# What connecting reads: the device, its cold accounts, the verified addresses, its Ethereum accounts.
_Connected = tuple[DeviceSummary, list[ColdAccountRow], list[AddressRow], list[EthColdAccountRow]]


class ColdStoragePage(Page):
    device_connected = Signal(object)  # DeviceSummary
    account_created = Signal(object)  # ColdAccountRow
    address_verified = Signal(object)  # AddressRow
    eth_address_verified = Signal(object)  # AddressRow of the Ethereum address m/44h/60h/0h/0/0
    eth_account_created = Signal(object)  # EthColdAccountRow
    eth_account_dialog_opened = Signal(object)  # the EthAccountDialog
    failed = Signal(str)

    def __init__(
        self,
        demo: bool,
        device: DeviceQueue | None,
        runner: OperationRunner,
        wallet: ColdWallet | None = None,
        eth_wallet: EthWallet | None = None,
    ) -> None:
        super().__init__(self.tr("Cold storage"), demo)
        self._device = device
        self._runner = runner
        self._eth_wallet = eth_wallet
        self.summary: DeviceSummary | None = None
        self.choices: list[DeviceChoice] = []
        self.accounts: list[ColdAccountRow] = []
        self.targets: list[AddressRow] = []
        self._build_device_box()
        self._build_accounts_box()
        self._build_receive_box()
        self.coins = CoinsBox(wallet, demo, runner, self)
        self.eth = EthBox(eth_wallet, device, demo, runner, self)
        # The cold account's two sides, one at a time, so the page fits a small screen: a tab
        # bar switches which box is shown (the hidden one takes no room).
        self.asset_bar = QTabBar(self)
        self.asset_bar.addTab(self.tr("Bitcoin"))
        self.asset_bar.addTab(self.tr("Ethereum"))
        self.asset_bar.currentChanged.connect(self._show_asset)
        self.body.addWidget(self.asset_bar)
        self.body.addWidget(self.coins)
        self.body.addWidget(self.eth)
        self.eth.setVisible(False)
        self.body.addStretch(1)

    def _build_device_box(self) -> None:
        box = QGroupBox(self.tr("Device"), self)
        row = QHBoxLayout(box)
        self.connect_button = QPushButton(self.tr("Connect device"), box)
        self.connect_button.clicked.connect(self.connect_device)
        # Shown only when several devices are connected; the person picks one, then connects.
        self.device_picker = QComboBox(box)
        self.device_picker.setAccessibleName(self.tr("Device to use"))
        self.device_picker.setVisible(False)
        self.device_label = QLabel(self.tr("Not connected."), box)
        self.device_label.setWordWrap(True)
        self.rescan_button = QPushButton(self.tr("Look for devices again"), box)
        self.rescan_button.clicked.connect(self.look_again)
        self.rescan_button.setVisible(False)
        row.addWidget(self.device_picker)
        row.addWidget(self.rescan_button)
        row.addWidget(self.connect_button)
        row.addWidget(self.device_label, 1)
        self.body.addWidget(box)

    def _build_accounts_box(self) -> None:
        box = QGroupBox(self.tr("Cold accounts"), self)
        column = QVBoxLayout(box)
        row = QHBoxLayout()
        self.name_edit = QLineEdit(self.tr("Cold storage"), box)  # the default name, in the user's language
        self.name_edit.setAccessibleName(self.tr("New account name"))
        self.create_button = QPushButton(self.tr("Create cold account from the device"), box)
        self.create_button.clicked.connect(self.create_account)
        row.addWidget(QLabel(self.tr("Name:"), box))
        row.addWidget(self.name_edit, 1)
        row.addWidget(self.create_button)
        column.addLayout(row)
        self.accounts_table = QTableWidget(0, 4, box)
        self.accounts_table.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Type"), self.tr("Fingerprint"), self.tr("Next address")]
        )
        self.accounts_table.horizontalHeader().setStretchLastSection(True)
        self.accounts_table.setMaximumHeight(100)  # about three accounts, then it scrolls
        column.addWidget(self.accounts_table)
        self.body.addWidget(box)

    def _build_receive_box(self) -> None:
        box = QGroupBox(self.tr("Receive (verified on the device)"), self)
        row = QHBoxLayout(box)
        column = QVBoxLayout()
        self.verify_button = QPushButton(self.tr("Verify next address on device"), box)
        self.verify_button.clicked.connect(self.verify_address)
        self.eth_create_button = QPushButton(self.tr("Create Ethereum account"), box)
        self.eth_create_button.clicked.connect(self.create_eth_account)
        self.eth_button = QPushButton(self.tr("Verify Ethereum address on device"), box)
        self.eth_button.clicked.connect(self.verify_eth_address)
        # The connected wallet's stored Ethereum accounts: Verify shows the picked one's next address.
        self.eth_picker = QComboBox(box)
        self.eth_picker.setAccessibleName(self.tr("Ethereum account"))
        self.eth_picker.setVisible(False)
        bitcoin, ethereum = QHBoxLayout(), QHBoxLayout()  # a row each: both fit 1280 px in Japanese
        bitcoin.addWidget(self.verify_button)
        bitcoin.addStretch(1)
        for widget in (self.eth_create_button, self.eth_picker, self.eth_button):
            ethereum.addWidget(widget)
        ethereum.addStretch(1)
        column.addLayout(bitcoin)
        column.addLayout(ethereum)
        self.eth_label = QLabel("", box)
        self.eth_label.setWordWrap(True)
        self.eth_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.eth_label.setVisible(False)
        column.addWidget(self.eth_label)
        self.targets_table = QTableWidget(0, 3, box)
        self.targets_table.setHorizontalHeaderLabels(
            [self.tr("Address"), self.tr("Path"), self.tr("Verified")]
        )
        self.targets_table.horizontalHeader().setStretchLastSection(True)
        self.targets_table.setMaximumHeight(130)  # about four addresses, then it scrolls
        self.targets_table.itemSelectionChanged.connect(self._show_selected_qr)
        column.addWidget(self.targets_table)
        self.copy_button = QPushButton(self.tr("Copy address"), box)
        self.copy_button.clicked.connect(self._copy_selected)
        column.addWidget(self.copy_button)
        row.addLayout(column, 1)
        self.qr_label = QLabel(box)
        self.qr_label.setMinimumSize(200, 200)
        row.addWidget(self.qr_label)
        self.body.addWidget(box)

    # ---- actions ----

    def _need_device(self) -> DeviceQueue | None:
        if self._device is None:
            show_error(self, self.tr("No device service is available."))
        return self._device

    def _fail(self, message: str) -> None:
        self._set_busy(False)
        self.failed.emit(message)
        show_error(self, message)

    def _set_busy(self, busy: bool) -> None:
        buttons = (
            self.connect_button,
            self.rescan_button,
            self.create_button,
            self.verify_button,
            self.eth_create_button,
            self.eth_button,
        )
        for button in buttons:
            button.setEnabled(not busy)

    def connect_device(self) -> None:
        """Connect to the device picked in the picker, or list the devices first: with
        several connected the picker appears and the person chooses before connecting."""
        device = self._need_device()
        if device is None:
            return
        chosen = self.chosen_device()
        self._set_busy(True)
        if chosen is not None:
            self._connect_to(device, chosen.path)
            return
        self.device_label.setText(self.tr("Looking for devices…"))
        self._runner.on_device(
            device, lambda d: d.device_choices(), lambda found: self._listed(device, found), self._fail
        )

    def chosen_device(self) -> DeviceChoice | None:
        """The device picked in the picker (None while there is no picker)."""
        index = self.device_picker.currentIndex()
        if not self.device_picker.isVisibleTo(self):
            return None
        return self.choices[index] if 0 <= index < len(self.choices) else None

    def _listed(self, device: DeviceQueue, found: list[DeviceChoice]) -> None:
        if len(found) <= 1:  # nothing to choose: the one found, or the service's own device or error
            self._connect_to(device, found[0].path if found else None)
            return
        self._set_busy(False)
        self.choices = found
        remembered = self.summary.path if self.summary is not None else ""
        self.device_picker.clear()
        for choice in found:
            self.device_picker.addItem(self._choice_text(choice))
        paths = [c.path for c in found]
        self.device_picker.setCurrentIndex(paths.index(remembered) if remembered in paths else 0)
        self.device_picker.setVisible(True)
        self.rescan_button.setVisible(True)
        self.device_label.setText(
            self.tr("Several devices are connected: choose one, then press Connect device.")
        )

    def look_again(self) -> None:
        """List the devices afresh (one was plugged in or out); connects if only one is left."""
        self.device_picker.setVisible(False)
        self.rescan_button.setVisible(False)
        self.connect_device()

    def _choice_text(self, choice: DeviceChoice) -> str:
        # Models are named with their vendor ("OneKey Pro"); HWI's may not be ("nano s").
        model = choice.model if choice.model.startswith(choice.vendor) else f"{choice.vendor} {choice.model}"
        if choice.label:
            return self.tr("{0} “{1}” — {2}").format(model, choice.label, choice.path)
        return self.tr("{0} — {1}").format(model, choice.path)

    def _connect_to(self, device: DeviceQueue, path: str | None) -> None:
        self.device_label.setText(self.tr("Connecting…"))

        def work(opened: DeviceActions) -> _Connected:
            if path is not None:
                opened.choose_device(path)
            summary = opened.connect()
            return summary, opened.cold_accounts(), opened.withdrawal_targets(), opened.eth_accounts()

        self._runner.on_device(device, work, self._connected, self._fail)

    def _connected(self, result: _Connected) -> None:
        self._set_busy(False)
        self.summary, accounts, targets, eth_accounts = result
        self._show_eth_accounts(eth_accounts, "")
        s = self.summary
        # trezorlib's model names carry the vendor already ("Trezor T", "OneKey Classic").
        name = s.model if s.model.startswith(s.vendor) else f"{s.vendor} {s.model}"
        self.device_label.setText(self.tr("{0} “{1}”, firmware {2}").format(name, s.label, s.firmware))
        self._show_accounts(accounts)
        self._show_targets(targets)
        self.device_connected.emit(s)

    def create_account(self) -> None:
        device = self._need_device()
        if device is None:
            return
        name = self.name_edit.text()
        self._set_busy(True)
        self._runner.on_device(
            device, lambda d: (d.create_cold_account(name), d.cold_accounts()), self._created, self._fail
        )

    def _created(self, result: tuple[ColdAccountRow, list[ColdAccountRow]]) -> None:
        self._set_busy(False)
        created, accounts = result
        self._show_accounts(accounts)
        self.account_created.emit(created)

    def verify_address(self) -> None:
        device = self._need_device()
        if device is None:
            return
        if not self.accounts:
            show_error(self, self.tr("Create a cold account first."))
            return
        name = self.accounts[0].name
        self._set_busy(True)
        self._runner.on_device(
            device,
            lambda d: (d.verify_next_address(name), d.cold_accounts(), d.withdrawal_targets()),
            self._verified,
            self._fail,
        )

    def _verified(self, result: tuple[AddressRow, list[ColdAccountRow], list[AddressRow]]) -> None:
        self._set_busy(False)
        verified, accounts, targets = result
        self._show_accounts(accounts)
        self._show_targets(targets, verified.address)
        self.address_verified.emit(verified)

    def _show_asset(self, index: int) -> None:
        self.coins.setVisible(index == 0)
        self.eth.setVisible(index == 1)
        # Once laid out, scroll the page so the chosen side is in view (it sits below the fold
        # on a short window), as a person switching tabs expects.
        shown = self.coins if index == 0 else self.eth
        QTimer.singleShot(0, self, lambda: self.show_in_view(shown))  # dropped with the page

    def _eth_account_name(self) -> str:
        """The Ethereum account to verify: the one picked, else the device's default name (its
        addresses m/44h/60h/0h/0/I, as `eth-address verify` without an account)."""
        picked = self.eth_picker.currentData()
        if isinstance(picked, str):
            return picked
        return f"{self.summary.model} ETH" if self.summary is not None else "Ethereum"

    def _show_eth_accounts(self, accounts: list[EthColdAccountRow], select: str) -> None:
        """List the wallet's Ethereum accounts in the picker; keep the one picked, or pick `select`."""
        keep = select or self.eth_picker.currentData()
        self.eth_picker.clear()
        for account in accounts:
            self.eth_picker.addItem(f"{account.name} ({account.key_path})", account.name)
        self.eth_picker.setCurrentIndex(max(0, self.eth_picker.findData(keep)))
        self.eth_picker.setVisible(bool(accounts))

    def create_eth_account(self) -> None:
        """Ask for the account's name, number and layout (a non-modal dialog), then create it."""
        if self._need_device() is None:
            return
        if self._eth_wallet is None:
            show_error(self, self.tr("Ethereum is not available in this window."))
            return
        default = f"{self.summary.model} ETH" if self.summary is not None else "Ethereum"
        dialog = EthAccountDialog(self._eth_wallet, self._runner, default, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.chosen.connect(self._create_chosen_eth_account)
        dialog.open()
        self.eth_account_dialog_opened.emit(dialog)

    def _create_chosen_eth_account(self, chosen: NewEthAccountRow) -> None:
        """The device's Ethereum account (its public key read, its first address derived twice),
        as `coldsplit eth account create` does; its addresses are then verified on the device."""
        device = self._need_device()
        if device is None:
            return
        self._set_busy(True)
        self._runner.on_device(
            device,
            lambda d: (d.create_eth_account(chosen.name, chosen.number, chosen.layout), d.eth_accounts()),
            self._eth_created,
            self._fail,
        )

    def _eth_created(self, result: tuple[EthColdAccountRow, list[EthColdAccountRow]]) -> None:
        self._set_busy(False)
        created, accounts = result
        self._show_eth_accounts(accounts, created.name)
        self.eth_label.setText(
            self.tr(
                "Ethereum account “{0}” created: first address {1} ({2}). Verify it on the device next."
            ).format(created.name, created.first_address, created.first_path)
        )
        self.eth_label.setVisible(True)
        self.eth_account_created.emit(created)

    def verify_eth_address(self) -> None:
        """Show the Ethereum address on the device (the Ethereum account's next one, else
        m/44h/60h/0h/0/0); record it once confirmed (on a model that cannot refuse on its
        screen, also on the host), for ETH and stablecoins."""
        device = self._need_device()
        if device is None:
            return
        name = self._eth_account_name()
        self._set_busy(True)

        def work(opened: DeviceActions) -> tuple[AddressRow, list[AddressRow]]:
            return opened.verify_eth_address(name), opened.withdrawal_targets()

        self._runner.on_device(device, work, self._eth_verified, self._fail)

    def _eth_verified(self, result: tuple[AddressRow, list[AddressRow]]) -> None:
        self._set_busy(False)
        verified, targets = result
        self._show_targets(targets, verified.address)  # with its QR, as a Bitcoin address's
        self.eth_label.setText(
            self.tr("Ethereum address verified on the device: {0} ({1})").format(
                verified.address, verified.path
            )
        )
        self.eth_label.setVisible(True)
        self.eth_address_verified.emit(verified)
        self.asset_bar.setCurrentIndex(1)
        self.eth.refresh(quiet=True)

    # ---- display ----

    def _show_accounts(self, accounts: list[ColdAccountRow]) -> None:
        self.accounts = accounts
        self.coins.set_account(accounts[0].name if accounts else None)
        fill_table(
            self.accounts_table, [[a.name, a.kind, a.fingerprint, str(a.next_index)] for a in accounts]
        )

    def _show_targets(self, targets: list[AddressRow], select: str = "") -> None:
        """The verified addresses (Bitcoin's, then Ethereum's); `select`: the one just verified."""
        self.targets = targets
        fill_table(self.targets_table, [[t.address, t.path, minute_text(t.verified_at)] for t in targets])
        chosen = [i for i, t in enumerate(targets) if t.address == select]
        if chosen:
            self.targets_table.selectRow(chosen[-1])

    def selected_target(self) -> AddressRow | None:
        rows = self.targets_table.selectionModel().selectedRows()
        return self.targets[rows[0].row()] if rows else None

    def _show_selected_qr(self) -> None:
        target = self.selected_target()
        if target is None:
            self.qr_label.clear()
            return
        scheme = "ethereum" if target.address.startswith("0x") else "bitcoin"  # EIP-681, BIP-21
        uri = f"{scheme}:{target.address}"
        show_qr(self.qr_label, uri, 5, self.tr("Too long for a QR code: copy the address instead."))

    def _copy_selected(self) -> None:
        target = self.selected_target()
        if target is not None:
            QApplication.clipboard().setText(target.address)
