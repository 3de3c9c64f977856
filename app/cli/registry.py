"""The explicit list of command groups the CLI offers, loaded only when used.

Each command module registers its own subcommands on the shared subparsers object
and sets ``handler`` (a `CommandHandler`) as the parser default. The modules pull in
heavy libraries (ccxt, bip-utils, trezorlib, bdk, Qt through the gui command), so the
top level lists every command from this table alone and imports only the modules of
the command actually run: `coldsplit risk …` never pays for ccxt. There is no
discovery by name: a new command group is added here, visibly.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, cast

from app.cli.context import CommandContext

CommandHandler = Callable[[argparse.Namespace, CommandContext], int]


class CommandGroup(Protocol):
    """A module that adds subcommands to the `coldsplit` parser."""

    def register(self, subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None: ...


@dataclass(frozen=True)
class CommandEntry:
    """Top-level command words, their one-line summary, and the modules that register them."""

    names: tuple[str, ...]  # the first is listed; the rest are aliases
    summary: str
    modules: tuple[str, ...]

    def load(self) -> list[CommandGroup]:
        return [cast(CommandGroup, importlib.import_module(module)) for module in self.modules]


_ADVICE = ("app.cli.advice_cmd",)

COMMANDS: tuple[CommandEntry, ...] = (
    CommandEntry(("settings",), "show or change saved preferences", ("app.cli.settings_cmd",)),
    CommandEntry(
        ("risk",),
        "liquidation-cascade risk engine",
        ("app.cli.risk_cmd", "app.cli.risk_report_cmd", "app.cli.risk_calibrate_cmd"),
    ),
    CommandEntry(
        ("device",), "hardware wallets: list, info, xpub, address, sign a message", ("app.cli.device_cmd",)
    ),
    CommandEntry(
        ("emulator",),
        "run the software hardware-wallet device (NOT secure storage) until Ctrl-C",
        ("app.cli.emulator_cmd",),
    ),
    CommandEntry(("cold",), "the cold-storage account (watch-only)", ("app.cli.cold_cmd",)),
    CommandEntry(
        ("wallet",), "the cold account's watch-only wallet: sync, balance, spend", ("app.cli.wallet_cmd",)
    ),
    CommandEntry(
        ("psbt",), "review, convert, combine, finalize and extract PSBTs (offline)", ("app.cli.psbt_cmd",)
    ),
    CommandEntry(
        ("accounts",), "exchange accounts: API import, CSV, manual entry", ("app.cli.accounts_cmd",)
    ),
    CommandEntry(
        ("market",), "live market data for the engine: depth, open interest, funding", ("app.cli.market_cmd",)
    ),
    CommandEntry(("holdings",), "what sits on exchanges and in cold storage", _ADVICE),
    CommandEntry(
        ("advice", "advise"), "what can move to cold storage now, what to cut, what is dangerous", _ADVICE
    ),
    CommandEntry(("stress-policy",), "the stress the advisor plans for (saved in settings)", _ADVICE),
    CommandEntry(("eth-address",), "device-verified Ethereum cold addresses", _ADVICE),
    CommandEntry(
        ("eth",),
        "the Ethereum cold account: sync, balance, history, tokens, send, sign",
        ("app.cli.eth_cmd",),
    ),
    CommandEntry(("gui",), "open the desktop window (demo mode on first run)", ("app.cli.gui_cmd",)),
)


def find_command(word: str) -> CommandEntry | None:
    """The entry a command word (or alias) belongs to."""
    return next((entry for entry in COMMANDS if word in entry.names), None)


def command_groups(only: CommandEntry | None = None) -> list[CommandGroup]:
    """The modules to register: those of `only`, or of every command (tests, the bundle)."""
    entries: Sequence[CommandEntry] = COMMANDS if only is None else (only,)
    groups: list[CommandGroup] = []
    for entry in entries:
        groups.extend(group for group in entry.load() if group not in groups)
    return groups
