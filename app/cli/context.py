"""What every CLI command receives: resolved paths, settings and flags for this run."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.settings import SETTINGS_FILE, Settings
from wallet.types import Network


@dataclass(frozen=True)
class CommandContext:
    """The per-run environment a command handler works in.

    `network` is the effective network: the `--network` flag if given, else the
    saved setting. Handlers open the store themselves (`app.store.open_store`) so
    commands that never touch it never create it.
    """

    data_dir: Path
    config_dir: Path
    settings: Settings
    network: Network
    debug: bool

    @property
    def db_path(self) -> Path:
        return self.data_dir / "coldsplit.sqlite3"

    @property
    def settings_path(self) -> Path:
        return self.config_dir / SETTINGS_FILE
