"""Fault injection for client tests: a dropped reply, an unplug mid-flow, a slow answer."""

from __future__ import annotations

import pytest
from trezorlib import btc, messages
from trezorlib.tools import parse_path
from trezorlib.transport import Timeout

from tests.wallet.emulator.clients import RawLink, connect
from wallet.emulator.emulator import Emulator


def test_a_dropped_reply_leaves_the_host_waiting_then_the_device_answers_again(trezor_one: Emulator) -> None:
    link = RawLink(trezor_one.port, timeout=0.5)
    trezor_one.faults.drop_next_reply(msg_type=messages.Success.MESSAGE_WIRE_TYPE)
    link.send(messages.Ping(message="lost"))
    with pytest.raises(TimeoutError):
        link.receive()
    reply = link.call(messages.Ping(message="found"))
    assert isinstance(reply, messages.Success) and reply.message == "found"
    link.close()


def test_disconnect_mid_flow_then_reconnect_keeps_the_seed(trezor_one: Emulator) -> None:
    client = connect(trezor_one)
    session = client.get_session()
    trezor_one.faults.disconnect_on(messages.GetAddress.MESSAGE_WIRE_TYPE)
    with pytest.raises(Timeout):
        session.call(
            messages.GetAddress(address_n=parse_path("m/44h/0h/0h/0/0"), coin_name="Bitcoin"),
            expect=messages.Address,
            timeout=1,
        )
    assert not trezor_one.running
    trezor_one.start()  # plugged back in: same ports, same seed, no flow in progress
    session = connect(trezor_one).get_session()
    assert (
        btc.get_address(session, "Bitcoin", parse_path("m/44h/0h/0h/0/0"))
        == "1JAd7XCBzGudGpJQSDSfpmJhiygtLQWaGL"
    )


def test_slow_answers_arrive_late_but_whole(trezor_one: Emulator) -> None:
    trezor_one.faults.answer_slowly(0.6)
    link = RawLink(trezor_one.port, timeout=0.2)
    link.send(messages.Ping(message="slow"))
    with pytest.raises(TimeoutError):
        link.receive()  # not there within 0.2 s
    link.sock.settimeout(5)
    reply = link.receive()
    assert isinstance(reply, messages.Success) and reply.message == "slow"
    trezor_one.faults.clear()
    link.close()
