"""Multisig addresses and the firmware's multisig rules, against trezor-firmware's published vectors.

Vectors: trezor-firmware tests/device_tests/bitcoin/test_getaddress.py::test_multisig and
test_getaddress_segwit_native.py::test_show_multisig_3 (python/v0.20.2), seed "all" x12.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from trezorlib import btc, exceptions, messages, protobuf
from trezorlib.tools import parse_path

from tests.wallet.emulator.clients import connect, session_with_debuglink
from tests.wallet.emulator.signtx_support import ALL_SEED, FlowSession, sign_with
from wallet.emulator.emulator import Emulator
from wallet.emulator.keys import KeyStore
from wallet.emulator.requests_coin import serialize_xpub

S = messages.InputScriptType


def p2sh_wallet(session: object, chain: int) -> messages.MultisigRedeemScriptType:
    """getmultisig(chain, 0, xpubs) of trezor-firmware tests/common.py: accounts 1-3 of m/44h/0h."""
    nodes = [btc.get_public_node(session, parse_path(f"m/44h/0h/{n}h")).node for n in range(1, 4)]  # type: ignore[arg-type]
    return messages.MultisigRedeemScriptType(
        pubkeys=[messages.HDNodePathType(node=node, address_n=[chain, 0]) for node in nodes],
        signatures=[b"", b"", b""],
        m=2,
    )


def test_p2sh_multisig_address_is_the_published_one_for_every_cosigner(trezor_one: Emulator) -> None:
    session = connect(trezor_one).get_session()
    receive, change = p2sh_wallet(session, 0), p2sh_wallet(session, 1)
    for account in (1, 2, 3):
        address = btc.get_address(
            session, "Bitcoin", parse_path(f"m/44h/0h/{account}h/0/0"), multisig=receive
        )
        assert address == "3Pdz86KtfJBuHLcSv4DysJo4aQfanTqCzG"
        address = btc.get_address(session, "Bitcoin", parse_path(f"m/44h/0h/{account}h/1/0"), multisig=change)
        assert address == "36gP3KVx1ooStZ9quZDXbAF3GCr42b2zzd"


def test_p2wsh_multisig_address_is_the_published_one(trezor_one: Emulator) -> None:
    session = connect(trezor_one).get_session()
    nodes = [
        btc.get_public_node(session, parse_path(f"m/84h/1h/{i}h"), coin_name="Testnet").node
        for i in range(1, 4)
    ]
    wallet = messages.MultisigRedeemScriptType(nodes=nodes, address_n=[0, 1], signatures=[b"", b"", b""], m=2)
    for account in (1, 2, 3):
        address = btc.get_address(
            session,
            "Testnet",
            parse_path(f"m/84h/1h/{account}h/0/1"),
            multisig=wallet,
            script_type=S.SPENDWITNESS,
        )
        assert address == "tb1qauuv4e2pwjkr4ws5f8p20hu562jlqpe5h74whxqrwf7pufsgzcms9y8set"


def test_multisig_without_the_device_key_is_refused(trezor_one: Emulator) -> None:
    """test_getaddress.py::test_multisig_missing: account 0 is not a cosigner of accounts 1-3."""
    session = connect(trezor_one).get_session()
    with pytest.raises(exceptions.TrezorFailure) as info:
        btc.get_address(session, "Bitcoin", parse_path("m/44h/0h/0h/0/0"), multisig=p2sh_wallet(session, 0))
    assert info.value.code == messages.FailureType.DataError


def test_different_paths_per_cosigner_are_refused_on_screen_under_strict_safety_checks(
    trezor_one: Emulator,
) -> None:
    """fsm_msgGetAddress: cosigners with different suffixes could hide the address (ransom attack)."""
    with session_with_debuglink(trezor_one, press_yes=True) as (session, _debug):
        wallet = p2sh_wallet(session, 0)
        wallet.pubkeys[1].address_n = [0, 1]
        path = parse_path("m/44h/0h/1h/0/0")
        btc.get_address(session, "Bitcoin", path, multisig=wallet)  # computing it is fine
        # (BIP44 is a single-sig scheme: the path warning comes first, and is confirmed)
        with pytest.raises(exceptions.TrezorFailure, match="Using different paths for different xpubs"):
            btc.get_address(session, "Bitcoin", path, multisig=wallet, show_display=True)


MULTISIG_TXES = Path(__file__).parent / "data" / "multisig_txes.json"
# test_signtx_segwit_native.py::test_send_multisig_1: 2-of-3 p2sh-p2wsh, signed by accounts 1 and 3
SEND_MULTISIG_SIGNED = (
    "01000000000101a660b551efbe3f6e79b181d3c4445a7c3ffc4b970f6c1f5ef2f6284a0dfaabb904000000232200208d398cfb"
    "58a1d9cdb59ccbce81559c095e8c6f4a3e64966ca385078d9879f95effffffff01905f010000000000220020c5f4a0a4ea7c03"
    "92efe0a9670a73264cffa90b19107cd8a8e9750ff93c77fdfb040047304402203f3309fce4beab5131917615996ae79308a360"
    "43d46a52865f39d22e2f2b7abd02207d7f2e1cf1e0029192c33a5466e7717f906b8bfd512ba8c1264490691dc0d94601483045"
    "022100a154ab8162ef7328d82fc70b288ce422752bf4635626d30b467eb08985025441022065636e0537e10493dd82c0385252"
    "bde81d161236b092fcae8de359b253da41fd01695221021630971f20fa349ba940a6ba3706884c41579cd760c89901374358db"
    "5dd545b92102f2ff4b353702d2bb03d4c494be19d77d0ab53d16161b53fbcaf1afeef4ad0cb52103e9b6b1c691a12ce448f1ae"
    "dbbd588e064869c79fbd760eae3b8cd8a5f1a224db53ae00000000"
)


def test_two_cosigners_produce_the_published_p2sh_p2wsh_multisig_transaction() -> None:
    keys = KeyStore(ALL_SEED)
    nodes = [serialize_xpub(keys, parse_path(f"m/49h/1h/{i}h"), 0x043587CF)[0] for i in range(1, 4)]
    wallet = messages.MultisigRedeemScriptType(nodes=nodes, address_n=[0, 0], signatures=[b"", b"", b""], m=2)
    prev = json.loads(MULTISIG_TXES.read_text())
    txes = {
        bytes.fromhex(k.split("/")[1]): protobuf.dict_to_proto(messages.TransactionType, v)
        for k, v in prev.items()
        if not k.startswith("_")
    }
    inp = messages.TxInputType(
        address_n=parse_path("m/49h/1h/1h/0/0"),
        prev_hash=bytes.fromhex("b9abfa0d4a28f6f25e1f6c0f974bfc3f7c5a44c4d381b1796e3fbeef51b560a6"),
        prev_index=4,
        script_type=S.SPENDP2SHWITNESS,
        multisig=wallet,
        amount=100_000,
    )
    out = messages.TxOutputType(
        address="tb1qch62pf820spe9mlq49ns5uexfnl6jzcezp7d328fw58lj0rhlhasge9hzy",
        amount=90_000,
        script_type=messages.OutputScriptType.PAYTOADDRESS,
    )
    signatures, _ = sign_with(FlowSession(keys), "Testnet", [copy.deepcopy(inp)], [out], prev_txes=txes)
    inp.multisig.signatures[0] = signatures[0]  # type: ignore[union-attr]
    inp.address_n[2] = 3 | 0x8000_0000  # the third cosigner signs
    _, serialized = sign_with(FlowSession(keys), "Testnet", [inp], [out], prev_txes=txes)
    assert serialized.hex() == SEND_MULTISIG_SIGNED
