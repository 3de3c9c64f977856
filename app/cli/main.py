"""Entry point of `coldsplit` (console script) and `python -m app`.

The top level parses global flags, resolves the data dir and settings, sets up
logging, then dispatches to the handler a command group registered. User errors
print one line and exit 2; tracebacks appear only with ``--debug``.
"""

from __future__ import annotations

import argparse
import logging
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn, cast

from app import __version__
from app.cli.context import CommandContext
from app.cli.registry import COMMANDS, CommandEntry, command_groups, find_command
from app.errors import UserError
from app.logs import configure_logging
from app.settings import SETTINGS_FILE, Network, default_config_dir, default_data_dir, load_settings

log = logging.getLogger(__name__)


class OneLineParser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"coldsplit: error: {message} (see --help)\n")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole parser: every command registered, or only `command`'s modules and the rest listed.

    Registering a command imports its module and the libraries it needs; the listing
    comes from the registry's table alone, so one command never pays for another's.
    """
    return _parser(find_command(command) if command else None, everything=command is None)


def _parser(selected: CommandEntry | None, *, everything: bool) -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="coldsplit",
        description="Split holdings between exchange margin and a hardware-wallet cold account.",
    )
    parser.add_argument("--version", action="version", version=f"coldsplit {__version__}")
    parser.add_argument("--data-dir", type=Path, help="store, logs and wallets here (portable use)")
    parser.add_argument("--config-dir", type=Path, help="read and write settings here")
    parser.add_argument("--network", choices=[n.value for n in Network], help="override for this run")
    parser.add_argument("--debug", action="store_true", help="verbose logs and tracebacks")
    parser.add_argument("--self-test", action="store_true", help="check the installation and exit")
    subparsers = cast(
        "argparse._SubParsersAction[argparse.ArgumentParser]",
        parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser),
    )
    if selected is not None:
        for group in command_groups(selected):
            group.register(subparsers)
    for entry in COMMANDS:
        if entry.names[0] in subparsers.choices:
            continue  # registered already (a module may serve several commands)
        if everything:
            for group in command_groups(entry):
                group.register(subparsers)
        else:
            subparsers.add_parser(
                entry.names[0], aliases=list(entry.names[1:]), help=entry.summary, add_help=False
            )
    return parser


def _command_word(argv: Sequence[str] | None) -> str | None:
    """The command the arguments name, found with the listing-only parser (which also
    answers --help, --version and usage errors without importing any command module)."""
    known, _ = _parser(None, everything=False).parse_known_args(argv)
    word: str | None = known.command
    return word


def make_context(args: argparse.Namespace) -> CommandContext:
    config_dir: Path = args.config_dir or (args.data_dir or default_config_dir())
    data_dir: Path = args.data_dir or default_data_dir()
    settings = load_settings(config_dir / SETTINGS_FILE)
    network = Network(args.network) if args.network else settings.network
    return CommandContext(
        data_dir=data_dir, config_dir=config_dir, settings=settings, network=network, debug=args.debug
    )


def run(argv: Sequence[str] | None = None) -> int:
    word = _command_word(argv)
    parser = build_parser(word) if word else _parser(None, everything=False)
    args = parser.parse_args(argv)
    try:
        if args.self_test:
            from app.selftest import run_self_test

            return run_self_test()
        if args.command is None:
            parser.print_help()
            return 2
        ctx = make_context(args)
        configure_logging(ctx.data_dir, debug=ctx.debug)
        log.info("coldsplit %s: %s", __version__, args.command)
        code: int = args.handler(args, ctx)
        return code
    except UserError as exc:
        _report(f"coldsplit: error: {exc.message}", args.debug)
        return exc.exit_code
    except KeyboardInterrupt:
        print("coldsplit: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # the last line of defence: a bug, not a user error
        log.exception("unexpected error")
        _report(f"coldsplit: internal error: {type(exc).__name__}: {exc} (run with --debug)", args.debug)
        return 1


def _report(line: str, debug: bool) -> None:
    if debug:
        traceback.print_exc()
    print(line, file=sys.stderr)


def main() -> NoReturn:
    sys.exit(run())
