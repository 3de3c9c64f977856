"""The PSBT page signs behind the same gate as `coldsplit psbt sign` (issue 18, F1 F2 F3 F14) and
refuses a hostile device's result (issue 17); the twins of tests/app/test_psbt_gate_cli.py.

The demo window's software device holds the "all" seed, so it would sign every PSBT here.
Where the page's review already blocks (the Sign button is disabled), the test presses
Sign anyway through `page.sign()`: the device service must refuse on its own.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.services.ports import GuiServices, PsbtDocument
from tests.signing_gate_cases import (
    anyonecanpay_spend,
    fake_change_spend,
    far_change_spend,
    good_spend,
    huge_output_spend,
    mainnet_spend,
    negative_output_spend,
    open_hostile_wallet,
)
from tests.ui.helpers import approve_until, open_window
from ui.main_window import MainWindow
from ui.pages.psbt_page import PsbtPage
from wallet.psbt.model import Psbt


def _window(qtbot: QtBot, services: GuiServices, *, with_account: bool) -> tuple[MainWindow, PsbtPage]:
    window = open_window(qtbot, services)
    if with_account:  # the demo device's own m/84h/1h/0h, stored as a testnet cold account
        with qtbot.waitSignal(window.cold_page.account_created, timeout=10_000):
            window.cold_page.create_account()
    window.show_page("psbt")
    return window, window.psbt_page


def _load(qtbot: QtBot, page: PsbtPage, psbt: Psbt) -> PsbtDocument:
    with qtbot.waitSignal(page.loaded, timeout=10_000) as loaded:
        page.load_text(psbt.to_base64())
    document: PsbtDocument = loaded.args[0]
    return document


def _sign_refused(qtbot: QtBot, window: MainWindow, page: PsbtPage) -> str:
    """Press Sign (even if disabled); approve whatever the device shows; return the refusal."""
    failures: list[str] = []
    signed: list[PsbtDocument] = []
    page.failed.connect(failures.append)
    page.signed.connect(signed.append)
    page.sign()
    approve_until(qtbot, window, lambda: bool(failures or signed))
    assert not signed and len(failures) == 1, (failures, signed)
    return failures[0]


def test_f1_a_mainnet_psbt_is_refused_where_testnet_and_its_account_are_in_use(
    qtbot: QtBot, gui_services: GuiServices
) -> None:
    window, page = _window(qtbot, gui_services, with_account=True)
    document = _load(qtbot, page, mainnet_spend())
    assert document.blocking and not page.sign_button.isEnabled()
    assert any("network mismatch" in w for w in document.warnings)
    message = _sign_refused(qtbot, window, page)
    assert message.startswith("refusing to sign: network mismatch") and "another wallet" in message


@pytest.mark.parametrize("with_account", [True, False], ids=["stored-account", "no-account"])
def test_f2_change_far_past_the_gap_limit_is_refused(
    qtbot: QtBot, gui_services: GuiServices, with_account: bool
) -> None:
    window, page = _window(qtbot, gui_services, with_account=with_account)
    document = _load(qtbot, page, far_change_spend())
    # With the account the page's review already refuses; without one only the device's own
    # xpub (read by the gate) proves the change, and then refuses it.
    assert document.blocking is with_account
    message = _sign_refused(qtbot, window, page)
    assert "refusing to sign: output #1 (change) is at m/84h/1h/0h/1/999999" in message


def test_f3_fake_change_without_an_account_is_disproven_by_the_devices_key(
    qtbot: QtBot, gui_services: GuiServices
) -> None:
    window, page = _window(qtbot, gui_services, with_account=False)
    document = _load(qtbot, page, fake_change_spend())
    change = next(line for line in document.lines if line.side == "output" and line.index == 1)
    assert change.detail == "external"  # nothing proves it ours: counted as sent to others
    assert page.sign_button.isEnabled()  # the page cannot tell; the gate asks the device
    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    failures: list[str] = []
    page.failed.connect(failures.append)
    approve_until(qtbot, window, lambda: bool(failures))
    assert "refusing to sign: output #1 claims our fingerprint at m/84h/1h/0h/1/3" in failures[0]


@pytest.mark.parametrize("build", [negative_output_spend, huge_output_spend], ids=["negative", "huge"])
def test_f14_invalid_amounts_are_refused(
    qtbot: QtBot, gui_services: GuiServices, build: Callable[[], Psbt]
) -> None:
    window, page = _window(qtbot, gui_services, with_account=True)
    document = _load(qtbot, page, build())
    assert document.blocking and any("invalid amount" in w for w in document.warnings)
    assert "refusing to sign: output #0 has an invalid amount" in _sign_refused(qtbot, window, page)


def test_an_unusual_sighash_is_refused(qtbot: QtBot, gui_services: GuiServices) -> None:
    window, page = _window(qtbot, gui_services, with_account=True)
    assert _load(qtbot, page, anyonecanpay_spend()).blocking and not page.sign_button.isEnabled()
    assert "refusing to sign: input #0 asks for unusual sighash 0x83" in _sign_refused(qtbot, window, page)


def test_a_device_returning_another_transaction_is_refused_as_by_the_cli(
    qtbot: QtBot, gui_services: GuiServices, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("app.usecases.devices.open_wallet", open_hostile_wallet)
    window, page = _window(qtbot, gui_services, with_account=True)
    document = _load(qtbot, page, good_spend())
    assert not document.blocking and page.sign_button.isEnabled()
    message = _sign_refused(qtbot, window, page)
    assert message == "the signer returned a PSBT for a different transaction; nothing was saved"
    assert page.document is not None and page.document.signed_inputs == 0  # the page kept the unsigned one
