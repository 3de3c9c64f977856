"""The command table: it lists what the modules register, and a command loads only its own modules."""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest

from app.cli.main import build_parser
from app.cli.registry import COMMANDS, CommandEntry


def _command_helps(parser: argparse.ArgumentParser) -> dict[str, str | None]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {choice.dest: choice.help for choice in action._choices_actions}


def test_the_table_lists_exactly_what_the_modules_register_with_the_same_summaries() -> None:
    registered = _command_helps(build_parser())
    listed = {entry.names[0]: entry.summary for entry in COMMANDS}
    assert registered == listed


@pytest.mark.parametrize("entry", COMMANDS, ids=lambda entry: entry.names[0])
def test_every_command_word_parses_with_only_its_own_modules(entry: CommandEntry) -> None:
    for word in entry.names:
        parser = build_parser(word)
        with pytest.raises(SystemExit) as exit_info:
            parser.parse_args([word, "--help"])
        assert exit_info.value.code == 0


def test_a_risk_command_imports_neither_exchanges_nor_device_libraries() -> None:
    probe = (
        "import sys\n"
        "from app.cli.main import run\n"
        "code = run(['risk', 'loop', '--capital', '100', '--ltv', '0.5', '--cycles', '1', '--lt', '0.9'])\n"
        "heavy = sorted(m for m in ('ccxt', 'trezorlib', 'hwilib', 'bdkpython', 'PySide6') if m in sys.modules)\n"
        "print(code, ','.join(heavy) or '-')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip().splitlines()[-1] == "0 -"
