"""The Ledger Live layout (m/44h/60h/ih/0/0): verified on the device, checked against bip-utils'
own derivation, then funded and spent from like the default layout."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from bip_utils import Bip32Slip10Secp256k1, Bip39SeedGenerator, EthAddrEncoder

from app.cli.main import run
from app.settings import Settings
from app.usecases.eth import eth_accounts_view, sync_eth
from app.usecases.eth_send import broadcast_eth, prepare_eth_send, sign_eth_transfer
from tests.eth.conftest import ALL, ETHER
from wallet.emulator.emulator import Emulator
from wallet.eth_chain.anvil import LocalEthChain
from wallet.types import Network


def _bip_utils_address(path: str) -> str:
    key = Bip32Slip10Secp256k1.FromSeed(Bip39SeedGenerator(ALL).Generate()).DerivePath(path)
    return str(EthAddrEncoder.EncodeKey(key.PublicKey().KeyObject()))


def test_a_ledger_live_address_is_verified_funded_and_spent(
    chain: LocalEthChain, settings: Settings, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _bip_utils_address("m/44'/60'/1'/0/0")
    with Emulator("trezor-t", port=0, mnemonic=ALL, confirm="auto") as device:
        monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
        code = run(["--data-dir", str(data_dir), "eth-address", "verify", "--account", "Ledger layout",
                    "--index", "1", "--layout", "ledger-live", "--device", device.path])  # fmt: skip
        assert code == 0
        db = data_dir / "coldsplit.sqlite3"
        (view,) = eth_accounts_view(db, settings)
        assert (view.address, view.path) == (expected, "m/44h/60h/1h/0/0")
        chain.send_eth(expected, ETHER)
        sync_eth(db, settings)
        review = prepare_eth_send(db, settings, "Ledger layout", chain.funder, "0.5")
        from app.cli.device_session import opened_device

        with opened_device(device.path, Network.TESTNET) as session:
            signed = sign_eth_transfer(session.call, review)
    chain.wait_for_receipt(broadcast_eth(db, settings, signed))
    assert signed.transfer.path == "m/44h/60h/1h/0/0"


def test_an_unknown_layout_is_refused_before_the_device_is_opened(data_dir: Path) -> None:
    code = run(["--data-dir", str(data_dir), "eth-address", "verify", "--account", "x", "--layout", "electrum",
                "--device", "udp:127.0.0.1:9"])  # fmt: skip
    assert code == 2
