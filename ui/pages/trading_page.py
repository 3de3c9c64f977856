"""Trading: the exchange accounts, their positions and balances, from a holdings file or the sample.

Stored exchange accounts are added, refreshed, edited and removed through the trading
service (read-only API keys in the OS keyring; see ui.pages.trading_accounts); in demo
mode the sample holdings stand in (no network), and a holdings file (the engine's
portfolio JSON with spot and cold lists) can be opened. When a sync changes the cold
balances the shown holdings are read again (the window calls `reload_holdings`), so the
split every page shows counts them.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
)

from app.services.ports import AdviceSource, HoldingsView, TradingAccounts
from app.usecases.number_text import leverage_text, percent_text, price_text, usd_text
from ui.app_messages import render
from ui.dialogs.import_dialog import ImportCsvDialog
from ui.domain_words import portfolio_name
from ui.operations import OperationRunner
from ui.pages.trading_accounts import AccountsBar
from ui.widgets import Page, fill_table, show_error

# The file the trading service writes the stored accounts to (app.services.trading.PORTFOLIO_FILE).
PORTFOLIO_FILE_NAME = "exchange_portfolio.json"


def _usd(value: float) -> str:
    return f"${value:,.0f}"


def _stored_view(trading: TradingAccounts, advice: AdviceSource) -> HoldingsView | None:
    """The stored accounts' holdings file written again and read (a worker's job); None: none left."""
    path = trading.portfolio()
    return None if path is None else advice.holdings(path)


class TradingPage(Page):
    holdings_loaded = Signal(object)  # HoldingsView
    failed = Signal(str)

    def __init__(
        self,
        demo: bool,
        advice: AdviceSource | None,
        runner: OperationRunner,
        trading: TradingAccounts | None = None,
    ) -> None:
        super().__init__(self.tr("Trading"), demo)
        self._advice = advice
        self._trading = trading
        self._runner = runner
        self.holdings: HoldingsView | None = None
        self.body.addLayout(self._build_buttons(demo))
        self.accounts_bar = AccountsBar(trading, runner, self)
        self.body.addWidget(self.accounts_bar)
        self.accounts_bar.portfolio_changed.connect(self._portfolio_changed)
        self.accounts_bar.failed.connect(self._fail)
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.accounts_bar.status.connect(self.status_label.setText)
        self.body.addWidget(self.status_label)
        self.key_warning_label = QLabel(self)
        self.key_warning_label.setObjectName("keyWarning")
        self.key_warning_label.setWordWrap(True)
        self.accounts_bar.key_warning.connect(self.key_warning_label.setText)
        self.body.addWidget(self.key_warning_label)
        self._build_tables()

    def _build_buttons(self, demo: bool) -> QHBoxLayout:
        row = QHBoxLayout()
        self.sample_button = QPushButton(self.tr("Load the sample trading accounts"), self)
        self.sample_button.clicked.connect(self.load_sample)
        self.open_button = QPushButton(self.tr("Open holdings file…"), self)
        self.open_button.clicked.connect(self.open_file)
        self.import_button = QPushButton(self.tr("Import exchange CSV…"), self)
        self.import_button.clicked.connect(self.choose_csv)
        self.import_button.setEnabled(self._trading is not None)
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.clicked.connect(self.refresh)
        for button in (self.sample_button, self.open_button, self.import_button, self.refresh_button):
            row.addWidget(button)
        row.addStretch(1)
        self.refresh_button.setEnabled(self._trading is not None)
        self.sample_button.setVisible(demo)
        return row

    def _build_tables(self) -> None:
        self.summary_label = QLabel(self.tr("No trading accounts loaded."), self)
        self.summary_label.setWordWrap(True)
        self.body.addWidget(self.summary_label)
        # Assets without a price: named, one sentence each, and counted in no total (app.holdings).
        self.unpriced_label = QLabel("", self)
        self.unpriced_label.setWordWrap(True)
        self.unpriced_label.setVisible(False)
        self.body.addWidget(self.unpriced_label)
        self.body.addWidget(QLabel(self.tr("Accounts and balances"), self))
        self.accounts_table = self._table(self._account_headers())
        self.body.addWidget(self.accounts_table, 1)
        self.body.addWidget(QLabel(self.tr("Positions"), self))
        self.positions_table = self._table(self._position_headers())
        self.body.addWidget(self.positions_table, 2)

    def _table(self, headers: list[tuple[str, str]]) -> QTableWidget:
        """A read-only table whose columns fit their header; wider than the page, it scrolls."""
        table = QTableWidget(0, len(headers), self)
        for column, (title, tip) in enumerate(headers):
            item = QTableWidgetItem(title)
            item.setToolTip(tip)
            table.setHorizontalHeaderItem(column, item)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setHorizontalScrollMode(QTableWidget.ScrollMode.ScrollPerPixel)
        table.horizontalHeader().setStretchLastSection(True)
        table.resizeColumnsToContents()
        return table

    def _account_headers(self) -> list[tuple[str, str]]:
        return [
            (self.tr("Where"), ""),
            (self.tr("Account"), ""),
            (self.tr("Value"), self.tr("Market value: coins at the mark, positions' PnL, isolated margins")),
            (self.tr("Equity"), self.tr("Collateral at the venue's haircuts, plus PnL and isolated margins")),
            (self.tr("Maint. margin"), self.tr("Maintenance margin of every position, by the venue's rule")),
            (
                self.tr("Margin ratio"),
                self.tr("Cross maintenance margin / cross equity; the venue liquidates at 100%"),
            ),
        ]

    def _position_headers(self) -> list[tuple[str, str]]:
        return [
            (self.tr("Account"), ""),
            (self.tr("Asset"), ""),
            (self.tr("Side"), ""),
            (self.tr("Mode"), self.tr("Cross: shares the account's margin; isolated: its own margin")),
            (self.tr("Size"), self.tr("Coins")),
            (self.tr("Notional"), self.tr("Size × mark, USD")),
            (self.tr("Leverage"), self.tr("Notional / margin")),
            (self.tr("Entry"), ""),
            (self.tr("Mark"), ""),
            (self.tr("Liq. price"), self.tr("Liquidation price by the venue's own rule, other prices held")),
            (
                self.tr("To liq."),
                self.tr("How far the mark may move against the position before liquidation"),
            ),
            (self.tr("Unrealised PnL"), ""),
            (
                self.tr("Margin"),
                self.tr("Isolated: its own margin; cross: the account's equity split by notional"),
            ),
            (self.tr("Maint. margin"), self.tr("Maintenance margin by the venue's rule")),
        ]

    def _load(self, path: Path) -> None:
        advice = self._advice
        if advice is None:
            show_error(self, self.tr("Holdings are not available."))
            return
        self._runner.start(lambda: advice.holdings(path), self._show, self._fail)

    def reload_holdings(self) -> None:
        """Read the shown holdings again (their cold balances changed: the split moves). The
        stored accounts' file is written again first, from the store (on the worker)."""
        if self.holdings is None:
            return
        trading, advice = self._trading, self._advice
        if trading is None or advice is None or self.holdings.source.name != PORTFOLIO_FILE_NAME:
            self._load(self.holdings.source)
            return
        self._runner.start(lambda: _stored_view(trading, advice), self._show_stored, self._fail)

    def _show_stored(self, holdings: HoldingsView | None) -> None:
        if holdings is None:
            self._clear()
        else:
            self._show(holdings)

    def load_sample(self) -> None:
        if self._advice is not None:
            self._load(self._advice.sample_holdings_path())

    def open_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Open holdings"), "", self.tr("JSON (*.json)"))
        if name:
            self._load(Path(name))

    def choose_csv(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import holdings CSV"), "", self.tr("CSV (*.csv)")
        )
        if not name:
            return
        dialog = ImportCsvDialog(Path(name), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.import_csv(Path(name), *dialog.choice())

    def import_csv(self, path: Path, name: str, venue: str) -> None:
        """Store the CSV as a venue account, then show every stored account."""
        trading, advice = self._trading, self._advice
        if trading is None or advice is None:
            show_error(self, self.tr("Holdings are not available."))
            return
        self._runner.start(
            lambda: advice.holdings(trading.import_csv(path, name, venue)), self._show, self._fail
        )

    def refresh(self) -> None:
        """Read the stored API accounts from their venues again (refused in demo: no network)."""
        if self._trading is not None:
            self.status_label.setText(self.tr("Reading the exchange accounts…"))
            self.accounts_bar.refresh()
        elif self.holdings is not None:
            self._load(self.holdings.source)

    def _portfolio_changed(self, portfolio: Path | None) -> None:
        self.status_label.setText("")
        if portfolio is not None:
            self._load(portfolio)
        elif self.holdings is not None and self.holdings.source.name == PORTFOLIO_FILE_NAME:
            self._clear()

    def _clear(self) -> None:
        self.holdings = None
        self.summary_label.setText(self.tr("No trading accounts loaded."))
        self.unpriced_label.setVisible(False)
        fill_table(self.accounts_table, [])
        fill_table(self.positions_table, [])

    def _fail(self, message: str) -> None:
        """One line, shown on the page and in an error box; the tables keep what they showed."""
        self.status_label.setText(message)
        self.failed.emit(message)
        show_error(self, message)

    def _show(self, holdings: HoldingsView) -> None:
        self.holdings = holdings
        self.status_label.setText("")
        self.refresh_button.setEnabled(True)
        self.summary_label.setText(
            self.tr("{0}: {1} on exchanges, {2} in cold storage ({3} of the total {4} on exchanges)").format(
                portfolio_name(holdings.name),
                _usd(holdings.trading_usd),
                _usd(holdings.cold_usd),
                f"{holdings.exchange_share:.0%}",
                _usd(holdings.total_usd),
            )
        )
        self.unpriced_label.setText("\n".join(render(note) for note in holdings.notes))
        self.unpriced_label.setVisible(bool(holdings.notes))
        fill_table(self.accounts_table, self._account_rows(holdings))
        fill_table(self.positions_table, self._position_rows(holdings))
        self.holdings_loaded.emit(holdings)

    def _account_rows(self, holdings: HoldingsView) -> list[list[str]]:
        places = {"trading": self.tr("exchange"), "cold": self.tr("cold storage")}
        margin = {m.account: m for m in holdings.margin_accounts}
        rows = []
        for line in holdings.accounts:
            row = [places.get(line.place, line.place), line.account, usd_text(line.usd)]
            found = margin.get(line.account) if line.place == "trading" else None
            if found is None:
                row += ["", "", ""]
            else:
                row += [usd_text(found.equity), usd_text(found.maintenance), percent_text(found.margin_ratio)]
            rows.append(row)
        return rows

    def _position_rows(self, holdings: HoldingsView) -> list[list[str]]:
        sides = {"long": self.tr("long"), "short": self.tr("short")}
        modes = {"cross": self.tr("cross"), "isolated": self.tr("isolated")}
        return [
            [
                p.account,
                p.asset,
                sides[p.side],
                modes.get(p.mode, p.mode),
                f"{p.size:g}",
                usd_text(p.notional),
                leverage_text(p.leverage),
                price_text(p.entry),
                price_text(p.mark),
                price_text(p.liquidation_price),
                percent_text(p.distance),
                usd_text(p.unrealised_pnl, signed=True),
                usd_text(p.margin),
                usd_text(p.maintenance),
            ]
            for account in holdings.margin_accounts
            for p in account.positions
        ]
