"""SignTx against trezor-firmware's device-test vectors ("all" seed), driven by trezorlib's btc.sign_tx.

Each case is copied (inputs, outputs, expected serialized transaction and request order)
from trezor-firmware tests/device_tests/bitcoin/: test_signtx.py, test_signtx_segwit_native.py
and test_signtx_taproot.py. The link here is in-process (FlowSession); the UDP tests drive
the same flow through the real server.
"""

from __future__ import annotations

import copy
import io

import pytest
from bip_utils import SegwitBech32Decoder, SegwitBech32Encoder
from hwilib.tx import CTransaction
from trezorlib import exceptions, messages
from trezorlib.tools import parse_path

from tests.wallet.emulator.signtx_support import (
    ALL_SEED,
    FlowSession,
    load_prev_txes,
    request_trace,
    sign_with,
)
from wallet.emulator.coins import coin_by_name
from wallet.emulator.keys import KeyStore
from wallet.emulator.paths import Policy
from wallet.emulator.signtx_parts import WalletInputs, estimated_weight, parse_input, parse_output

I = messages.InputScriptType  # noqa: E741 - short names keep the vectors readable
O = messages.OutputScriptType  # noqa: E741
MAINNET = load_prev_txes("bitcoin")
TESTNET = load_prev_txes("testnet")


def txhash(hex_prefix: str) -> bytes:
    matches = [h for h in (*MAINNET, *TESTNET) if h.hex().startswith(hex_prefix)]
    assert len(matches) == 1
    return matches[0]


def inp(
    path: str, amount: int, prev: str, index: int, script_type: I = I.SPENDADDRESS
) -> messages.TxInputType:
    return messages.TxInputType(
        address_n=parse_path(path),
        amount=amount,
        prev_hash=txhash(prev),
        prev_index=index,
        script_type=script_type,
    )


def out(address: str, amount: int, script_type: O = O.PAYTOADDRESS) -> messages.TxOutputType:
    return messages.TxOutputType(address=address, amount=amount, script_type=script_type)


def change(path: str, amount: int, script_type: O) -> messages.TxOutputType:
    return messages.TxOutputType(address_n=parse_path(path), amount=amount, script_type=script_type)


