"""Trading page: add a read-only API account, refresh it, survive a refused key, edit and remove.

The venue is the Binance loopback server of tests/app/exchanges (real ccxt pointed at it
through the service's client options); the key goes to the real keyring (the Secret
Service under scripts/with-test-services.sh, else session memory).
"""

from __future__ import annotations

import dataclasses
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtWidgets import QFormLayout, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from app.cli.context import CommandContext
from app.cli.gui_cmd import build_services
from app.exchanges.client import ClientOptions
from app.secrets import KEYRING_SERVICE, NO_BACKEND_MESSAGE, SecretStore
from app.services.ports import GuiServices, NewAccount
from app.services.trading import TradingService
from app.settings import Settings
from tests.app.exchanges.fake_binance import API_KEY, SECRET, binance_venue
from tests.app.exchanges.loopback import LoopbackVenue, serve
from tests.ui.helpers import open_window
from ui.dialogs.account_dialog import AddAccountDialog
from ui.main_window import MainWindow
from wallet.types import Network

NAME = "gui-binance-test"
RENAMED = "gui-binance-renamed"


@pytest.fixture
def venue() -> Iterator[LoopbackVenue]:
    with serve(binance_venue()) as served:
        yield served
    for name in (NAME, RENAMED):  # a failed test leaves no key behind
        SecretStore().delete(SecretStore.ref_for("binance", name))


def _live_services(tmp_path: Path, base_url: str) -> GuiServices:
    config, data = tmp_path / "config", tmp_path / "data"
    config.mkdir()
    data.mkdir()
    ctx = CommandContext(data, config, Settings(language="en", theme="light"), Network.TESTNET, False)
    services = build_services(ctx, demo=False)
    trading = TradingService(services.data_dir / "coldsplit.sqlite3", options=ClientOptions(base_url, 10_000))
    return dataclasses.replace(services, trading=trading)


def _close_boxes(window: MainWindow) -> None:
    for box in window.findChildren(QMessageBox):
        box.close()


def _add_through_dialog(qtbot: QtBot, window: MainWindow, services: GuiServices) -> None:
    assert services.trading is not None
    dialog = AddAccountDialog(services.trading.venues(), services.trading.keyring_note(), window)
    qtbot.addWidget(dialog)
    dialog.venue_box.setCurrentIndex(dialog.venue_box.findData("binance"))
    dialog.name_edit.setText(NAME)
    assert dialog.key_edit.echoMode() is QLineEdit.EchoMode.Password
    assert dialog.secret_edit.echoMode() is QLineEdit.EchoMode.Password
    dialog.key_edit.setText(API_KEY)
    dialog.secret_edit.setText(SECRET)
    request = dialog.request()
    assert SECRET not in repr(request)
    page = window.trading_page
    with qtbot.waitSignal(page.holdings_loaded, timeout=60_000):
        page.accounts_bar.add_account(request)


def _edit_by_hand(qtbot: QtBot, window: MainWindow) -> None:
    """A hand-entered balance joins the portfolio (priced by the refreshed account); a bad one is refused."""
    page = window.trading_page
    with qtbot.waitSignal(page.holdings_loaded, timeout=30_000) as loaded:
        page.accounts_bar.set_entry(
            "by hand", {"kind": "balance", "asset": "USDT", "amount": "2500"}, "binance"
        )
    assert ("by hand", 2500.0) in [(a.account, a.usd) for a in loaded.args[0].accounts]
    with qtbot.waitSignal(page.failed, timeout=30_000) as failed:
        page.accounts_bar.set_entry("by hand", {"kind": "balance", "asset": "USDT", "amount": "lots"})
    assert failed.args[0].startswith("Could not save the entry: ") and "\n" not in failed.args[0]
    _close_boxes(window)
    with qtbot.waitSignal(page.holdings_loaded, timeout=30_000) as loaded:
        page.accounts_bar.remove("by hand")
    assert "by hand" not in [a.account for a in loaded.args[0].accounts]


