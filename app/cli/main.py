"""Entry point of `coldsplit` (console script) and `python -m app`.

The top level parses global flags, resolves the data dir and settings, sets up
logging, then dispatches to the handler a command group registered. Every failure
is one line on stderr (or, with ``--json``, one JSON object on stdout) and an exit
code by kind — 2 usage or bad input, 3 device, 4 network, 70 internal (see
`app.errors` and the ``--help`` epilog); tracebacks appear only with ``--debug``.
Arguments that are not valid UTF-8 are refused before anything else runs.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn, cast

from app import __version__
from app.cli.context import CommandContext
from app.cli.registry import COMMANDS, CommandEntry, command_groups, find_command
from app.errors import ExitCode, UsageError, UserError
from app.logs import configure_logging
from app.settings import SETTINGS_FILE, default_config_dir, default_data_dir, load_settings
from wallet.types import Network

log = logging.getLogger(__name__)

EXIT_CODES_HELP = """\
exit codes:
  0    done
  1    a check ran and failed (risk replay, --self-test)
  2    usage error or bad input data (a file, value or stored state you can fix)
  3    device error: the hardware wallet failed, refused, or is not connected
  4    network error: an exchange or chain backend was unreachable or answered badly
  70   internal error: a bug in ColdSplit (run again with --debug and report it)
  141  the reader of standard output went away (e.g. `| head`); nothing is printed
  130  interrupted (Ctrl-C)

errors: one line on standard error; with --json, one JSON object on standard output instead:
  {"error": "<message>", "code": "<usage|bad_input|device|network|internal|interrupted>",
   "exit_code": <n>, "detail": "<the device's own code, when it gave one>"}
"""


class OneLineParser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line and exit code 2."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see --help)")


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
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
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
    """Run one command; the exit code says how it ended (see `app.errors`)."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    wants_json = _json_requested(arguments)
    debug = "--debug" in arguments
    logging_ready = False
    try:
        check_arguments_text(arguments)
        word = _command_word(arguments)
        parser = build_parser(word) if word else _parser(None, everything=False)
        args = parser.parse_args(arguments)
        debug = bool(args.debug)
        if args.self_test:
            from app.selftest import run_self_test

            return run_self_test()
        if args.command is None:
            parser.print_help()
            return int(ExitCode.BAD_INPUT)
        ctx = make_context(args)
        start_logging(ctx.data_dir, debug=ctx.debug)
        logging_ready = True
        log.info("coldsplit %s: %s", __version__, args.command)
        code: int = args.handler(args, ctx)
        return code
    except UserError as exc:
        return _fail(exc.kind, exc.message, exc.exit_code, exc.detail, json_out=wants_json, debug=debug)
    except BrokenPipeError:  # the reader went away (`| head`): nothing to report, as a C tool
        _silence_stdout()
        return int(ExitCode.PIPE_CLOSED)
    except KeyboardInterrupt:
        return _fail(
            "interrupted", "interrupted", ExitCode.INTERRUPTED, None, json_out=wants_json, debug=False
        )
    except Exception as exc:  # the last line of defence: a bug, not a user error
        if logging_ready:  # before that, logging would print the traceback on the terminal
            log.exception("unexpected error")
        message = f"internal error: {type(exc).__name__}: {one_line(str(exc))} (run with --debug)"
        return _fail("internal", message, ExitCode.INTERNAL, None, json_out=wants_json, debug=debug)


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass  # not a real file (a test's capture): nothing will be flushed to a pipe


def _json_requested(arguments: Sequence[str]) -> bool:
    """`--json` anywhere among the options (not after ``--``) asks for a JSON error too."""
    options = arguments[: arguments.index("--")] if "--" in arguments else arguments
    return "--json" in options


def check_arguments_text(arguments: Sequence[str]) -> None:
    """Refuse arguments that are not valid text (Python keeps undecodable bytes as surrogates)."""
    for position, argument in enumerate(arguments, start=1):
        if "\x00" in argument:  # no shell can pass one; a caller of run() might
            raise UsageError(f"argument {position} holds a NUL character")
        try:
            argument.encode("utf-8")
        except UnicodeEncodeError:
            shown = argument.encode("utf-8", "surrogateescape").decode("ascii", "backslashreplace")
            raise UsageError(f"argument {position} ({shown[:40]!r}) is not valid UTF-8 text") from None


def start_logging(data_dir: Path, *, debug: bool) -> None:
    """The log file in the data dir; a data dir that cannot hold it is the user's to fix."""
    try:
        configure_logging(data_dir, debug=debug)
    except OSError as exc:
        raise UserError(f"cannot use the data dir {data_dir}: {exc.strerror or exc}") from None


def one_line(text: str) -> str:
    return " ".join(text.split())[:300]


def _printable(text: str) -> str:
    """Any undecodable byte a message carries (a file name) shown as an escape, never a crash."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _fail(kind: str, message: str, exit_code: int, detail: str | None, *, json_out: bool, debug: bool) -> int:
    """Report a failure: one line on stderr, or (with --json) one JSON object on stdout."""
    if debug:
        traceback.print_exc()
    message = _printable(message)
    if json_out:
        error: dict[str, object] = {"error": message, "code": kind, "exit_code": int(exit_code)}
        if detail:
            error["detail"] = detail
        print(json.dumps(error), flush=True)
    else:
        print(
            f"coldsplit: error: {message}" if kind != "interrupted" else "coldsplit: interrupted",
            file=sys.stderr,
        )
    return int(exit_code)


def main() -> NoReturn:
    for stream in (sys.stdout, sys.stderr):  # never fail on printing a name the terminal cannot show
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    sys.exit(run())
