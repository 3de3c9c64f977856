"""A real Ethereum node (anvil) on loopback for every test here, the cold address set up, the
software device on the seed trezor-firmware's device tests use, and the `coldsplit eth` command."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.advisor.ethereum import ConfirmedEthAddress, record_eth_address
from app.cli.main import run
from app.eth.networks import EthEndpointSetting, EthNetwork
from app.settings import Settings, save_settings
from app.store import open_store
from wallet.emulator.emulator import Emulator
from wallet.eth_chain.anvil import LocalEthChain

# m/44h/60h/0h/0/0 of the "all all … all" seed the software device uses (trezor-firmware
# common/tests/fixtures/ethereum/getaddress.json).
COLD = "0x73d0385F4d8E00C5e6504C6030F47BF6212736A8"
ETHER = 10**18
ALL = " ".join(["all"] * 12)
EXCHANGE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"  # anvil's second dev account


def eth_cli(data_dir: Path, config_dir: Path, *words: str) -> int:
    """`coldsplit --data-dir DATA --config-dir CONFIG eth WORDS…`, run in this process."""
    return run(["--data-dir", str(data_dir), "--config-dir", str(config_dir), "eth", *words])


@pytest.fixture
def device() -> Iterator[Emulator]:
    """The software device (a Trezor T) on the "all" seed, confirming every screen by itself."""
    with Emulator("trezor-t", port=0, mnemonic=ALL, confirm="auto") as emulator:
        yield emulator


@pytest.fixture
def chain() -> Iterator[LocalEthChain]:
    with LocalEthChain() as node:
        yield node


@pytest.fixture
def settings(chain: LocalEthChain) -> Settings:
    return Settings(eth_endpoint=EthEndpointSetting(EthNetwork.LOCAL, chain.url, 5))


@pytest.fixture
def cold_db(data_dir: Path) -> Path:
    """A store with the cold address recorded as device-verified (as `eth-address verify` does)."""
    db = data_dir / "coldsplit.sqlite3"
    with open_store(db) as store:
        record_eth_address(
            store, "Cold ETH", ConfirmedEthAddress(COLD, "m/44h/60h/0h/0/0", bytes.fromhex("5c9e228d"))
        )
    return db


@pytest.fixture
def config_dir(tmp_path: Path, settings: Settings) -> Path:
    directory = tmp_path / "config"
    directory.mkdir()
    save_settings(directory / "settings.json", settings)
    return directory
