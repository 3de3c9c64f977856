"""ETH paid to the cold address by a contract (an exchange's hot-wallet contract: the forwarder
deployed on anvil) gets a history row: traced where the node traces, one honest row per block
where it does not; either way the history adds up to the balance."""

from __future__ import annotations

import http.server
import json
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

from app.cli.main import run
from app.eth.internal import INTERNAL_NOTE, UNEXPLAINED_NOTE
from app.eth.networks import EthEndpointSetting, EthNetwork
from app.eth.watch import HistoryEntry
from app.settings import Settings, save_settings
from app.usecases.eth import eth_accounts_view, eth_arrivals, expect_eth_arrival, sync_eth
from tests.eth.conftest import COLD, ETHER
from wallet.eth_chain.anvil import LocalEthChain


def _history(db: Path, settings: Settings) -> tuple[list[HistoryEntry], int]:
    (view,) = eth_accounts_view(db, settings)
    return view.history, view.balances[0].amount


def _net_of(entries: list[HistoryEntry], fees: int = 0) -> int:
    signs = {"in": 1, "out": -1, "self": 0}
    return sum(signs[e.direction] * e.amount for e in entries if e.status == "confirmed") - fees


def test_a_contract_payment_is_traced_into_its_own_row(
    chain: LocalEthChain, settings: Settings, cold_db: Path
) -> None:
    forwarder = chain.deploy_forwarder()
    paid = chain.forward_eth(forwarder, COLD, ETHER)
    chain.forward_eth(forwarder, COLD, 5 * ETHER, then_revert=True)  # paid, then undone: no row
    direct = chain.send_eth(COLD, 2 * ETHER)
    sync_eth(cold_db, settings, start_block=0)
    entries, balance = _history(cold_db, settings)
    assert [(e.tx_hash, e.amount, e.counterparty, e.note) for e in entries] == [
        (direct, 2 * ETHER, chain.funder, ""),
        (paid, ETHER, forwarder, INTERNAL_NOTE),
    ]
    assert balance == 3 * ETHER == _net_of(entries)
    chain.forward_eth(forwarder, COLD, ETHER // 4)  # found again by the next, incremental sync
    sync_eth(cold_db, settings)
    entries, balance = _history(cold_db, settings)
    assert entries[0].note == INTERNAL_NOTE and balance == _net_of(entries) == 3 * ETHER + ETHER // 4


class _NoTracing(http.server.BaseHTTPRequestHandler):
    """A JSON-RPC endpoint without tracing, as most providers and geth without debug are: every
    call goes to the real node, except trace_* and debug_*, refused with `refusal`."""

    upstream = ""
    refusal: ClassVar[dict[str, Any]] = {"code": -32601, "message": "Method not found"}

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        answer = [self._one(c) for c in body] if isinstance(body, list) else self._one(body)
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _one(self, call: dict[str, Any]) -> Any:
        if str(call["method"]).startswith(("trace_", "debug_")):
            return {
                "jsonrpc": "2.0",
                "id": call["id"],
                "error": self.refusal,
            }
        request = urllib.request.Request(
            self.upstream, json.dumps(call).encode(), {"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    def log_message(self, *args: object) -> None:
        return None


# No tracing at all (JSON-RPC's -32601), or tracing a provider refuses for the range asked
@pytest.fixture(params=[(-32601, "Method not found"), (-32005, "query exceeds max block range 1000")])
def untraced(chain: LocalEthChain, request: pytest.FixtureRequest) -> Iterator[Settings]:
    code, message = request.param
    refusal = {"code": code, "message": message}
    handler = type("Handler", (_NoTracing,), {"upstream": chain.url, "refusal": refusal})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        yield Settings(eth_endpoint=EthEndpointSetting(EthNetwork.LOCAL, url, 5))
    finally:
        server.shutdown()
        server.server_close()


def test_without_tracing_the_unexplained_balance_change_is_one_honest_row(
    chain: LocalEthChain, untraced: Settings, cold_db: Path
) -> None:
    forwarder = chain.deploy_forwarder()
    chain.send_eth(COLD, 2 * ETHER)
    paid = chain.forward_eth(forwarder, COLD, ETHER)
    paid_block = int(chain.wait_for_receipt(paid)["blockNumber"], 16)
    chain.rpc("anvil_impersonateAccount", [COLD])  # the cold address spends: its fee is explained
    spent = chain.send_eth(chain.funder, ETHER // 2, sender=COLD)
    receipt = chain.wait_for_receipt(spent)
    fee = int(receipt["gasUsed"], 16) * int(receipt["effectiveGasPrice"], 16)
    for _ in range(3):
        chain.send_eth(chain.funder, 1)  # blocks after it, so the search has a range to narrow
    sync_eth(cold_db, untraced, start_block=0)
    entries, balance = _history(cold_db, untraced)
    (gap,) = [e for e in entries if e.note]
    assert (gap.tx_hash, gap.direction, gap.amount, gap.block_number) == ("", "in", ETHER, paid_block)
    assert gap.note == UNEXPLAINED_NOTE and gap.counterparty == ""
    assert len(entries) == 3 and balance == _net_of(entries, fee) == 2 * ETHER + ETHER // 2 - fee
    sync_eth(cold_db, untraced)  # the next sync re-reads the last blocks: the row is not doubled
    assert _history(cold_db, untraced)[0] == entries


def test_the_cli_history_says_how_it_arrived(
    chain: LocalEthChain, settings: Settings, cold_db: Path, data_dir: Path, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    config = tmp_path / "config"
    config.mkdir()
    save_settings(config / "settings.json", settings)
    forwarder = chain.deploy_forwarder()
    chain.forward_eth(forwarder, COLD, ETHER)
    assert (
        run(["--data-dir", str(data_dir), "--config-dir", str(config), "eth", "sync", "--from-block", "0"])
        == 0
    )
    capsys.readouterr()
    assert run(["--data-dir", str(data_dir), "--config-dir", str(config), "eth", "history"]) == 0
    out = capsys.readouterr().out
    assert f"+1 ETH  in {forwarder}" in out and INTERNAL_NOTE in out


def test_a_contract_payment_counts_towards_an_expected_deposit_with_or_without_tracing(
    chain: LocalEthChain, settings: Settings, untraced: Settings, cold_db: Path
) -> None:
    forwarder = chain.deploy_forwarder()
    expect_eth_arrival(cold_db, settings, COLD, "1.5", confirmations=2)
    paid = chain.forward_eth(forwarder, COLD, ETHER)  # the exchange's hot-wallet contract pays
    sync_eth(cold_db, untraced)  # no tracing: a balance gap, counted without a hash
    (arrival,) = eth_arrivals(cold_db, untraced)
    assert (arrival.status, arrival.received, arrival.tx_hashes) == ("waiting", ETHER, ())
    chain.forward_eth(forwarder, COLD, ETHER // 2)
    chain.mine(2)
    sync_eth(cold_db, settings)  # a tracing node: both payments are rows with their hashes
    (arrival,) = eth_arrivals(cold_db, settings)
    assert (arrival.status, arrival.received) == ("confirmed", 3 * ETHER // 2)
    assert paid in arrival.tx_hashes and len(arrival.tx_hashes) == 2
