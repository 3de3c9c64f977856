"""Reading and changing the saved settings: one way for `coldsplit settings|wallet backend|
advice stress-policy` and the GUI's Settings page.

A change names only the settings it changes (`SettingsChange`); it is applied to what the
file holds *now*, not to the copy a front-end read at start-up, so a running desktop app
saving its theme no longer undoes a minimum transfer or stress policy the CLI saved
meanwhile. The typed `Settings` validate the result before the file is written
(atomically), and the change is published as `SettingsChanged` for the pages that show it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from app.eth.networks import EthEndpointSetting
from app.events import NO_EVENTS, Publisher, SettingsChanged
from app.settings import ChainBackendSetting, Settings, StressPolicy, load_settings, save_settings
from wallet.types import Network


@dataclass(frozen=True)
class SettingsChange:
    """The settings to change; None leaves one as saved. `backend` is (network, its backend or
    None to forget it); changing the network alone keeps every network's backend."""

    network: Network | None = None
    language: str | None = None
    theme: str | None = None
    gui_mode: str | None = None
    min_transfer_usd: float | None = None
    stress_policy: StressPolicy | None = None
    backend: tuple[Network, ChainBackendSetting | None] | None = None
    eth_endpoint: tuple[EthEndpointSetting | None] | None = None  # (None,) forgets it

    def applied_to(self, settings: Settings) -> Settings:
        """`settings` with this change (the typed settings refuse a value they do not know)."""
        changed = settings if self.network is None else settings.with_network(self.network)
        if self.backend is not None:
            changed = changed.with_backend(*self.backend)
        if self.eth_endpoint is not None:
            changed = replace(changed, eth_endpoint=self.eth_endpoint[0])
        fields = {
            "language": self.language,
            "theme": self.theme,
            "gui_mode": self.gui_mode,
            "min_transfer_usd": self.min_transfer_usd,
            "stress_policy": self.stress_policy,
        }
        given = {name: value for name, value in fields.items() if value is not None}
        return replace(changed, **given) if given else changed  # type: ignore[arg-type]


def read_settings(path: Path) -> Settings:
    """What the settings file holds (the defaults when there is none yet)."""
    return load_settings(path)


def change_settings(path: Path, change: SettingsChange, events: Publisher = NO_EVENTS) -> Settings:
    """Apply `change` to the saved settings, save them and tell who shows them."""
    settings = change.applied_to(read_settings(path))
    save_settings(path, settings)
    events.publish(SettingsChanged(settings))
    return settings
