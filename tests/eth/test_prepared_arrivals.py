"""The advice's "Prepare transfer" for ETH and a stablecoin expects the deposit it will make, on a
real local node (anvil): waiting → received → confirmed after N blocks, one arrival however often
the same transfer is prepared; typed input is checked before the node is asked."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.advisor.targets import WithdrawalTargetError
from app.eth.arrivals import ArrivalError
from app.eth.networks import EthEndpointSetting, EthNetwork
from app.eth.tokens import TokenError
from app.settings import Settings
from app.usecases.advice import amount_text, prepare_transfer
from app.usecases.eth import add_eth_token, eth_arrivals, expect_eth_arrival, sync_eth
from app.usecases.eth_arrivals import expect_prepared_transfer
from tests.eth.conftest import COLD, ETHER
from wallet.eth_chain.anvil import LocalEthChain


def _statuses(db: Path, settings: Settings) -> list[tuple[str, str, int, int]]:
    return [(a.status, a.asset, a.expected, a.received) for a in eth_arrivals(db, settings)]


def test_a_prepared_eth_transfer_is_expected_and_confirmed_after_n_blocks(
    chain: LocalEthChain, settings: Settings, cold_db: Path
) -> None:
    prepared = prepare_transfer("ETH", 12.0, COLD)
    assert (prepared.chain, prepared.amount_text, prepared.uri) == ("ethereum", "12", COLD)
    arrival = expect_prepared_transfer(cold_db, settings, prepared, confirmations=3)
    assert arrival.start_block == chain.block_number() + 1
    again = expect_prepared_transfer(cold_db, settings, prepare_transfer("ETH", 12.0, COLD), confirmations=3)
    assert again.id == arrival.id and len(eth_arrivals(cold_db, settings)) == 1
    sync_eth(cold_db, settings)
    assert _statuses(cold_db, settings) == [("waiting", "ETH", 12 * ETHER, 0)]
    chain.send_eth(COLD, 12 * ETHER)  # the exchange's withdrawal, mined at once
    sync_eth(cold_db, settings)
    assert _statuses(cold_db, settings) == [("received", "ETH", 12 * ETHER, 12 * ETHER)]
    chain.mine(2)
    sync_eth(cold_db, settings)
    assert _statuses(cold_db, settings)[0][0] == "confirmed"
    # confirmed: preparing the same transfer again expects a new deposit
    third = expect_prepared_transfer(cold_db, settings, prepare_transfer("ETH", 12.0, COLD), confirmations=3)
    assert third.id != arrival.id and third.status == "waiting"


def test_a_prepared_stablecoin_transfer_expects_the_token_cut_to_its_places(
    chain: LocalEthChain, settings: Settings, cold_db: Path
) -> None:
    usdc = add_eth_token(cold_db, settings, chain.deploy_token("USD Coin", "USDC", 6, 10**15))
    prepared = prepare_transfer("USDC", 18355.12999999, COLD)
    assert prepared.amount_text == "18355.12999999"  # what the person is shown and types
    arrival = expect_prepared_transfer(cold_db, settings, prepared, confirmations=2)
    assert (arrival.asset, arrival.expected) == (usdc.contract, 18_355_129_999)
    chain.send_token(usdc.contract, COLD, 18_355_129_999)
    chain.mine(1)
    sync_eth(cold_db, settings)
    assert _statuses(cold_db, settings)[0][0] == "confirmed"


def test_a_bitcoin_transfer_is_not_expected_in_the_ethereum_account(
    settings: Settings, cold_db: Path
) -> None:
    prepared = prepare_transfer("BTC", 0.4, "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx")
    assert prepared.chain == "bitcoin"
    with pytest.raises(ArrivalError, match="does not go to the Ethereum cold account"):
        expect_prepared_transfer(cold_db, settings, prepared)
    with pytest.raises(WithdrawalTargetError):
        prepare_transfer("ETH", 1.0, None)


def test_amount_text_is_the_plain_decimal_to_type() -> None:
    assert [amount_text(a) for a in (12.0, 0.41389926, 1e-05, 18355.13, 0.123456789)] == [
        "12",
        "0.41389926",
        "0.00001",
        "18355.13",
        "0.12345678",
    ]


def test_typed_input_is_refused_in_one_line_before_the_node_is_asked(cold_db: Path) -> None:
    # Nothing listens on this port: each refusal below comes before any call to the node.
    dead = Settings(eth_endpoint=EthEndpointSetting(EthNetwork.LOCAL, "http://127.0.0.1:9", 1))
    with pytest.raises(TokenError, match=r"'1\.2\.3' is not an amount"):
        expect_eth_arrival(cold_db, dead, COLD, "1.2.3")
    with pytest.raises(TokenError, match="more than 18 decimal places"):
        expect_eth_arrival(cold_db, dead, COLD, "0." + "1" * 19)
    with pytest.raises(ArrivalError, match="more than zero"):
        expect_eth_arrival(cold_db, dead, COLD, "0")
    with pytest.raises(TokenError, match="no watched token 'USDT'"):
        expect_eth_arrival(cold_db, dead, COLD, "5", "USDT")
    funder = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
    with pytest.raises(ArrivalError, match="not a device-verified Ethereum address"):
        expect_eth_arrival(cold_db, dead, funder, "1")
    with pytest.raises(ArrivalError, match="not a device-verified Ethereum address"):
        expect_eth_arrival(cold_db.parent / "none.sqlite3", dead, COLD, "1")
