"""`coldsplit settings`: show and change the saved preferences."""

from __future__ import annotations

import argparse
import json

from app.cli.context import CommandContext
from app.errors import SettingsError
from app.settings import Network, Settings, save_settings

_LANGUAGES = ("system", "en", "ja")
_THEMES = ("system", "light", "dark")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("settings", help="show or change saved preferences")
    actions = parser.add_subparsers(dest="settings_action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="print the settings as JSON")
    show.set_defaults(handler=show_settings)
    change = actions.add_parser("set", help="change one setting")
    change.add_argument("key", choices=["network", "language", "theme"])
    change.add_argument("value")
    change.set_defaults(handler=set_setting)


def _as_json(ctx: CommandContext, settings: Settings) -> str:
    return json.dumps(
        {
            "network": settings.network.value,
            "language": settings.language,
            "theme": settings.theme,
            "settings_file": str(ctx.settings_path),
            "data_dir": str(ctx.data_dir),
        },
        indent=2,
    )


def show_settings(args: argparse.Namespace, ctx: CommandContext) -> int:
    print(_as_json(ctx, ctx.settings))
    return 0


def set_setting(args: argparse.Namespace, ctx: CommandContext) -> int:
    key: str = args.key
    value: str = args.value
    settings = ctx.settings
    if key == "network":
        settings = settings.with_network(Network.parse(value))
    elif value not in (_LANGUAGES if key == "language" else _THEMES):
        allowed = ", ".join(_LANGUAGES if key == "language" else _THEMES)
        raise SettingsError(f"unknown {key} {value!r}; choose one of {allowed}")
    elif key == "language":
        settings = Settings(settings.network, value, settings.theme, settings.extra)
    else:
        settings = Settings(settings.network, settings.language, value, settings.extra)
    save_settings(ctx.settings_path, settings)
    print(_as_json(ctx, settings))
    return 0
