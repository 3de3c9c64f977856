"""The window opens no bigger than the screen's free area (a 1280×800 or 1366×768 laptop): the
pages scroll up and down, so only the width their content needs may exceed a small screen.

Run in a child process on Qt's offscreen platform, whose screen is 800×800 (the test session's
own Xvfb screen is larger than the window's 1280×860)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = r"""
import json, sys, tempfile
from pathlib import Path
from app.cli.context import CommandContext
from app.cli.gui_cmd import build_services
from app.settings import Settings
from ui.app import application, build_window
from wallet.types import Network
app = application(["fits"])
root = Path(tempfile.mkdtemp())
ctx = CommandContext(root, root, Settings(language="en"), Network.TESTNET, False)
window = build_window(build_services(ctx, True), app)
window.show()
app.processEvents()
free = window.screen().availableGeometry().size()
print(json.dumps({"free": free.toTuple(), "size": window.size().toTuple(),
                  "minimum": window.minimumSizeHint().toTuple()}))
window.close()
"""


def test_the_window_is_no_taller_than_the_screen_and_only_as_wide_as_the_pages_need() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run(
        [sys.executable, "-c", CHILD], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr[-2000:]
    found = json.loads(run.stdout.strip().splitlines()[-1])
    (free_w, free_h), (width, height), (min_w, _) = found["free"], found["size"], found["minimum"]
    assert (free_w, free_h) == (800, 800)  # the offscreen screen
    assert height == free_h  # 860 wanted, 800 free: the pages scroll instead
    assert width == max(min_w, free_w) < 1280
