"""Hypothesis: whatever TxAck a host sends at whatever point, the SignTx flow answers with a Failure
(or carries on) and never crashes. Payloads are arbitrary bytes decoded by trezorlib's permissive
protobuf decoder, so out-of-range integers, unknown enums and missing fields all reach the flow."""

from __future__ import annotations

import io

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from trezorlib import exceptions, messages, protobuf

from tests.wallet.emulator.signtx_support import DeviceCrashed, FlowSession, sign_with
from tests.wallet.emulator.test_signtx_vectors import SEND_MIXED, TESTNET

KNOWN_FAILURES = {
    messages.FailureType.DataError,
    messages.FailureType.ProcessError,
    messages.FailureType.UnexpectedMessage,
    messages.FailureType.NotEnoughFunds,
}


def decoded(payload: bytes) -> messages.TxAck | None:
    try:
        return protobuf.load_message(io.BytesIO(payload), messages.TxAck)
    except Exception:
        return None


def replace_nth(position: int, replacement: protobuf.MessageType):  # type: ignore[no-untyped-def]
    seen = {"acks": 0}

    def tamper(msg: protobuf.MessageType) -> protobuf.MessageType:
        if isinstance(msg, messages.TxAck):
            seen["acks"] += 1
            if seen["acks"] == position:
                return replacement
        return msg

    return tamper


def run_with(tamper) -> None:  # type: ignore[no-untyped-def]
    coin, inputs, outputs, _ = SEND_MIXED
    try:
        sign_with(FlowSession(tamper=tamper), coin, inputs, outputs, TESTNET)
    except DeviceCrashed:
        raise
    except exceptions.TrezorFailure as failure:
        assert failure.code in KNOWN_FAILURES, failure
    except Exception:
        pass  # the host library choking on an odd but valid device request is not a device crash


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(position=st.integers(min_value=1, max_value=70), payload=st.binary(max_size=160))
def test_random_ack_bytes_never_crash_the_flow(position: int, payload: bytes) -> None:
    replacement = decoded(payload)
    assume(replacement is not None)
    assert replacement is not None
    run_with(replace_nth(position, replacement))


FIELD_VALUES = st.one_of(
    st.none(), st.integers(min_value=0, max_value=2**64 + 5), st.sampled_from([0, 1, 2**32 - 1, 2**32, 2**63])
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    position=st.integers(min_value=1, max_value=70),
    field=st.sampled_from(
        [
            "prev_index",
            "sequence",
            "script_type",
            "amount",
            "address_n",
            "version",
            "lock_time",
            "inputs_cnt",
            "outputs_cnt",
        ]
    ),
    value=FIELD_VALUES,
)
def test_out_of_range_fields_never_crash_the_flow(position: int, field: str, value: int | None) -> None:
    seen = {"acks": 0}

    def tamper(msg: protobuf.MessageType) -> protobuf.MessageType:
        if isinstance(msg, messages.TxAck) and msg.tx is not None:
            seen["acks"] += 1
            if seen["acks"] == position:
                targets = [msg.tx, *msg.tx.inputs, *msg.tx.outputs, *msg.tx.bin_outputs]
                for target in targets:
                    if hasattr(target, field):
                        setattr(target, field, [value or 0] if field == "address_n" else value)
        return msg

    run_with(tamper)
