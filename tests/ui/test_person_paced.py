"""Device flows at a person's pace on a real X window: tests/ui/person_flows.py, run on xcb.

This process's Qt is offscreen (tests/ui/conftest.py), so the flows run in a child pytest
on the Xvfb display that scripts/with-test-services.sh starts, where `widgetAt` and real
mouse events behave as on a desktop. The minute-long read is its own (slow) run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FLOWS = "tests/ui/person_flows.py"

needs_display = pytest.mark.skipif(
    not os.environ.get("DISPLAY"), reason="needs an X display (run under with-test-services.sh)"
)


def _run_flows(marker: str, timeout: float) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb"}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", FLOWS, "-m", marker],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert run.returncode == 0, (run.stdout + run.stderr)[-4000:]
    assert " passed" in run.stdout and " failed" not in run.stdout, run.stdout[-2000:]


@pytest.mark.timeout(900)  # ~2 min on a quiet machine; the deadline is for a hung child only
@needs_display
def test_device_flows_at_a_persons_pace() -> None:
    """The whole flow (connect → … → finalize; en/dark, ja/light), approve after 5 s (en/light,
    ja/dark), verify 3 times, reject on the device and on the host, stale presses, cancel and
    unplug mid-sign, each followed by a working next request."""
    _run_flows("not slow", timeout=840)


@pytest.mark.slow
@needs_display
def test_a_person_reading_for_a_minute() -> None:
    _run_flows("slow", timeout=300)