# test_signtx.py::test_one_one_fee (mainnet p2pkh)
ONE_ONE_FEE = (
    "Bitcoin",
    [inp("m/44h/0h/5h/0/9", 63_988, "0dac36", 0)],
    [out("13Hbso8zgV5Wmqn3uA7h3QVtmPzs47wcJ7", 50_248)],
    "0100000001b5f59e2273c85b93aa9deff9bba5d7deace78610d3b0fb892a7ba6d86f36ac0d000000006b483045022100dd4dd136a70371bc9884c3c51fd52f4aed9ab8ee98f3ac7367bb19e6538096e702200c56be09c4359fc7eb494b4bdf8f2b72706b0575c4021373345b593e9661c7b6012103d7f3a07085bee09697cf03125d5c8760dfed65403dba787f1d1d8b1251af2cbeffffffff0148c40000000000001976a91419140511436e947448be994ab7fda9f98623e68e88ac00000000",
)
# test_signtx.py::test_testnet_one_two_fee (p2pkh with a change output by path)
TESTNET_ONE_TWO_FEE = (
    "Testnet",
    [inp("m/44h/1h/0h/0/0", 31_000_000, "e5040e", 0)],
    [
        out("msj42CCGruhRsFrGATiUuh25dtxYtnpbTx", 30_090_000),
        change("m/44h/1h/0h/1/0", 900_000, O.PAYTOADDRESS),
    ],
    "0100000001cd3b93f5b24ae190ce5141235091cd93fbb2908e24e5b9ff6776aec11b0e04e5000000006b483045022100eba3bbcbb82ab1ebac88a394e8fb53b0263dadbb3e8072f0a21ee62818c911060220686a9b7f306d028b54a228b5c47cc6c27b1d01a3b0770440bcc64d55d8bace2c0121030e669acac1f280d1ddf441cd2ba5e97417bf2689e4bbec86df4f831bf9f7ffd0ffffffff021023cb01000000001976a91485eb47fe98f349065d6f044e27a4ac541af79ee288aca0bb0d00000000001976a9143d3cca567e00a04819742b21a696a67da796498b88ac00000000",
)
# test_signtx_segwit_native.py::test_send_p2sh (p2sh-p2wpkh)
SEND_P2SH = (
    "Testnet",
    [inp("m/49h/1h/0h/1/0", 123_456_789, "20912f", 0, I.SPENDP2SHWITNESS)],
    [
        out("tb1qqzv60m9ajw8drqulta4ld4gfx0rdh82un5s65s", 12_300_000),
        out("2N1LGaGg836mqSQqiuUBLfcyGBhyZbremDX", 123_456_789 - 11_000 - 12_300_000),
    ],
    "0100000000010137c361fb8f2d9056ba8c98c5611930fcb48cacfdd0fe2e0449d83eea982f91200000000017160014d16b8c0680c61fc6ed2e407455715055e41052f5ffffffff02e0aebb00000000001600140099a7ecbd938ed1839f5f6bf6d50933c6db9d5c3df39f060000000017a91458b53ea7f832e8f096e896b8713a8c6df0e892ca8702483045022100bd3d8b8ad35c094e01f6282277300e575f1021678fc63ec3f9945d6e35670da3022052e26ef0dd5f3741c9d5939d1dec5464c15ab5f2c85245e70a622df250d4eb7c012103e7bfe10708f715e8538c92d46ca50db6f657bbc455b7494e6a0303ccdb868b7900000000",
)
# test_signtx_segwit_native.py::test_send_native (p2wpkh)
SEND_NATIVE = (
    "Testnet",
    [inp("m/84h/1h/0h/0/87", 100_000, "b36780", 0, I.SPENDWITNESS)],
    [
        out("2N4Q5FhU2497BryFfUgbqkAJE87aKHUhXMp", 40_000),
        out("tb1qe48wz5ysk9mlzhkswcxct9tdjw6ejr2l9e6j8q", 100_000 - 40_000 - 10_000),
    ],
    "010000000001019e2123e595e20d6aa2c8d227b2b98c781b8b41fda635756eca0768b8ce8067b30000000000ffffffff02409c00000000000017a9147a55d61848e77ca266e79a39bfc85c580a6426c98750c3000000000000160014cd4ee15090b177f15ed0760d85956d93b5990d5f0247304402200c734ed16a9226162a29133c14fad3565332c60346050ceb9246e73a2fc8485002203463d40cf78eb5cc9718d6617d9f251b987e96cb58525795a507acb9b91696c7012103f60fc56bf7b5326537c7e86e0a63b6cd008eeb87d39af324cee5bcc3424bf4d000000000",
)
# test_signtx_taproot.py::test_send_p2tr (taproot key path)
SEND_P2TR = (
    "Testnet",
    [inp("m/86h/1h/0h/1/0", 4_600, "ec5194", 0, I.SPENDTAPROOT)],
    [out("tb1paxhjl357yzctuf3fe58fcdx6nul026hhh6kyldpfsf3tckj9a3wslqd7zd", 4_450)],
    "010000000001012554839b5b50466d597ec674a63f879a04c5da157addfbd56b74a3be949451ec0000000000ffffffff016211000000000000225120e9af2fc69e20b0be2629cd0e9c34da9f3ef56af7beac4fb4298262bc5a45ec5d0140aacd291b886f40025e93236f69653423b0c50912fbe43aacced10f2690cfc4872fb37694a947e893389084577ffce3c214b09ff4801006b1e7542ee23719abd100000000",
)
# test_signtx_taproot.py::test_send_two_with_change
SEND_TWO_WITH_CHANGE = (
    "Testnet",
    [
        inp("m/86h/1h/0h/0/0", 6_800, "c96621", 0, I.SPENDTAPROOT),
        inp("m/86h/1h/0h/0/1", 13_000, "c96621", 1, I.SPENDTAPROOT),
    ],
    [
        out("tb1q7r9yvcdgcl6wmtta58yxf29a8kc96jkyxl7y88", 15_000),
        change("m/86h/1h/0h/1/0", 6_800 + 13_000 - 200 - 15_000, O.PAYTOTAPROOT),
    ],
    "010000000001021988ca0c649b0e56428288a4daa5038503b2e29eeb4d5c50ddf76866a92166c90000000000ffffffff1988ca0c649b0e56428288a4daa5038503b2e29eeb4d5c50ddf76866a92166c90100000000ffffffff02983a000000000000160014f0ca4661a8c7f4edad7da1c864a8bd3db05d4ac4f8110000000000002251209a9af24b396f593b34e23fefba6b417a55c5ee3f430c3837379fcb5246ab36d70140aad93b4abfdc18826a60d79dc648c58810d56c24273f02dde4ac614367395feec25e809c0fdb58fb31f5631ef798a95d82864efc2b0a48b1be83196193ece05401402624067d8ef3705b908956fa824d36998a1522b3f01f38272c11ad5488fb63cb6d7c68d82e8e2d052805610bce34048335ed9c15037ef36b6e2accc0d3f5893500000000",
)
# test_signtx_taproot.py::test_send_mixed (p2sh-p2wpkh, p2wpkh, p2tr and p2pkh inputs; OP_RETURN)
SEND_MIXED = (
    "Testnet",
    [
        inp("m/49h/1h/1h/0/0", 20_000, "8c3ea7", 0, I.SPENDP2SHWITNESS),
        inp("m/84h/1h/1h/0/0", 15_000, "7956f1", 0, I.SPENDWITNESS),
        inp("m/86h/1h/1h/0/0", 4_450, "901593", 0, I.SPENDTAPROOT),
        inp("m/44h/1h/1h/0/0", 10_000, "3ac32e", 2, I.SPENDADDRESS),
    ],
    [
        out("tb1q6xnnna3g7lk22h5tn8nlx2ezmndlvuk556w4w3", 25_000, O.PAYTOWITNESS),
        out("mfnMbVFC1rH4p9GNbjkMfrAjyKRLycFAzA", 7_000),
        out("2MvAG8m2xSf83FgeR4ZpUtaubpLNjAMMoka", 6_900, O.PAYTOP2SHWITNESS),
        messages.TxOutputType(
            op_return_data=b"test of op_return data", amount=0, script_type=O.PAYTOOPRETURN
        ),
        out("tb1ptgp9w0mm89ms43flw0gkrhyx75gyc6qjhtpf0jmt5sv0dufpnsrsyv9nsz", 10_000, O.PAYTOTAPROOT),
    ],
    "010000000001045d77b6e482d770031ad3ce3423727cc1707bc2c82e729b1189d2b60aa1a73e8c0000000017160014a33c6e24c99e108b97bc411e7e9ef31e9d5d6164ffffffff7b350e3faca092f39883d7086cdd502c82b6f0314ab61541b062733edef156790000000000ffffffff852e125137abca2dd7a42837dccfc34edc358c72eefd62978d6747d3be9315900000000000ffffffff9b117a776a9aaf70d4c3ffe89f009dcd23210a03d649ee5e38791d83902ec33a020000006b483045022100f6bd64136839b49822cf7e2050bc5c91346fc18b5cf97a945d4fd6c502f712d002207d1859e66d218f705b704f3cfca0c75410349bb1f50623f4fc2d09d5d8df0a3f012103bae960983f83e28fcb8f0e5f3dc1f1297b9f9636612fd0835b768e1b7275fb9dffffffff05a861000000000000160014d1a739f628f7eca55e8b99e7f32b22dcdbf672d4581b0000000000001976a91402e9b094fd98e2a26e805894eb78f7ff3fef199b88acf41a00000000000017a9141ff816cbeb74817050de585ceb2c772ebf71147a870000000000000000186a1674657374206f66206f705f72657475726e206461746110270000000000002251205a02573f7b39770ac53f73d161dc86f5104c6812bac297cb6ba418f6f1219c070247304402205fae7fa2b5141548593d5623ce5bd82ee18dfc751c243526039c91848efd603702200febfbe3467a68c599245ff89055514f26e146c79b58d932ced2325e6dad1b1a0121021630971f20fa349ba940a6ba3706884c41579cd760c89901374358db5dd545b90247304402201b21212100c84207697cebb852374669c382ed97cbd08afbbdfe1b302802161602206b32b2140d094cf5b7e758135961c95478c8e82fea0df30f56ccee284b79eaea012103f6b2377d52960a6094ec158cf19dcf9e33b3da4798c2302aa5806483ed4187ae0140470aaf1a975c27a541de1efbdb5f930ddcc6f3f1765dbd6547a24bba3dc34b682ca5f03e1426b75bee3e9009c92534865362000705f3415ab60d9e7a3e6cfce00000000000",
)

