"""Audit every page for cut-off text (and, in Japanese, for English), in a real window.

    python -m tests.ui.readable_run LANG REPORT.json [SHOTS_DIR]

Opens the demo window in LANG on temp dirs and walks the demo so every page has content
(tests.ui.screenshot_run.walk_demo), auditing the software device's screens as they
appear. Then, in the light and the dark theme, at 1280×800 and 1920×1080, it shows
each page and lists the text a person cannot read whole (tests.ui.page_audit); in
Japanese also the visible English. The common dialogs and the confirm overlay are
opened and audited the same way. The findings go to REPORT.json; with SHOTS_DIR the
pages are also saved there as <page>_<lang>[_dark].png at 1280×800 (docs/screenshots
is refreshed this way: scripts/refresh_screenshots.sh).
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QTabBar, QTabWidget, QWidget

from app.services.device_service import DeviceServiceError
from app.services.ports import VenueChoice
from tests.ui.page_audit import clipped_text, english_words, visible_texts
from tests.ui.screenshot_run import services, settle, walk_demo
from ui.app import application, build_window
from ui.dialogs.account_dialog import AddAccountDialog, EditEntryDialog
from ui.dialogs.eth_account_dialog import EthAccountDialog
from ui.dialogs.import_dialog import ImportCsvDialog
from ui.dialogs.passphrase_dialog import PassphraseDialog
from ui.dialogs.pin_dialog import PinMatrixDialog
from ui.domain_words import portfolio_name
from ui.errors import user_message
from ui.main_window import MainWindow
from ui.theme import apply_theme, restyle_plots

SIZES = ((1280, 800), (1920, 1080))
THEMES = ("light", "dark")
SHOT_SIZE = (1280, 800)


def allowed_words() -> frozenset[str]:
    """Names and symbols that stay in Latin letters in Japanese (tests/ui/latin_words_ja.txt)."""
    lines = (Path(__file__).with_name("latin_words_ja.txt")).read_text(encoding="utf-8").splitlines()
    return frozenset(word for line in lines if not line.startswith("#") for word in line.split())


def data_names(window: MainWindow) -> frozenset[str]:
    """The words of names that come from the person's data (account and portfolio names), shown as given."""
    holdings = window.trading_page.holdings
    if holdings is None:
        return frozenset()
    # The sample's own name is ColdSplit's words (translated), not the person's data.
    own = portfolio_name(holdings.name) != holdings.name
    names = [*([] if own else [holdings.name]), *(a.account for a in holdings.accounts)]
    return frozenset(word for name in names for word in name.split())


