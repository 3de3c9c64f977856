"""Every page readable at 1280×800 and 1920×1080, light and dark, in English and Japanese.

Each language runs tests.ui.readable_run in its own process on the xcb platform under
scripts/with-test-services.sh's Xvfb (this process is offscreen): the demo is walked so
every page has content, then each page is shown at both sizes in both themes and every
label, button, check box, combo box, table cell and header, list item and chart title
is measured against the room it has (tests.ui.page_audit). The common dialogs and the
confirm overlay are opened and measured too. In Japanese the same walk also lists
visible English (outside an allowlist of tickers, venues, units and protocol names).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QTableWidget, QTableWidgetItem, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.page_audit import clipped_text, english_words

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "artifacts" / "readable"

needs_display = pytest.mark.skipif(
    not os.environ.get("DISPLAY"), reason="needs an X display (run under with-test-services.sh)"
)


@cache
def _audit(language: str) -> dict[str, list[str]]:
    OUT.mkdir(parents=True, exist_ok=True)
    report = OUT / f"{language}.json"
    report.unlink(missing_ok=True)
    run = subprocess.run(
        [sys.executable, "-m", "tests.ui.readable_run", language, str(report)],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "xcb"},
        capture_output=True,
        text=True,
        timeout=540,  # the walk takes ~40 s alone, minutes on a loaded 2-core machine
    )
    assert run.returncode == 0, run.stderr[-3000:]
    found: dict[str, list[str]] = json.loads(report.read_text(encoding="utf-8"))
    return found


@pytest.mark.slow
@pytest.mark.timeout(600)
@needs_display
@pytest.mark.parametrize("language", ["en", "ja"])
def test_no_page_cuts_text_at_either_size_or_theme(language: str) -> None:
    found = _audit(language)
    assert not found["sizes"], "the window does not fit the size asked for:\n" + "\n".join(found["sizes"])
    assert not found["clipped"], f"{len(found['clipped'])} cut-off texts:\n" + "\n".join(found["clipped"])


@pytest.mark.slow
@pytest.mark.timeout(600)
@needs_display
def test_every_visible_text_is_japanese() -> None:
    found = _audit("ja")
    assert not found["english"], f"{len(found['english'])} English texts:\n" + "\n".join(found["english"])


# ---- the audit itself catches what it must (offscreen, small widgets) ----


def _shown(qtbot: QtBot, widget: QWidget, width: int, height: int) -> QWidget:
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_the_audit_finds_a_cut_label_and_passes_one_that_fits(qtbot: QtBot) -> None:
    host = _shown(qtbot, QWidget(), 400, 100)
    label = QLabel("a sentence far too long for forty pixels", host)
    label.setGeometry(0, 0, 40, 30)
    label.show()
    assert any("needs" in p for p in clipped_text(host))
    label.setGeometry(0, 0, 390, 30)
    assert clipped_text(host) == []


def test_the_audit_honours_word_wrap(qtbot: QtBot) -> None:
    host = _shown(qtbot, QWidget(), 400, 300)
    label = QLabel("ten words that wrap onto several lines in a narrow label here", host)
    label.setWordWrap(True)
    label.setGeometry(0, 0, 120, label.heightForWidth(120))
    label.show()
    assert clipped_text(host) == []
    label.setGeometry(0, 0, 120, 20)
    assert any("height" in p for p in clipped_text(host))


def test_the_audit_finds_an_elided_table_cell_and_header(qtbot: QtBot) -> None:
    table = QTableWidget(1, 2)
    table.setHorizontalHeaderLabels(["a header wider than its section", "b"])
    table.setItem(0, 0, QTableWidgetItem("a cell text wider than its column"))
    table.setItem(0, 1, QTableWidgetItem("ok"))
    _shown(qtbot, table, 500, 200)
    table.setColumnWidth(0, 50)
    problems = clipped_text(table)
    assert any("cell 0,0" in p for p in problems) and any("header" in p for p in problems)
    table.resizeColumnsToContents()
    assert clipped_text(table) == []


def test_english_words_skip_tickers_addresses_paths_and_numbers() -> None:
    allowed = frozenset({"BTC", "Binance"})
    texts = [
        ("a", "Binance: 0.3 BTC → tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx（m/84h/1h/0h/0/1）"),
        ("b", "BTC long 0.3 (isolated)"),
        ("c", "残高 12.5%"),
    ]
    assert english_words(iter(texts), allowed) == ["b 'BTC long 0.3 (isolated)': isolated, long"]
