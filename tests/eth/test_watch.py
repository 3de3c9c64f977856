"""Watching the Ethereum cold account against a real node (anvil) on loopback: ETH and ERC-20
balances, history from blocks and Transfer logs, pending transfers, a reorg, and failures
that keep the last good balances."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from app.eth.networks import EthEndpointSetting, EthNetwork
from app.eth.watch import EthSyncError
from app.settings import Settings
from app.usecases.eth import EthNotConfigured, add_eth_token, eth_accounts_view, sync_eth
from tests.eth.conftest import COLD, ETHER
from wallet.eth_chain import erc20
from wallet.eth_chain.anvil import LocalEthChain


def _view(db: Path, settings: Settings):  # type: ignore[no-untyped-def]
    (view,) = eth_accounts_view(db, settings)
    return view


def test_eth_and_token_deposits_show_as_balances_and_history(
    chain: LocalEthChain, settings: Settings, cold_db: Path
) -> None:
    usdc = chain.deploy_token("USD Coin", "USDC", 6, 10**15)
    add_eth_token(cold_db, settings, usdc)
    eth_tx = chain.send_eth(COLD, 3 * ETHER // 2)
    token_tx = chain.send_token(usdc, COLD, 250_000_000)
    sync_eth(cold_db, settings)
    view = _view(cold_db, settings)
    amounts = {b.symbol: b.amount for b in view.balances}
    assert amounts == {"ETH": 3 * ETHER // 2, "USDC": 250_000_000}
    by_hash = {h.tx_hash: h for h in view.history}
    assert by_hash[eth_tx].direction == "in" and by_hash[eth_tx].amount == 3 * ETHER // 2
    assert by_hash[token_tx].symbol == "USDC" and by_hash[token_tx].counterparty == chain.funder
    assert all(h.status == "confirmed" and h.confirmations >= 1 for h in view.history)
    assert view.state is not None and view.state.state == "synced"


def test_a_pending_transfer_shows_as_pending_then_confirmed(
    chain: LocalEthChain, settings: Settings, cold_db: Path
) -> None:
    usdt = chain.deploy_token("Tether USD", "USDT", 6, 10**15)
    add_eth_token(cold_db, settings, usdt)
    chain.set_automine(False)
    eth_tx = chain.send_eth(COLD, ETHER)
    token_tx = chain.send_token(usdt, COLD, 5_000_000)
    sync_eth(cold_db, settings)
    view = _view(cold_db, settings)
    pending = {h.tx_hash: h for h in view.history if h.status == "pending"}
    assert set(pending) == {eth_tx, token_tx}
    assert pending[token_tx].symbol == "USDT" and pending[token_tx].amount == 5_000_000
    assert {b.symbol: b.amount for b in view.balances} == {"ETH": 0, "USDT": 0}
    chain.mine(3)
    sync_eth(cold_db, settings)
    view = _view(cold_db, settings)
    assert {h.tx_hash: (h.status, h.confirmations) for h in view.history} == {
        eth_tx: ("confirmed", 3),
        token_tx: ("confirmed", 3),
    }


def test_a_reorganised_deposit_disappears_from_history(
    chain: LocalEthChain, settings: Settings, cold_db: Path
) -> None:
    chain.send_eth(COLD, ETHER)
    snapshot = chain.snapshot()
    gone = chain.send_eth(COLD, 2 * ETHER)
    sync_eth(cold_db, settings)
    assert gone in {h.tx_hash for h in _view(cold_db, settings).history}
    chain.revert(snapshot)  # the block holding it is replaced by another
    chain.mine(2)
    sync_eth(cold_db, settings)
    view = _view(cold_db, settings)
    assert gone not in {h.tx_hash for h in view.history}
    assert {b.symbol: b.amount for b in view.balances} == {"ETH": ETHER}


def test_a_failed_sync_keeps_the_last_good_balances_and_says_when_they_were_read(
    chain: LocalEthChain, settings: Settings, cold_db: Path
) -> None:
    chain.send_eth(COLD, ETHER)
    sync_eth(cold_db, settings)
    good = _view(cold_db, settings)
    chain.stop()
    with pytest.raises(EthSyncError, match="unreachable"):
        sync_eth(cold_db, settings)
    after = _view(cold_db, settings)
    assert after.balances == good.balances
    assert after.state is not None and after.state.state == "unreachable"
    assert after.state.synced_at == good.state.synced_at  # type: ignore[union-attr]


def test_a_node_on_another_chain_is_refused(chain: LocalEthChain, settings: Settings, cold_db: Path) -> None:
    assert settings.eth_endpoint is not None
    sepolia = replace(
        settings, eth_endpoint=EthEndpointSetting(EthNetwork.SEPOLIA, settings.eth_endpoint.url)
    )
    with pytest.raises(EthSyncError, match="serves chain 31337, not 11155111"):
        sync_eth(cold_db, sepolia)
    assert _view(cold_db, sepolia).balances == []


class _Garbage(http.server.BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = b"<html>502 bad gateway</html>"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture
def garbage_url() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Garbage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_garbage_instead_of_json_rpc_is_one_clear_error(garbage_url: str, cold_db: Path) -> None:
    settings = Settings(eth_endpoint=EthEndpointSetting(EthNetwork.LOCAL, garbage_url, 5))
    with pytest.raises(EthSyncError, match="did not answer JSON-RPC"):
        sync_eth(cold_db, settings)


def test_no_endpoint_says_so_plainly(cold_db: Path) -> None:
    with pytest.raises(EthNotConfigured, match="no Ethereum endpoint is set"):
        sync_eth(cold_db, Settings())


def test_erc20_selectors_are_the_published_ones() -> None:
    # EIP-20's ABI: transfer 0xa9059cbb, balanceOf 0x70a08231, Transfer's topic 0xddf252ad…
    assert erc20.TRANSFER_SELECTOR.hex() == "a9059cbb"
    assert erc20.BALANCE_OF_SELECTOR.hex() == "70a08231"
    assert erc20.TRANSFER_TOPIC.hex().startswith(
        "ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"
    )
    assert erc20.decode_transfer_calldata(erc20.transfer_calldata(COLD, 7)) == (COLD, 7)
