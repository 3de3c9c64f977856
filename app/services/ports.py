"""What the GUI is handed by the composition root: plain data and small interfaces.

The GUI may not import device, chain or exchange libraries, even indirectly, so the
services that need them are built in `app.cli.gui_cmd` and passed in as objects that
satisfy these protocols. This module itself imports nothing heavy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from app.settings import Network, Settings


@dataclass(frozen=True)
class FragilityReading:
    """One market fragility signal: "warning", "ok" or "unknown", with its threshold and reading."""

    name: str
    status: str
    threshold: str
    reading: str


class FragilitySource(Protocol):
    def signals(self, preset_name: str) -> list[FragilityReading]:
        """The signals for BTC, from the latest stored snapshot or the preset's figures."""
        ...


@dataclass(frozen=True)
class DeviceScreen:
    """What the (software) device shows while it waits for a decision."""

    title: str
    lines: tuple[str, ...]
    is_entry: bool = False
    secret: bool = False
    default: str = ""


@dataclass(frozen=True)
class ScreenAnswer:
    accepted: bool
    text: str | None = None


# Called on the software device's own thread; blocks until the person answers.
ScreenHandler = Callable[[DeviceScreen], ScreenAnswer]


@dataclass(frozen=True)
class GuiServices:
    """Everything the window needs from the application, built once at start-up."""

    demo: bool
    settings: Settings
    network: Network
    config_dir: Path
    data_dir: Path
    fragility: FragilitySource
    extras: dict[str, object] = field(default_factory=dict)
