"""`coldsplit gui [--demo]`: the desktop window.

This is the one place the application reaches into `ui`. The import is made by name at
run time so that importing `app` never loads Qt (the contract "app never imports Qt"),
and the services the window needs are built here — the composition root — because the
GUI may not import device, chain or exchange libraries itself.

Demo mode (the software device on testnet and the sample portfolio, nothing sent
anywhere) is the default on first run, i.e. while no settings file exists, and whenever
the saved mode is not "live".
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import cast

from app.cli.context import CommandContext
from app.errors import UserError
from app.events import EventBus
from app.services.eth_wallet import EthWalletService
from app.services.lazy import (
    LazyDeviceFactory,
    lazy_advice,
    lazy_cold_wallet,
    lazy_fragility,
    lazy_psbt_tools,
    lazy_trading,
)
from app.services.ports import GuiServices
from app.usecases.demo_holdings import DEMO_SUBDIR
from wallet.types import Network

UI_ENTRY_MODULE = "ui.app"

GuiRunner = Callable[[GuiServices, Sequence[str]], int]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("gui", help="open the desktop window (demo mode on first run)")
    parser.add_argument(
        "--demo", action="store_true", help="software device on testnet and the sample portfolio"
    )
    parser.set_defaults(handler=run_gui)


def is_demo(args: argparse.Namespace, ctx: CommandContext) -> bool:
    if args.demo or not ctx.settings_path.exists():
        return True
    return ctx.settings.gui_mode != "live"


def build_services(ctx: CommandContext, demo: bool) -> GuiServices:
    """The services for the window; demo keeps its own store so it never mixes with real accounts."""
    network = Network.TESTNET if demo else ctx.network
    data_dir = ctx.data_dir / DEMO_SUBDIR if demo else ctx.data_dir
    db_path = data_dir / "coldsplit.sqlite3"
    backend = None if demo else ctx.settings.chain_backends.get(network)
    events = EventBus()
    return GuiServices(
        demo=demo,
        settings=ctx.settings,
        network=network,
        config_dir=ctx.config_dir,
        data_dir=data_dir,
        fragility=lazy_fragility(),
        device_factory=LazyDeviceFactory(db_path, network, demo, events),
        psbt=lazy_psbt_tools(db_path, network, backend, demo, data_dir, ctx.settings_path),
        advice=lazy_advice(db_path, network, ctx.settings_path, demo),
        cold_wallet=lazy_cold_wallet(db_path, network, data_dir, backend, demo, ctx.settings_path, events),
        trading=lazy_trading(db_path, demo, events, network),
        eth_wallet=EthWalletService(db_path, ctx.settings_path, demo, events),
        events=events,
    )


def load_gui_runner() -> GuiRunner:
    module = importlib.import_module(UI_ENTRY_MODULE)
    return cast(GuiRunner, module.run)


_DISPLAY_PLATFORMS = {"", "xcb", "wayland", "wayland-egl"}  # Qt's plugins that need a display server


def check_display(environ: Mapping[str, str], platform: str) -> None:
    """Refuse before Qt starts when it could only abort: on Linux with no X11 or Wayland display,
    Qt's xcb plugin prints a misleading "xcb-cursor0 is needed" and aborts the process."""
    if not platform.startswith("linux"):
        return
    plugins = {name.split(":")[0].strip() for name in environ.get("QT_QPA_PLATFORM", "").split(";")}
    if not plugins <= _DISPLAY_PLATFORMS or environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return
    raise UserError(
        "no display to open the window on (DISPLAY and WAYLAND_DISPLAY are unset); on a machine "
        "without a screen run `coldsplit risk report --portfolio demo`, or set QT_QPA_PLATFORM=offscreen"
    )


def run_gui(args: argparse.Namespace, ctx: CommandContext) -> int:
    check_display(os.environ, sys.platform)
    services = build_services(ctx, is_demo(args, ctx))
    return load_gui_runner()(services, ["coldsplit"])
