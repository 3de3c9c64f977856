"""`coldsplit settings`: show and change the saved preferences (app.usecases.settings)."""

from __future__ import annotations

import argparse
import json

from app.cli.context import CommandContext
from app.errors import SettingsError
from app.settings import Settings, parse_network
from app.usecases.settings import SettingsChange, change_settings


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("settings", help="show or change saved preferences")
    actions = parser.add_subparsers(dest="settings_action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="print the settings as JSON")
    show.set_defaults(handler=show_settings)
    change = actions.add_parser(
        "set",
        help="change one setting (chain backend: `wallet backend`; stress policy: `advice stress-policy`)",
    )
    change.add_argument("key", choices=["network", "language", "theme", "gui_mode", "min_transfer_usd"])
    change.add_argument("value")
    change.set_defaults(handler=set_setting)


def _as_json(ctx: CommandContext, settings: Settings) -> str:
    return json.dumps(
        {**settings.to_json(), "settings_file": str(ctx.settings_path), "data_dir": str(ctx.data_dir)},
        indent=2,
    )


def show_settings(args: argparse.Namespace, ctx: CommandContext) -> int:
    print(_as_json(ctx, ctx.settings))
    return 0


def _usd(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise SettingsError(f"min_transfer_usd must be a number of USD ≥ 0; got {value!r}") from None


def set_setting(args: argparse.Namespace, ctx: CommandContext) -> int:
    key: str = args.key
    value: str = args.value
    # the typed settings refuse a value they do not know, naming the choices
    if key == "network":
        change = SettingsChange(network=parse_network(value))
    elif key == "language":
        change = SettingsChange(language=value)
    elif key == "theme":
        change = SettingsChange(theme=value)
    elif key == "min_transfer_usd":
        change = SettingsChange(min_transfer_usd=_usd(value))
    else:
        change = SettingsChange(gui_mode=value)
    print(_as_json(ctx, change_settings(ctx.settings_path, change)))
    return 0