VECTORS = {
    "p2pkh": ONE_ONE_FEE,
    "p2pkh-change": TESTNET_ONE_TWO_FEE,
    "p2sh-p2wpkh": SEND_P2SH,
    "p2wpkh": SEND_NATIVE,
    "p2tr": SEND_P2TR,
    "p2tr-change": SEND_TWO_WITH_CHANGE,
    "mixed": SEND_MIXED,
}


@pytest.mark.parametrize("name", list(VECTORS))
def test_serialized_tx_equals_firmware_vector(name: str) -> None:
    coin, inputs, outputs, expected = VECTORS[name]
    session = FlowSession()
    prev_txes = MAINNET if coin == "Bitcoin" else TESTNET
    signatures, serialized = sign_with(session, coin, inputs, outputs, prev_txes=prev_txes)
    assert serialized.hex() == expected
    # every signature trezorlib collected is the one inside the serialized transaction
    for signature in signatures:
        assert signature is not None and signature in serialized


def test_signatures_without_serialization_are_the_same() -> None:
    """HWI asks with serialize=False: signatures only, identical to the serialized run's."""
    coin, inputs, outputs, expected = SEND_MIXED
    session = FlowSession()
    signatures, serialized = sign_with(session, coin, inputs, outputs, prev_txes=TESTNET, serialize=False)
    assert serialized == b""
    for signature in signatures:
        assert signature is not None and signature.hex() in expected


