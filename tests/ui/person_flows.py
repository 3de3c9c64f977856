"""Device flows at a person's pace, on a real X window (run by test_person_paced.py under Xvfb).

Not collected on its own (its name does not start with test_): test_person_paced.py runs
it in a child pytest on the xcb platform, because this process's Qt is offscreen.

Every click is a real mouse event on the widget a person would click, after checking
that it is visible, enabled and not covered there (`QApplication.widgetAt` at its centre
finds it); pages are opened from the page list, fields typed into key by key. The person
reads before pressing: 5 s, a minute, or walks away; rejects; cancels mid-sign; the device
is unplugged mid-sign; and goes the whole way from connecting the device to a finalized
transaction (advice and its prepared transfer on the way), in both languages and themes. The software device answers on its
wire all along, so none of this may read as "disconnected".
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from app.cli.context import CommandContext
from app.cli.gui_cmd import build_services
from app.services.demo_device import start_demo_emulator
from app.services.device_ports import DeviceActions, DevicePrompts, ScreenHandler
from app.services.device_service import GuiDeviceService
from app.services.ports import GuiServices
from app.settings import Settings
from tests.ui.helpers import open_window
from ui.main_window import MainWindow
from wallet.emulator.emulator import Emulator
from wallet.types import Network

PAY_TO = "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx"  # BIP173's testnet P2WPKH vector
# m/84h/1h/0h/0/i of the "all" seed (DEVICE_PROTOCOL.md vectors; the next two from bip-utils)
FIRST_RECEIVE = "tb1qkvwu9g3k2pdxewfqr7syz89r3gj557l3uuf9r9"


class KeptDemoDevice:
    """The demo's device factory, keeping the software device so a test can unplug it."""

    def __init__(self, db_path: Path, identity: str) -> None:
        self.db_path = db_path
        self.identity = identity
        self.emulator: Emulator | None = None

    def __call__(self, prompts: DevicePrompts, screen: ScreenHandler | None) -> DeviceActions:
        self.emulator = start_demo_emulator(screen, self.identity)
        return GuiDeviceService(
            self.db_path,
            Network.TESTNET,
            prompts,
            device_path=self.emulator.path,
            on_close=self.emulator.stop,
        )


def _services(root: Path, language: str, theme: str, identity: str) -> tuple[GuiServices, KeptDemoDevice]:
    config, data = root / "config", root / "data"
    config.mkdir()
    data.mkdir()
    ctx = CommandContext(data, config, Settings(language=language, theme=theme), Network.TESTNET, False)
    built = build_services(ctx, demo=True)
    built.data_dir.mkdir(parents=True, exist_ok=True)
    device = KeptDemoDevice(built.data_dir / "coldsplit.sqlite3", identity)
    return GuiServices(**{**vars(built), "device_factory": device}), device


@pytest.fixture
def person_window(qtbot: QtBot, tmp_path: Path) -> Iterator[Callable[..., tuple[MainWindow, KeptDemoDevice]]]:
    def make(
        language: str = "en", theme: str = "light", identity: str = "trezor-t"
    ) -> tuple[MainWindow, KeptDemoDevice]:
        services, device = _services(tmp_path, language, theme, identity)
        window = open_window(qtbot, services)
        window.resize(1280, 800)
        qtbot.waitExposed(window)
        return window, device

    yield make


# ---- what a person does ----


def press(qtbot: QtBot, widget: QWidget) -> None:
    """Click `widget` as a person: it must be shown, enabled and on top where they click."""
    qtbot.waitUntil(lambda: widget.isVisible() and widget.isEnabled(), timeout=15_000)
    centre = widget.mapToGlobal(widget.rect().center())
    hit = QApplication.widgetAt(centre)
    assert hit is not None and (hit is widget or widget.isAncestorOf(hit)), (
        f"{widget.objectName() or type(widget).__name__} is covered by {hit!r}"
    )
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())


def press_at(qtbot: QtBot, view: QAbstractItemView, rect: QRect) -> None:
    """Click inside an item view (a page in the list, a table cell) where the item is drawn."""
    qtbot.waitUntil(lambda: view.isVisible() and view.isEnabled(), timeout=15_000)
    viewport = view.viewport()
    hit = QApplication.widgetAt(viewport.mapToGlobal(rect.center()))
    assert hit is viewport, f"{view.objectName() or type(view).__name__} is covered there by {hit!r}"
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())


