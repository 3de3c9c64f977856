"""Settings file: defaults, round-trip, unknown keys kept, broken files refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.errors import SettingsError
from app.settings import Network, Settings, load_settings, save_settings


def test_missing_file_gives_testnet_defaults(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "settings.json")
    assert settings.network is Network.TESTNET
    assert settings.language == "system"


@pytest.mark.parametrize("network", list(Network))
def test_every_network_round_trips(tmp_path: Path, network: Network) -> None:
    path = tmp_path / "settings.json"
    save_settings(path, Settings(network=network, language="ja", theme="dark"))
    assert load_settings(path) == Settings(network=network, language="ja", theme="dark")
    assert path.stat().st_mode & 0o777 == 0o600


def test_unknown_keys_from_a_newer_version_survive_a_save(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"network": "regtest", "future_option": [1, 2]}))
    save_settings(path, load_settings(path).with_network(Network.SIGNET))
    saved = json.loads(path.read_text())
    assert saved["future_option"] == [1, 2] and saved["network"] == "signet"


@pytest.mark.parametrize("content", ["{", "[]", '{"network": "moonnet"}', "\udcff"])
def test_broken_settings_name_the_file(tmp_path: Path, content: str) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(content.encode("utf-8", "surrogateescape"))
    with pytest.raises(SettingsError, match=r"settings|network"):
        load_settings(path)
    assert path.read_bytes() == content.encode("utf-8", "surrogateescape")
