"""`coldsplit eth` endpoint/sync/balance/history/tokens against anvil on loopback; one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.eth.conftest import COLD, ETHER, eth_cli
from wallet.eth_chain.anvil import LocalEthChain


def test_sync_then_balance_and_history(
    chain: LocalEthChain, cold_db: Path, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "cfg"
    assert eth_cli(data_dir, config, "endpoint", "set", chain.url, "--network", "local") == 0
    token = chain.deploy_token("USD Coin", "USDC", 6, 10**15)
    assert eth_cli(data_dir, config, "tokens", "add", token) == 0
    deposit = chain.send_eth(COLD, 2 * ETHER)
    chain.send_token(token, COLD, 1_500_000)
    assert eth_cli(data_dir, config, "sync") == 0
    capsys.readouterr()
    assert eth_cli(data_dir, config, "balance", "--json") == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert {b["symbol"]: b["amount_text"] for b in row["balances"]} == {"ETH": "2", "USDC": "1.5"}
    assert eth_cli(data_dir, config, "history") == 0
    out = capsys.readouterr().out
    assert f"+2 ETH  in {chain.funder}" in out and deposit in out and "+1.5 USDC" in out


def test_errors_are_one_line_with_exit_2_or_4(
    chain: LocalEthChain, cold_db: Path, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "cfg"
    assert eth_cli(data_dir, config, "sync") == 2
    assert capsys.readouterr().err.strip().count("\n") == 0
    assert eth_cli(data_dir, config, "endpoint", "set", "ftp://x", "--network", "local") == 2
    assert eth_cli(data_dir, config, "endpoint", "set", chain.url, "--network", "local") == 0
    assert eth_cli(data_dir, config, "tokens", "add", "0x1234") == 2
    chain.stop()
    capsys.readouterr()
    assert eth_cli(data_dir, config, "sync") == 4
    err = capsys.readouterr().err.strip()
    assert "unreachable" in err and "\n" not in err and "Traceback" not in err


def test_receive_prints_the_verified_address_as_eip681_requests(
    chain: LocalEthChain, cold_db: Path, data_dir: Path, config_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    token = chain.deploy_token("USD Coin", "USDC", 6, 10**15)
    assert eth_cli(data_dir, config_dir, "tokens", "add", token) == 0
    capsys.readouterr()
    assert eth_cli(data_dir, config_dir, "receive", "--amount", "1.5") == 0
    assert f"ethereum:{COLD}@31337?value={3 * ETHER // 2}" in capsys.readouterr().out
    assert eth_cli(data_dir, config_dir, "receive", "--amount", "250", "--token", "USDC") == 0
    assert f"ethereum:{token}@31337/transfer?address={COLD}&uint256=250000000" in capsys.readouterr().out
    assert eth_cli(data_dir, config_dir, "account", "addresses") == 0
    assert COLD in capsys.readouterr().out
    assert eth_cli(data_dir, config_dir, "receive", "--token", "NOPE") == 2