class Audit:
    """What the run found, keyed by where (theme, size, page or dialog)."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.clipped: list[str] = []
        self.english: list[str] = []
        self.sizes: list[str] = []
        self.allowed = allowed_words()

    def check(self, where: str, root: QWidget, words: bool = True) -> None:
        self.clipped.extend(f"{where}: {p}" for p in clipped_text(root))
        if words and self.language == "ja":
            self.english.extend(f"{where}: {p}" for p in english_words(visible_texts(root), self.allowed))

    def report(self) -> dict[str, list[str]]:
        return {
            "clipped": sorted(set(self.clipped)),
            "english": sorted(set(self.english)),
            "sizes": self.sizes,
        }


def audit_device_screens(window: MainWindow, audit: Audit) -> None:
    """Audit the software device (and the overlay) each time it shows a screen, before it is pressed."""
    panel = window.software_device
    if panel is None:
        return

    def on_screen(_screen: object) -> None:
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)  # lay out what was just shown
        audit.check("device screen", panel)
        if window.overlay.isVisible():
            audit.check("overlay", window.overlay)

    window.screen_bridge.screen_shown.connect(on_screen)


def each_tab(page: QWidget) -> Iterator[str]:
    """Show each tab of the page's tab widgets and tab bars in turn (only the current one is
    visible; a bar such as Cold storage's Bitcoin/Ethereum switches the page's content); yield
    "" for the page as it is, then "tab<index>" for each other tab."""
    yield ""
    bars = [b for b in page.findChildren(QTabBar) if not isinstance(b.parentWidget(), QTabWidget)]
    for tabs in [*page.findChildren(QTabWidget), *bars]:  # a tab widget's own bar is walked with it
        first = tabs.currentIndex()
        for index in range(tabs.count()):
            if index != first:
                tabs.setCurrentIndex(index)
                settle(0.25)
                yield f"tab{index}"
        tabs.setCurrentIndex(first)


def audit_pages(window: MainWindow, audit: Audit, shots: Path | None) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    for theme in THEMES:
        apply_theme(app, theme)
        restyle_plots(window)
        for width, height in SIZES:
            window.resize(width, height)
            settle(0.3)
            got = window.size()
            if (got.width(), got.height()) != (width, height):
                audit.sizes.append(f"{theme} {width}x{height}: the window is {got.width()}x{got.height()}")
            for key in window.pages:
                window.show_page(key)
                settle(0.25)
                for tab in each_tab(window.pages[key]):
                    where = f"{theme} {width}x{height} {key}" + (f" {tab}" if tab else "")
                    audit.check(where, window, words=theme == "light")
                    if shots is not None and (width, height) == SHOT_SIZE:
                        name = key + (f"_{tab}" if tab else "")  # e.g. cold_tab1: its Ethereum tab
                        suffix = "" if theme == "light" else "_dark"
                        window.grab().save(str(shots / f"{name}_{audit.language}{suffix}.png"))
    apply_theme(app, "light")
    restyle_plots(window)


def _dialogs(window: MainWindow) -> list[tuple[str, Callable[[], QWidget]]]:
    venue = VenueChoice("binance", "Binance", True, False, False)
    return [
        ("pin dialog", lambda: PinMatrixDialog(1, "current", window)),
        ("passphrase dialog", lambda: PassphraseDialog(True, window)),
        ("add account dialog", lambda: AddAccountDialog([venue], "no keyring", window)),
        ("edit entry dialog", lambda: EditEntryDialog("Binance", window)),
        ("import dialog", lambda: ImportCsvDialog(Path("binance.csv"), window)),
        ("ethereum account dialog", lambda: _eth_account_dialog(window)),
    ]


def _eth_account_dialog(window: MainWindow) -> QWidget:
    cold = window.cold_page
    assert cold._eth_wallet is not None  # the demo has its Ethereum wallet
    return EthAccountDialog(cold._eth_wallet, cold._runner, "Trezor T ETH", window)


def audit_dialogs(window: MainWindow, audit: Audit) -> None:
    for name, make in _dialogs(window):
        dialog = make()
        dialog.show()
        settle(0.2)
        audit.check(name, dialog)
        dialog.close()
        dialog.deleteLater()
    window.resize(*SHOT_SIZE)
    window.show_page("psbt")
    qr = window.psbt_page.show_qr_code()
    if qr is not None:
        settle(1.5)  # the codes are drawn in the background
        audit.check("qr dialog", qr)
        qr.close()
    error = DeviceServiceError("the device was unplugged [disconnected]", "disconnected")
    overlay = window.overlay
    compare = (("address", "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx"), ("path", "m/84h/1h/0h/0/1"))
    for action in ("Address", "ConfirmOutput", "SignTx", "FeeOverThreshold", "PinEntry", "Other"):
        overlay.show_notice(action, "", compare)
        settle(0.1)
        audit.check(f"overlay {action}", overlay)
    overlay.hide()
    window._ask_match("tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx", "m/84h/1h/0h/0/1")
    settle(0.2)
    question = window.findChild(QMessageBox, "addressMatchQuestion")
    if question is not None:
        audit.check("address match question", question)
        question.done(0)
    audit.check("error message", _message_label(window, user_message(error)))


def _message_label(window: MainWindow, text: str) -> QWidget:
    """An error box's text as the window shows it (show_error's box, opened and audited)."""
    from ui.widgets import show_error

    show_error(window, text)
    settle(0.2)
    boxes = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window]
    return boxes[-1]


def main(language: str, report_path: Path, shots: Path | None) -> int:
    if shots is not None:
        shots.mkdir(parents=True, exist_ok=True)
    app = application(["readable"])
    audit = Audit(language)
    with tempfile.TemporaryDirectory() as root:
        window = build_window(services(Path(root), language), app)
        window.setWindowState(Qt.WindowState.WindowNoState)
        window.resize(*SHOT_SIZE)
        window.show()
        audit_device_screens(window, audit)
        walk_demo(window)
        audit.allowed |= data_names(window)
        audit_pages(window, audit, shots)
        audit_dialogs(window, audit)
        for widget in QApplication.topLevelWidgets():
            if widget is not window:
                widget.close()
        window.close()
        settle(0.2)
    report_path.write_text(json.dumps(audit.report(), ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]) if len(sys.argv) > 3 else None))
