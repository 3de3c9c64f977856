"""trezor-firmware's published Ethereum fixtures and the host side of its definitions, for the tests.

The JSON files in data/ethereum/ are copied unchanged from trezor-firmware
common/tests/fixtures/ethereum/ at tag python/v0.20.2 (getaddress, getpublickey, signmessage,
verifymessage, sign_tx, sign_tx_eip155, sign_tx_eip1559, sign_tx_erc20, sign_tx_staking*).

The firmware's device tests hand the device a network definition built from each case's
chain id and the path's SLIP-44 ("fake definitions"), signed by the three development keys
0xdd.., 0xde.., 0xdf.. (trezorlib.testing.common.PRIVATE_KEYS_DEV) with no Merkle neighbours;
`encoded_network` does the same here with trezorlib's CoSi and definition structures.
"""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
from trezorlib import cosi, ethereum, messages, protobuf
from trezorlib import definitions as trezor_definitions
from trezorlib.tools import parse_path, unharden

DATA = Path(__file__).parent / "data" / "ethereum"
DEV_KEYS = [bytes([byte]) * 32 for byte in (0xDD, 0xDE, 0xDF)]
TEST_DEFINITION_TIMESTAMP = 0xFFFF_FFFF  # what the firmware's tests stamp their definitions with


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / name).read_text())
    return data


def cases(*names: str) -> list[Any]:
    """pytest params (mnemonic, parameters, result) for every case of the named fixture files."""
    params = []
    for name in names:
        fixture = load(name)
        mnemonic = fixture["setup"]["mnemonic"]
        for index, case in enumerate(fixture["tests"]):
            label = case.get("name") or case["parameters"].get("path", str(index))
            params.append(
                pytest.param(
                    mnemonic, case["parameters"], case.get("result", {}), id=f"{name}:{index}:{label}"
                )
            )
    return params


def signed_definition(data_type: messages.DefinitionType, info: protobuf.MessageType, keys: int = 3) -> bytes:
    buffer = io.BytesIO()
    protobuf.dump_message(buffer, info)
    payload = trezor_definitions.DefinitionPayload(
        magic=b"trzd1", data_type=data_type, timestamp=TEST_DEFINITION_TIMESTAMP, data=buffer.getvalue()
    ).build()
    root = hashlib.sha256(b"\x00" + payload).digest()  # a single leaf: the root is the leaf hash
    signature = cosi.sign_with_privkeys(root, DEV_KEYS[:keys])
    sigmask = (1 << keys) - 1
    return payload + bytes([0]) + bytes([sigmask]) + signature


def encoded_network(chain_id: int, slip44: int, symbol: str = "FAKE") -> bytes:
    info = messages.EthereumNetworkInfo(chain_id=chain_id, slip44=slip44, symbol=symbol, name="Fake network")
    return signed_definition(messages.DefinitionType.ETHEREUM_NETWORK, info)


def fixture_definitions(parameters: dict[str, Any]) -> messages.EthereumDefinitions:
    """make_defs of trezor-firmware's test_signtx.py: a network for the chain and the path's SLIP-44."""
    if not parameters.get("fake_defs", True):
        return messages.EthereumDefinitions()
    slip44 = unharden(parse_path(parameters["path"])[1])
    return messages.EthereumDefinitions(encoded_network=encoded_network(parameters["chain_id"], slip44))


def sign_fixture_tx(session: Any, parameters: dict[str, Any]) -> tuple[int, bytes, bytes]:
    """One sign_tx / sign_tx_eip1559 fixture case through trezorlib's ethereum module."""
    common = {
        "n": parse_path(parameters["path"]),
        "nonce": int(parameters["nonce"], 16),
        "gas_limit": int(parameters["gas_limit"], 16),
        "to": parameters["to_address"],
        "chain_id": parameters["chain_id"],
        "value": int(parameters["value"], 16),
        "data": bytes.fromhex(parameters["data"]),
        "definitions": fixture_definitions(parameters),
    }
    if "max_gas_fee" in parameters:
        return ethereum.sign_tx_eip1559(
            session,
            max_gas_fee=int(parameters["max_gas_fee"], 16),
            max_priority_fee=int(parameters["max_priority_fee"], 16),
            **common,
        )
    gas_price = int(parameters["gas_price"], 16)
    return ethereum.sign_tx(session, gas_price=gas_price, tx_type=parameters["tx_type"], **common)
