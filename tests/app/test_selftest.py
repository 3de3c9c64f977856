"""The self-test's resource check names what a build failed to ship."""

from __future__ import annotations

import pytest

from app import selftest


def test_every_required_resource_is_shipped_from_source() -> None:
    assert "required ones included" in selftest._resources()


def test_a_missing_required_resource_fails_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    missing = ("translations", "coldsplit_xx.qm")
    monkeypatch.setattr(selftest, "REQUIRED_RESOURCES", (*selftest.REQUIRED_RESOURCES, missing))
    with pytest.raises(RuntimeError, match=r"translations/coldsplit_xx\.qm"):
        selftest._resources()
