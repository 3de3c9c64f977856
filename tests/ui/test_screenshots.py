"""Screenshots of every page in English and Japanese, from a real window on the X display.

The test command runs under scripts/with-test-services.sh, which starts Xvfb and sets
DISPLAY; each language runs in its own process on the xcb platform (this process is
offscreen). Pictures go to artifacts/screenshots/<lang>/<page>.png and each must show
a real page: large, and far from a single colour.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "artifacts" / "screenshots"
PAGES = ["overview", "trading", "cold", "risk", "advice", "psbt", "settings"]


def _colour_spread(image: QImage) -> tuple[int, float]:
    """Distinct colours on a sampling grid, and the share of the most common one."""
    counts: Counter[int] = Counter()
    for y in range(0, image.height(), 7):
        for x in range(0, image.width(), 7):
            counts[image.pixel(x, y)] += 1
    total = sum(counts.values())
    return len(counts), counts.most_common(1)[0][1] / total


@pytest.mark.slow
@pytest.mark.skipif(
    not os.environ.get("DISPLAY"), reason="needs an X display (run under with-test-services.sh)"
)
@pytest.mark.parametrize("language", ["en", "ja"])
def test_every_page_is_photographed(language: str) -> None:
    out = OUT / language
    for old in out.glob("*.png"):
        old.unlink()
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb"}
    run = subprocess.run(
        [sys.executable, "-m", "tests.ui.screenshot_run", language, str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=280,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    for page in PAGES:
        image = QImage(str(out / f"{page}.png"))
        assert not image.isNull(), f"{language}/{page}.png is missing or unreadable"
        assert image.width() >= 1200 and image.height() >= 800, (page, image.width(), image.height())
        distinct, dominant = _colour_spread(image)
        assert distinct > 40 and dominant < 0.9, (
            f"{language}/{page}.png looks blank ({distinct}, {dominant:.2f})"
        )
