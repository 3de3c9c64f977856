"""`coldsplit gui`: demo is the default on first run; the command reaches ui.app.run."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from app.cli.context import CommandContext
from app.cli.gui_cmd import build_services, is_demo, load_gui_runner
from app.settings import Settings, save_settings
from ui.app import run
from wallet.types import Network


def _ctx(tmp_path: Path, settings: Settings) -> CommandContext:
    return CommandContext(
        data_dir=tmp_path, config_dir=tmp_path, settings=settings, network=settings.network, debug=False
    )


def test_first_run_is_demo(tmp_path: Path) -> None:
    ctx = _ctx(tmp_path, Settings(network=Network.MAINNET))
    assert is_demo(argparse.Namespace(demo=False), ctx)
    services = build_services(ctx, demo=True)
    assert services.demo and services.network is Network.TESTNET


def test_saved_live_mode_is_not_demo_unless_asked(tmp_path: Path) -> None:
    settings = Settings(network=Network.MAINNET, gui_mode="live")
    save_settings(tmp_path / "settings.json", settings)
    ctx = _ctx(tmp_path, settings)
    assert not is_demo(argparse.Namespace(demo=False), ctx)
    assert is_demo(argparse.Namespace(demo=True), ctx)
    assert build_services(ctx, demo=False).network is Network.MAINNET


def test_command_reaches_the_ui_entry() -> None:
    assert load_gui_runner() is run


def test_importing_the_cli_does_not_load_qt() -> None:
    code = "import sys, app.cli.main, app.cli.gui_cmd; print('PySide6' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_building_the_services_loads_no_heavy_library(tmp_path: Path) -> None:
    """The window paints before bdk, trezorlib, ccxt, numpy, the holdings or the advisor load (they
    load on first use: numpy alone is ~0.2–0.4 s of a start under load)."""
    code = (
        "import sys; from pathlib import Path; from app.cli.context import CommandContext;"
        "from app.cli.gui_cmd import build_services; from app.settings import Network, Settings;"
        f"build_services(CommandContext(Path({str(tmp_path)!r}), Path({str(tmp_path)!r}), Settings(), Network.TESTNET, False), True);"
        "heavy = ('bdkpython', 'trezorlib', 'ccxt', 'hwilib', 'bip_utils', 'numpy', 'app.advisor', 'app.holdings');"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
