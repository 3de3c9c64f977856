"""Settings file: one typed schema, defaults, validation, versioned migrations, broken files refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.errors import SettingsError, StoreError
from app.settings import (
    SETTINGS_VERSION,
    ChainBackendSetting,
    Settings,
    StressPolicy,
    load_settings,
    save_settings,
    settings_from_json,
)
from wallet.types import Network

EVERY_FIELD = Settings(
    network=Network.SIGNET,
    language="ja",
    theme="dark",
    gui_mode="live",
    chain_backends={
        Network.SIGNET: ChainBackendSetting(
            "electrum", "ssl://signet.example:60002", "127.0.0.1:9050", 30, 50
        ),
        Network.MAINNET: ChainBackendSetting("esplora", "https://esplora.example/api"),
    },
    stress_policy=StressPolicy("2026-01-31", 0.15, 0.01),
)


def test_missing_file_gives_testnet_defaults(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "settings.json")
    assert settings == Settings()
    assert (
        settings.network is Network.TESTNET and settings.language == "system" and settings.gui_mode == "demo"
    )
    assert dict(settings.chain_backends) == {} and settings.stress_policy == StressPolicy()


@pytest.mark.parametrize("network", list(Network))
def test_every_network_round_trips(tmp_path: Path, network: Network) -> None:
    path = tmp_path / "settings.json"
    save_settings(path, Settings(network=network, language="ja", theme="dark"))
    assert load_settings(path) == Settings(network=network, language="ja", theme="dark")
    assert path.stat().st_mode & 0o777 == 0o600


def test_every_field_round_trips_with_the_version(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    save_settings(path, EVERY_FIELD)
    assert json.loads(path.read_text())["version"] == SETTINGS_VERSION
    assert load_settings(path) == EVERY_FIELD


def test_with_backend_changes_one_network_only() -> None:
    changed = EVERY_FIELD.with_backend(Network.MAINNET, None)
    assert list(changed.chain_backends) == [Network.SIGNET]
    assert EVERY_FIELD.chain_backends[Network.MAINNET].kind == "esplora"  # frozen: the original is unchanged
    with pytest.raises(TypeError):
        EVERY_FIELD.chain_backends[Network.MAINNET] = ChainBackendSetting("cbf", "p2p://1.2.3.4:8333")  # type: ignore[index]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"language": "klingon"}, "unknown language 'klingon'"),
        ({"theme": 3}, "'theme' must be text"),
        ({"gui_mode": "turbo"}, "unknown gui_mode"),
        ({"network": "moonnet"}, "unknown network"),
        ({"chain_backends": {"testnet": {"kind": "carrier-pigeon", "url": "x"}}}, "kind must be one of"),
        (
            {"chain_backends": {"testnet": {"kind": "electrum", "url": "ssl://x:1", "gap_limit": "20"}}},
            "whole number",
        ),
        (
            {"chain_backends": {"testnet": {"kind": "electrum", "url": "ssl://x:1", "colour": 1}}},
            "unknown keys colour",
        ),
        ({"stress_policy": {"buffer": 0.9}}, r"buffer must be in \[0, 0.5\)"),
        ({"stress_policy": {"buffer": True}}, "'buffer' must be a number"),
        ({"future_option": [1, 2]}, "unknown setting"),
        ({"version": 0}, "'version' must be a whole number from 1"),
    ],
)
def test_invalid_values_are_refused_by_name(raw: dict[str, object], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        settings_from_json(raw)


def test_a_newer_version_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": SETTINGS_VERSION + 1, "network": "regtest", "new_thing": 1}))
    before = path.read_bytes()
    with pytest.raises(SettingsError, match=r"written by a newer ColdSplit .* left untouched"):
        load_settings(path)
    assert path.read_bytes() == before


@pytest.mark.parametrize("content", ["{", "[]", '{"network": "moonnet"}', "\udcff", "[" * 100_000])
def test_broken_settings_name_the_file(tmp_path: Path, content: str) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(content.encode("utf-8", "surrogateescape"))
    with pytest.raises(SettingsError, match=r"settings file"):
        load_settings(path)
    assert path.read_bytes() == content.encode("utf-8", "surrogateescape")


# Version 1 files, exactly as each front-end wrote them before the typed schema.
CLI_V1 = {
    "network": "testnet",
    "language": "en",
    "theme": "light",
    "chain_backend": {
        "testnet": {
            "kind": "electrum",
            "url": "ssl://t.example:60002",
            "proxy": "127.0.0.1:9050",
            "timeout_seconds": 30,
            "gap_limit": 50,
        },
        "mainnet": {
            "kind": "esplora",
            "url": "https://m.example/api",
            "timeout_seconds": 10,
            "gap_limit": 20,
        },
    },
    "stress_policy": {"preset": "2026-01-31", "btc_drawdown": None, "buffer": 0.05},
}
GUI_V1 = {
    "network": "regtest",
    "language": "ja",
    "theme": "dark",
    "gui_mode": "live",
    "chain_backend": "electrum: tcp://127.0.0.1:50001",
}


def test_the_clis_version_1_file_migrates() -> None:
    settings = settings_from_json(CLI_V1)
    assert settings.chain_backends == {
        Network.TESTNET: ChainBackendSetting("electrum", "ssl://t.example:60002", "127.0.0.1:9050", 30, 50),
        Network.MAINNET: ChainBackendSetting("esplora", "https://m.example/api"),
    }
    assert settings.stress_policy == StressPolicy("2026-01-31", None, 0.05) and settings.gui_mode == "demo"


def test_the_desktop_apps_version_1_file_migrates() -> None:
    settings = settings_from_json(GUI_V1)
    assert settings.chain_backends == {
        Network.REGTEST: ChainBackendSetting("electrum", "tcp://127.0.0.1:50001")
    }
    assert (settings.network, settings.language, settings.theme, settings.gui_mode) == (
        Network.REGTEST,
        "ja",
        "dark",
        "live",
    )
    assert settings_from_json({**GUI_V1, "chain_backend": ""}).chain_backends == {}


def test_a_migrated_file_is_written_in_the_new_version_at_the_next_save(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps(CLI_V1))
    save_settings(path, load_settings(path).with_network(Network.MAINNET))
    saved = json.loads(path.read_text())
    assert saved["version"] == SETTINGS_VERSION and "chain_backend" not in saved
    assert saved["chain_backends"]["testnet"]["proxy"] == "127.0.0.1:9050"


def test_a_secret_is_never_written_into_the_settings(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    phrase = "abandon " * 11 + "about"
    with pytest.raises(
        StoreError, match=r"^refusing to save the setting stress_policy.preset: it contains a BIP39"
    ):
        save_settings(path, Settings(stress_policy=StressPolicy(phrase)))
    assert not path.exists()
