"""Pages refresh themselves from the core's events (issue 17, point 5).

Each test makes a change through a use case — clicked on another page, or called on a
worker with the window's bus as another front-end of the same core would — and watches a
page that shows the changed thing refresh, with nothing on that page touched:

- a cold account created on the Cold storage page makes the PSBT page review the PSBT it
  shows again: the account's input turns from "not ours" to "ours";
- an exchange account added, or holdings imported, lists the Trading page's accounts again.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.secrets import SecretStore
from app.services.ports import GuiServices, PsbtDocument
from app.usecases.imports import NewExchangeAccount, add_exchange_account, import_account_csv
from tests.ui.helpers import open_window
from tests.wallet.psbt_factory import ACCOUNTS, NET, Spend, build_psbt, external_address
from wallet.types import ScriptType

click = Qt.MouseButton.LeftButton
WALLET_ADDRESS = "0x" + "ab" * 20


def _on_a_worker(work: Callable[[], object]) -> None:
    """Run a use case off the GUI thread, as the window's operations do, and wait for it."""
    failures: list[BaseException] = []

    def run() -> None:
        try:
            work()
        except BaseException as exc:  # reported to the test below
            failures.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(30)
    assert not thread.is_alive() and not failures, failures


def _ownership(document: PsbtDocument) -> list[str]:
    return [line.ownership for line in document.lines if line.side == "input"]


def test_a_cold_account_created_elsewhere_makes_the_psbt_page_review_again(
    qtbot: QtBot, gui_services: GuiServices
) -> None:
    window = open_window(qtbot, gui_services)
    page = window.psbt_page
    account = ACCOUNTS[ScriptType.WPKH]  # the demo device's p2wpkh account 0 on testnet
    psbt = build_psbt([Spend(account, 0, 100_000)], [(external_address(NET), 50_000)], (account, 3, 40_000))
    with qtbot.waitSignal(page.loaded, timeout=30_000) as loaded:
        page.load_text(psbt.to_base64())
    assert _ownership(loaded.args[0])[0].startswith("unknown")  # no cold account yet
    cold = window.cold_page
    window.show_page("cold")
    with qtbot.waitSignal(cold.device_connected, timeout=30_000):
        qtbot.mouseClick(cold.connect_button, click)
    with qtbot.waitSignal(page.reviewed_again, timeout=30_000) as renewed:
        qtbot.mouseClick(cold.create_button, click)
    assert _ownership(renewed.args[0]) == ["ours"]
    assert page.document is renewed.args[0]
    assert page.table.item(0, 3).text() == "ours"  # type: ignore[union-attr]


def _listed(window_names: Callable[[], list[str]], name: str) -> Callable[[], bool]:
    return lambda: name in window_names()


def test_an_exchange_account_added_or_imported_is_listed_on_the_trading_page(
    qtbot: QtBot, gui_services: GuiServices, tmp_path: Path
) -> None:
    window = open_window(qtbot, gui_services)
    window.show_page("trading")
    bar = window.trading_page.accounts_bar
    box = bar.account_box
    qtbot.waitUntil(lambda: bar._listed, timeout=5000)
    names = lambda: [box.itemText(i) for i in range(box.count())]  # noqa: E731
    db_path = gui_services.data_dir / "coldsplit.sqlite3"
    bus = gui_services.events
    new = NewExchangeAccount("Hyper", "hyperliquid", wallet_address=WALLET_ADDRESS)
    _on_a_worker(lambda: add_exchange_account(db_path, SecretStore(), new, bus))
    qtbot.waitUntil(_listed(names, "Hyper"), timeout=10_000)
    csv = tmp_path / "okx.csv"
    csv.write_text("kind,asset,amount,wallet\nbalance,USDT,1000,margin\n")
    _on_a_worker(lambda: import_account_csv(db_path, csv, "Imported", "okx", events=bus))
    qtbot.waitUntil(_listed(names, "Imported"), timeout=10_000)
    assert sorted(names()) == ["Hyper", "Imported"]
