"""The Japanese translation: complete for every tr() string, compiled, and used by the window."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.resources import resource_path
from app.services.ports import GuiServices
from app.settings import Settings
from tests.ui.helpers import open_window

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
TS = resource_path("translations", "coldsplit_ja.ts")
QM = resource_path("translations", "coldsplit_ja.qm")


def test_every_string_in_ui_has_a_japanese_translation(tmp_path: Path) -> None:
    copy = tmp_path / "coldsplit_ja.ts"
    shutil.copy(TS, copy)
    # ui/ and the advisor's sentences (app/messages.py), as scripts/build_translations.sh scans them
    sources = [*sorted(str(p) for p in (ROOT / "ui").rglob("*.py")), str(ROOT / "app" / "messages.py")]
    subprocess.run(
        [str(BIN / "pyside6-lupdate"), "-no-obsolete", *sources, "-ts", str(copy)],
        check=True,
        capture_output=True,
    )
    text = copy.read_text(encoding="utf-8")
    assert 'type="unfinished"' not in text, (
        "strings without a Japanese translation: run scripts/build_translations.sh"
    )
    assert text.count("<source>") == TS.read_text(encoding="utf-8").count("<source>"), (
        "the .ts is out of date"
    )


def test_the_committed_qm_is_built_from_the_ts(tmp_path: Path) -> None:
    built = tmp_path / "ja.qm"
    subprocess.run(
        [str(BIN / "pyside6-lrelease"), str(TS), "-qm", str(built)], check=True, capture_output=True
    )
    assert built.read_bytes() == QM.read_bytes(), "rebuild the .qm: scripts/build_translations.sh"


def test_the_window_speaks_japanese_and_stops_when_closed(qtbot: QtBot, gui_services: GuiServices) -> None:
    services = GuiServices(**{**vars(gui_services), "settings": Settings(language="ja", theme="light")})
    window = open_window(qtbot, services)
    assert window.translators, "the Japanese .qm did not load"
    labels = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert labels == ["概要", "取引", "コールドストレージ", "リスク", "アドバイス", "PSBT", "設定"]
    banner = window.risk_page.banner
    assert banner is not None and "テストネット" in banner.text()
    window.close()
    assert QCoreApplication.translate("MainWindow", "Overview") == "Overview"


def test_device_errors_are_shown_in_japanese(qapp: QApplication) -> None:
    from app.services.device_service import DeviceServiceError
    from ui.errors import user_message
    from ui.i18n import install_translators, remove_translators

    error = DeviceServiceError("PIN entry cancelled [cancelled]", "cancelled")
    assert user_message(error) == "The action was cancelled. (PIN entry cancelled [cancelled])"
    translators = install_translators(qapp, "ja")
    try:
        assert user_message(error) == "操作はキャンセルされました。 (PIN entry cancelled [cancelled])"
        assert user_message(DeviceServiceError("no such account")) == "no such account"  # no code: as is
    finally:
        remove_translators(qapp, translators)
