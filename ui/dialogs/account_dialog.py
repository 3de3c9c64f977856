"""Add an exchange account (read-only API key or wallet address), and edit one entry by hand.

The key fields are password fields: the values go from here to the service, which keeps
them only in the OS keyring; nothing here stores or logs them.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from app.services.ports import NewAccount, VenueChoice


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class AddAccountDialog(QDialog):
    def __init__(
        self, venues: list[VenueChoice], keyring_note: str | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("addAccountDialog")
        self.setWindowTitle(self.tr("Add exchange account"))
        self._venues = venues
        form = QFormLayout(self)
        advice = QLabel(
            self.tr(
                "Create a READ-ONLY API key (no trading, no withdrawals): ColdSplit only reads balances, "
                "positions and margin tiers, and a read-only key cannot move funds if this computer is "
                "compromised. The key is kept only in the OS keyring."
            ),
            self,
        )
        advice.setWordWrap(True)
        form.addRow(advice)
        self.keyring_label = QLabel(self)
        self.keyring_label.setWordWrap(True)
        if keyring_note is not None:
            self.keyring_label.setText(
                self.tr(
                    "No OS keyring was found, so the key is kept in memory for this session only and "
                    "is forgotten when ColdSplit exits."
                )
            )
        self.keyring_label.setVisible(keyring_note is not None)
        form.addRow(self.keyring_label)
        self.venue_box = QComboBox(self)
        for venue in venues:
            self.venue_box.addItem(venue.display_name, venue.name)
        self.name_edit = QLineEdit(self)
        self.key_edit, self.secret_edit, self.passphrase_edit = (self._password() for _ in range(3))
        self.wallet_edit = QLineEdit(self)
        self.wallet_edit.setPlaceholderText("0x…")
        form.addRow(self.tr("Venue:"), self.venue_box)
        form.addRow(self.tr("Account name:"), self.name_edit)
        form.addRow(self.tr("API key:"), self.key_edit)
        form.addRow(self.tr("API secret:"), self.secret_edit)
        form.addRow(self.tr("API passphrase:"), self.passphrase_edit)
        form.addRow(self.tr("Wallet address:"), self.wallet_edit)
        self._form = form
        form.addRow(_buttons(self))
        self.venue_box.currentIndexChanged.connect(self._show_fields)
        self._show_fields()

    def _password(self) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        return edit

    def _show_fields(self) -> None:
        """Only the fields the chosen venue needs: a wallet address for Hyperliquid, key parts otherwise."""
        venue = self._venues[self.venue_box.currentIndex()] if self._venues else None
        wallet = venue is not None and venue.needs_wallet_address
        shown = {
            self.key_edit: not wallet,
            self.secret_edit: not wallet and venue is not None and venue.needs_secret,
            self.passphrase_edit: not wallet and venue is not None and venue.needs_passphrase,
            self.wallet_edit: wallet,
        }
        for edit, visible in shown.items():
            self._form.setRowVisible(edit, visible)

    def request(self) -> NewAccount:
        venue = str(self.venue_box.currentData() or "")
        return NewAccount(
            venue=venue,
            name=self.name_edit.text().strip() or venue,
            api_key=self.key_edit.text() if self._form.isRowVisible(self.key_edit) else "",
            secret=self.secret_edit.text() if self._form.isRowVisible(self.secret_edit) else "",
            passphrase=self.passphrase_edit.text() if self._form.isRowVisible(self.passphrase_edit) else "",
            wallet_address=self.wallet_edit.text() if self._form.isRowVisible(self.wallet_edit) else "",
        )


# The holdings CSV columns (app.exchanges.csv_io.COLUMNS) other than "kind", which has its own box.
ENTRY_COLUMNS = (
    "wallet", "asset", "amount", "symbol", "side", "size", "entry_price", "mark_price",
    "leverage", "margin_mode", "isolated_margin", "liquidation_price",
)  # fmt: skip


class EditEntryDialog(QDialog):
    """One balance, loan or position of a hand-entered or CSV account, as `accounts set` takes it."""

    def __init__(self, account: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editEntryDialog")
        self.setWindowTitle(self.tr("Edit account {0}").format(account))
        form = QFormLayout(self)
        hint = QLabel(
            self.tr(
                "Add or change one balance, loan or position; an entry with the same asset and wallet "
                "(or symbol and side) is replaced. Leave unused fields empty."
            ),
            self,
        )
        hint.setWordWrap(True)
        form.addRow(hint)
        self.kind_box = QComboBox(self)
        for kind, label in (
            ("balance", self.tr("balance")),
            ("loan", self.tr("loan")),
            ("position", self.tr("position")),
        ):
            self.kind_box.addItem(label, kind)
        form.addRow(self.tr("Kind:"), self.kind_box)
        self.edits: dict[str, QLineEdit] = {}
        self.choices: dict[str, QComboBox] = {}
        labels = self._column_labels()
        for column in ENTRY_COLUMNS:
            if column in self._column_choices():
                self.choices[column] = self._choice_box(column)
                form.addRow(labels[column], self.choices[column])
                continue
            edit = QLineEdit(self)
            edit.setObjectName(f"entry_{column}")
            edit.setAccessibleName(column)
            self.edits[column] = edit
            form.addRow(labels.get(column, f"{column}:"), edit)
        form.addRow(_buttons(self))

    def _column_labels(self) -> dict[str, str]:
        """The CSV columns in words (the CSV keeps its column names)."""
        return {
            "wallet": self.tr("Wallet:"),
            "asset": self.tr("Asset:"),
            "amount": self.tr("Amount:"),
            "symbol": self.tr("Symbol:"),
            "side": self.tr("Side:"),
            "size": self.tr("Size:"),
            "entry_price": self.tr("Entry price:"),
            "mark_price": self.tr("Mark price:"),
            "leverage": self.tr("Leverage:"),
            "margin_mode": self.tr("Margin mode:"),
            "isolated_margin": self.tr("Isolated margin:"),
            "liquidation_price": self.tr("Liquidation price:"),
        }

    def _column_choices(self) -> dict[str, tuple[tuple[str, str], ...]]:
        """Columns with a fixed set of values: chosen in words, stored as the CSV spells them."""
        return {
            "side": (("long", self.tr("long")), ("short", self.tr("short"))),
            "margin_mode": (("cross", self.tr("cross")), ("isolated", self.tr("isolated"))),
        }

    def _choice_box(self, column: str) -> QComboBox:
        box = QComboBox(self)
        box.setObjectName(f"entry_{column}")
        box.setAccessibleName(column)
        box.addItem("", "")  # left empty: the column is not set
        for value, words in self._column_choices()[column]:
            box.addItem(words, value)
        return box

    def fields(self) -> dict[str, str]:
        chosen = {c: e.text().strip() for c, e in self.edits.items() if e.text().strip()}
        chosen.update({c: str(b.currentData()) for c, b in self.choices.items() if b.currentData()})
        return {"kind": str(self.kind_box.currentData()), **chosen}
