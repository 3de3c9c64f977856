"""Replacement transactions (RBF): the original is streamed, checked and its signatures verified.

Vectors from trezor-firmware tests/device_tests/bitcoin/test_signtx_replacement.py
(python/v0.20.2): inputs, outputs, the request order the firmware follows and the signed
bytes; the original and previous transactions are its tests/txcache entries.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from trezorlib import exceptions, messages, protobuf
from trezorlib.tools import parse_path

from tests.wallet.emulator.signtx_support import FlowSession, request_trace, sign_with

DATA = Path(__file__).parent / "data" / "replacement_txes.json"
B = messages.ButtonRequestType
F = messages.FailureType
I = messages.InputScriptType  # noqa: E741
O = messages.OutputScriptType  # noqa: E741
TXHASH_8E4AF7 = bytes.fromhex("8e4af74cee65dac2615f7befea76bab4955707cd216011d918b526f5e86d85ba")
TXHASH_70F987 = bytes.fromhex("70f9871eb03a38405cfd7a01e0e1448678132d815e2c9f552ad83ae23969509e")
TXHASH_43D273 = bytes.fromhex("43d273d3caf41759ad843474f960fbf80ff2ec961135d018b61e9fab3ad1fc06")
TXHASH_50F6F1 = bytes.fromhex("50f6f1209ca92d7359564be803cb2c932cde7d370f7cee50fd1fad6790f6206d")
TXHASH_BEAFC7 = bytes.fromhex("beafc7cbd873d06dbee88a7002768ad5864228639db514c81cfb29f108bb1e7a")


def cached_txes() -> dict[bytes, messages.TransactionType]:
    raw = json.loads(DATA.read_text())
    return {
        bytes.fromhex(key.split("/")[1]): protobuf.dict_to_proto(messages.TransactionType, tx)
        for key, tx in raw.items()
        if not key.startswith("_")
    }


def p2tr_bump() -> tuple[list[messages.TxInputType], list[messages.TxOutputType]]:
    """test_p2tr_fee_bump: two taproot inputs, a payment and change, fee bumped by 250."""
    inputs = [
        messages.TxInputType(
            address_n=parse_path("m/86h/1h/0h/0/1"),
            amount=13_000,
            orig_hash=TXHASH_8E4AF7,
            orig_index=0,
            prev_hash=bytes.fromhex("a4e2745235250cc223b42004769338f5837e9290caf546da33ab117e4d011c92"),
            prev_index=1,
            script_type=I.SPENDTAPROOT,
        ),
        messages.TxInputType(
            address_n=parse_path("m/86h/1h/0h/0/0"),
            amount=6_800,
            orig_hash=TXHASH_8E4AF7,
            orig_index=1,
            prev_hash=bytes.fromhex("ccd7eaacc9f6902b89c00a6c221391bd41c8b78e7935ff3e1130d13644393ff2"),
            prev_index=0,
            script_type=I.SPENDTAPROOT,
        ),
    ]
    outputs = [
        messages.TxOutputType(
            address="tb1qq0rurzt04d76hk7pjxhqggk7ad4zj7c9u369kt",
            amount=15_000,
            orig_hash=TXHASH_8E4AF7,
            orig_index=0,
            script_type=O.PAYTOADDRESS,
        ),
        messages.TxOutputType(
            address_n=parse_path("m/86h/1h/0h/1/0"),
            amount=4_600 - 250,
            orig_hash=TXHASH_8E4AF7,
            orig_index=1,
            script_type=O.PAYTOTAPROOT,
        ),
    ]
    return inputs, outputs


P2TR_BUMP_SIGNED = (
    "01000000000102921c014d7e11ab33da46f5ca90927e83f53893760420b423c20c25355274e2a40100000000ffffffff"
    "f23f394436d130113eff35798eb7c841bd9113226c0ac0892b90f6c9acead7cc0000000000ffffffff02983a0000000000"
    "0016001403c7c1896fab7dabdbc191ae0422deeb6a297b05fe100000000000002251209a9af24b396f593b34e23fefba6b"
    "417a55c5ee3f430c3837379fcb5246ab36d70140d4b5fb5e8ffc8db91f2f394dedb618b3c995ef35fe680944c185fd4be1"
    "6954988a67e249026cb84915569cf168b55389b4f651965860936ce54d6ea1e0956e960140638c8c1e954eb6deb9cfa763"
    "c08c85c86050b50c5b9876a187c26b4d811ec17f9d5356af4661f6e49b9f6d79f57efc67b28f057550fe0611153c928b6a"
    "1bc4ca00000000"
)


def test_taproot_fee_bump_streams_the_original_and_signs_the_firmware_bytes() -> None:
    inputs, outputs = p2tr_bump()
    session = FlowSession()
    _, serialized = sign_with(session, "Testnet", inputs, outputs, prev_txes=cached_txes())
    assert serialized.hex() == P2TR_BUMP_SIGNED
    assert request_trace(session) == [
        ("TXINPUT", 0, None),
        ("TXMETA", None, "8e4af7"),
        ("TXORIGINPUT", 0, "8e4af7"),
        ("TXINPUT", 1, None),
        ("TXORIGINPUT", 1, "8e4af7"),
        ("TXOUTPUT", 0, None),
        ("TXORIGOUTPUT", 0, "8e4af7"),
        ("TXOUTPUT", 1, None),
        ("TXORIGOUTPUT", 1, "8e4af7"),
        ("TXORIGINPUT", 0, "8e4af7"),
        ("TXORIGINPUT", 1, "8e4af7"),
        ("TXINPUT", 0, None),
        ("TXINPUT", 1, None),
        ("TXOUTPUT", 0, None),
        ("TXOUTPUT", 1, None),
        ("TXINPUT", 0, None),
        ("TXINPUT", 1, None),
        ("TXFINISHED", None, None),
    ]
    # the original opted in to RBF and the bump does not, so it is "finalized"; then the fee change;
    # the kept payment is not shown again
    assert [(c.code, c.title) for c in session.confirmations] == [
        (B.SignTx, "Finalize TXID"),
        (B.SignTx, "Modify fee"),
    ]


def test_legacy_fee_bump_verifies_the_original_legacy_signature() -> None:
    """test_p2pkh_fee_bump: the original's p2pkh signature is checked over the re-streamed original."""
    inputs = [
        messages.TxInputType(
            address_n=parse_path("m/44h/0h/0h/0/4"),
            amount=174_998,
            prev_hash=TXHASH_BEAFC7,
            prev_index=0,
            orig_hash=TXHASH_50F6F1,
            orig_index=0,
        )
    ]
    outputs = [
        messages.TxOutputType(
            address_n=parse_path("m/44h/0h/0h/1/2"),
            amount=174_998 - 50_000 - 15_000,
            script_type=O.PAYTOADDRESS,
            orig_hash=TXHASH_50F6F1,
            orig_index=0,
        ),
        messages.TxOutputType(
            address="1GA9u9TfCG7SWmKCveBumdA1TZpfom6ZdJ",
            amount=50_000,
            script_type=O.PAYTOADDRESS,
            orig_hash=TXHASH_50F6F1,
            orig_index=1,
        ),
    ]
    session = FlowSession()
    _, serialized = sign_with(session, "Bitcoin", inputs, outputs, prev_txes=cached_txes())
    assert serialized.hex().startswith(
        "01000000017a1ebb08f129fb1cc814b59d63284286d58a7602708ae8be6dd073d8cbc7afbe"
    )
    assert serialized.hex().endswith(
        "02aead0100000000001976a914902c642ba3a22f5c6cfa30a1790c133ddf15cc8888ac50c30000000000001976a914"
        "a6450f1945831a81912616691e721b787383f4ed88ac00000000"
    )
    trace = request_trace(session)
    original_check = trace.index(("TXOUTPUT", 0, "beafc7")) + 1
    assert trace[original_check : original_check + 3] == [
        ("TXORIGINPUT", 0, "50f6f1"),
        ("TXORIGOUTPUT", 0, "50f6f1"),
        ("TXORIGOUTPUT", 1, "50f6f1"),
    ]


