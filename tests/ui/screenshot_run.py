"""Take a screenshot of every page from a real window (run as a script under an X display).

    python -m tests.ui.screenshot_run LANG OUT_DIR

Opens the demo window in LANG ("en" or "ja") on temp dirs, walks the demo so the pages
have content (device connected, cold account, verified address, sample accounts,
advice, a signed PSBT), then grabs each page's pixels from the X server into
OUT_DIR/<page>.png. Exits non-zero if any step fails or an error dialog is open.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from app.cli.context import CommandContext
from app.cli.gui_cmd import build_services
from app.services.eth_ports import NewEthAccountRow
from app.services.ports import GuiServices
from app.settings import Settings
from ui.app import application, build_window
from ui.main_window import MainWindow
from wallet.types import Network

PAY_TO = "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx"


def wait_for(done: Callable[[], bool], timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while not done():
        if time.monotonic() > deadline:
            raise SystemExit(f"screenshots: timed out waiting for {what}")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.01)


def settle(seconds: float = 0.4) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.01)


def services(root: Path, language: str) -> GuiServices:
    """What `coldsplit gui --demo` builds (the composition root), on temp dirs."""
    config, data = root / "config", root / "data"
    config.mkdir()
    data.mkdir()
    ctx = CommandContext(data, config, Settings(language=language, theme="light"), Network.TESTNET, False)
    built = build_services(ctx, demo=True)
    built.data_dir.mkdir(parents=True, exist_ok=True)
    return built


def walk_demo(window: MainWindow) -> None:
    """Fill the pages; the software device's screens are approved as they appear."""
    window.screen_bridge.screen_shown.connect(lambda _s: window.screen_bridge.press(True))
    cold = window.cold_page
    cold.connect_device()
    wait_for(lambda: cold.summary is not None, 30, "the device")
    cold.create_account()
    wait_for(lambda: bool(cold.accounts), 30, "the cold account")
    cold.verify_address()
    wait_for(lambda: bool(cold.targets), 30, "the verified address")
    wait_for(lambda: cold.coins.view is not None, 30, "the cold wallet")
    cold.coins.receive_demo_coins()
    wait_for(lambda: cold.coins.view is not None and bool(cold.coins.view.coins), 30, "the demo coins")
    cold._create_chosen_eth_account(NewEthAccountRow("Trezor T ETH", 0, "bip44"))
    wait_for(lambda: cold.eth_picker.count() > 0, 30, "the Ethereum account")
    cold.verify_eth_address()
    wait_for(lambda: cold.eth.view is not None and bool(cold.eth.view.accounts), 30, "the Ethereum address")
    cold.eth.receive_demo()
    wait_for(lambda: cold.eth.view is not None and bool(cold.eth.view.accounts[0].history), 60, "demo ETH")
    cold.asset_bar.setCurrentIndex(0)  # the Bitcoin side first, as the page opens
    window.trading_page.load_sample()
    wait_for(lambda: window.trading_page.holdings is not None, 30, "the sample accounts")
    wait_for(
        lambda: (
            window.risk_page.session is not None
            and window.trading_page.holdings is not None
            and window.risk_page.session.source == window.trading_page.holdings.source
        ),
        60,
        "the risk curve",
    )
    window.risk_page.slider.setValue(30)
    window.advice_page.compute()
    wait_for(lambda: window.advice_page.advice is not None, 180, "the advice")
    index = window.advice_page.transfer_for_cold()
    if index is not None:
        window.advice_page.prepare(index)
    psbt = window.psbt_page
    psbt.to_edit.setText(PAY_TO)
    psbt.amount_edit.setText("0.004")
    psbt.build_demo_spend()
    wait_for(lambda: psbt.document is not None, 30, "the PSBT")
    psbt.sign()
    wait_for(lambda: psbt.document is not None and psbt.document.signed_inputs > 0, 60, "the signature")


def main(language: str, out_dir: Path) -> int:
    out_dir.mkdir(parents=True, exist_ok=True)
    app: QApplication = application(["screenshots"])
    with tempfile.TemporaryDirectory() as root:
        window = build_window(services(Path(root), language), app)
        window.setWindowState(Qt.WindowState.WindowNoState)
        window.resize(1500, 940)
        window.show()
        window.raise_()
        walk_demo(window)
        errors = [box.text() for box in window.findChildren(QMessageBox) if box.isVisible()]
        if errors:
            raise SystemExit(f"screenshots: the demo walk showed errors: {errors}")
        for key in window.pages:
            window.show_page(key)
            settle()
            screen = window.screen()
            pixmap = screen.grabWindow(window.winId())
            if not pixmap.save(str(out_dir / f"{key}.png")):
                raise SystemExit(f"screenshots: cannot save {key}.png")
        window.close()
        settle(0.2)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], Path(sys.argv[2])))
