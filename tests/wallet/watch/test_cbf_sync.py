"""bdk's compact-filter client (Kyoto) against a loopback P2P peer serving BIP157/158 filters of a regtest chain."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import bdkpython as bdk
import pytest

from tests.wallet.psbt_factory import account_for, external_address, software_sign

pytest.importorskip(
    "siphashc", reason="the test peer builds BIP158 filters with SipHash (pip install siphashc)"
)
from tests.wallet.watch.cbf_peer import CbfPeer, basic_filter
from tests.wallet.watch.regtest_chain import RegtestChain
from wallet.addresses import derive_address, script_pubkey_of
from wallet.psbt.operations import extract, finalize
from wallet.types import Network, ScriptType
from wallet.watch.backends import BackendConfig, BackendKind, connect
from wallet.watch.errors import BackendUnreachable, WatchError
from wallet.watch.spend import Recipient, SpendRequest, build_spend
from wallet.watch.sync import sync_wallet
from wallet.watch.watch_wallet import WatchWallet

NET = Network.REGTEST
ACCOUNT = account_for(ScriptType.WPKH, NET)


def script_of(change: bool, index: int) -> bytes:
    return script_pubkey_of(derive_address(ACCOUNT, change, index).address, NET)


@dataclass
class Setup:
    chain: RegtestChain
    peer: CbfPeer
    tmp: Path

    def backend(self) -> object:
        return connect(BackendConfig(BackendKind.CBF, f"p2p://127.0.0.1:{self.peer.port}"), self.tmp / "cbf")


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[Setup]:
    chain = RegtestChain()
    chain.fund(script_of(False, 0), 110_000)
    chain.fund(script_of(True, 3), 45_000)
    chain.mine_empty(4)
    peer = CbfPeer(chain).start()
    yield Setup(chain, peer, tmp_path)
    peer.stop()


def test_filters_find_the_wallets_blocks_and_only_those_are_fetched(setup: Setup) -> None:
    wallet = WatchWallet.open(ACCOUNT, setup.tmp / "cold.sqlite3")
    backend = connect(BackendConfig(BackendKind.CBF, f"p2p://127.0.0.1:{setup.peer.port}"), setup.tmp / "cbf")
    outcome = sync_wallet(wallet, backend, full_scan=True)
    assert outcome.tip_height == setup.chain.tip.height == 8
    assert wallet.balances().confirmed == 155_000
    assert {(u.change, u.index): u.height for u in wallet.utxos()} == {(False, 0): 2, (True, 3): 4}
    assert setup.peer.commands.count("getdata") == 2  # blocks 2 and 4 matched; the other six did not
    setup.chain.fund(script_of(False, 1), 7_000)
    setup.chain.fund(script_of(False, 2), 9_000, confirm=False)  # a filter client sees no mempool
    assert sync_wallet(wallet, backend, full_scan=False).tip_height == 11
    assert wallet.balances().confirmed == 162_000 and wallet.balances().pending == 0
    assert WatchWallet.open(ACCOUNT, setup.tmp / "cold.sqlite3").balances() == wallet.balances()
    assert backend.fee_rate(6) is None


def test_broadcast_goes_to_the_peer(setup: Setup) -> None:
    wallet = WatchWallet.open(ACCOUNT, None)
    backend = connect(BackendConfig(BackendKind.CBF, f"p2p://127.0.0.1:{setup.peer.port}"), setup.tmp / "cbf")
    sync_wallet(wallet, backend, full_scan=True)
    built = build_spend(wallet, SpendRequest((Recipient(external_address(NET), 60_000),), 3))
    raw = extract(finalize(software_sign(built.psbt, ACCOUNT)))
    backend.broadcast(bdk.Transaction(raw), wallet.bdk)
    assert built.txid in [tx.txid_hex for tx in setup.chain.mempool]


def test_no_peer_is_backend_unreachable(tmp_path: Path) -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    config = BackendConfig(BackendKind.CBF, f"p2p://127.0.0.1:{port}", timeout_seconds=2)
    message = f"backend unreachable: cbf p2p://127.0.0.1:{port} \\((could not connect|the client stopped)"
    with pytest.raises(BackendUnreachable, match=message):
        sync_wallet(WatchWallet.open(ACCOUNT, None), connect(config, tmp_path / "cbf"), full_scan=True)


@pytest.mark.parametrize(
    ("url", "proxy", "message"),
    [
        ("p2p://node.example:18444", None, "an IP, not a name"),
        ("p2p://127.0.0.1:18444", "tor.example:9050", "SOCKS5 proxy as IP:PORT"),
        ("tcp://127.0.0.1:18444", None, "starts with p2p://"),
    ],
)
def test_bad_peer_settings(url: str, proxy: str | None, message: str) -> None:
    with pytest.raises(WatchError, match=message):
        BackendConfig(BackendKind.CBF, url, proxy=proxy)


def test_the_empty_filter_and_a_filter_that_matches(setup: Setup) -> None:
    empty = setup.chain.blocks[0]  # genesis: its one output script is in the filter
    assert basic_filter(empty, setup.chain)[0] == 1
    funded = setup.chain.blocks[2]  # our output, and the miner's script (coinbase, change, spent coin) once
    assert basic_filter(funded, setup.chain)[0] == 2
