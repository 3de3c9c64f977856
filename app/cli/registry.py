"""The explicit list of command groups the CLI offers.

Each module registers its own subcommands on the shared subparsers object and sets
``handler`` (a `CommandHandler`) as the parser default. There is no discovery by
name: a new command group is added here, visibly.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Protocol

from app.cli.context import CommandContext

CommandHandler = Callable[[argparse.Namespace, CommandContext], int]


class CommandGroup(Protocol):
    """A module that adds subcommands to the `coldsplit` parser."""

    def register(self, subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None: ...


def command_groups() -> list[CommandGroup]:
    """All command groups, in the order `coldsplit --help` lists them."""
    from app.cli import (
        accounts_cmd,
        advice_cmd,
        cold_cmd,
        device_cmd,
        emulator_cmd,
        gui_cmd,
        market_cmd,
        psbt_cmd,
        risk_cmd,
        risk_report_cmd,
        settings_cmd,
        wallet_cmd,
    )

    return [
        settings_cmd,
        risk_cmd,
        risk_report_cmd,
        device_cmd,
        emulator_cmd,
        cold_cmd,
        wallet_cmd,
        psbt_cmd,
        accounts_cmd,
        market_cmd,
        advice_cmd,
        gui_cmd,
    ]
