"""SignTx refusals: the Failure a real device answers, never a crash or a wrong signature."""

from __future__ import annotations

import copy

import pytest
from trezorlib import exceptions, messages, protobuf
from trezorlib.tools import parse_path

from tests.wallet.emulator.signtx_support import ALL_SEED, FlowSession, sign_with
from tests.wallet.emulator.test_signtx_vectors import (
    SEND_MIXED,
    SEND_NATIVE,
    SEND_P2TR,
    TESTNET,
    TESTNET_ONE_TWO_FEE,
)
from wallet.emulator.coins import coin_by_name
from wallet.emulator.flow import DeviceFailure
from wallet.emulator.keys import KeyStore
from wallet.emulator.paths import Policy
from wallet.emulator.signtx import sign_tx_flow

F = messages.FailureType


def sign(vector: tuple, session: FlowSession, prev_txes: dict | None = None) -> None:  # type: ignore[type-arg]
    coin, inputs, outputs, _ = vector
    sign_with(session, coin, copy.deepcopy(inputs), copy.deepcopy(outputs), prev_txes=prev_txes or TESTNET)


def failure_of(vector: tuple, session: FlowSession, prev_txes: dict | None = None) -> tuple[int, str]:  # type: ignore[type-arg]
    with pytest.raises(exceptions.TrezorFailure) as info:
        sign(vector, session, prev_txes)
    return info.value.code, info.value.message  # type: ignore[return-value]


def tampered_prev_txes(change: str) -> dict[bytes, messages.TransactionType]:
    txes = copy.deepcopy(TESTNET)
    prev = txes[SEND_NATIVE[1][0].prev_hash]
    if change == "amount":
        prev.bin_outputs[0].amount += 1
    elif change == "script":
        prev.bin_outputs[0].script_pubkey = bytes(22)
    elif change == "input":
        prev.inputs[0].sequence = 0
    return txes


@pytest.mark.parametrize("change", ["amount", "script", "input"])
def test_previous_tx_that_does_not_hash_to_prev_hash(change: str) -> None:
    code, message = failure_of(SEND_NATIVE, FlowSession(), tampered_prev_txes(change))
    assert (code, message) == (F.ProcessError, "Encountered invalid prev_hash")


def test_claimed_amount_that_the_previous_tx_does_not_carry() -> None:
    coin, inputs, outputs, _ = SEND_NATIVE
    inputs = copy.deepcopy(inputs)
    inputs[0].amount += 1_000  # fee looks smaller than it is
    outputs = copy.deepcopy(outputs)
    with pytest.raises(exceptions.TrezorFailure) as info:
        sign_with(FlowSession(), coin, inputs, outputs, prev_txes=TESTNET)
    assert (info.value.code, info.value.message) == (F.DataError, "Invalid amount specified")


def test_input_that_the_previous_output_does_not_pay() -> None:
    coin, inputs, outputs, _ = SEND_NATIVE
    inputs = copy.deepcopy(inputs)
    inputs[0].address_n = [*inputs[0].address_n[:-1], 88]  # another key of the same account
    with pytest.raises(exceptions.TrezorFailure) as info:
        sign_with(FlowSession(), coin, inputs, copy.deepcopy(outputs), prev_txes=TESTNET)
    assert (info.value.code, info.value.message) == (F.DataError, "Input does not match scriptPubKey")


def test_input_changed_after_approval_is_refused() -> None:
    """test_signtx_taproot.py::test_attack_script_type's idea: different data in a later pass."""
    seen = {"inputs": 0}

    def tamper(msg: protobuf.MessageType) -> protobuf.MessageType:
        if isinstance(msg, messages.TxAck) and msg.tx and msg.tx.inputs and msg.tx.inputs[0].address_n:
            seen["inputs"] += 1
            if seen["inputs"] > 1:
                msg.tx.inputs[0].sequence = 1
        return msg

    code, message = failure_of(SEND_NATIVE, FlowSession(tamper=tamper))
    assert (code, message) == (F.ProcessError, "Transaction has changed during signing")


def test_not_enough_funds() -> None:
    coin, inputs, outputs, _ = SEND_NATIVE
    outputs = copy.deepcopy(outputs)
    outputs[0].amount = 1_000_000
    with pytest.raises(exceptions.TrezorFailure) as info:
        sign_with(FlowSession(), coin, copy.deepcopy(inputs), outputs, prev_txes=TESTNET)
    assert (info.value.code, info.value.message) == (F.NotEnoughFunds, "Not enough funds")


