"""The advisor's sentences in the GUI: a template per message key, English unchanged, Japanese shown.

app/ gives each sentence a key, its parameters and the English text; ui/app_messages.py
renders it from a translated template. In English the templates must reproduce the
advisor's own text exactly (so key, parameters and formatting agree); in Japanese the
demo's advice page must not show one of the advisor's English sentences.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import ui.app_messages as app_messages
from app.messages import TEMPLATES, Message, MessageKey, message
from app.services.advice_view import AdviceService
from app.services.ports import AdviceView, GuiServices, ShockChoice
from app.settings import Settings
from tests.ui.helpers import open_window
from ui.app_messages import render, template_keys
from wallet.types import Network

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def _messages(view: AdviceView) -> list[Message]:
    return [
        view.stress_message,
        *view.tipping_points,
        *(t.reason for t in view.transfers),
        *view.cuts,
        *(f.reason for f in view.flags),
        *view.notes,
    ]


@pytest.fixture(scope="module")
def demo_views() -> list[AdviceView]:
    """The demo's advice under the preset replay and under a custom shock."""
    service = AdviceService(
        Path("/nonexistent/no-targets.db"), Network.TESTNET, Path("/nonexistent/settings.json")
    )
    sample = service.sample_holdings_path()
    return [service.advise(sample, ShockChoice()), service.advise(sample, ShockChoice(btc_drawdown=0.15))]


def test_every_key_the_advisor_can_emit_has_a_ui_template() -> None:
    missing = sorted(set(MessageKey) - template_keys())
    assert missing == [], f"message keys without a GUI template in ui/app_messages.py: {missing}"


def test_in_english_the_templates_reproduce_the_advisors_text(
    qapp: QApplication, demo_views: list[AdviceView]
) -> None:
    messages = [m for view in demo_views for m in _messages(view)]
    assert {MessageKey.STRESS_REPLAY, MessageKey.STRESS_CUSTOM, MessageKey.FLAG_LOOP_NEAR_PEG} <= {
        m.key for m in messages
    }
    for m in messages:
        assert render(m) == m.text, m.key


def test_an_unknown_key_or_a_mismatched_translation_falls_back_to_the_english_text(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    params = (("label", "a"), ("reduce_by", 1.5), ("asset", "BTC"), ("share", 0.25))
    sentence = Message(MessageKey.CUT_POSITION, params, "cut it")
    assert render(sentence) == "a — reduce by 1.5 BTC (25%)"
    monkeypatch.setattr(app_messages, "_templates", lambda: {})
    assert render(sentence) == "cut it"
    monkeypatch.setattr(app_messages, "_templates", lambda: {MessageKey.CUT_POSITION: "{no_such_field}"})
    assert render(sentence) == "cut it"


def test_each_sentence_is_written_once_in_app_messages() -> None:
    """The CLI's English text and the GUI's template come from one template per key: no other
    source file under app/ or ui/ spells a sentence out again (the advisor used to, in f-strings)."""
    root = Path(__file__).resolve().parents[2]
    home = root / "app" / "messages.py"
    # each template's longest stretch of plain words, as a source file would spell it
    pieces = {key: max(re.split(r"\{\w+\}", t), key=len).strip()[:20] for key, t in TEMPLATES.items()}
    openings = {key: text for key, text in pieces.items() if len(text) == 20}
    assert len(openings) >= len(TEMPLATES) - 1, pieces  # all but "{label} — reduce by …"
    for path in [*sorted((root / "app").rglob("*.py")), *sorted((root / "ui").rglob("*.py"))]:
        if path == home:
            continue
        source = path.read_text()
        again = [key for key, text in openings.items() if text in source]
        assert not again, f"{path.relative_to(root)} spells out the sentences of {again} again"
    sentence = message(MessageKey.CUT_POSITION, label="a", reduce_by=1.5, asset="BTC", share=0.25)
    assert sentence.text == "a — reduce by 1.5 BTC (25%)"  # the template, parameters by their formats


def test_the_demo_advice_page_in_japanese_shows_no_english_sentence(
    qtbot: QtBot, gui_services: GuiServices
) -> None:
    services = GuiServices(**{**vars(gui_services), "settings": Settings(language="ja", theme="light")})
    window = open_window(qtbot, services)
    assert window.translators, "the Japanese .qm did not load"
    page = window.advice_page
    assert services.advice is not None
    page.set_holdings(services.advice.sample_holdings_path())
    window.show_page("advice")
    results: list[AdviceView] = []
    page.advice_ready.connect(results.append)
    qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(results), timeout=120_000)
    view = results[0]
    table = page.transfers_table
    why_column = [item.text() for r in range(table.rowCount()) if (item := table.item(r, 4)) is not None]
    notes = [page.notes.item(i).text() for i in range(page.notes.count())]
    shown = [page.stress_label.text(), *why_column, *notes, window.overview_page.advice_label.text()]
    assert len(why_column) == len(view.transfers) > 0 and len(notes) == len(view.cuts) + len(
        view.flags
    ) + len(view.notes)
    for text in shown:
        assert JAPANESE.search(text), f"not in Japanese: {text}"
    # The 10/10 stress's tipping points stand under it, in Japanese, with their figures.
    assert view.tipping_points
    stress_lines = page.stress_label.text().splitlines()
    assert len(stress_lines) == 1 + len(view.tipping_points)
    for line, point in zip(stress_lines[1:], view.tipping_points, strict=True):
        assert line.startswith("転換点") and dict(point.params)["shock_low"] is not None
        assert f"{dict(point.params)['shock_low']:.2%}" in line
    english = [m.text for m in _messages(view)]
    leaked = [sentence for sentence in english if any(sentence in text for text in shown)]
    assert leaked == [], f"English advisor sentences shown in the Japanese window: {leaked}"
    window.close()
