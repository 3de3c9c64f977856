"""The layering of ARCHITECTURE.md that import-linter cannot see, and file-size limits."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("app", "wallet", "risk", "ui")


def _imported_roots(path: Path) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def test_risk_imports_numpy_and_the_standard_library_only() -> None:
    allowed = set(sys.stdlib_module_names) | {"numpy", "risk"}
    for path in sorted((ROOT / "risk").rglob("*.py")):
        extra = _imported_roots(path) - allowed
        assert not extra, f"{path.relative_to(ROOT)} imports {sorted(extra)}"


def test_qt_lives_only_in_ui() -> None:
    for package in ("app", "wallet", "risk"):
        for path in sorted((ROOT / package).rglob("*.py")):
            qt = _imported_roots(path) & {"PySide6", "pyqtgraph", "shiboken6"}
            assert not qt, f"{path.relative_to(ROOT)} imports {sorted(qt)}"


def test_source_files_stay_small() -> None:
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            lines = len(path.read_text().splitlines())
            assert lines <= 600, f"{path.relative_to(ROOT)} has {lines} lines; split it by job"
