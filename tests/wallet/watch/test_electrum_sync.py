"""bdk's real Electrum client against a loopback Electrum server serving a regtest chain built here.

Confirmed transactions reach the wallet only with a merkle proof bdk checks against the
block header it fetched; the chain starts at the real regtest genesis. Server faults
(dropped connection, garbage, too slow, another chain, nobody listening) each give a
clear error and leave the wallet file exactly as it was.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import bdkpython as bdk
import pytest

from tests.wallet.psbt_factory import account_for, external_address, software_sign
from tests.wallet.watch.electrum_server import ElectrumServer
from tests.wallet.watch.regtest_chain import RegtestChain, foreign_genesis
from wallet.addresses import derive_address, script_pubkey_of
from wallet.descriptors import AccountDescriptor
from wallet.psbt.operations import extract, finalize
from wallet.types import Network, ScriptType
from wallet.watch.backends import BackendConfig, BackendKind, connect
from wallet.watch.errors import BackendProtocolError, BackendUnreachable
from wallet.watch.spend import Recipient, SpendRequest, build_spend
from wallet.watch.sync import sync_wallet, watch_receive_index
from wallet.watch.watch_wallet import WatchWallet

NET = Network.REGTEST
ACCOUNT = account_for(ScriptType.WPKH, NET)


def script_of(account: AccountDescriptor, change: bool, index: int) -> bytes:
    return script_pubkey_of(derive_address(account, change, index).address, NET)


@dataclass
class Setup:
    chain: RegtestChain
    server: ElectrumServer
    path: Path

    def config(self, **kwargs: int) -> BackendConfig:
        return BackendConfig(BackendKind.ELECTRUM, self.server.url, **kwargs)  # type: ignore[arg-type]

    def wallet(self) -> WatchWallet:
        return WatchWallet.open(ACCOUNT, self.path)


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[Setup]:
    chain = RegtestChain()
    chain.fund(script_of(ACCOUNT, False, 0), 100_000)
    chain.fund(script_of(ACCOUNT, False, 3), 300_000)
    chain.fund(script_of(ACCOUNT, True, 1), 55_000)
    chain.mine_empty(2)
    chain.fund(script_of(ACCOUNT, False, 5), 70_000, confirm=False)
    server = ElectrumServer(chain).start()
    yield Setup(chain, server, tmp_path / "cold.sqlite3")
    server.stop()


def test_full_scan_finds_confirmed_and_pending_coins_with_their_heights(setup: Setup) -> None:
    wallet = setup.wallet()
    outcome = sync_wallet(wallet, connect(setup.config()), full_scan=True)
    assert outcome.full_scan and outcome.tip_height == setup.chain.tip.height == 9
    assert outcome.new_transactions == outcome.transactions == 4
    balances = wallet.balances()
    assert (balances.confirmed, balances.pending) == (455_000, 70_000)
    heights = {(u.change, u.index): u.height for u in wallet.utxos()}
    assert heights == {(False, 0): 2, (False, 3): 4, (True, 1): 6, (False, 5): None}
    assert {"blockchain.transaction.get_merkle", "blockchain.block.header"} <= set(setup.server.calls)
    reopened = setup.wallet()  # everything above was persisted
    assert reopened.balances() == balances and reopened.tip_height == 9


def test_a_confirmation_without_a_valid_merkle_proof_is_not_believed(setup: Setup) -> None:
    setup.server.forge_merkle = True
    wallet = setup.wallet()
    sync_wallet(wallet, connect(setup.config()), full_scan=True)
    assert wallet.balances().confirmed == 0  # bdk checked every branch against the header's root
    setup.server.forge_merkle = False
    sync_wallet(wallet, connect(setup.config()), full_scan=True)
    assert wallet.balances().confirmed == 455_000


def test_incremental_sync_sees_new_blocks_confirmations_and_watched_indexes(setup: Setup) -> None:
    wallet = setup.wallet()
    backend = connect(setup.config())
    sync_wallet(wallet, backend, full_scan=True)
    pending_txid = next(u.txid for u in wallet.utxos() if u.height is None)
    setup.chain.mine_empty(3)
    far = setup.chain.fund(script_of(ACCOUNT, False, 40), 9_000, confirm=False)  # beyond the gap
    outcome = sync_wallet(wallet, backend, full_scan=False)
    assert not outcome.full_scan and outcome.tip_height == 13
    assert wallet.confirmations(pending_txid) == 4
    assert far.txid_hex not in {h.txid for h in wallet.history()}
    watch_receive_index(wallet, 40)  # e.g. a device-verified deposit address at index 40
    assert sync_wallet(wallet, backend, full_scan=False).new_transactions == 1
    assert wallet.transactions_paying(script_of(ACCOUNT, False, 40)) == [(far.txid_hex, 9_000, 0)]


def test_incremental_sync_finds_coins_received_within_the_gap_limit_as_a_full_scan_does(
    setup: Setup, tmp_path: Path
) -> None:
    """Another wallet on the same keys (the device vendor's app) gives out addresses ColdSplit never
    revealed; a sync still finds what lies within the gap limit of the last used one, chain by chain."""
    wallet = setup.wallet()
    backend = connect(setup.config(gap_limit=20))
    sync_wallet(wallet, backend, full_scan=True)  # last used: receive 5, change 1
    setup.chain.fund(script_of(ACCOUNT, False, 24), 11_000)  # 19 past receive 5
    setup.chain.fund(script_of(ACCOUNT, True, 20), 12_000)  # 19 past change 1
    setup.chain.fund(script_of(ACCOUNT, False, 43), 13_000)  # 19 past 24: seen once 24 is
    setup.chain.fund(script_of(ACCOUNT, False, 64), 14_000)  # 21 past 43: beyond the gap
    assert sync_wallet(wallet, backend, full_scan=False).new_transactions == 3
    found = {(u.change, u.index) for u in wallet.utxos()}
    assert {(False, 24), (True, 20), (False, 43)} <= found and (False, 64) not in found
    fresh = WatchWallet.open(ACCOUNT, tmp_path / "fresh.sqlite3")
    sync_wallet(fresh, backend, full_scan=True)
    assert {(u.change, u.index) for u in fresh.utxos()} == found  # the same rule as a full scan
    assert setup.wallet().balances() == wallet.balances()  # persisted


def test_fee_estimate_and_broadcast_of_a_signed_spend(setup: Setup) -> None:
    wallet = setup.wallet()
    backend = connect(setup.config())
    sync_wallet(wallet, backend, full_scan=True)
    assert backend.fee_rate(6) == pytest.approx(12.0)
    built = build_spend(wallet, SpendRequest((Recipient(external_address(NET), 150_000),), 12))
    raw = extract(finalize(software_sign(built.psbt, ACCOUNT)))
    backend.broadcast(bdk.Transaction(raw))
    assert built.txid in [tx.txid_hex for tx in setup.chain.mempool]
    sync_wallet(wallet, backend, full_scan=False)
    assert wallet.balances().total == 525_000 - 150_000 - built.fee
    spend = next(h for h in wallet.history() if h.txid == built.txid)
    assert spend.height is None and spend.replaceable and spend.net == -150_000 - built.fee


def _file_digest(path: Path) -> str:
    return hashlib.sha256(
        b"".join(p.read_bytes() for p in sorted(path.parent.glob(path.name + "*")))
    ).hexdigest()


@pytest.mark.parametrize(
    ("fault", "error", "message"),
    [
        ("drop", BackendProtocolError, "broke off the sync"),
        ("garbage", BackendProtocolError, "broke off the sync"),
        ("slow", BackendProtocolError, "took longer than 1 s"),
    ],
)
def test_server_faults_give_clear_errors_and_leave_the_wallet_file_alone(
    setup: Setup, fault: str, error: type[Exception], message: str
) -> None:
    wallet = setup.wallet()
    sync_wallet(wallet, connect(setup.config()), full_scan=True)
    setup.chain.fund(script_of(ACCOUNT, False, 1), 42_000)
    before = (wallet.balances(), _file_digest(setup.path))
    setup.server.fault, setup.server.slow_seconds = fault, 3.0
    with pytest.raises(error, match=message):
        sync_wallet(wallet, connect(setup.config(timeout_seconds=1)), full_scan=True)
    assert (wallet.balances(), _file_digest(setup.path)) == before
    setup.server.fault = None
    sync_wallet(setup.wallet(), connect(setup.config()), full_scan=True)
    assert setup.wallet().balances().confirmed == before[0].total + 42_000  # the pending coin was mined too


def test_a_server_of_another_chain_is_refused_without_touching_the_wallet(setup: Setup) -> None:
    wallet = setup.wallet()
    sync_wallet(wallet, connect(setup.config()), full_scan=True)
    before = (wallet.balances(), _file_digest(setup.path))
    other = RegtestChain(blocks=[foreign_genesis()])
    other.fund(script_of(ACCOUNT, False, 0), 999_000)
    other.mine_empty(10)
    impostor = ElectrumServer(other).start()
    try:
        config = BackendConfig(BackendKind.ELECTRUM, impostor.url)
        with pytest.raises(BackendProtocolError, match="does not connect to the wallet's"):
            sync_wallet(wallet, connect(config), full_scan=True)
    finally:
        impostor.stop()
    assert (wallet.balances(), _file_digest(setup.path)) == before


def test_nobody_listening_is_backend_unreachable(setup: Setup) -> None:
    port = setup.server.url.rsplit(":", 1)[1]
    setup.server.stop()
    with pytest.raises(BackendUnreachable, match=f"backend unreachable: electrum tcp://127.0.0.1:{port}"):
        sync_wallet(setup.wallet(), connect(setup.config()), full_scan=True)
