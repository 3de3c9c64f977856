"""QR codes as pixmaps (segno renders; Qt only displays).

One QR code (version 40, error level M) holds 2,331 bytes; a PSBT is usually larger.
Rather than guess a size limit, ask segno: it raises DataOverflowError when the text does
not fit, and the caller then offers the file instead (`None` here).
"""

from __future__ import annotations

import io

from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel


def qr_pixmap(text: str, scale: int = 5) -> QPixmap | None:
    """The text as one QR code, or None when it does not fit a single code."""
    import segno  # on first use: segno's writers pull in urllib and friends (not before the first paint)

    try:
        code = segno.make(text, error="m")
    except segno.DataOverflowError:
        return None
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=scale, border=2)
    pixmap = QPixmap()
    pixmap.loadFromData(buffer.getvalue(), "PNG")
    return pixmap


def show_qr(label: QLabel, text: str, scale: int, too_large: str) -> bool:
    """Put the QR code of `text` on `label`, or the `too_large` sentence when it does not fit."""
    pixmap = qr_pixmap(text, scale)
    if pixmap is None:
        label.clear()
        label.setWordWrap(True)
        label.setText(too_large)
        return False
    label.setPixmap(pixmap)
    return True
