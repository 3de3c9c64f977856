"""The pyinstaller one-folder bundle builds and its executable passes --self-test."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_bundle_builds_and_self_tests(tmp_path: Path) -> None:
    pyinstaller = Path(sys.executable).with_name("pyinstaller")
    build = subprocess.run(
        [str(pyinstaller), "--noconfirm", "--distpath", str(tmp_path / "dist"),
         "--workpath", str(tmp_path / "build"), str(ROOT / "pyinstaller.spec")],
        cwd=ROOT, capture_output=True, text=True, timeout=1100,
    )  # fmt: skip
    assert build.returncode == 0, build.stderr[-3000:]
    executable = tmp_path / "dist" / "coldsplit" / "coldsplit"
    result = subprocess.run([str(executable), "--self-test"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test passed" in result.stdout
    version = subprocess.run([str(executable), "--version"], capture_output=True, text=True, timeout=60)
    assert version.stdout.startswith("coldsplit ")