def test_request_order_matches_firmware_for_segwit() -> None:
    # test_signtx_segwit_native.py::test_send_native expected responses
    coin, inputs, outputs, _ = SEND_NATIVE
    session = FlowSession()
    sign_with(session, coin, inputs, outputs, prev_txes=TESTNET)
    assert request_trace(session) == [
        ("TXINPUT", 0, None),
        ("TXOUTPUT", 0, None),
        ("TXOUTPUT", 1, None),
        ("TXINPUT", 0, None),
        ("TXMETA", None, "b36780"),
        ("TXINPUT", 0, "b36780"),
        ("TXOUTPUT", 0, "b36780"),
        ("TXOUTPUT", 1, "b36780"),
        ("TXINPUT", 0, None),
        ("TXOUTPUT", 0, None),
        ("TXOUTPUT", 1, None),
        ("TXINPUT", 0, None),
        ("TXFINISHED", None, None),
    ]
    codes = [confirm.code for confirm in session.confirmations]
    B = messages.ButtonRequestType
    assert codes == [B.ConfirmOutput, B.ConfirmOutput, B.SignTx]


def test_request_order_matches_firmware_for_legacy_with_change() -> None:
    # test_signtx.py::test_testnet_one_two_fee: the change output is not confirmed
    coin, inputs, outputs, _ = TESTNET_ONE_TWO_FEE
    session = FlowSession()
    sign_with(session, coin, inputs, outputs, prev_txes=TESTNET)
    assert request_trace(session) == [
        ("TXINPUT", 0, None),
        ("TXOUTPUT", 0, None),
        ("TXOUTPUT", 1, None),
        ("TXINPUT", 0, None),
        ("TXMETA", None, "e5040e"),
        ("TXINPUT", 0, "e5040e"),
        ("TXOUTPUT", 0, "e5040e"),
        ("TXOUTPUT", 1, "e5040e"),
        ("TXINPUT", 0, None),
        ("TXOUTPUT", 0, None),
        ("TXOUTPUT", 1, None),
        ("TXOUTPUT", 0, None),
        ("TXOUTPUT", 1, None),
        ("TXFINISHED", None, None),
    ]
    B = messages.ButtonRequestType
    assert [confirm.code for confirm in session.confirmations] == [B.ConfirmOutput, B.SignTx]
    assert session.confirmations[0].lines == ("msj42CCGruhRsFrGATiUuh25dtxYtnpbTx", "0.3009 TEST")