def test_declining_an_output_stops_before_any_signature() -> None:
    session = FlowSession(decide=lambda confirm: confirm.code != messages.ButtonRequestType.ConfirmOutput)
    with pytest.raises(exceptions.Cancelled):
        sign(SEND_MIXED, session)
    assert all(request.serialized is None for request in session.requests)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("inputs_count", 0, "Invalid number of inputs"),
        ("inputs_count", 0xFFFF_FFFF, "Invalid number of inputs"),
        ("outputs_count", 0, "Invalid number of outputs"),
        ("outputs_count", 10_001, "Invalid number of outputs"),
    ],
)
def test_absurd_counts(field: str, value: int, message: str) -> None:
    msg = messages.SignTx(coin_name="Testnet", inputs_count=1, outputs_count=1)
    setattr(msg, field, value)
    flow = sign_tx_flow(KeyStore(ALL_SEED), coin_by_name("Testnet"), msg)
    with pytest.raises(DeviceFailure) as info:
        next(flow)
    assert (info.value.code, info.value.message) == (F.DataError, message)


def _started_flow() -> tuple:  # type: ignore[type-arg]
    flow = sign_tx_flow(
        KeyStore(ALL_SEED),
        coin_by_name("Testnet"),
        messages.SignTx(coin_name="Testnet", inputs_count=1, outputs_count=1),
    )
    first = next(flow)
    assert isinstance(first, messages.TxRequest) and first.request_type == messages.RequestType.TXINPUT
    return flow, first


@pytest.mark.parametrize(
    ("reply", "code", "message"),
    [
        (messages.GetFeatures(), F.UnexpectedMessage, "Unexpected message"),
        (messages.TxAck(), F.DataError, "Missing tx field."),
        (messages.TxAck(tx=messages.TransactionType()), F.DataError, "Expected exactly one input"),
        (  # an output where an input was asked for
            messages.TxAck(
                tx=messages.TransactionType(outputs=[messages.TxOutputType(amount=1, address="x")])
            ),
            F.DataError,
            "Expected exactly one input",
        ),
        (
            messages.TxAck(
                tx=messages.TransactionType(
                    inputs=[messages.TxInputType(prev_hash=b"\x00" * 5, prev_index=0, amount=1)]
                )
            ),
            F.DataError,
            "Provided prev_hash is invalid.",
        ),
        (
            messages.TxAck(
                tx=messages.TransactionType(inputs=[messages.TxInputType(prev_hash=bytes(32), prev_index=0)])
            ),
            F.DataError,
            "Missing amount field.",
        ),
        (
            messages.TxAck(
                tx=messages.TransactionType(
                    inputs=[
                        messages.TxInputType(
                            prev_hash=bytes(32),
                            prev_index=0,
                            amount=1,
                            address_n=[0x80000000 + 84, 0x80000000, 0x80000000, 0, 0],
                            script_type=messages.InputScriptType.SPENDWITNESS,
                        )
                    ]
                )
            ),
            F.DataError,
            "Forbidden key path",
        ),
        (
            messages.TxAck(
                tx=messages.TransactionType(
                    inputs=[
                        messages.TxInputType(
                            prev_hash=bytes(32),
                            prev_index=0,
                            amount=1,
                            script_type=messages.InputScriptType.EXTERNAL,
                        )
                    ]
                )
            ),
            F.DataError,
            "Wrong input script type",
        ),
    ],
)
def test_malformed_or_out_of_order_acks(reply: protobuf.MessageType, code: int, message: str) -> None:
    flow, _ = _started_flow()
    with pytest.raises(DeviceFailure) as info:
        flow.send(reply)
    assert (info.value.code, info.value.message) == (code, message)


