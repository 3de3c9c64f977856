"""The watch-only wallet service: sync state around a sync, full scan then incremental, account choice."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cold.accounts import ColdAccount, ColdAccountError, add_account, get_account
from app.errors import SettingsError
from app.settings import Settings, settings_from_json
from app.store import open_store
from app.store.database import Store
from app.watch.backend_settings import NoBackendError, backend_for, with_backend
from app.watch.service import choose_account, sync_account, sync_state, wallet_path
from tests.wallet.psbt_factory import account_for
from tests.wallet.watch.electrum_server import ElectrumServer
from tests.wallet.watch.regtest_chain import RegtestChain
from wallet.addresses import derive_address, script_pubkey_of
from wallet.types import Network, ScriptType
from wallet.watch.backends import BackendConfig, BackendKind, ChainBackend, connect
from wallet.watch.errors import BackendUnreachable

NET = Network.REGTEST
ACCOUNT = account_for(ScriptType.WPKH, NET)


@pytest.fixture
def server() -> Iterator[ElectrumServer]:
    chain = RegtestChain()
    chain.fund(script_pubkey_of(derive_address(ACCOUNT, False, 0).address, NET), 64_000)
    server = ElectrumServer(chain).start()
    yield server
    server.stop()


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    with open_store(data_dir / "coldsplit.sqlite3") as store:
        add_account(store, "vault", ACCOUNT)
        yield store


def test_sync_state_goes_never_syncing_synced_and_the_first_sync_is_a_full_scan(
    store: Store, data_dir: Path, server: ElectrumServer
) -> None:
    account = get_account(store, "vault")
    assert sync_state(store, account).describe() == "never synced"
    seen: list[str] = []

    def watching(config: BackendConfig) -> ChainBackend:
        seen.append(sync_state(store, account).state)  # what a GUI polling the store sees mid-sync
        return connect(config)

    config = BackendConfig(BackendKind.ELECTRUM, server.url)
    first = sync_account(store, data_dir, account, config, connector=watching)
    assert seen == ["syncing"] and first.outcome.full_scan and first.state.state == "synced"
    assert sync_state(store, account).describe().startswith("synced at ")
    assert not sync_account(store, data_dir, account, config).outcome.full_scan
    assert sync_account(store, data_dir, account, config, full_scan=True).outcome.full_scan
    assert wallet_path(data_dir, account).exists()


def test_an_unreachable_backend_is_recorded_and_the_last_good_sync_kept(
    store: Store, data_dir: Path, server: ElectrumServer
) -> None:
    account = get_account(store, "vault")
    config = BackendConfig(BackendKind.ELECTRUM, server.url, timeout_seconds=2)
    synced_at = sync_account(store, data_dir, account, config).state.synced_at
    server.stop()
    with pytest.raises(BackendUnreachable):
        sync_account(store, data_dir, account, config)
    state = sync_state(store, account)
    assert state.state == "unreachable" and state.synced_at == synced_at and state.tip_height == 2
    assert state.describe().startswith("backend unreachable (backend unreachable: electrum")
    assert f"last synced at {synced_at}" in state.describe()


def test_choosing_an_account(store: Store) -> None:
    assert choose_account(store, None, "regtest").name == "vault"
    with pytest.raises(ColdAccountError, match="no cold account on testnet yet"):
        choose_account(store, None, "testnet")
    add_account(store, "spare", account_for(ScriptType.TR, NET))
    with pytest.raises(ColdAccountError, match=r"several cold accounts on regtest \(spare, vault\)"):
        choose_account(store, None, "regtest")
    with pytest.raises(ColdAccountError, match="no cold account named 'nope'"):
        choose_account(store, "nope", "regtest")


def test_the_wallet_file_follows_the_descriptor_not_the_name(store: Store, data_dir: Path) -> None:
    vault = get_account(store, "vault")
    assert wallet_path(data_dir, vault).name.startswith(f"regtest-{vault.fingerprint}-")
    renamed = ColdAccount(
        99,
        "renamed",
        vault.network,
        vault.descriptor,
        vault.change_descriptor,
        vault.fingerprint,
        None,
        0,
        vault.created_at,
    )
    assert wallet_path(data_dir, renamed) == wallet_path(data_dir, vault)


def test_backend_settings_per_network() -> None:
    settings = Settings()
    with pytest.raises(NoBackendError, match="no chain backend set for testnet"):
        backend_for(settings, Network.TESTNET)
    electrum = BackendConfig(BackendKind.ELECTRUM, "ssl://electrum.example:50002", proxy="127.0.0.1:9050")
    esplora = BackendConfig(BackendKind.ESPLORA, "https://esplora.example/api", gap_limit=50)
    both = with_backend(with_backend(settings, Network.TESTNET, electrum), Network.MAINNET, esplora)
    assert backend_for(both, Network.TESTNET) == electrum and backend_for(both, Network.MAINNET) == esplora
    with pytest.raises(SettingsError, match="chain backend kind must be one of electrum, esplora, cbf"):
        settings_from_json({"chain_backends": {"testnet": {"kind": "carrier-pigeon", "url": "x"}}})
    broken = settings_from_json({"chain_backends": {"testnet": {"kind": "electrum", "url": "ftp://x"}}})
    with pytest.raises(SettingsError, match="chain backend saved for testnet is invalid"):
        backend_for(broken, Network.TESTNET)