def _reopen_shows_stored(qtbot: QtBot, services: GuiServices) -> None:
    """A new window shows the stored holdings when the Trading page is first shown, without the network."""
    window = open_window(qtbot, services)
    page = window.trading_page
    assert page.holdings is None
    with qtbot.waitSignal(page.holdings_loaded, timeout=30_000):
        window.nav.setCurrentRow(1)
    assert page.positions_table.rowCount() == 2
    window.close()


def _rename_moves_the_key(qtbot: QtBot, window: MainWindow) -> None:
    page = window.trading_page
    with qtbot.waitSignal(page.holdings_loaded, timeout=30_000) as loaded:
        page.accounts_bar.rename(NAME, RENAMED)
    assert {p.account for p in loaded.args[0].positions} == {RENAMED}
    qtbot.waitUntil(lambda: [a.name for a in page.accounts_bar.stored] == [RENAMED], timeout=30_000)
    assert SecretStore().read(SecretStore.ref_for("binance", NAME)) is None
    assert SecretStore().read(SecretStore.ref_for("binance", RENAMED)) is not None


def test_add_refresh_refused_key_edit_and_remove(qtbot: QtBot, tmp_path: Path, venue: LoopbackVenue) -> None:
    services = _live_services(tmp_path, venue.base_url)
    window = open_window(qtbot, services)
    page = window.trading_page
    with qtbot.waitSignal(page.accounts_bar.key_warning, timeout=60_000) as warned:
        _add_through_dialog(qtbot, window, services)
    assert warned.args[0] == ""  # the fixture's key is read-only
    qtbot.waitUntil(lambda: page.positions_table.rowCount() == 2, timeout=30_000)
    assets = [page.positions_table.item(r, 1) for r in range(2)]
    assert {item.text() for item in assets if item is not None} == {"BTC", "ETH"}
    qtbot.waitUntil(lambda: [a.name for a in page.accounts_bar.stored] == [NAME], timeout=30_000)
    for path in services.data_dir.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path
    assert SecretStore().read(SecretStore.ref_for("binance", NAME)) is not None

    venue.fail_with("/fapi/v3/account", 401, '{"code":-2014,"msg":"API-key format invalid."}')
    before = page.holdings
    with qtbot.waitSignal(page.failed, timeout=60_000) as failed:
        page.refresh()
    message = failed.args[0]
    assert message.startswith("Could not refresh: ") and "\n" not in message
    assert "Binance refused the API key" in message and SECRET not in message
    assert page.holdings is before and page.positions_table.rowCount() == 2
    assert page.status_label.text() == message
    _close_boxes(window)
    _edit_by_hand(qtbot, window)
    _reopen_shows_stored(qtbot, services)
    _rename_moves_the_key(qtbot, window)

    page.accounts_bar.remove(RENAMED)
    qtbot.waitUntil(lambda: page.accounts_bar.account_box.count() == 0, timeout=30_000)
    assert page.accounts_bar.stored == []
    assert page.holdings is None and page.positions_table.rowCount() == 0
    assert SecretStore().read(SecretStore.ref_for("binance", RENAMED)) is None
    if os.environ.get("COLDSPLIT_TEST_SERVICES"):
        assert keyring.get_keyring().get_password(KEYRING_SERVICE, f"binance/{RENAMED}") is None


def test_demo_refuses_add_and_refresh(qtbot: QtBot, gui_services: GuiServices) -> None:
    window = open_window(qtbot, gui_services)
    page = window.trading_page
    with qtbot.waitSignal(page.failed, timeout=30_000) as failed:
        page.refresh()
    assert "demo mode has no network" in failed.args[0]
    with qtbot.waitSignal(page.failed, timeout=30_000) as failed:
        page.accounts_bar.add_account(NewAccount("binance", "x", api_key=API_KEY, secret=SECRET))
    assert failed.args[0].startswith("Could not add the account: demo mode has no network")
    assert SecretStore().read(SecretStore.ref_for("binance", "x")) is None
    _close_boxes(window)