def test_wrong_network_path_in_change_output_is_refused() -> None:
    coin, inputs, outputs, _ = TESTNET_ONE_TWO_FEE
    outputs = copy.deepcopy(outputs)
    outputs[1].address_n = [0x80000000 + 44, 0x80000000 + 0, 0x80000000, 1, 0]  # mainnet coin type
    with pytest.raises(exceptions.TrezorFailure) as info:
        sign_with(FlowSession(), coin, copy.deepcopy(inputs), outputs, prev_txes=TESTNET)
    assert (info.value.code, info.value.message) == (F.DataError, "Forbidden key path")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("sequence", 2**32, "Invalid sequence"),
        ("prev_index", 2**40, "Invalid prev_index"),
        ("amount", 2**64, "Invalid amount"),
        ("script_type", 77, "Wrong input script type"),
    ],
)
def test_out_of_range_input_fields(field: str, value: int, message: str) -> None:
    """trezorlib's decoder lets any varint through; the device refuses what a uint32/enum cannot hold."""

    def tamper(msg: protobuf.MessageType) -> protobuf.MessageType:
        if isinstance(msg, messages.TxAck) and msg.tx is not None and msg.tx.inputs:
            setattr(msg.tx.inputs[0], field, value)
        return msg

    code, text = failure_of(SEND_NATIVE, FlowSession(tamper=tamper))
    assert (code, text) == (F.DataError, message)


def test_output_to_another_account_is_shown_not_treated_as_change() -> None:
    """Change is only a path in the inputs' own account; any other path is confirmed like a payment."""
    coin, inputs, outputs, _ = TESTNET_ONE_TWO_FEE
    outputs = copy.deepcopy(outputs)
    outputs[1].address_n = [0x80000000 + 44, 0x80000000 + 1, 0x80000000 + 1, 1, 0]  # account 1, inputs use 0
    session = FlowSession()
    sign_with(session, coin, copy.deepcopy(inputs), outputs, TESTNET)
    B = messages.ButtonRequestType
    assert [confirm.code for confirm in session.confirmations] == [B.ConfirmOutput, B.ConfirmOutput, B.SignTx]
    assert session.confirmations[1].lines[1] == "0.009 TEST"
    assert session.confirmations[2].lines == ("Total amount: 0.31 TEST", "Including fee: 0.0001 TEST")


@pytest.mark.parametrize(
    ("field", "value", "code", "message"),
    [
        ("outputs_cnt", 0, F.DataError, "Not enough outputs in previous transaction."),
        ("extra_data_len", 5, F.DataError, "Extra data not enabled on this coin."),
        ("inputs_cnt", 2**40, F.DataError, "Invalid inputs_cnt"),
        ("lock_time", 7, F.ProcessError, "Encountered invalid prev_hash"),
    ],
)
def test_previous_tx_meta_refusals(field: str, value: int, code: int, message: str) -> None:
    def tamper(msg: protobuf.MessageType) -> protobuf.MessageType:
        if isinstance(msg, messages.TxAck) and msg.tx is not None and msg.tx.inputs_cnt is not None:
            setattr(msg.tx, field, value)
        return msg

    assert failure_of(SEND_NATIVE, FlowSession(tamper=tamper)) == (code, message)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("expiry", 9),
        ("timestamp", 42),
        ("version_group_id", 69),
        ("branch_id", 13),
        ("extra_data", b"hello world"),
    ],
)
def test_other_coins_fields_in_previous_tx(field: str, value: object) -> None:
    """trezor-firmware test_signtx.py::test_prevtx_forbidden_fields."""
    prev_txes = copy.deepcopy(TESTNET)
    setattr(prev_txes[SEND_NATIVE[1][0].prev_hash], field, value)
    code, message = failure_of(SEND_NATIVE, FlowSession(), prev_txes)
    assert code == F.DataError
    assert message.lower() == f"{field.replace('_', ' ')} not enabled on this coin."


@pytest.mark.parametrize(
    ("field", "value"), [("expiry", 9), ("timestamp", 42), ("version_group_id", 69), ("branch_id", 13)]
)
def test_other_coins_fields_in_sign_tx(field: str, value: int) -> None:
    """trezor-firmware test_signtx.py::test_signtx_forbidden_fields."""
    coin, inputs, outputs, _ = SEND_NATIVE
    with pytest.raises(exceptions.TrezorFailure) as info:
        sign_with(FlowSession(), coin, inputs, outputs, TESTNET, **{field: value})
    assert info.value.message.lower() == f"{field.replace('_', ' ')} not enabled on this coin."


