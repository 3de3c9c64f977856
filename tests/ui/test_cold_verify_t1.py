"""Verify on device with the Trezor One's address screen: "No" turns to the QR code, it does not refuse.

The legacy firmware (fsm_layoutAddress) answers "No" on an address by showing the address's
QR code and asking again; only "Yes" ends the screen. The GUI must treat that as the same
request still waiting for the person: no error, nothing recorded until the final "Yes", and
then the address verified as usual.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.cold.accounts import withdrawal_targets
from app.services.ports import GuiServices
from app.store import open_store
from tests.ui.helpers import open_window
from tests.ui.person_flows import KeptDemoDevice


def test_no_on_a_trezor_one_address_shows_the_qr_then_yes_verifies(
    qtbot: QtBot, gui_services: GuiServices
) -> None:
    device = KeptDemoDevice(gui_services.data_dir / "coldsplit.sqlite3", "trezor-one")
    services = GuiServices(**{**vars(gui_services), "device_factory": device})
    window = open_window(qtbot, services)
    page = window.cold_page
    with qtbot.waitSignal(page.account_created, timeout=10_000):
        page.create_account()
    panel = window.software_device
    assert panel is not None
    failures: list[str] = []
    page.failed.connect(failures.append)
    with qtbot.waitSignal(page.address_verified, timeout=20_000) as verified:
        page.verify_address()
        qtbot.waitUntil(lambda: panel.current_screen is not None, timeout=10_000)
        first = panel.current_screen
        assert first is not None and first.title == "Address:"
        qtbot.mouseClick(panel.reject_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: panel.current_screen is not None and panel.current_screen.request_id != first.request_id,
            timeout=10_000,
        )
        qr = panel.current_screen
        assert qr is not None and qr.title == "Address:" and qr.lines[0].startswith("QR: tb1q")
        assert not failures and page.targets == []  # still the same request, nothing recorded yet
        qtbot.mouseClick(panel.approve_button, Qt.MouseButton.LeftButton)
    address = verified.args[0].address
    assert "".join(first.lines[:2]) == address  # the T1 wraps the address over two rows
    assert not failures
    with open_store(gui_services.data_dir / "coldsplit.sqlite3") as store:
        assert [t.address for t in withdrawal_targets(store)] == [address]