def go_to(qtbot: QtBot, window: MainWindow, key: str) -> None:
    """Open a page by clicking its name in the page list."""
    item = window.nav.item(list(window.pages).index(key))
    press_at(qtbot, window.nav, window.nav.visualItemRect(item))
    qtbot.waitUntil(lambda: window.current_page_key() == key, timeout=5000)


def type_into(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    """Click into the field, select what it holds and type over it, key by key."""
    press(qtbot, edit)
    QTest.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(edit, text)
    assert edit.text() == text


def read_for(qtbot: QtBot, window: MainWindow, seconds: float) -> None:
    """The person reads the device's screen; the app must neither error nor give up meanwhile."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        qtbot.wait(250)
        assert not _error_boxes(window), f"an error appeared while the person read: {_error_boxes(window)}"
        assert window.overlay.isVisible(), "the overlay went away while the device waited"


def _error_boxes(window: MainWindow) -> list[str]:
    boxes = window.findChildren(QMessageBox)
    return [box.text() for box in boxes if box.isVisible() and box.objectName() != "addressMatchQuestion"]


def close_error(qtbot: QtBot, window: MainWindow) -> str:
    """Wait for the error dialog, read it, and close it with its OK button."""
    qtbot.waitUntil(lambda: bool(_error_boxes(window)), timeout=20_000)
    box = next(
        b
        for b in window.findChildren(QMessageBox)
        if b.isVisible() and b.objectName() != "addressMatchQuestion"
    )
    text = f"{box.text()} {box.detailedText()}"  # the sentence, and the device's words behind Show Details
    ok = box.button(QMessageBox.StandardButton.Ok)  # not "Show Details…" when the box has details
    assert ok is not None
    press(qtbot, ok)
    qtbot.waitUntil(lambda: not box.isVisible(), timeout=5000)
    return text


def wait_for_screen(qtbot: QtBot, window: MainWindow) -> str:
    panel = window.software_device
    assert panel is not None
    qtbot.waitUntil(
        lambda: panel.current_screen is not None and panel.approve_button.isEnabled(), timeout=20_000
    )
    assert panel.current_screen is not None
    return panel.current_screen.title


def approve_screens_until(
    qtbot: QtBot, window: MainWindow, done: Callable[[], bool], read: float = 0.5
) -> list[str]:
    """Read each screen for `read` seconds, then press Approve on the drawn device."""
    panel = window.software_device
    assert panel is not None
    titles: list[str] = []
    deadline = time.monotonic() + 120
    while not done():
        assert time.monotonic() < deadline, f"gave up after approving {titles}"
        if panel.current_screen is not None and panel.approve_button.isEnabled():
            titles.append(panel.current_screen.title)
            qtbot.wait(int(read * 1000))
            press(qtbot, panel.approve_button)
        qtbot.wait(50)
    return titles


def assert_prompt_cleared(qtbot: QtBot, window: MainWindow) -> None:
    panel = window.software_device
    assert panel is not None
    qtbot.waitUntil(lambda: panel.current_screen is None, timeout=10_000)
    assert not panel.approve_button.isEnabled() and not panel.reject_button.isEnabled()
    qtbot.waitUntil(lambda: not window.overlay.isVisible(), timeout=10_000)


# ---- flows ----


def connect_and_create(qtbot: QtBot, window: MainWindow) -> None:
    cold = window.cold_page
    go_to(qtbot, window, "cold")
    with qtbot.waitSignal(cold.device_connected, timeout=20_000):
        press(qtbot, cold.connect_button)
    with qtbot.waitSignal(cold.account_created, timeout=20_000):
        press(qtbot, cold.create_button)


def verified_addresses(window: MainWindow) -> list[str]:
    return [row.address for row in window.cold_page.targets]


def verify_once(qtbot: QtBot, window: MainWindow, read: float) -> str:
    """Verify the next address, reading the device for `read` seconds before Approve."""
    cold, panel = window.cold_page, window.software_device
    assert panel is not None
    before = len(verified_addresses(window))
    press(qtbot, cold.verify_button)
    wait_for_screen(qtbot, window)
    qtbot.waitUntil(window.overlay.isVisible, timeout=10_000)
    covered = cold.verify_button.mapToGlobal(cold.verify_button.rect().center())
    assert QApplication.widgetAt(covered) is not cold.verify_button  # the overlay covers the pages only
    compared = window.overlay.compared_text()
    assert len(compared) == 2 and compared[0].startswith("tb1q"), compared  # address and path, in full
    read_for(qtbot, window, read)
    with qtbot.waitSignal(cold.address_verified, timeout=20_000) as verified:
        press(qtbot, panel.approve_button)
        # a OneKey Classic shows the path next, with no ButtonRequest: approve it on the device too
        approve_screens_until(qtbot, window, lambda: verified.signal_triggered, read=0.2)
    assert verified.args[0].address == compared[0]  # the address recorded is the one compared
    assert_prompt_cleared(qtbot, window)
    assert len(verified_addresses(window)) == before + 1
    return str(verified.args[0].address)


def build_spend(qtbot: QtBot, window: MainWindow) -> None:
    psbt = window.psbt_page
    go_to(qtbot, window, "psbt")
    type_into(qtbot, psbt.to_edit, PAY_TO)
    type_into(qtbot, psbt.amount_edit, "0.004")
    with qtbot.waitSignal(psbt.loaded, timeout=30_000):
        press(qtbot, psbt.build_button)


def load_sample_and_prepare_the_advised_transfer(qtbot: QtBot, window: MainWindow, cold_address: str) -> None:
    """Trading: the sample accounts; Advice: compute, pick the cold transfer by one of its cells
    (not the row header), Prepare transfer: it goes to the address the device verified."""
    trading, advice = window.trading_page, window.advice_page
    go_to(qtbot, window, "trading")
    with qtbot.waitSignal(trading.holdings_loaded, timeout=30_000):
        press(qtbot, trading.sample_button)
    assert trading.positions_table.rowCount() > 0
    go_to(qtbot, window, "advice")
    with qtbot.waitSignal(advice.advice_ready, timeout=180_000):
        press(qtbot, advice.run_button)
    row = advice.transfer_for_cold()
    assert row is not None, "the advice moves nothing to the verified cold account"
    table = advice.transfers_table
    table.scrollTo(table.model().index(row, 2))  # the person scrolls to the row
    press_at(qtbot, table, table.visualRect(table.model().index(row, 2)))
    with qtbot.waitSignal(advice.transfer_prepared, timeout=10_000) as prepared:
        press(qtbot, advice.prepare_button)
    assert prepared.args[0].to_address == cold_address
    assert cold_address in advice.prepared_label.text()


def sign_fully(qtbot: QtBot, window: MainWindow, read: float = 0.5) -> None:
    psbt = window.psbt_page
    signed: list[object] = []
    psbt.signed.connect(signed.append)
    press(qtbot, psbt.sign_button)
    titles = approve_screens_until(qtbot, window, lambda: bool(signed), read=read)
    assert titles, "signing showed no screen to confirm"
    document = psbt.document
    assert document is not None and document.signed_inputs == document.input_count
    assert_prompt_cleared(qtbot, window)


# ---- the tests ----


@pytest.mark.parametrize(("language", "theme"), [("en", "light"), ("ja", "dark")])
def test_connect_create_and_verify_approving_after_5_s(
    qtbot: QtBot, person_window: Callable[..., tuple[MainWindow, KeptDemoDevice]], language: str, theme: str
) -> None:
    window, _device = person_window(language, theme)
    connect_and_create(qtbot, window)
    assert verify_once(qtbot, window, read=5.0) == FIRST_RECEIVE


@pytest.mark.parametrize(("language", "theme"), [("en", "light"), ("ja", "dark")])
def test_receive_and_verify_three_times_in_one_run(
    qtbot: QtBot, person_window: Callable[..., tuple[MainWindow, KeptDemoDevice]], language: str, theme: str
) -> None:
    window, _device = person_window(language, theme)
    connect_and_create(qtbot, window)
    addresses = [verify_once(qtbot, window, read=1.0) for _ in range(3)]
    assert addresses[0] == FIRST_RECEIVE and len(set(addresses)) == 3
    assert verified_addresses(window) == addresses


@pytest.mark.slow
def test_a_person_reading_for_a_minute_verifies_fine(
    qtbot: QtBot, person_window: Callable[..., tuple[MainWindow, KeptDemoDevice]]
) -> None:
    window, _device = person_window()
    connect_and_create(qtbot, window)
    assert verify_once(qtbot, window, read=60.0) == FIRST_RECEIVE


@pytest.mark.parametrize(("language", "theme"), [("en", "dark"), ("ja", "light")])
def test_the_whole_flow_from_connect_to_a_finalized_transaction(
    qtbot: QtBot, person_window: Callable[..., tuple[MainWindow, KeptDemoDevice]], language: str, theme: str
) -> None:
    """Connect → create the cold account → verify an address → load the sample → advice →
    prepare the transfer → build → sign (reading each screen) → finalize, all by clicks."""
    window, _device = person_window(language, theme)
    connect_and_create(qtbot, window)
    address = verify_once(qtbot, window, read=2.0)
    load_sample_and_prepare_the_advised_transfer(qtbot, window, address)
    build_spend(qtbot, window)
    sign_fully(qtbot, window, read=2.0)
    finals: list[object] = []
    window.psbt_page.finalized.connect(finals.append)
    press(qtbot, window.psbt_page.finalize_button)
    qtbot.waitUntil(lambda: bool(finals), timeout=20_000)
    assert not _error_boxes(window), _error_boxes(window)


def test_reject_records_nothing_and_a_stale_approve_acts_on_nothing(
    qtbot: QtBot, person_window: Callable[..., tuple[MainWindow, KeptDemoDevice]]
) -> None:
    window, _device = person_window()
    connect_and_create(qtbot, window)
    panel = window.software_device
    assert panel is not None
    press(qtbot, window.cold_page.verify_button)
    wait_for_screen(qtbot, window)
    rejected = panel.current_screen
    assert rejected is not None
    qtbot.wait(1000)
    press(qtbot, panel.reject_button)
    assert "cancel" in close_error(qtbot, window).lower()
    assert_prompt_cleared(qtbot, window)
    assert verified_addresses(window) == []
    # a stale Approve for the rejected screen (e.g. a click queued before it went away) must not
    # verify the next request's address: only a press on the screen shown counts
    press(qtbot, window.cold_page.verify_button)
    wait_for_screen(qtbot, window)
    window.screen_bridge.press_for(rejected.request_id, True)
    qtbot.wait(1500)
    assert panel.current_screen is not None and verified_addresses(window) == []
    with qtbot.waitSignal(window.cold_page.address_verified, timeout=20_000):
        press(qtbot, panel.approve_button)
    assert verified_addresses(window) == [FIRST_RECEIVE]


@pytest.mark.parametrize(("language", "theme"), [("en", "light"), ("ja", "dark")])
def test_cancel_mid_sign_then_a_stale_reject_and_the_next_sign_works(
    qtbot: QtBot, person_window: Callable[..., tuple[MainWindow, KeptDemoDevice]], language: str, theme: str
) -> None:
    window, _device = person_window(language, theme)
    connect_and_create(qtbot, window)
    build_spend(qtbot, window)
    press(qtbot, window.psbt_page.sign_button)
    wait_for_screen(qtbot, window)
    panel = window.software_device
    assert panel is not None and panel.current_screen is not None
    abandoned = panel.current_screen
    qtbot.waitUntil(window.overlay.isVisible, timeout=10_000)
    assert any("BTC" in line for line in window.overlay.compared_text())  # amounts and fee to compare
    qtbot.wait(2000)
    press(qtbot, window.overlay.cancel_button)
    assert "cancel" in close_error(qtbot, window).lower()
    assert_prompt_cleared(qtbot, window)
    # the next Sign works without a restart, even with a Reject for the cancelled screen arriving late
    signed: list[object] = []
    window.psbt_page.signed.connect(signed.append)
    press(qtbot, window.psbt_page.sign_button)
    wait_for_screen(qtbot, window)
    window.screen_bridge.press_for(abandoned.request_id, False)
    qtbot.wait(1000)
    assert panel.current_screen is not None and not _error_boxes(window)
    approve_screens_until(qtbot, window, lambda: bool(signed))
    document = window.psbt_page.document
    assert document is not None and document.signed_inputs == document.input_count


def test_reject_on_the_device_mid_sign_then_the_next_sign_works(
    qtbot: QtBot, person_window: Callable[..., tuple[MainWindow, KeptDemoDevice]]
) -> None:
    window, _device = person_window("ja", "light")
    connect_and_create(qtbot, window)
    build_spend(qtbot, window)
    press(qtbot, window.psbt_page.sign_button)
    wait_for_screen(qtbot, window)
    panel = window.software_device
    assert panel is not None
    qtbot.wait(1500)
    press(qtbot, panel.reject_button)
    assert "キャンセル" in close_error(qtbot, window)
    assert_prompt_cleared(qtbot, window)
    document = window.psbt_page.document
    assert document is not None and document.signed_inputs == 0
    sign_fully(qtbot, window)


def test_unplugging_mid_sign_says_so_and_the_next_sign_works_once_plugged_back(
    qtbot: QtBot, person_window: Callable[..., tuple[MainWindow, KeptDemoDevice]]
) -> None:
    window, device = person_window()
    connect_and_create(qtbot, window)
    build_spend(qtbot, window)
    press(qtbot, window.psbt_page.sign_button)
    wait_for_screen(qtbot, window)
    qtbot.wait(1000)
    assert device.emulator is not None
    device.emulator.stop()  # unplugged while its screen waits
    started = time.monotonic()
    message = close_error(qtbot, window)
    assert time.monotonic() - started < 10
    assert "disconnected" in message.lower() or "stopped answering" in message.lower(), message
    assert_prompt_cleared(qtbot, window)
    device.emulator.start()  # plugged back in, same port
    sign_fully(qtbot, window)


def test_a_person_waits_5_s_on_each_signing_screen(
    qtbot: QtBot, person_window: Callable[..., tuple[MainWindow, KeptDemoDevice]]
) -> None:
    window, _device = person_window()
    connect_and_create(qtbot, window)
    build_spend(qtbot, window)
    signed: list[object] = []
    window.psbt_page.signed.connect(signed.append)
    press(qtbot, window.psbt_page.sign_button)
    wait_for_screen(qtbot, window)
    read_for(qtbot, window, 5.0)
    approve_screens_until(qtbot, window, lambda: bool(signed), read=1.0)
    document = window.psbt_page.document
    assert document is not None and document.signed_inputs == document.input_count
    finals: list[object] = []
    window.psbt_page.finalized.connect(finals.append)
    press(qtbot, window.psbt_page.finalize_button)
    qtbot.waitUntil(lambda: bool(finals), timeout=20_000)


def test_on_a_onekey_classic_closing_the_prompt_on_the_host_records_nothing(
    qtbot: QtBot, person_window: Callable[..., tuple[MainWindow, KeptDemoDevice]]
) -> None:
    """A Classic cannot refuse an address on its screen and ignores a host Cancel: the person
    closes the prompt here, ColdSplit frees the device with Initialize, nothing is recorded,
    and the next verification works."""
    window, _device = person_window(identity="onekey-classic")
    connect_and_create(qtbot, window)
    press(qtbot, window.cold_page.verify_button)
    wait_for_screen(qtbot, window)
    qtbot.waitUntil(window.overlay.isVisible, timeout=10_000)
    assert "QR" in window.overlay.refuse_note.text()  # what refusing means on this model
    qtbot.wait(1000)
    press(qtbot, window.overlay.cancel_button)
    assert "cancel" in close_error(qtbot, window).lower()
    assert_prompt_cleared(qtbot, window)
    assert verified_addresses(window) == []
    # the device answers YES; the person is then asked here whether its screen matched
    for answer, recorded in (("It differs", []), ("It matches", [FIRST_RECEIVE])):
        press(qtbot, window.cold_page.verify_button)
        approve_screens_until(qtbot, window, lambda: _match_question(window) is not None, read=0.5)
        question = _match_question(window)
        assert question is not None and FIRST_RECEIVE in question.informativeText()
        press(qtbot, next(b for b in question.findChildren(QPushButton) if b.text() == answer))
        if not recorded:
            assert "nothing was recorded" in close_error(qtbot, window)
        else:
            qtbot.waitUntil(lambda: bool(verified_addresses(window)), timeout=20_000)
        assert verified_addresses(window) == recorded
        assert_prompt_cleared(qtbot, window)


def _match_question(window: MainWindow) -> QMessageBox | None:
    found = [b for b in window.findChildren(QMessageBox, "addressMatchQuestion") if b.isVisible()]
    return found[0] if found else None
