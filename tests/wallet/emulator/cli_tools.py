"""Run third-party command-line clients (trezorctl, hwi) from the venv, with timeouts."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tests.wallet.conftest import EmulatorFactory
from wallet.emulator.emulator import Emulator
from wallet.emulator.server import ServerError

BIN = Path(sys.executable).parent
TREZOR_EMULATOR_PORT = 21324


def run_tool(tool: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / tool), *args], capture_output=True, text=True, timeout=timeout)


def hwi_json(*args: str) -> Any:
    result = run_tool("hwi", *args)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def start_on_default_port(
    make_emulator: EmulatorFactory, identity: str, wait: float = 60.0, **options: Any
) -> Emulator:
    """Start on 21324 (the only port `hwi --emulators enumerate` probes), waiting if it is briefly busy."""
    deadline = time.monotonic() + wait
    while True:
        try:
            return make_emulator(identity, port=TREZOR_EMULATOR_PORT, **options)
        except ServerError:
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.5)