def corrupted(
    txes: dict[bytes, messages.TransactionType], txid: bytes
) -> dict[bytes, messages.TransactionType]:
    """test_*_invalid_signature: one bit of the original's first witness signature flipped."""
    witness = bytearray(txes[txid].inputs[0].witness or b"")
    witness[10] ^= 1
    txes[txid].inputs[0].witness = bytes(witness)
    return txes


def test_taproot_bump_of_an_original_with_a_corrupted_signature_is_refused() -> None:
    inputs, outputs = p2tr_bump()
    with pytest.raises(exceptions.TrezorFailure) as info:
        sign_with(
            FlowSession(), "Testnet", inputs, outputs, prev_txes=corrupted(cached_txes(), TXHASH_8E4AF7)
        )
    assert (info.value.code, info.value.message) == (F.DataError, "Invalid signature.")


def test_segwit_bump_of_an_original_with_a_corrupted_signature_is_refused() -> None:
    inputs = [
        messages.TxInputType(
            address_n=parse_path("m/84h/1h/0h/0/2"),
            amount=20_000_000,
            script_type=I.SPENDWITNESS,
            prev_hash=TXHASH_43D273,
            prev_index=1,
            orig_hash=TXHASH_70F987,
            orig_index=0,
            sequence=4_294_967_294,
        )
    ]
    outputs = [
        messages.TxOutputType(
            address="tb1qkvwu9g3k2pdxewfqr7syz89r3gj557l3uuf9r9",
            amount=100_000,
            script_type=O.PAYTOWITNESS,
            orig_hash=TXHASH_70F987,
            orig_index=0,
        ),
        messages.TxOutputType(
            address_n=parse_path("m/84h/1h/0h/1/1"),
            amount=20_000_000 - 100_000 - 200,
            script_type=O.PAYTOWITNESS,
            orig_hash=TXHASH_70F987,
            orig_index=1,
        ),
    ]
    txes = cached_txes()
    sign_with(FlowSession(), "Testnet", inputs, outputs, prev_txes=txes, lock_time=1_348_713)  # intact: signs
    with pytest.raises(exceptions.TrezorFailure) as info:
        sign_with(
            FlowSession(),
            "Testnet",
            inputs,
            outputs,
            prev_txes=corrupted(txes, TXHASH_70F987),
            lock_time=1_348_713,
        )
    assert (info.value.code, info.value.message) == (F.DataError, "Invalid signature.")


def test_new_external_output_in_a_replacement_is_refused() -> None:
    """test_attack_add_external_output_in_replacement's rule: a bump may not pay someone new."""
    inputs, outputs = p2tr_bump()
    outputs[0].orig_hash = outputs[0].orig_index = None
    with pytest.raises(exceptions.TrezorFailure) as info:
        sign_with(FlowSession(), "Testnet", inputs, outputs, prev_txes=cached_txes())
    assert info.value.code == F.ProcessError
    assert info.value.message == "Adding new external outputs in replacement transactions is not supported."


def test_original_that_does_not_hash_to_orig_hash_is_refused() -> None:
    inputs, outputs = p2tr_bump()
    txes = cached_txes()
    txes[TXHASH_8E4AF7].lock_time = 1  # no longer the transaction the user approved
    with pytest.raises(exceptions.TrezorFailure) as info:
        sign_with(FlowSession(), "Testnet", inputs, outputs, prev_txes=txes)
    assert (info.value.code, info.value.message) == (F.ProcessError, "Invalid original TXID.")