def test_the_dialog_asks_each_venue_for_what_it_needs(qtbot: QtBot, tmp_path: Path) -> None:
    """Hyperliquid: a wallet address and no key; OKX: key, secret and passphrase; no keyring: a note."""
    service = TradingService(tmp_path / "coldsplit.sqlite3")
    dialog = AddAccountDialog(service.venues(), "no OS keyring")
    qtbot.addWidget(dialog)
    form = dialog.layout()
    assert isinstance(form, QFormLayout)
    assert (
        not dialog.keyring_label.isHidden() and "memory for this session only" in dialog.keyring_label.text()
    )
    dialog.venue_box.setCurrentIndex(dialog.venue_box.findData("hyperliquid"))
    assert form.isRowVisible(dialog.wallet_edit) and not form.isRowVisible(dialog.key_edit)
    dialog.key_edit.setText("typed before switching")
    dialog.wallet_edit.setText("0x" + "ab" * 20)
    request = dialog.request()
    assert (request.venue, request.api_key, request.wallet_address) == ("hyperliquid", "", "0x" + "ab" * 20)
    dialog.venue_box.setCurrentIndex(dialog.venue_box.findData("okx"))
    shown = [form.isRowVisible(e) for e in (dialog.key_edit, dialog.secret_edit, dialog.passphrase_edit)]
    assert shown == [True, True, True] and not form.isRowVisible(dialog.wallet_edit)
    assert dialog.passphrase_edit.echoMode() is QLineEdit.EchoMode.Password
    quiet = AddAccountDialog(service.venues(), None)
    qtbot.addWidget(quiet)
    assert quiet.keyring_label.isHidden()


def test_a_key_that_can_trade_is_named_after_the_refresh(qtbot: QtBot, tmp_path: Path) -> None:
    with serve(binance_venue(trading_key=True)) as trading_venue:
        services = _live_services(tmp_path, trading_venue.base_url)
        window = open_window(qtbot, services)
        page = window.trading_page
        request = NewAccount("binance", NAME, api_key=API_KEY, secret=SECRET)
        try:
            with qtbot.waitSignal(page.accounts_bar.key_warning, timeout=60_000):
                page.accounts_bar.add_account(request)
        finally:
            SecretStore().delete(SecretStore.ref_for("binance", NAME))
    text = page.key_warning_label.text()
    assert text.startswith("Warning: the Binance key of account") and "read-only key" in text
    qtbot.waitUntil(lambda: page.positions_table.rowCount() == 2, timeout=30_000)


class _ThreadRecordingTrading(TradingService):
    """The real service, noting which thread each network call ran on."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.threads: list[threading.Thread] = []

    def refresh(self, name: str | None = None) -> Path | None:
        self.threads.append(threading.current_thread())
        return super().refresh(name)

    def key_warnings(self, name: str | None = None) -> list[str]:
        self.threads.append(threading.current_thread())
        return super().key_warnings(name)


def test_the_network_never_runs_on_the_gui_thread(qtbot: QtBot, tmp_path: Path, venue: LoopbackVenue) -> None:
    services = _live_services(tmp_path, venue.base_url)
    assert isinstance(services.trading, TradingService)
    trading = _ThreadRecordingTrading(
        services.data_dir / "coldsplit.sqlite3", options=ClientOptions(venue.base_url, 10_000)
    )
    window = open_window(qtbot, dataclasses.replace(services, trading=trading))
    page = window.trading_page
    failures: list[str] = []
    page.accounts_bar.failed.connect(failures.append)  # a failure says why, not a bare timeout
    warned = qtbot.waitSignal(page.accounts_bar.key_warning, timeout=60_000, raising=False)
    with warned:
        page.accounts_bar.add_account(NewAccount("binance", NAME, api_key=API_KEY, secret=SECRET))
    assert warned.signal_triggered, f"no key check after the add; failures: {failures}"
    assert len(trading.threads) == 2
    assert all(t is not threading.main_thread() for t in trading.threads)
    with qtbot.waitSignal(page.accounts_bar.accounts_listed, timeout=30_000):
        page.accounts_bar.remove(NAME)


def test_no_keyring_backend_is_said_plainly(tmp_path: Path) -> None:
    no_keyring = SecretStore(fail.Keyring())  # type: ignore[no-untyped-call]
    service = TradingService(tmp_path / "coldsplit.sqlite3", secrets=no_keyring)
    assert service.keyring_note() == NO_BACKEND_MESSAGE
