"""SignTx over udp: with trezorlib 0.20.2, confirmations pressed on the DebugLink.

Vectors: trezor-firmware device tests (see test_signtx_vectors.py), which the emulator
must reproduce byte for byte through the real server and framing.
"""

from __future__ import annotations

import copy

import pytest
from trezorlib import exceptions, messages

from tests.wallet.conftest import EmulatorFactory
from tests.wallet.emulator.clients import RawLink, session_with_debuglink
from tests.wallet.emulator.signtx_support import sign_with
from tests.wallet.emulator.test_signtx_vectors import MAINNET, SEND_NATIVE, TESTNET, VECTORS


@pytest.mark.parametrize("identity", ["trezor-one", "trezor-t"])
def test_all_vectors_over_udp(make_emulator: EmulatorFactory, identity: str) -> None:
    emulator = make_emulator(identity)
    with session_with_debuglink(emulator) as (session, _debug):
        for name, (coin, inputs, outputs, expected) in VECTORS.items():
            prev_txes = MAINNET if coin == "Bitcoin" else TESTNET
            _, serialized = sign_with(session, coin, inputs, outputs, prev_txes)
            assert serialized.hex() == expected, name


def test_pressing_no_cancels_and_the_device_keeps_working(make_emulator: EmulatorFactory) -> None:
    emulator = make_emulator("trezor-t")
    coin, inputs, outputs, expected = SEND_NATIVE
    with (
        session_with_debuglink(emulator, press_yes=False) as (session, _debug),
        pytest.raises(exceptions.Cancelled),
    ):
        sign_with(session, coin, inputs, outputs, TESTNET)
    with session_with_debuglink(emulator) as (session, _debug):
        assert sign_with(session, coin, inputs, outputs, TESTNET)[1].hex() == expected


def test_mismatching_previous_tx_is_refused_over_udp(make_emulator: EmulatorFactory) -> None:
    emulator = make_emulator("trezor-one")
    coin, inputs, outputs, expected = SEND_NATIVE
    forged = copy.deepcopy(TESTNET)
    forged[inputs[0].prev_hash].bin_outputs[0].amount = 10_000_000  # claims more than it pays
    with session_with_debuglink(emulator) as (session, _debug):
        with pytest.raises(exceptions.TrezorFailure) as info:
            sign_with(session, coin, inputs, outputs, forged)
        assert info.value.code == messages.FailureType.ProcessError
        assert info.value.message == "Encountered invalid prev_hash"
        # the next request on the same session is served normally
        assert sign_with(session, coin, inputs, outputs, TESTNET)[1].hex() == expected


def test_out_of_order_messages_mid_stream(make_emulator: EmulatorFactory) -> None:
    emulator = make_emulator("trezor-one")
    link = RawLink(emulator.port)
    try:
        link.call(messages.Initialize())
        first = link.call(messages.SignTx(coin_name="Testnet", inputs_count=1, outputs_count=1))
        assert isinstance(first, messages.TxRequest) and first.request_type == messages.RequestType.TXINPUT
        reply = link.call(messages.GetAddress(address_n=[0x80000054, 0x80000001, 0x80000000, 0, 0]))
        assert isinstance(reply, messages.Failure)
        assert reply.code == messages.FailureType.UnexpectedMessage
        # a TxAck with nothing to sign now is out of order too; the device still answers
        stray = link.call(messages.TxAck(tx=messages.TransactionType()))
        assert isinstance(stray, messages.Failure)
        assert isinstance(link.call(messages.Ping(message="still here")), messages.Success)
    finally:
        link.close()


def test_cancel_mid_stream_ends_signing(make_emulator: EmulatorFactory) -> None:
    emulator = make_emulator("trezor-t")
    link = RawLink(emulator.port)
    try:
        link.call(messages.Initialize())
        first = link.call(messages.SignTx(coin_name="Testnet", inputs_count=1, outputs_count=1))
        assert isinstance(first, messages.TxRequest)
        cancelled = link.call(messages.Cancel())
        assert isinstance(cancelled, messages.Failure)
        assert cancelled.code == messages.FailureType.ActionCancelled
        # nothing of the abandoned stream is left: a TxAck now is out of place
        stray = link.call(messages.TxAck(tx=messages.TransactionType()))
        assert isinstance(stray, messages.Failure)
        assert stray.code == messages.FailureType.UnexpectedMessage
    finally:
        link.close()