def test_taproot_only_skips_previous_transactions() -> None:
    # test_signtx_taproot.py::test_send_p2tr expected responses
    coin, inputs, outputs, _ = SEND_P2TR
    session = FlowSession()
    sign_with(session, coin, inputs, outputs, prev_txes={})
    assert request_trace(session) == [
        ("TXINPUT", 0, None),
        ("TXOUTPUT", 0, None),
        ("TXINPUT", 0, None),
        ("TXOUTPUT", 0, None),
        ("TXINPUT", 0, None),
        ("TXFINISHED", None, None),
    ]


def test_request_order_matches_firmware_for_mixed_inputs() -> None:
    # test_signtx_taproot.py::test_send_mixed expected responses (core models)
    coin, inputs, outputs, _ = SEND_MIXED
    session = FlowSession()
    sign_with(session, coin, inputs, outputs, prev_txes=TESTNET)

    def current(kind: str, indices: range) -> list[tuple[str, int | None, str | None]]:
        return [(kind, i, None) for i in indices]

    def previous(tx: str, n_in: int, n_out: int) -> list[tuple[str, int | None, str | None]]:
        return [
            ("TXMETA", None, tx),
            *[("TXINPUT", i, tx) for i in range(n_in)],
            *[("TXOUTPUT", i, tx) for i in range(n_out)],
        ]

    assert request_trace(session) == [
        *current("TXINPUT", range(4)),
        *current("TXOUTPUT", range(5)),
        ("TXINPUT", 0, None),
        *previous("8c3ea7", 1, 2),
        ("TXINPUT", 1, None),
        *previous("7956f1", 2, 2),
        ("TXINPUT", 2, None),
        *previous("901593", 1, 1),
        ("TXINPUT", 3, None),
        *previous("3ac32e", 1, 3),
        *current("TXINPUT", range(3)),
        *current("TXINPUT", range(4)),
        *current("TXOUTPUT", range(5)),
        *current("TXOUTPUT", range(5)),
        *current("TXINPUT", range(3)),
        ("TXFINISHED", None, None),
    ]
    B = messages.ButtonRequestType
    assert [confirm.code for confirm in session.confirmations] == [B.ConfirmOutput] * 5 + [B.SignTx]


def test_trezor_one_asks_for_every_input_while_writing_witnesses() -> None:
    # test_signtx_taproot.py::test_send_mixed on the T1 (legacy signing.c phase 3): the legacy
    # input 3 is requested too before its empty witness; the signed bytes are the same
    coin, inputs, outputs, expected = SEND_MIXED
    session = FlowSession(policy=Policy(legacy=True))
    _, serialized = sign_with(session, coin, copy.deepcopy(inputs), copy.deepcopy(outputs), prev_txes=TESTNET)
    assert serialized.hex() == expected
    assert request_trace(session)[-5:] == [
        *[("TXINPUT", i, None) for i in range(4)],
        ("TXFINISHED", None, None),
    ]


@pytest.mark.parametrize(
    ("lock_time", "sequence"), [(499_999_999, 0xFFFFFFFE), (500_000_000, 0xFFFFFFFE), (1, 0xFFFFFFFF)]
)
def test_lock_time_is_confirmed(lock_time: int, sequence: int) -> None:
    # test_signtx.py::test_lock_time: a second SignTx confirmation, before the total
    coin, inputs, outputs, _ = ONE_ONE_FEE
    inputs = [messages.TxInputType(**{**inputs[0].__dict__, "sequence": sequence})]
    session = FlowSession()
    sign_with(session, coin, inputs, outputs, MAINNET, lock_time=lock_time)
    B = messages.ButtonRequestType
    assert [confirm.code for confirm in session.confirmations] == [B.ConfirmOutput, B.SignTx, B.SignTx]
    locktime_screen = session.confirmations[1]
    assert str(lock_time) in locktime_screen.lines[0]
    assert ("no effect" in " ".join(locktime_screen.lines)) == (sequence == 0xFFFFFFFF)


