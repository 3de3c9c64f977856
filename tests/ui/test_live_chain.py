"""Live mode against a loopback Esplora server on a regtest chain: sync the cold account's
coins, send, sign on the (software) device, finalize and broadcast. Demo mode refuses to
broadcast: nothing is sent anywhere."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.cli.context import CommandContext
from app.cli.gui_cmd import build_services
from app.services.chain import ChainBackendError
from app.services.demo_device import DEMO_MNEMONIC
from app.services.device_ports import DeviceActions, DevicePrompts, ScreenHandler
from app.services.device_service import GuiDeviceService
from app.services.ports import GuiServices
from app.services.psbt_service import PsbtService
from app.settings import Settings, backend_from_url
from tests.ui.helpers import open_window
from tests.wallet.psbt_factory import external_address
from tests.wallet.watch.esplora_server import EsploraServer
from tests.wallet.watch.regtest_chain import RegtestChain
from wallet.addresses import script_pubkey_of
from wallet.emulator.emulator import Emulator
from wallet.types import Network

NET = Network.REGTEST


class RegtestDevice:
    """The software device, auto-confirming, on regtest (stands in for a plugged-in device)."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path

    def __call__(self, prompts: DevicePrompts, screen: ScreenHandler | None) -> DeviceActions:
        emulator = Emulator("trezor-t", port=0, mnemonic=DEMO_MNEMONIC, confirm="auto").start()
        return GuiDeviceService(self.db_path, Network.REGTEST, prompts, emulator.path, on_close=emulator.stop)


@pytest.fixture
def chain() -> Iterator[tuple[RegtestChain, EsploraServer]]:
    regtest = RegtestChain()
    server = EsploraServer(regtest).start()
    yield regtest, server
    server.stop()


def _live_services(tmp_path: Path, backend: str) -> GuiServices:
    config, data = tmp_path / "config", tmp_path / "data"
    config.mkdir()
    data.mkdir()
    settings = Settings(network=Network.REGTEST, language="en", gui_mode="live").with_backend(
        Network.REGTEST, backend_from_url(backend)
    )
    services = build_services(CommandContext(data, config, settings, Network.REGTEST, False), demo=False)
    return GuiServices(**{**vars(services), "device_factory": RegtestDevice(data / "coldsplit.sqlite3")})


def test_sync_send_sign_broadcast(
    qtbot: QtBot, tmp_path: Path, chain: tuple[RegtestChain, EsploraServer]
) -> None:
    regtest, server = chain
    window = open_window(qtbot, _live_services(tmp_path, server.url))
    assert window.windowTitle() == "ColdSplit" and window.software_device is None
    cold = window.cold_page
    assert (
        cold.banner is None
        and cold.coins.sync_button.isVisibleTo(cold)
        and not cold.coins.demo_button.isVisibleTo(cold)
    )
    with qtbot.waitSignal(cold.address_verified, timeout=20_000) as verified:
        cold.create_account()
        qtbot.waitUntil(lambda: bool(cold.accounts), timeout=15_000)
        cold.verify_address()
    address = verified.args[0].address
    assert address.startswith("bcrt1q")
    regtest.fund(script_pubkey_of(address, NET), 150_000)
    qtbot.waitUntil(lambda: cold.coins.view is not None, timeout=15_000)  # the account's first (empty) view

    synced = []
    cold.coins.wallet_shown.connect(synced.append)
    cold.coins.sync()
    qtbot.waitUntil(lambda: bool(synced), timeout=20_000)
    view = synced[-1]
    assert [(c.address, c.amount_sat, c.confirmed) for c in view.coins] == [(address, 150_000, True)]

    psbt = window.psbt_page
    cold.coins.send_to.setText(external_address(NET))
    cold.coins.send_amount.setText("0.0005")
    with qtbot.waitSignal(psbt.loaded, timeout=20_000):
        cold.coins.prepare_send()
    with qtbot.waitSignal(psbt.signed, timeout=30_000):
        psbt.sign()
    with qtbot.waitSignal(psbt.finalized, timeout=20_000) as final:
        psbt.finalize()
    assert psbt.broadcast_button.isEnabled()
    with qtbot.waitSignal(psbt.broadcast_done, timeout=20_000) as sent:
        psbt.broadcast()
    assert sent.args[0] == final.args[0].document.txid
    assert sent.args[0] in [tx.txid_hex for tx in regtest.mempool]
    assert not [b.text() for b in window.findChildren(QMessageBox) if b.isVisible()]


def test_demo_mode_never_broadcasts(tmp_path: Path) -> None:
    service = PsbtService(
        tmp_path / "db.sqlite3", Network.TESTNET, backend=backend_from_url("http://127.0.0.1:1"), demo=True
    )
    with pytest.raises(ChainBackendError, match="demo mode"):
        service.broadcast("00")


def test_live_mode_without_a_backend_says_where_to_set_one(tmp_path: Path) -> None:
    service = PsbtService(tmp_path / "db.sqlite3", Network.REGTEST, backend=None, demo=False)
    with pytest.raises(ChainBackendError, match="Settings"):
        service.broadcast("00")
