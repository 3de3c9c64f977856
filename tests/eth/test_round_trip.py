"""Receive, then send, end to end: an exchange (anvil's dev account) deposits ETH and a token
to the device-verified cold address; the cold account sees them confirmed; then it sends ETH
and the token back, each reviewed, signed on the software device (trezorlib's Ethereum
calls, the firmware's screens), checked, broadcast and mined by the node. Also the
air-gapped path (`eth send -o`, `eth sign`, `eth broadcast`) and the refusals."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.eth.send import EthSendError, FeeChoice
from app.settings import Settings
from app.usecases.eth import add_eth_token, eth_accounts_view, sync_eth
from app.usecases.eth_send import broadcast_eth, prepare_eth_send, sign_eth_transfer, signed_from_json
from tests.eth.conftest import ALL, COLD, ETHER, EXCHANGE, eth_cli
from wallet.emulator.emulator import Emulator
from wallet.eth_chain.anvil import LocalEthChain
from wallet.eth_chain.node import EthNode
from wallet.types import Network


@pytest.fixture(params=["trezor-t", "onekey-pro"])
def device(request: pytest.FixtureRequest) -> Iterator[Emulator]:
    with Emulator(request.param, port=0, mnemonic=ALL, confirm="auto") as emulator:
        yield emulator


def _device_calls(emulator: Emulator):  # type: ignore[no-untyped-def]
    from app.cli.device_session import opened_device

    return opened_device(emulator.path, Network.TESTNET)


def _balances(db: Path, settings: Settings) -> dict[str, int]:
    (view,) = eth_accounts_view(db, settings)
    return {b.symbol: b.amount for b in view.balances}


def test_receive_then_send_eth_and_a_token(
    chain: LocalEthChain, settings: Settings, cold_db: Path, device: Emulator
) -> None:
    usdc = chain.deploy_token("USD Coin", "USDC", 6, 10**15)
    add_eth_token(cold_db, settings, usdc)
    chain.send_eth(COLD, 2 * ETHER)
    chain.send_token(usdc, COLD, 300_000_000)
    sync_eth(cold_db, settings)
    assert _balances(cold_db, settings) == {"ETH": 2 * ETHER, "USDC": 300_000_000}

    node = EthNode(chain.url)
    sent = []
    with _device_calls(device) as session:
        for amount, asset in (("0.5", "ETH"), ("120.25", "USDC")):
            review = prepare_eth_send(cold_db, settings, "Cold ETH", EXCHANGE, amount, asset, eth_usd=3000.0)
            assert not review.recipient_verified and review.recipient_is_contract is False
            assert review.warnings == []
            signed = sign_eth_transfer(session.call, review)
            sent.append(broadcast_eth(cold_db, settings, signed))
            chain.wait_for_receipt(signed.tx_hash)
    receipts = node.receipts(sent)
    assert all(r is not None and r.succeeded for r in receipts.values())
    sync_eth(cold_db, settings)
    fees = sum(r.fee_wei for r in receipts.values() if r is not None)
    assert _balances(cold_db, settings) == {
        "ETH": 2 * ETHER - ETHER // 2 - fees,
        "USDC": 300_000_000 - 120_250_000,
    }
    (view,) = eth_accounts_view(cold_db, settings)
    out = {(h.symbol, h.amount) for h in view.history if h.direction == "out"}
    assert out == {("ETH", ETHER // 2), ("USDC", 120_250_000)}
    assert node.balances(EXCHANGE, [usdc], node.block_number())[1] == [120_250_000]


def test_the_review_warns_about_a_contract_recipient_and_a_high_fee(
    chain: LocalEthChain, settings: Settings, cold_db: Path
) -> None:
    usdc = chain.deploy_token("USD Coin", "USDC", 6, 10**15)
    add_eth_token(cold_db, settings, usdc)
    chain.send_eth(COLD, ETHER)
    sync_eth(cold_db, settings)
    expensive = FeeChoice(max_fee_per_gas=500 * 10**9, max_priority_fee_per_gas=2 * 10**9)
    review = prepare_eth_send(
        cold_db, settings, "Cold ETH", usdc, "1", "USDC", fees=expensive, eth_usd=3000.0
    )
    text = "\n".join(review.lines())
    assert "the recipient is a contract" in text and "the recipient is the token's own contract" in text
    assert "the max fee is $" in text and "more than the last synced balance" in text
    assert "the node's simulation of this transfer fails (balance)" in text  # the contract reverts
    assert review.transfer.tx.max_fee_per_gas == 500 * 10**9


def test_a_tampered_signed_file_is_refused(
    chain: LocalEthChain, settings: Settings, cold_db: Path, device: Emulator
) -> None:
    chain.send_eth(COLD, ETHER)
    review = prepare_eth_send(cold_db, settings, "Cold ETH", EXCHANGE, "0.1")
    with _device_calls(device) as session:
        signed = sign_eth_transfer(session.call, review)
    document = signed.to_json()
    document["to"] = COLD  # the file now claims another recipient than the signed bytes
    with pytest.raises(EthSendError, match="differs from the reviewed one in: recipient"):
        signed_from_json(document)


def test_air_gapped_send_sign_broadcast_from_the_cli(
    chain: LocalEthChain,
    cold_db: Path,
    data_dir: Path,
    config_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    chain.send_eth(COLD, ETHER)
    unsigned, signed = tmp_path / "unsigned.json", tmp_path / "signed.json"
    send = ["send", "--account", "Cold ETH", "--to", EXCHANGE, "--amount", "0.25", "-o", str(unsigned)]
    assert eth_cli(data_dir, config_dir, *send) == 0
    assert json.loads(unsigned.read_text())["value"] == str(ETHER // 4)
    offline = tmp_path / "offline-data"  # the air-gapped machine: no store, no endpoint
    offline.mkdir()
    with Emulator("trezor-t", port=0, mnemonic=ALL, confirm="auto") as emulator:
        monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
        sign = ["sign", str(unsigned), "-o", str(signed), "--device", emulator.path]
        assert eth_cli(offline, offline, *sign) == 2  # answered "n"
        assert not signed.exists()
        capsys.readouterr()
        assert eth_cli(offline, offline, *sign, "--yes") == 0
    out = capsys.readouterr().out
    assert "send      0.25 ETH" in out and "NOT a verified address" in out
    assert eth_cli(data_dir, config_dir, "broadcast", str(signed)) == 0
    tx_hash = json.loads(signed.read_text())["tx_hash"]
    assert chain.wait_for_receipt(tx_hash)["status"] == "0x1"
    assert eth_cli(data_dir, config_dir, "broadcast", str(unsigned)) == 2  # not signed: one line, exit 2
    assert "not signed yet" in capsys.readouterr().err


def test_a_dropped_transaction_is_marked_dropped(
    chain: LocalEthChain, settings: Settings, cold_db: Path, device: Emulator
) -> None:
    chain.send_eth(COLD, ETHER)
    chain.set_automine(False)
    review = prepare_eth_send(cold_db, settings, "Cold ETH", EXCHANGE, "0.1")
    with _device_calls(device) as session:
        signed = sign_eth_transfer(session.call, review)
    broadcast_eth(cold_db, settings, signed)
    sync_eth(cold_db, settings)
    (view,) = eth_accounts_view(cold_db, settings)
    assert [(h.status, h.direction) for h in view.history if h.tx_hash == signed.tx_hash] == [
        ("pending", "out")
    ]
    chain.drop(signed.tx_hash)
    sync_eth(cold_db, settings)
    (view,) = eth_accounts_view(cold_db, settings)
    assert signed.tx_hash not in {h.tx_hash for h in view.history}
    from app.store import open_store

    with open_store(cold_db) as store:
        assert store.query("SELECT status FROM eth_sent")[0][0] == "dropped"