# test_signtx.py::test_testnet_fee_high_warning ("25fee" is well suited to testing high fees)
FEE_HIGH = (
    "Testnet",
    [inp("m/44h/1h/0h/0/7", 129_999_808, "25fee5", 0)],
    [out("mnY26FLTzfC94mDoUcyDJh1GVE3LuAUMbs", 129_999_808 - 2_500_000)],
    "0100000001bcf3d00805f48e84de012da75498c926868b3a489afdd9e9cb47181883e5fe25000000006a47304402201602fd17c6e1d8c785ce150d6c0ec97f8a93fb71f6294f3a1de7dd52a52e27fe022079c05bc14f7b94771d195cb330a4dd7c0765290c6e183ae6aa169e4d5ccf2a3a0121035169c4d6a36b6c4f3e210f46d329efa1cb7a67ffce7d62062d4a8a17c23756e1ffffffff01207e9907000000001976a9144cfc772f24b600762f905a1ee799ce0e9c26831f88ac00000000",
)


def test_high_fee_gets_its_own_warning() -> None:
    coin, inputs, outputs, expected = FEE_HIGH
    session = FlowSession()
    assert sign_with(session, coin, inputs, outputs, TESTNET)[1].hex() == expected
    B = messages.ButtonRequestType
    assert [confirm.code for confirm in session.confirmations] == [
        B.ConfirmOutput,
        B.FeeOverThreshold,
        B.SignTx,
    ]


@pytest.mark.parametrize("name", list(VECTORS))
def test_ordinary_fees_get_no_warning(name: str) -> None:
    coin, inputs, outputs, _ = VECTORS[name]
    session = FlowSession()
    sign_with(session, coin, inputs, outputs, MAINNET if coin == "Bitcoin" else TESTNET)
    assert messages.ButtonRequestType.FeeOverThreshold not in [
        confirm.code for confirm in session.confirmations
    ]


@pytest.mark.parametrize("name", list(VECTORS))
def test_weight_estimate_bounds_the_real_transaction(name: str) -> None:
    """The fee warning's size estimate (firmware rules: maximum-length signatures) is a tight upper bound."""
    coin_name, inputs, outputs, expected = VECTORS[name]
    coin = coin_by_name(coin_name)
    keys = KeyStore(ALL_SEED)
    parsed_inputs = [parse_input(keys, coin, txi) for txi in inputs]
    wallet = WalletInputs.of(parsed_inputs)
    parsed_outputs = [parse_output(keys, coin, txo, wallet) for txo in outputs]
    tx = CTransaction()
    tx.deserialize(io.BytesIO(bytes.fromhex(expected)))
    real_weight = 3 * len(tx.serialize_without_witness()) + len(tx.serialize_with_witness())
    estimate = estimated_weight(parsed_inputs, parsed_outputs)
    assert real_weight <= estimate <= real_weight + 4 * len(inputs) + 4


def test_regtest_signs_the_same_bytes_with_bcrt_addresses() -> None:
    """Regtest differs from Testnet only in its bech32 prefix: same keys, same transaction."""
    _coin, inputs, outputs, expected = SEND_NATIVE
    version, program = SegwitBech32Decoder.Decode("tb", outputs[1].address)
    regtest_outputs = [
        outputs[0],
        out(SegwitBech32Encoder.Encode("bcrt", version, program), outputs[1].amount),
    ]
    assert sign_with(FlowSession(), "Regtest", inputs, regtest_outputs, TESTNET)[1].hex() == expected
    with pytest.raises(exceptions.TrezorFailure, match="Invalid address"):
        sign_with(FlowSession(), "Regtest", inputs, outputs, TESTNET)  # a tb1 address is not a regtest one


def test_trezor_core_models_show_recipient_and_amount_on_two_screens() -> None:
    # test_signtx_segwit_native.py::test_send_native: (is_core(session), ButtonRequest(ConfirmOutput))
    coin, inputs, outputs, expected = SEND_NATIVE
    session = FlowSession(policy=Policy(trezor_core=True))
    _, serialized = sign_with(session, coin, copy.deepcopy(inputs), copy.deepcopy(outputs), prev_txes=TESTNET)
    assert serialized.hex() == expected
    B = messages.ButtonRequestType
    assert [confirm.code for confirm in session.confirmations] == [B.ConfirmOutput] * 4 + [B.SignTx]