def test_change_output_swapped_for_an_address_after_approval() -> None:
    """trezor-firmware test_signtx.py::test_attack_change_outputs: change silently redirected later."""
    seen = {"change": 0}

    def tamper(msg: protobuf.MessageType) -> protobuf.MessageType:
        if (
            isinstance(msg, messages.TxAck)
            and msg.tx is not None
            and msg.tx.outputs
            and msg.tx.outputs[0].address_n
        ):
            seen["change"] += 1
            if seen["change"] > 1:
                msg.tx.outputs[0].address_n = []
                msg.tx.outputs[0].address = "mwue7mokpBRAsJtHqEMcRPanYBmsSmYKvY"
        return msg

    code, message = failure_of(TESTNET_ONE_TWO_FEE, FlowSession(tamper=tamper))
    assert (code, message) == (F.ProcessError, "Transaction has changed during signing")


# test_signtx_taproot.py::test_send_invalid_address (trezor-firmware): the firmware refuses to
# pay to these, since coins sent there are lost (or spendable by anyone, for witness v2+).
INVALID_TESTNET_ADDRESSES = (
    "tb1pam775nxmvam4pfpqlm5q06k0y84e3x9w0xuhdpmxuna2qj3dfg6qy2pq29",  # v1 key not on the curve
    "tb1zlycg5qvjtrp3qjf5f7zl382j9x6nrjz9sdhenvyxq8c3808qxmusxanpxu",  # witness version 2
    "tb1pllllllllllllllllllllllllllllllllllllllllllllallllscqgl4zhn",  # v1 key >= field size
)


@pytest.mark.parametrize("address", INVALID_TESTNET_ADDRESSES)
def test_output_to_an_address_the_firmware_cannot_pay_is_refused(address: str) -> None:
    coin, inputs, outputs, _ = SEND_P2TR
    outputs = [messages.TxOutputType(address=address, amount=outputs[0].amount)]
    session = FlowSession()
    with pytest.raises(exceptions.TrezorFailure) as info:
        sign_with(session, coin, copy.deepcopy(inputs), outputs, prev_txes=TESTNET)
    assert (info.value.code, info.value.message) == (F.DataError, "Invalid address")
    assert session.confirmations == []  # refused before anything is shown


@pytest.mark.parametrize(
    ("legacy", "message"), [(True, "bytes overflow"), (False, "Provided prev_hash is invalid.")]
)
def test_an_over_long_prev_hash_is_refused_as_each_firmware_words_it(legacy: bool, message: str) -> None:
    """test_signtx_prevhash.py::test_invalid_prev_hash with 33 bytes: the T1's decoder stops it."""
    coin, inputs, outputs, _ = SEND_NATIVE
    inputs = copy.deepcopy(inputs)
    inputs[0].prev_hash = b"x" * 33
    with pytest.raises(exceptions.TrezorFailure) as info:
        sign_with(
            FlowSession(policy=Policy(legacy=legacy)), coin, inputs, copy.deepcopy(outputs), prev_txes=TESTNET
        )
    assert (info.value.code, info.value.message) == (F.DataError, message)


def test_multisig_details_on_a_single_key_output_type_are_refused() -> None:
    """test_signtx.py::test_incorrect_output_script_type: multisig with PAYTOADDRESS is a host error."""
    coin, inputs, outputs, _ = SEND_NATIVE
    keys = KeyStore(ALL_SEED)
    node = keys.node(parse_path("m/84h/1h/0h"))
    hd = messages.HDNodeType(
        depth=node.depth,
        fingerprint=node.parent_fingerprint,
        child_num=node.child_num,
        chain_code=node.chain_code,
        public_key=node.public_key,
    )
    change_out = messages.TxOutputType(
        address_n=parse_path("m/84h/1h/0h/1/0"),
        amount=outputs[0].amount,
        script_type=messages.OutputScriptType.PAYTOADDRESS,
        multisig=messages.MultisigRedeemScriptType(
            pubkeys=[messages.HDNodePathType(node=hd, address_n=[1, 0])], signatures=[b""], m=1
        ),
    )
    with pytest.raises(exceptions.TrezorFailure) as info:
        sign_with(FlowSession(), coin, copy.deepcopy(inputs), [change_out], prev_txes=TESTNET)
    assert (info.value.code, info.value.message) == (F.DataError, "Multisig field provided but not expected.")
