"""Every case of trezor-firmware's Ethereum fixtures, through stock trezorlib over udp:, on every identity.

Results must be byte-identical to the published ones (addresses, xpubs, r/s/v, message
signatures). One software device per identity and seed serves all of a module's cases and
says yes to every screen (auto-confirm: OneKey's Classic shows some pages without a
ButtonRequest); the screen sequences and refusals are tested in test_ethereum_flows.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from trezorlib import ethereum, exceptions, models
from trezorlib.client import AppManifest, Session, get_client
from trezorlib.tools import parse_path
from trezorlib.transport import get_transport

from tests.wallet.emulator.ethereum_support import cases, sign_fixture_tx
from wallet.devices import onekey
from wallet.emulator.emulator import Emulator

_ONEKEY_MODELS = {
    "onekey-classic": onekey.ONEKEY_CLASSIC,
    "onekey-classic1s": onekey.ONEKEY_CLASSIC,
    "onekey-mini": onekey.ONEKEY_MINI,
    "onekey-pro": onekey.ONEKEY_PRO,
    "onekey-touch": onekey.ONEKEY_TOUCH,
}
IDENTITIES = ("trezor-one", "trezor-t", *_ONEKEY_MODELS)


class Devices:
    """Software devices started on first use, one per (identity, seed), each with a session."""

    def __init__(self) -> None:
        self._open: dict[tuple[str, str], tuple[Emulator, Session]] = {}

    def session(self, identity: str, mnemonic: str) -> Session:
        key = (identity, mnemonic)
        if key not in self._open:
            emulator = Emulator(identity, port=0, mnemonic=mnemonic, confirm="auto").start()
            model: models.TrezorModel | None = _ONEKEY_MODELS.get(identity)
            client = get_client(
                AppManifest(app_name="coldsplit-tests"), get_transport(emulator.path), model=model
            )
            self._open[key] = (emulator, client.get_session(passphrase=""))
        return self._open[key][1]

    def close(self) -> None:
        for emulator, session in self._open.values():
            session.client.transport.close()
            emulator.stop()


@pytest.fixture(scope="module")
def devices() -> Iterator[Devices]:
    pool = Devices()
    yield pool
    pool.close()


@pytest.mark.parametrize("identity", IDENTITIES)
@pytest.mark.parametrize(("mnemonic", "parameters", "result"), cases("getaddress.json"))
def test_get_address(devices: Devices, identity: str, mnemonic: str, parameters: Any, result: Any) -> None:
    session = devices.session(identity, mnemonic)
    path = parse_path(parameters["path"])
    assert ethereum.get_address(session, path, show_display=True) == result["address"]


@pytest.mark.parametrize("identity", IDENTITIES)
@pytest.mark.parametrize(("mnemonic", "parameters", "result"), cases("getpublickey.json"))
def test_get_public_key(devices: Devices, identity: str, mnemonic: str, parameters: Any, result: Any) -> None:
    path = parse_path(parameters["path"])
    answer = ethereum.get_public_node(devices.session(identity, mnemonic), path)
    node = answer.node
    assert (node.depth, node.fingerprint, node.child_num) == (
        len(path),
        result["fingerprint"],
        result["child_num"],
    )
    assert node.chain_code.hex() == result["chain_code"]
    assert node.public_key.hex() == result["public_key"]
    assert answer.xpub == result["xpub"]


@pytest.mark.parametrize("identity", IDENTITIES)
@pytest.mark.parametrize(("mnemonic", "parameters", "result"), cases("signmessage.json"))
def test_sign_message(devices: Devices, identity: str, mnemonic: str, parameters: Any, result: Any) -> None:
    session = devices.session(identity, mnemonic)
    signed = ethereum.sign_message(session, parse_path(parameters["path"]), parameters["msg"])
    assert signed.address == result["address"]
    assert signed.signature.hex() == result["sig"]


@pytest.mark.parametrize("identity", IDENTITIES)
@pytest.mark.parametrize(("mnemonic", "parameters", "result"), cases("verifymessage.json"))
def test_verify_message(devices: Devices, identity: str, mnemonic: str, parameters: Any, result: Any) -> None:
    session = devices.session(identity, mnemonic)
    signature = bytes.fromhex(parameters["sig"])
    assert ethereum.verify_message(session, parameters["address"], signature, parameters["msg"]) is True
    tampered = signature[:-1] + bytes([signature[-1] ^ 1])  # the other recovery id: another key
    assert ethereum.verify_message(session, parameters["address"], tampered, parameters["msg"]) is False


SIGN_TX_FILES = (
    "sign_tx.json",
    "sign_tx_eip155.json",
    "sign_tx_erc20.json",
    "sign_tx_staking.json",
    "sign_tx_eip1559.json",
    "sign_tx_staking_eip1559.json",
)


@pytest.mark.parametrize("identity", IDENTITIES)
@pytest.mark.parametrize(("mnemonic", "parameters", "result"), cases(*SIGN_TX_FILES))
def test_sign_tx(devices: Devices, identity: str, mnemonic: str, parameters: Any, result: Any) -> None:
    v, r, s = sign_fixture_tx(devices.session(identity, mnemonic), parameters)
    assert (v, r.hex(), s.hex()) == (result["sig_v"], result["sig_r"], result["sig_s"])


@pytest.mark.parametrize("identity", ["trezor-one", "onekey-classic", "onekey-classic1s", "onekey-mini"])
@pytest.mark.parametrize(("mnemonic", "parameters", "result"), cases("sign_tx_staking_data_error.json"))
def test_malformed_staking_call_is_refused(
    devices: Devices, identity: str, mnemonic: str, parameters: Any, result: Any
) -> None:
    """Legacy firmware: a call to Everstake with the wrong argument size is DataError."""
    with pytest.raises(exceptions.TrezorFailure, match="Invalid staking transaction call"):
        sign_fixture_tx(devices.session(identity, mnemonic), parameters)


CORE = [name for name in IDENTITIES if name in ("trezor-t", "onekey-pro", "onekey-touch")]
LEGACY = [name for name in IDENTITIES if name not in CORE]


@pytest.mark.parametrize("identity", CORE)
@pytest.mark.parametrize(("mnemonic", "parameters", "result"), cases("sign_typed_data.json"))
def test_sign_typed_data(
    devices: Devices, identity: str, mnemonic: str, parameters: Any, result: Any
) -> None:
    """EIP-712 streamed struct by struct and value by value (core models)."""
    shown = parameters.get("show_message_hash")
    signed = ethereum.sign_typed_data(
        devices.session(identity, mnemonic),
        parse_path(parameters["path"]),
        parameters["data"],
        metamask_v4_compat=parameters["metamask_v4_compat"],
        show_message_hash=ethereum.decode_hex(shown) if shown else None,
    )
    assert (signed.address, "0x" + signed.signature.hex()) == (result["address"], result["sig"])


@pytest.mark.parametrize("identity", LEGACY)
@pytest.mark.parametrize(("mnemonic", "parameters", "result"), cases("sign_typed_data.json"))
def test_sign_typed_data_hash(
    devices: Devices, identity: str, mnemonic: str, parameters: Any, result: Any
) -> None:
    """The legacy firmware signs the two EIP-712 hashes the host computed."""
    message_hash = ethereum.decode_hex(parameters["message_hash"]) if parameters["message_hash"] else None
    signed = ethereum.sign_typed_data_hash(
        devices.session(identity, mnemonic),
        parse_path(parameters["path"]),
        ethereum.decode_hex(parameters["domain_separator_hash"]),
        message_hash,
    )
    assert (signed.address, "0x" + signed.signature.hex()) == (result["address"], result["sig"])
