"""Fixtures shared by the whole suite, and the rule for tests that need the OS keyring.

Tests marked `os_keyring` use the real Secret Service (D-Bus + gnome-keyring), which
scripts/with-test-services.sh starts privately for `make test` (it sets
COLDSPLIT_TEST_SERVICES). There they must run: if the keyring is not usable they fail
with the reason. Under a plain `pytest` they are skipped, and the run ends with a banner
saying how many did not run and why, so a green run without them is never mistaken for
a full one.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

KEYRING_MARK = "os_keyring"
SERVICES_ENV = "COLDSPLIT_TEST_SERVICES"
NOT_HERE = (
    "needs the private OS keyring (Secret Service) of scripts/with-test-services.sh; `make test` runs it"
)
_skipped_keyring_tests: list[str] = []


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An empty data dir for one test (store, logs, settings live here via --data-dir)."""
    path = tmp_path / "data"
    path.mkdir()
    return path


def _keyring_problem() -> str | None:
    """Why the Secret Service cannot be used here, or None when it can."""
    from app.secrets import SecretStore

    store = SecretStore()
    if not store.has_backend or "SecretService" not in store.backend_name:
        return f"the OS keyring is {store.backend_name!r}, not the Secret Service the test services start"
    return None


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker(KEYRING_MARK) is None:
        return
    if not os.environ.get(SERVICES_ENV):
        _skipped_keyring_tests.append(item.nodeid)
        pytest.skip(NOT_HERE)
    problem = _keyring_problem()
    if problem is not None:  # under the test services these tests must run: say why they cannot
        pytest.fail(f"keyring test cannot run under scripts/with-test-services.sh: {problem}", pytrace=False)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _skipped_keyring_tests:
        terminalreporter.section("OS keyring tests NOT run", sep="!", red=True, bold=True)
        terminalreporter.line(
            f"{len(_skipped_keyring_tests)} tests {NOT_HERE}. Run: bash scripts/with-test-services.sh "
            ".venv/bin/python -m pytest (or make test).",
            red=True,
            bold=True,
        )
