"""`eth send --legacy`: a legacy (EIP-155) transfer, reviewed, signed on the software device
(EthereumSignTx), checked by rlp + eth-account and mined by anvil; by file for an air-gapped
signer too; and the refusals (one line, exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.eth.send import EthSendError, FeeChoice
from app.settings import Settings
from app.usecases.eth_send import prepare_eth_send, sign_eth_transfer, signed_from_json
from tests.eth.conftest import COLD, ETHER, EXCHANGE, eth_cli
from wallet.emulator.emulator import Emulator
from wallet.eth_chain.anvil import LocalEthChain
from wallet.eth_chain.signed import SignedTransactionMismatch, check_signed
from wallet.types import Network


def test_a_legacy_send_is_signed_on_the_device_and_mined(
    chain: LocalEthChain,
    cold_db: Path,
    data_dir: Path,
    config_dir: Path,
    device: Emulator,
    capsys: pytest.CaptureFixture[str],
) -> None:
    chain.send_eth(COLD, ETHER)
    send = ["send", "--account", "Cold ETH", "--to", EXCHANGE, "--amount", "0.25", "--legacy"]
    assert (
        eth_cli(data_dir, config_dir, *send, "--gas-price-gwei", "3", "--yes", "--device", device.path) == 0
    )
    out = capsys.readouterr().out
    assert "gas 21000 × 3 gwei (legacy transaction, EIP-155)" in out
    tx_hash = out.rsplit("sent ", 1)[1].split()[0]
    receipt = chain.wait_for_receipt(tx_hash)
    assert (receipt["status"], receipt["type"]) == ("0x1", "0x0")
    mined = chain.rpc("eth_getTransactionByHash", [tx_hash])
    assert int(mined["v"], 16) in (35 + 2 * chain.chain_id, 36 + 2 * chain.chain_id)  # EIP-155
    assert int(mined["gasPrice"], 16) == 3 * 10**9


def test_a_legacy_transfer_goes_through_the_air_gap_by_file(
    chain: LocalEthChain, cold_db: Path, data_dir: Path, config_dir: Path, tmp_path: Path, device: Emulator
) -> None:
    chain.send_eth(COLD, ETHER)
    unsigned, signed = tmp_path / "unsigned.json", tmp_path / "signed.json"
    send = [
        "send",
        "--account",
        "Cold ETH",
        "--to",
        EXCHANGE,
        "--amount",
        "0.1",
        "--legacy",
        "-o",
        str(unsigned),
    ]
    assert eth_cli(data_dir, config_dir, *send) == 0
    document = json.loads(unsigned.read_text())
    assert "gas_price" in document and "max_fee_per_gas" not in document
    offline = tmp_path / "offline"
    offline.mkdir()
    sign = ["sign", str(unsigned), "-o", str(signed), "--yes", "--device", device.path]
    assert eth_cli(offline, offline, *sign) == 0
    assert eth_cli(data_dir, config_dir, "broadcast", str(signed)) == 0
    assert chain.wait_for_receipt(json.loads(signed.read_text())["tx_hash"])["type"] == "0x0"


def test_legacy_refusals_are_one_line_with_exit_2(
    chain: LocalEthChain,
    settings: Settings,
    cold_db: Path,
    data_dir: Path,
    config_dir: Path,
    tmp_path: Path,
    device: Emulator,
    capsys: pytest.CaptureFixture[str],
) -> None:
    chain.send_eth(COLD, ETHER)
    send = [
        "send",
        "--account",
        "Cold ETH",
        "--to",
        EXCHANGE,
        "--amount",
        "0.1",
        "-o",
        str(tmp_path / "u.json"),
    ]
    for extra, fragment in (
        (["--gas-price-gwei", "3"], "add --legacy"),
        (["--legacy", "--max-fee-gwei", "5"], "one gas price"),
        (["--legacy", "--qr-out", str(tmp_path / "qr")], "EIP-1559 transaction only"),
    ):
        assert eth_cli(data_dir, config_dir, *send, *extra) == 2
        err = capsys.readouterr().err.strip()
        assert fragment in err and "\n" not in err and "Traceback" not in err
    review = prepare_eth_send(cold_db, settings, "Cold ETH", EXCHANGE, "0.1", fees=FeeChoice(legacy=True))
    from app.cli.device_session import opened_device

    with opened_device(device.path, Network.TESTNET) as session:
        signed = sign_eth_transfer(session.call, review)
    document = signed.to_json()
    document["gas_price"] = str(int(document["gas_price"]) + 1)  # edited after signing
    with pytest.raises(EthSendError, match="differs from the reviewed one in: gas price"):
        signed_from_json(document)
    eip1559 = prepare_eth_send(cold_db, settings, "Cold ETH", EXCHANGE, "0.1").transfer.tx
    with pytest.raises(SignedTransactionMismatch, match="is legacy, the reviewed one EIP-1559"):
        check_signed(signed.raw, eip1559, COLD)
