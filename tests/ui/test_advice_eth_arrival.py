"""Live mode (no demo chain): "Prepare transfer" of ETH expects the deposit through the Ethereum
endpoint in the settings file — a real local node (anvil) here — and says in one line why it is
not tracked when no endpoint is set. The Advice page gets a fixed advice (the advisor is tested
in tests/app/advisor); the Ethereum service, its use cases and the store are the real ones."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.advisor.ethereum import ConfirmedEthAddress, record_eth_address
from app.eth.networks import EthEndpointSetting, EthNetwork
from app.messages import Message, MessageKey
from app.services.advice_view import AdviceService
from app.services.eth_wallet import EthWalletService
from app.services.ports import AdviceView, HoldingsView, PreparedTransferView, ShockChoice, TransferLine
from app.settings import Settings, save_settings
from app.store import open_store
from app.usecases.eth import eth_arrivals
from ui.operations import OperationRunner
from ui.pages.advice_page import AdvicePage
from wallet.eth_chain.anvil import LocalEthChain
from wallet.types import Network

# m/44h/60h/0h/0/0 of the software device's "all all … all" seed (trezor-firmware
# common/tests/fixtures/ethereum/getaddress.json), as tests/eth/conftest.py records it.
COLD = "0x73d0385F4d8E00C5e6504C6030F47BF6212736A8"


class _Source:
    """One ETH transfer to the verified address; "prepare" is the real service's."""

    def __init__(self, db_path: Path) -> None:
        self._real = AdviceService(db_path, Network.TESTNET)
        why = Message(MessageKey.TRANSFER_STABLE_EXCESS, (), "why")
        line = TransferLine("ETH", 1.25, 3875.0, "Binance Spot", "binance", COLD, why)
        self.view = AdviceView(Message(MessageKey.STRESS_CUSTOM, (), "a stress"), 0.5, 0.4, 0.05, 0.1, 0.2, 0.0,
                               (line,), (), (), ())  # fmt: skip

    def sample_holdings_path(self) -> Path:
        return Path("/nonexistent")

    def holdings(self, path: Path) -> HoldingsView:
        raise AssertionError("not used")

    def advise(
        self, path: Path, shock: ShockChoice, report: Callable[[str], None] | None = None
    ) -> AdviceView:
        return self.view

    def retarget(self, shown: AdviceView) -> AdviceView:
        return shown

    def prepare(self, transfer: TransferLine) -> PreparedTransferView:
        return self._real.prepare(transfer)


@pytest.fixture
def store(data_dir: Path) -> Path:
    db = data_dir / "coldsplit.sqlite3"
    with open_store(db) as opened:
        record_eth_address(
            opened, "Cold ETH", ConfirmedEthAddress(COLD, "m/44h/60h/0h/0/0", bytes.fromhex("5c9e228d"))
        )
    return db


@pytest.fixture
def chain() -> Iterator[LocalEthChain]:
    with LocalEthChain() as node:
        yield node


def _prepare(qtbot: QtBot, db: Path, settings_path: Path) -> AdvicePage:
    service = EthWalletService(db, settings_path, demo=False)
    page = AdvicePage(False, _Source(db), OperationRunner(), service)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    page.set_holdings(Path("/nonexistent/holdings.json"))
    with qtbot.waitSignal(page.advice_ready, timeout=5000):
        qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.prepare_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "tracked" in page.arrival_label.text(), timeout=30_000)
    return page


def test_live_prepare_expects_the_deposit_through_the_endpoint(
    qtbot: QtBot, store: Path, chain: LocalEthChain, tmp_path: Path
) -> None:
    settings = Settings(eth_endpoint=EthEndpointSetting(EthNetwork.LOCAL, chain.url, 5))
    save_settings(tmp_path / "settings.json", settings)
    page = _prepare(qtbot, store, tmp_path / "settings.json")
    assert page.arrival_label.text() == (
        "Its arrival is tracked on the Cold storage page (Ethereum): "
        f"#1 waiting: 0/1.25 ETH at {COLD}, 12 blocks deep"
    )
    [arrival] = eth_arrivals(store, settings)
    assert (arrival.expected, arrival.confirmations_required) == (125 * 10**16, 12)


def test_without_an_endpoint_the_transfer_is_prepared_but_not_tracked(
    qtbot: QtBot, store: Path, tmp_path: Path
) -> None:
    save_settings(tmp_path / "settings.json", Settings())
    page = _prepare(qtbot, store, tmp_path / "settings.json")
    assert f"to the device-verified address {COLD}" in page.prepared_label.text()
    assert page.arrival_label.text().startswith(
        "Its arrival is not tracked: no Ethereum endpoint is set; set one in Settings"
    )
