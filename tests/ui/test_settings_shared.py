"""The CLI and the desktop app share one typed settings file: each reads every setting the other saved.

Both directions, for every setting, plus the version-1 files each front-end wrote before
(the CLI's per-network backend dict, the desktop app's backend URL string), which used to
make the other fail (ChainBackendError one way, SettingsError the other).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.cli.gui_cmd import build_services, is_demo
from app.cli.main import make_context, run
from app.errors import SettingsError
from app.events import EventBus, SettingsChanged
from app.services.chain import backend_config
from app.settings import SETTINGS_FILE, SETTINGS_VERSION, load_settings
from app.usecases.settings import SettingsChange, change_settings
from ui.pages.settings_page import SettingsPage
from wallet.types import Network
from wallet.watch.backends import BackendConfig, BackendKind

CLI_V1 = {
    "network": "mainnet",
    "language": "ja",
    "theme": "dark",
    "chain_backend": {
        "mainnet": {
            "kind": "electrum",
            "url": "ssl://m.example:50002",
            "proxy": "127.0.0.1:9050",
            "timeout_seconds": 30,
            "gap_limit": 50,
        }
    },
    "stress_policy": {"preset": "2026-01-31", "btc_drawdown": 0.2, "buffer": 0.05},
}
GUI_V1 = {
    "network": "regtest",
    "language": "en",
    "theme": "light",
    "gui_mode": "live",
    "chain_backend": "http://127.0.0.1:3002",
}


def _cli(config: Path, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code = run(["--data-dir", str(config), *args])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def _gui_page(qtbot: QtBot, config: Path) -> SettingsPage:
    """The settings page as `coldsplit gui` builds it from the saved file."""
    ctx = make_context(argparse.Namespace(config_dir=None, data_dir=config, network=None, debug=False))
    services = build_services(ctx, demo=is_demo(argparse.Namespace(demo=False), ctx))
    page = SettingsPage(services)
    qtbot.addWidget(page)
    return page


def _save(qtbot: QtBot, page: SettingsPage) -> None:
    with qtbot.waitSignal(page.saved, timeout=2000):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)


def _shown(page: SettingsPage) -> tuple[object, ...]:
    boxes = (page.network_box, page.language_box, page.theme_box, page.mode_box)
    return (*(box.currentData() for box in boxes), page.backend_edit.text())


def test_every_setting_the_cli_saves_is_read_by_the_desktop_app(
    qtbot: QtBot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _cli(tmp_path, capsys, "settings", "set", "network", "signet")
    _cli(tmp_path, capsys, "settings", "set", "language", "ja")
    _cli(tmp_path, capsys, "settings", "set", "theme", "dark")
    _cli(tmp_path, capsys, "settings", "set", "gui_mode", "live")
    backend = (
        "ssl://signet.example:60002",
        "--proxy",
        "127.0.0.1:9050",
        "--timeout",
        "30",
        "--gap-limit",
        "50",
    )
    _cli(tmp_path, capsys, "wallet", "backend", "--electrum", *backend)
    _cli(tmp_path, capsys, "stress-policy", "set", "--preset", "2026-01-31", "--buffer", "0.05")
    page = _gui_page(qtbot, tmp_path)
    assert _shown(page) == ("signet", "ja", "dark", "live", "ssl://signet.example:60002")
    expected = BackendConfig(BackendKind.ELECTRUM, "ssl://signet.example:60002", "127.0.0.1:9050", 30, 50)
    assert backend_config(page.settings.chain_backends.get(Network.SIGNET), demo=False) == expected
    # Saving from the desktop app keeps what it does not show: proxy, timeout, gap limit, stress policy.
    before = load_settings(tmp_path / SETTINGS_FILE)
    _save(qtbot, page)
    assert load_settings(tmp_path / SETTINGS_FILE) == before
    out = _cli(tmp_path, capsys, "wallet", "backend")
    assert out.strip() == "signet: electrum ssl://signet.example:60002 via SOCKS5 127.0.0.1:9050"


def test_every_setting_the_desktop_app_saves_is_read_by_the_cli(
    qtbot: QtBot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = _gui_page(qtbot, tmp_path)
    page.network_box.setCurrentIndex(page.network_box.findData("mainnet"))
    page.language_box.setCurrentIndex(page.language_box.findData("ja"))
    page.theme_box.setCurrentIndex(page.theme_box.findData("dark"))
    page.mode_box.setCurrentIndex(page.mode_box.findData("live"))
    page.backend_edit.setText("esplora: https://esplora.example/api")
    _save(qtbot, page)
    shown = json.loads(_cli(tmp_path, capsys, "settings", "show"))
    assert (shown["network"], shown["language"], shown["theme"], shown["gui_mode"]) == (
        "mainnet",
        "ja",
        "dark",
        "live",
    )
    assert (
        _cli(tmp_path, capsys, "wallet", "backend").strip() == "mainnet: esplora https://esplora.example/api"
    )
    assert json.loads(_cli(tmp_path, capsys, "stress-policy", "show"))["preset"] == "2025-10-10"
    # Clearing the field removes that network's backend, for the CLI too.
    page = _gui_page(qtbot, tmp_path)
    page.backend_edit.setText("")
    _save(qtbot, page)
    assert "no chain backend set for mainnet" in _cli(tmp_path, capsys, "wallet", "backend")


def test_the_clis_old_file_opens_in_the_desktop_app_and_survives_its_save(
    qtbot: QtBot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / SETTINGS_FILE).write_text(json.dumps(CLI_V1))
    page = _gui_page(qtbot, tmp_path)  # used to fail: the GUI expected a URL string
    assert _shown(page) == ("mainnet", "ja", "dark", "demo", "ssl://m.example:50002")
    _save(qtbot, page)
    out = _cli(tmp_path, capsys, "wallet", "backend")
    assert out.strip() == "mainnet: electrum ssl://m.example:50002 via SOCKS5 127.0.0.1:9050"
    policy = json.loads(_cli(tmp_path, capsys, "stress-policy", "show"))
    assert policy == {"preset": "2026-01-31", "btc_drawdown": 0.2, "buffer": 0.05}


def test_the_desktop_apps_old_file_is_read_by_the_cli(
    qtbot: QtBot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / SETTINGS_FILE).write_text(json.dumps(GUI_V1))
    # used to fail: the CLI expected a per-network object
    assert _cli(tmp_path, capsys, "wallet", "backend").strip() == "regtest: esplora http://127.0.0.1:3002"
    shown = json.loads(_cli(tmp_path, capsys, "settings", "show"))
    assert (shown["network"], shown["gui_mode"], shown["version"]) == ("regtest", "live", SETTINGS_VERSION)
    page = _gui_page(qtbot, tmp_path)
    assert _shown(page) == ("regtest", "en", "light", "live", "http://127.0.0.1:3002")


def test_a_save_in_the_running_desktop_app_keeps_what_the_cli_changed_since_it_started(
    qtbot: QtBot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Both front-ends change settings through one use case (app.usecases.settings), applied to
    what the file holds at the time of the save: the window read the file at start-up, the CLI
    changed the minimum transfer and the stress policy after that, and the window's save of its
    theme used to write its start-up copy back over them."""
    page = _gui_page(qtbot, tmp_path)
    heard: list[object] = []
    page._services.events.subscribe(SettingsChanged, heard.append)
    _cli(tmp_path, capsys, "settings", "set", "min_transfer_usd", "250")
    _cli(tmp_path, capsys, "stress-policy", "set", "--preset", "2026-01-31", "--buffer", "0.05")
    page.theme_box.setCurrentIndex(page.theme_box.findData("dark"))
    _save(qtbot, page)
    saved = load_settings(tmp_path / SETTINGS_FILE)
    assert (saved.theme, saved.min_transfer_usd) == ("dark", 250.0)
    assert (saved.stress_policy.preset, saved.stress_policy.buffer) == ("2026-01-31", 0.05)
    assert heard == [SettingsChanged(saved)]  # the window's pages hear the change


def test_a_refused_change_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / SETTINGS_FILE
    change_settings(path, SettingsChange(theme="dark"))
    before = path.read_bytes()
    bus = EventBus()
    heard: list[object] = []
    bus.subscribe(SettingsChanged, heard.append)
    with pytest.raises(SettingsError, match="theme"):
        change_settings(path, SettingsChange(theme="purple"), bus)
    with pytest.raises(SettingsError, match="min_transfer_usd"):
        change_settings(path, SettingsChange(min_transfer_usd=-1.0), bus)
    assert path.read_bytes() == before and heard == []
