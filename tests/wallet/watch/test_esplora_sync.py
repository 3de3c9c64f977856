"""bdk's real Esplora client against a loopback Esplora REST server serving a regtest chain built here."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import bdkpython as bdk
import pytest

from tests.wallet.psbt_factory import account_for, external_address, software_sign
from tests.wallet.watch.esplora_server import EsploraServer
from tests.wallet.watch.regtest_chain import RegtestChain, foreign_genesis
from wallet.addresses import derive_address, script_pubkey_of
from wallet.psbt.operations import extract, finalize
from wallet.types import Network, ScriptType
from wallet.watch.backends import BackendConfig, BackendKind, connect
from wallet.watch.errors import BackendProtocolError, BackendUnreachable
from wallet.watch.spend import Recipient, SpendRequest, build_spend
from wallet.watch.sync import sync_wallet
from wallet.watch.watch_wallet import WatchWallet

NET = Network.REGTEST
ACCOUNT = account_for(ScriptType.TR, NET)  # taproot here; the Electrum tests use p2wpkh


def script_of(change: bool, index: int) -> bytes:
    return script_pubkey_of(derive_address(ACCOUNT, change, index).address, NET)


@dataclass
class Setup:
    chain: RegtestChain
    server: EsploraServer
    path: Path

    def backend(self) -> object:
        return connect(BackendConfig(BackendKind.ESPLORA, self.server.url + "/"))

    def wallet(self) -> WatchWallet:
        return WatchWallet.open(ACCOUNT, self.path)


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[Setup]:
    chain = RegtestChain()
    chain.fund(script_of(False, 0), 120_000)
    chain.fund(script_of(True, 4), 80_000)
    chain.mine_empty(12)  # longer than /blocks' ten: older checkpoints come from /block-height
    chain.fund(script_of(False, 2), 33_000, confirm=False)
    server = EsploraServer(chain).start()
    yield Setup(chain, server, tmp_path / "cold.sqlite3")
    server.stop()


def test_full_scan_then_incremental_sync(setup: Setup) -> None:
    wallet = setup.wallet()
    backend = connect(BackendConfig(BackendKind.ESPLORA, setup.server.url))
    outcome = sync_wallet(wallet, backend, full_scan=True)
    assert outcome.tip_height == setup.chain.tip.height == 17 and outcome.transactions == 3
    assert (wallet.balances().confirmed, wallet.balances().pending) == (200_000, 33_000)
    assert {(u.change, u.index): u.height for u in wallet.utxos()} == {
        (False, 0): 2,
        (True, 4): 4,
        (False, 2): None,
    }
    pending = next(u.txid for u in wallet.utxos() if u.height is None)
    setup.chain.mine_empty(2)
    assert sync_wallet(wallet, backend, full_scan=False).tip_height == 19
    assert wallet.confirmations(pending) == 2 and wallet.balances().confirmed == 233_000
    assert any(p.startswith("/block-height/") for p in setup.server.paths)
    assert setup.wallet().balances() == wallet.balances()


def test_a_sync_looks_a_gap_limit_past_the_last_used_address(setup: Setup) -> None:
    wallet = setup.wallet()
    backend = connect(BackendConfig(BackendKind.ESPLORA, setup.server.url, gap_limit=5))
    sync_wallet(wallet, backend, full_scan=True)  # last used: receive 2, change 4
    setup.chain.fund(script_of(False, 7), 1_000)  # 5 past receive 2: found
    setup.chain.fund(script_of(True, 10), 2_000)  # 6 past change 4: beyond the gap
    assert sync_wallet(wallet, backend, full_scan=False).new_transactions == 1
    assert (False, 7) in {(u.change, u.index) for u in wallet.utxos()}
    assert (True, 10) not in {(u.change, u.index) for u in wallet.utxos()}


def test_fee_estimates_and_broadcast(setup: Setup) -> None:
    wallet = setup.wallet()
    backend = connect(BackendConfig(BackendKind.ESPLORA, setup.server.url))
    sync_wallet(wallet, backend, full_scan=True)
    assert backend.fee_rate(6) == 7.25 and backend.fee_rate(2) == 20.5 and backend.fee_rate(200) == 1.0
    setup.server.fees = {}
    assert backend.fee_rate(6) is None
    built = build_spend(wallet, SpendRequest((Recipient(external_address(NET), 100_000),), 4))
    raw = extract(finalize(software_sign(built.psbt, ACCOUNT)))
    backend.broadcast(bdk.Transaction(raw))
    assert built.txid in [tx.txid_hex for tx in setup.chain.mempool]
    sync_wallet(wallet, backend, full_scan=False)
    assert wallet.balances().total == 233_000 - 100_000 - built.fee


def _digest(path: Path) -> str:
    return hashlib.sha256(
        b"".join(p.read_bytes() for p in sorted(path.parent.glob(path.name + "*")))
    ).hexdigest()


@pytest.mark.parametrize(("fault", "message"), [("garbage", "bad answer"), ("error", "bad answer")])
def test_bad_answers_are_clear_errors_and_the_file_is_untouched(
    setup: Setup, fault: str, message: str
) -> None:
    wallet = setup.wallet()
    backend = connect(BackendConfig(BackendKind.ESPLORA, setup.server.url))
    sync_wallet(wallet, backend, full_scan=True)
    setup.chain.fund(script_of(False, 1), 5_000)
    before = (wallet.balances(), _digest(setup.path))
    setup.server.fault = fault
    with pytest.raises(BackendProtocolError, match=message):
        sync_wallet(wallet, backend, full_scan=True)
    assert (wallet.balances(), _digest(setup.path)) == before


def test_a_slow_server_times_out_and_another_chain_is_refused(setup: Setup) -> None:
    wallet = setup.wallet()
    sync_wallet(wallet, connect(BackendConfig(BackendKind.ESPLORA, setup.server.url)), full_scan=True)
    before = (wallet.balances(), _digest(setup.path))
    setup.server.fault = "slow"
    slow = connect(BackendConfig(BackendKind.ESPLORA, setup.server.url, timeout_seconds=1))
    with pytest.raises(BackendUnreachable, match="timeout"):
        sync_wallet(wallet, slow, full_scan=False)
    other = RegtestChain(blocks=[foreign_genesis()])
    other.fund(script_of(False, 0), 999_000)
    other.mine_empty(20)
    impostor = EsploraServer(other).start()
    try:
        with pytest.raises(BackendProtocolError, match="does not connect to the wallet's"):
            sync_wallet(wallet, connect(BackendConfig(BackendKind.ESPLORA, impostor.url)), full_scan=True)
    finally:
        impostor.stop()
    assert (wallet.balances(), _digest(setup.path)) == before


def test_nobody_listening_is_unreachable(setup: Setup) -> None:
    url = setup.server.url
    setup.server.stop()
    with pytest.raises(BackendUnreachable, match=f"backend unreachable: esplora {url}"):
        sync_wallet(setup.wallet(), connect(BackendConfig(BackendKind.ESPLORA, url)), full_scan=True)
