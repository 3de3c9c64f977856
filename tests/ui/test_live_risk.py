"""Live mode (not --demo): the Risk page evaluates the person's own accounts, never the demo's,
and says plainly when there are none yet (issue 14, point 5)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.cli.context import CommandContext
from app.cli.gui_cmd import build_services
from app.exchanges.client import ClientOptions
from app.resources import demo_portfolio_path
from app.secrets import SecretStore
from app.services.ports import GuiServices, NewAccount
from app.services.trading import TradingService
from app.settings import Network, Settings
from tests.app.exchanges.fake_binance import API_KEY, SECRET, binance_venue
from tests.app.exchanges.loopback import serve
from tests.ui.helpers import open_window

NAME = "gui-live-risk-test"


def _live(tmp_path: Path) -> GuiServices:
    config, data = tmp_path / "config", tmp_path / "data"
    config.mkdir()
    data.mkdir()
    ctx = CommandContext(data, config, Settings(language="en", theme="light"), Network.TESTNET, False)
    services = build_services(ctx, demo=False)
    services.data_dir.mkdir(parents=True, exist_ok=True)
    return services


def test_with_no_accounts_the_risk_page_says_so_and_shows_no_demo(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_window(qtbot, _live(tmp_path))
    page = window.risk_page
    bar = window.trading_page.accounts_bar
    # the stored accounts were read at start (none), and nothing else is running
    qtbot.waitUntil(lambda: bar.stored_asked and not window.runner.busy, timeout=30_000)
    assert page.portfolio_path is None and page.curve is None and page.session is None
    assert page.survival_label.text() == page.no_accounts_text()
    page.preset_picker.setCurrentIndex((page.preset_picker.currentIndex() + 1) % page.preset_picker.count())
    assert page.curve is None and page.survival_label.text() == page.no_accounts_text()


def test_the_risk_page_evaluates_the_stored_accounts_at_start(qtbot: QtBot, tmp_path: Path) -> None:
    """An account read from its venue in an earlier run (the Binance loopback server of
    tests/app/exchanges, real ccxt) is what the Risk page evaluates at the next start."""
    with serve(binance_venue()) as venue:
        services = _live(tmp_path)
        trading = TradingService(
            services.data_dir / "coldsplit.sqlite3", options=ClientOptions(venue.base_url, 10_000)
        )
        try:
            trading.add_account(NewAccount("binance", NAME, API_KEY, SECRET))
            stored = trading.refresh()
        finally:
            SecretStore().delete(SecretStore.ref_for("binance", NAME))
    assert stored is not None
    window = open_window(qtbot, dataclasses.replace(services, trading=trading))
    page = window.risk_page
    qtbot.waitUntil(lambda: page.session is not None, timeout=30_000)
    assert page.portfolio_path == stored != demo_portfolio_path()
    assert page.session is not None and page.session.source == stored
    holdings = window.trading_page.holdings
    # the margin account and its spot wallet, as `holdings --portfolio stored` lists them
    assert holdings is not None and {a.account for a in holdings.accounts} == {NAME, f"{NAME} spot"}
