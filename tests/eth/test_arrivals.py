"""Arrival tracking of a prepared exchange → cold transfer, ETH and a token: waiting →
received → confirmed after N blocks; a deposit reorganised away goes back to waiting; only a
device-verified address can be expected; the CLI shows it."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli.main import run
from app.eth.arrivals import ArrivalError
from app.settings import Settings
from app.usecases.eth import add_eth_token, eth_arrivals, expect_eth_arrival, sync_eth
from tests.eth.conftest import COLD, ETHER
from wallet.eth_chain.anvil import LocalEthChain


def _statuses(db: Path, settings: Settings) -> list[tuple[str, int]]:
    return [(a.status, a.received) for a in eth_arrivals(db, settings)]


def test_eth_and_token_arrivals_go_waiting_received_confirmed(
    chain: LocalEthChain, settings: Settings, cold_db: Path
) -> None:
    usdt = chain.deploy_token("Tether USD", "USDT", 6, 10**15)
    add_eth_token(cold_db, settings, usdt)
    chain.send_eth(COLD, ETHER)  # before the arrival was expected: not counted
    expect_eth_arrival(cold_db, settings, COLD, "1.5", "ETH", confirmations=3)
    expect_eth_arrival(cold_db, settings, COLD, "2500", "USDT", confirmations=3)
    sync_eth(cold_db, settings)
    assert _statuses(cold_db, settings) == [("waiting", 0), ("waiting", 0)]
    chain.set_automine(False)
    chain.send_eth(COLD, 3 * ETHER // 2)
    chain.send_token(usdt, COLD, 2_500_000_000)
    sync_eth(cold_db, settings)  # in the pool only
    assert _statuses(cold_db, settings) == [("received", 3 * ETHER // 2), ("received", 2_500_000_000)]
    chain.mine(1)
    sync_eth(cold_db, settings)
    assert [s for s, _ in _statuses(cold_db, settings)] == ["received", "received"]
    chain.mine(2)
    sync_eth(cold_db, settings)
    assert [s for s, _ in _statuses(cold_db, settings)] == ["confirmed", "confirmed"]


def test_a_reorganised_deposit_puts_the_arrival_back_to_waiting(
    chain: LocalEthChain, settings: Settings, cold_db: Path
) -> None:
    expect_eth_arrival(cold_db, settings, COLD, "1", "ETH", confirmations=5)
    snapshot = chain.snapshot()
    chain.send_eth(COLD, ETHER)
    sync_eth(cold_db, settings)
    assert _statuses(cold_db, settings) == [("received", ETHER)]
    chain.revert(snapshot)
    chain.mine(2)
    sync_eth(cold_db, settings)
    assert _statuses(cold_db, settings) == [("waiting", 0)]


def test_only_a_device_verified_address_can_be_expected(
    chain: LocalEthChain, settings: Settings, cold_db: Path
) -> None:
    with pytest.raises(ArrivalError, match="not a device-verified Ethereum address"):
        expect_eth_arrival(cold_db, settings, chain.funder, "1")


def test_the_cli_expects_and_lists_arrivals(
    chain: LocalEthChain, cold_db: Path, data_dir: Path, config_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--data-dir", str(data_dir), "--config-dir", str(config_dir), "eth"]
    assert run([*base, "expect", "--address", COLD, "--amount", "0.5", "--confirmations", "1"]) == 0
    chain.send_eth(COLD, ETHER // 2)
    assert run([*base, "sync"]) == 0
    capsys.readouterr()
    assert run([*base, "arrivals"]) == 0
    assert "confirmed 0.5/0.5 ETH" in capsys.readouterr().out
    assert run([*base, "expect", "--address", COLD, "--amount", "-1"]) == 2


def test_synced_eth_and_stablecoins_join_the_cold_side_of_the_split(
    chain: LocalEthChain, settings: Settings, cold_db: Path
) -> None:
    from app.eth.holdings import eth_cold_rows
    from app.store import open_store

    usdc = chain.deploy_token("USD Coin", "USDC", 6, 10**15)
    other = chain.deploy_token("Some Coin", "SOME", 18, 10**24)
    for token in (usdc, other):
        add_eth_token(cold_db, settings, token)
        chain.send_token(token, COLD, 10**6)
    chain.send_eth(COLD, 2 * ETHER)
    sync_eth(cold_db, settings)
    with open_store(cold_db) as store:
        prices = {"ETH": 3000.0}
        assert eth_cold_rows(store, "testnet", prices) == [
            {"account": "Cold ETH", "asset": "ETH", "amount": 2.0},
            {"account": "Cold ETH", "asset": "USDC", "amount": 1.0},
        ]
        assert prices["USDC"] == 1.0
        assert [r["asset"] for r in eth_cold_rows(store, "testnet", {})] == ["USDC"]  # no ETH price
        assert eth_cold_rows(store, "mainnet", {"ETH": 3000.0}) == []  # a local chain is not mainnet
