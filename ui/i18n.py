"""Language: English source strings, a Japanese translation from resources/translations.

"system" follows the OS locale; the choice takes effect on the next start (widgets are
built with their translated strings once).
"""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from app.resources import resource_path

LANGUAGES = ("en", "ja")


def choose_language(setting: str) -> str:
    if setting in LANGUAGES:
        return setting
    return "ja" if QLocale.system().name().startswith("ja") else "en"


def install_translators(app: QApplication, language: str) -> list[QTranslator]:
    """Load our translation and Qt's own (standard buttons) for `language`; keep the result alive."""
    installed: list[QTranslator] = []
    if language == "en":
        return installed
    ours = QTranslator(app)
    if ours.load(str(resource_path("translations", f"coldsplit_{language}.qm"))):
        app.installTranslator(ours)
        installed.append(ours)
    qt_own = QTranslator(app)
    if qt_own.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_own)
        installed.append(qt_own)
    return installed


def remove_translators(app: QApplication, translators: list[QTranslator]) -> None:
    for translator in translators:
        app.removeTranslator(translator)
