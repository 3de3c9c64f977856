"""The Trading page's stored exchange accounts: add, refresh, edit and remove them.

Every call into the trading service runs on a worker (refresh waits for the venues;
even listing opens the store and imports the exchange layer), and the results come
back to the GUI thread. A change delivers the new portfolio file (or None when no
account holds anything) through `portfolio_changed`; a failure is one line, with a
translated lead, through `failed`. The list follows the core's events: an account added
(`AccountAdded`) or holdings refreshed (`HoldingsRefreshed`) lists the accounts again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QWidget,
)

from app.events import AccountAdded
from app.services.ports import NewAccount, StoredAccount, TradingAccounts, VenueChoice
from ui.dialogs.account_dialog import AddAccountDialog, EditEntryDialog
from ui.events import QtEvents
from ui.operations import OperationRunner


class AccountsBar(QWidget):
    portfolio_changed = Signal(object)  # Path | None
    accounts_listed = Signal(list)  # list[StoredAccount]
    failed = Signal(str)
    status = Signal(str)
    key_warning = Signal(str)  # empty when every key is read-only

    def __init__(self, trading: TradingAccounts | None, runner: OperationRunner, parent: QWidget) -> None:
        super().__init__(parent)
        self._trading = trading
        self._runner = runner
        self.stored: list[StoredAccount] = []
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(self.tr("Stored accounts:"), self))
        self.account_box = QComboBox(self)
        self.account_box.setMinimumContentsLength(16)
        row.addWidget(self.account_box)
        self.add_button = QPushButton(self.tr("Add account…"), self)
        self.add_button.clicked.connect(self.choose_add)
        self.edit_button = QPushButton(self.tr("Edit…"), self)
        self.edit_button.clicked.connect(self.choose_edit)
        self.rename_button = QPushButton(self.tr("Rename…"), self)
        self.rename_button.clicked.connect(self.choose_rename)
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.clicked.connect(self.choose_remove)
        for button in (self.add_button, self.edit_button, self.rename_button, self.remove_button):
            row.addWidget(button)
            button.setEnabled(trading is not None)
        row.addStretch(1)
        self.setEnabled(trading is not None)
        self._listed = False

    def showEvent(self, event: QShowEvent) -> None:
        # Read when the page is first shown or once the window is up (MainWindow._first_work), never
        # while the window is built: the exchange layer is slow to import.
        super().showEvent(event)
        self.load_stored_once()

    @property
    def stored_asked(self) -> bool:
        """True once the stored accounts were asked for (the answer may still be on its way)."""
        return self._listed

    def load_stored_once(self) -> None:
        """The stored accounts, read once: when the page is first shown or the window needs them."""
        if not self._listed:
            self._listed = True
            self.load_stored()

    def _run_change(self, work: Callable[[], Path | None], lead: str) -> None:
        """Run a service call that returns the new portfolio, then list the accounts again."""

        def fail(message: str) -> None:
            self.failed.emit(self.tr("{0}: {1}").format(lead, message))

        def done(portfolio: Path | None) -> None:
            self.portfolio_changed.emit(portfolio)
            self.list_accounts()

        self._runner.start(work, done, fail)

    def follow(self, events: QtEvents) -> None:
        """List the stored accounts again whenever the core adds one or refreshes holdings,
        whoever asked for it."""
        events.account_added.connect(self._account_added)
        events.holdings_refreshed.connect(lambda _event: self.list_accounts())

    def _account_added(self, event: AccountAdded) -> None:
        if event.place == "trading":
            self.list_accounts()

    def list_accounts(self) -> None:
        trading = self._trading
        if trading is not None:
            self._runner.start(trading.accounts, self._show_accounts, self.failed.emit)

    def _show_accounts(self, accounts: list[StoredAccount]) -> None:
        self.stored = accounts
        current = self.account_box.currentText()
        self.account_box.clear()
        self.account_box.addItems([a.name for a in accounts])
        if current:
            self.account_box.setCurrentText(current)
        self.accounts_listed.emit(accounts)

    def selected(self) -> str | None:
        return self.account_box.currentText() or None

    def choose_add(self) -> None:
        trading = self._trading
        if trading is None:
            return
        self._runner.start(
            lambda: (trading.venues(), trading.keyring_note()), self._open_add_dialog, self.failed.emit
        )

    def _open_add_dialog(self, found: tuple[list[VenueChoice], str | None]) -> None:
        dialog = AddAccountDialog(*found, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.add_account(dialog.request())

    def add_account(self, request: NewAccount) -> None:
        """Store the account (key to the keyring) on a worker, then read it from the venue."""
        trading = self._trading
        if trading is None:
            return

        def added(account: StoredAccount) -> None:  # the list follows the core's AccountAdded
            self.status.emit(self.tr("Added {0}; reading it from the exchange…").format(account.name))
            self.refresh(account.name)

        lead = self.tr("Could not add the account")
        self._runner.start(
            lambda: trading.add_account(request),
            added,
            lambda message: self.failed.emit(self.tr("{0}: {1}").format(lead, message)),
        )

    def refresh(self, name: str | None = None) -> None:
        """Read the API accounts again (network, so on a worker); a failure keeps the shown data.

        After a good read, the keys are checked: one that can trade or withdraw is named.
        """
        trading = self._trading
        if trading is None:
            return

        def fail(message: str) -> None:
            self.failed.emit(self.tr("{0}: {1}").format(self.tr("Could not refresh"), message))

        def done(portfolio: Path | None) -> None:
            self.portfolio_changed.emit(portfolio)
            self.list_accounts()
            self._runner.start(lambda: trading.key_warnings(name), self._show_key_warnings, fail)

        self._runner.start(lambda: trading.refresh(name), done, fail)

    def _show_key_warnings(self, warnings: list[str]) -> None:
        lead = self.tr("Warning")
        self.key_warning.emit("\n".join(self.tr("{0}: {1}").format(lead, w) for w in warnings))

    def choose_edit(self) -> None:
        name = self.selected()
        if name is None:
            self.failed.emit(self.tr("Choose an account first."))
            return
        dialog = EditEntryDialog(name, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.set_entry(name, dialog.fields())

    def set_entry(self, name: str, fields: dict[str, str], venue: str | None = None) -> None:
        """Add or change one entry; `venue` creates a new hand-entered account of that venue."""
        trading = self._trading
        if trading is not None:
            self._run_change(
                lambda: trading.set_entry(name, fields, venue), self.tr("Could not save the entry")
            )

    def choose_rename(self) -> None:
        name = self.selected()
        if name is None:
            self.failed.emit(self.tr("Choose an account first."))
            return
        new_name, accepted = QInputDialog.getText(
            self, self.tr("Rename account"), self.tr("New name for {0}:").format(name), text=name
        )
        if accepted and new_name.strip():
            self.rename(name, new_name.strip())

    def rename(self, name: str, new_name: str) -> None:
        trading = self._trading
        if trading is not None:
            self.account_box.setCurrentText(new_name)
            self._run_change(lambda: trading.rename(name, new_name), self.tr("Could not rename the account"))

    def load_stored(self) -> None:
        """Show what the stored accounts held at their last refresh (no network)."""
        trading = self._trading
        if trading is not None:
            self._run_change(trading.portfolio, self.tr("Could not load the stored accounts"))

    def choose_remove(self) -> None:
        name = self.selected()
        if name is None:
            self.failed.emit(self.tr("Choose an account first."))
            return
        answer = QMessageBox.question(
            self,
            self.tr("Remove account"),
            self.tr("Remove {0}, its holdings and its API key from the keyring?").format(name),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.remove(name)

    def remove(self, name: str) -> None:
        trading = self._trading
        if trading is not None:
            self._run_change(lambda: trading.remove(name), self.tr("Could not remove the account"))
