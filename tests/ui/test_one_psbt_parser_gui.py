"""The PSBT page reads a PSBT only through our strict parser (issue 17, point 4).

Vectors that our parser refuses while hwilib or bdk would take them (see
tests/app/test_one_psbt_parser.py) are refused on the page whichever way they arrive —
pasted text, a file, QR frames from a camera — and nothing is loaded.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from app.airgap.frames import frame_texts, render_png
from app.airgap.settings import AnimationSettings, QrFormat
from app.services.ports import GuiServices
from tests.app.test_one_psbt_parser import INVALID, SAMPLE
from tests.ui.helpers import open_window
from ui.pages.psbt_page import PsbtPage
from ui.qr_scan import ImageFrameSource
from wallet.psbt.errors import PsbtError
from wallet.psbt.model import decode_psbt_input, load_psbt


def _refused(qtbot: QtBot, page: PsbtPage, load: object) -> str:
    with qtbot.waitSignal(page.failed, timeout=15_000) as failed:
        load()  # type: ignore[operator]
    assert page.document is None
    return str(failed.args[0])


@pytest.mark.parametrize("index", SAMPLE)
def test_the_psbt_page_refuses_them_as_text_file_and_qr_frames(
    index: int, qtbot: QtBot, gui_services: GuiServices, tmp_path: Path
) -> None:
    window = open_window(qtbot, gui_services)
    window.show_page("psbt")
    page = window.psbt_page
    raw = decode_psbt_input(INVALID[index].encode())
    with pytest.raises(PsbtError) as ours:
        load_psbt(raw)
    reason = str(ours.value)  # the page says what our parser says
    assert reason in _refused(qtbot, page, lambda: page.load_text(INVALID[index]))
    path = tmp_path / "in.psbt"
    path.write_bytes(raw)
    assert reason in _refused(qtbot, page, lambda: page.load_path(path))
    images = []
    for text in frame_texts(raw, AnimationSettings(QrFormat.UR, 12)):
        image = QImage()
        assert image.loadFromData(render_png(text, scale=3), "PNG")
        images.append(image)
    assert reason in _refused(qtbot, page, lambda: page.open_scan(ImageFrameSource(images, 30, page)))
