"""Fixtures shared by the whole suite."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An empty data dir for one test (store, logs, settings live here via --data-dir)."""
    path = tmp_path / "data"
    path.mkdir()
    return path
