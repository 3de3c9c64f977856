"""Signals, position labels and device screens in Japanese, from the real producers' wording.

The fragility signals are computed by app.exchanges.fragility on snapshots built to reach
every branch (unknown, ok, warning, calibrated); each name and reading must come out in
Japanese (no English words but tickers and units), so a change of wording there fails here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.exchanges.fragility import Signal, fragility_signals, one_sided_funding
from app.exchanges.market import MarketSnapshot
from tests.ui.page_audit import english_words
from tests.ui.readable_run import allowed_words
from ui.domain_words import device_line, device_title, position_text, signal_name, signal_reading
from ui.i18n import install_translators, remove_translators


@pytest.fixture
def japanese(qapp: QApplication) -> Iterator[None]:
    translators = install_translators(qapp, "ja")
    yield
    remove_translators(qapp, translators)


def _snapshot(**figures: object) -> MarketSnapshot:
    return MarketSnapshot("binance", "BTC/USDT", "2025-10-09T00:00:00+00:00", "preset", **figures)  # type: ignore[arg-type]


def _every_branch() -> list[Signal]:
    bands = {"bid": {"0.01": 2e7, "0.05": 4e7}, "ask": {"0.01": 2.5e7, "0.05": 5e7}}
    thin = _snapshot(
        mark_price=110_000.0, open_interest_usd=7e10, funding_rate=0.0007, spot_volume_usd=1e9, bands=bands
    )
    thick = _snapshot(
        mark_price=110_000.0,
        open_interest_usd=1e9,
        funding_rate=0.00001,
        spot_volume_usd=1e9,
        bands={"bid": {"0.01": 5e8, "0.05": 9e8}, "ask": {"0.01": 5e8, "0.05": 9e8}},
    )
    before = _snapshot(open_interest_usd=6e10, spot_volume_usd=1e9)
    calibrated = dataclasses.replace(thin, calibrated=("depth_1pct", "open_interest", "funding"))
    signals = [
        *fragility_signals(_snapshot(), None, "2025-10-10"),
        *fragility_signals(thin, before, "2025-10-10"),
        *fragility_signals(thick, _snapshot(open_interest_usd=1e9, spot_volume_usd=1e9), "2025-10-10"),
        *fragility_signals(calibrated, before, "2025-10-10"),
        one_sided_funding(_snapshot(funding_rate=-0.001)),
    ]
    assert {s.status for s in signals} >= {"unknown", "ok", "warning", "calibrated"}
    return signals


def test_every_signal_name_and_reading_is_japanese(japanese: None) -> None:
    texts = []
    for signal in _every_branch():
        texts.append((signal.name, signal_name(signal.name)))
        texts.append((signal.reading, signal_reading(signal.reading)))
    assert english_words(iter(texts), allowed_words()) == []


def test_a_reading_of_an_unknown_form_is_shown_as_it_came(japanese: None) -> None:
    assert signal_reading("a reading nobody wrote a template for") == "a reading nobody wrote a template for"


def test_position_labels_and_device_screens_are_japanese(japanese: None) -> None:
    assert (
        position_text("Binance USDⓈ-M: BTC long 0.3 (isolated)") == "Binance USDⓈ-M: BTC ロング 0.3（分離）"
    )
    assert position_text("Aave: USDe loop x5 at LTV 0.8") == "Aave: USDe ループ x5（LTV 0.8）"
    assert device_title("Confirm sending") == "送金の確認"
    assert device_title("Sign message?") == "メッセージに署名しますか？"
    assert device_line("Total Amount: 0.01 ETH") == "合計金額: 0.01 ETH"
    assert device_line("Including fee: 0.00000553 TEST") == "うち手数料: 0.00000553 TEST"
    assert (
        device_line("tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx")
        == "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx"
    )


def test_in_english_the_words_are_unchanged(qapp: QApplication) -> None:
    label = "Binance USDⓈ-M: BTC long 0.3 (isolated)"
    assert position_text(label) == label
    for signal in _every_branch():
        assert signal_reading(signal.reading) == signal.reading


def test_an_error_box_shows_the_sentence_and_keeps_the_english_detail_behind_a_button(
    japanese: None, qtbot: QtBot
) -> None:
    from app.services.device_service import DeviceServiceError
    from ui.errors import user_message
    from ui.widgets import show_error

    host = QWidget()
    qtbot.addWidget(host)
    show_error(host, user_message(DeviceServiceError("PIN entry cancelled [cancelled]", "cancelled")))
    box = host.findChild(QMessageBox)
    assert box is not None
    assert box.text() == "操作はキャンセルされました。"
    assert box.detailedText() == "PIN entry cancelled [cancelled]"
    show_error(host, "no such account")  # no code: as it is, no details
    assert host.findChildren(QMessageBox)[-1].detailedText() == ""
