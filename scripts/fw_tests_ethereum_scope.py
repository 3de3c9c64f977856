"""pytest plugin for scripts/trezor-device-tests.sh SCOPE=ethereum (runs in the firmware tests' venv).

trezor-firmware's harness skips every test marked `altcoin` unless the device reports
Capability.Bitcoin_like. The software device serves Bitcoin and Ethereum but no Bitcoin-like
altcoin (Litecoin, Zcash, ...), so it truthfully leaves Bitcoin_like out; this plugin drops
the `altcoin` marker from the Ethereum test modules only, so that scope runs instead of
being skipped. Nothing else about the tests changes.
"""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        module = item.getparent(pytest.Module)
        if module is None or "device_tests/ethereum/" not in str(module.path).replace("\\", "/"):
            continue
        module.own_markers[:] = [m for m in module.own_markers if m.name != "altcoin"]
        item.own_markers[:] = [m for m in item.own_markers if m.name != "altcoin"]
