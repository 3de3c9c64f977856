"""Hypothesis over the Ethereum signing requests, in-process on every identity with auto-confirm.

Properties: the device never crashes (no FirmwareError), every request and every data
chunk gets exactly one answer, and every signature it gives recovers the device's own
address over the transaction as sent (digest from wallet.eth_tx, recovery by coincurve).
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from trezorlib import messages
from trezorlib.tools import parse_path

from tests.wallet.conftest import ALL_MNEMONIC
from wallet import eth_tx
from wallet.emulator.confirm import AutoConfirm
from wallet.emulator.device import Device
from wallet.emulator.identities import IDENTITIES
from wallet.emulator.state import DeviceState

PATH = parse_path("m/44h/60h/0h/0/0")
ADDRESS = bytes.fromhex("73d0385f4d8e00c5e6504c6030f47bf6212736a8")  # getaddress.json m/44'/60'/0'/0/0
_STATE = DeviceState()
_STATE.load(ALL_MNEMONIC)

numbers = st.binary(max_size=34)
recipients = st.one_of(
    st.just(""),
    st.just("0x" + "ab" * 20),
    st.just("cd" * 20),
    st.text(max_size=44),
    st.just("0x" + "zz" * 20),
)
chain_ids = st.one_of(
    st.integers(0, 3), st.just(1), st.integers(0, 2**64 - 1), st.sampled_from([1, 61, 8453, 11155111])
)
paths = st.one_of(
    st.just(PATH), st.just(PATH), st.just(PATH), st.lists(st.integers(0, 2**32 - 1), max_size=9)
)


@st.composite
def sign_requests(draw: st.DrawFn) -> tuple[Any, bytes]:
    data = draw(st.binary(max_size=2500))
    declared = draw(st.one_of(st.just(len(data)), st.integers(0, 20_000_000)))
    initial = data[: draw(st.sampled_from([1024, 0, 5, 1030]))]
    common = {
        "address_n": draw(paths), "nonce": draw(numbers), "gas_limit": draw(numbers), "to": draw(recipients),
        "value": draw(numbers), "chain_id": draw(chain_ids), "data_length": declared, "data_initial_chunk": initial,
    }  # fmt: skip
    if draw(st.booleans()):
        fees = {"max_gas_fee": draw(numbers), "max_priority_fee": draw(numbers)}
        return messages.EthereumSignTxEIP1559(**common, **fees), data
    tx_type = draw(st.one_of(st.none(), st.none(), st.integers(0, 7)))
    return messages.EthereumSignTx(**common, gas_price=draw(numbers), tx_type=tx_type), data


def _fields(request: Any, data: bytes) -> eth_tx.TxFields:
    eip1559 = isinstance(request, messages.EthereumSignTxEIP1559)
    return eth_tx.TxFields(
        nonce=request.nonce, gas_limit=request.gas_limit, to=eth_tx.parse_address(request.to) or b"",
        value=request.value, data=data, chain_id=request.chain_id,
        gas_price=b"" if eip1559 else request.gas_price,
        max_gas_fee=request.max_gas_fee if eip1559 else b"",
        max_priority_fee=request.max_priority_fee if eip1559 else b"",
        tx_type=None if eip1559 else request.tx_type, eip1559=eip1559,
    )  # fmt: skip


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(IDENTITIES)), sign_requests(), st.integers(0, 3))
def test_any_sign_request_is_answered_and_every_signature_is_ours(
    identity: str, request_and_data: tuple[Any, bytes], chunk_skew: int
) -> None:
    request, data = request_and_data
    device = Device(IDENTITIES[identity], _STATE, AutoConfirm())
    sent = bytearray(request.data_initial_chunk)  # what the device was given, in order
    replies = device.handle(request)
    for _ in range(60):
        assert len(replies) == 1
        reply = replies[0]
        if isinstance(reply, messages.ButtonRequest):  # auto-confirm decides once the host acknowledges
            replies = device.handle(messages.ButtonAck())
            continue
        if isinstance(reply, messages.Failure):
            assert reply.code != messages.FailureType.FirmwareError, reply.message
            event(f"refused: {reply.message}")
            return
        assert isinstance(reply, messages.EthereumTxRequest)
        if reply.signature_r is None:
            assert reply.data_length is not None and 0 < reply.data_length <= 1024
            chunk = data[len(sent) : len(sent) + reply.data_length + (chunk_skew == 3)]
            sent += chunk
            replies = device.handle(messages.EthereumTxAck(data_chunk=chunk))
            continue
        assert request.address_n == PATH and len(sent) == request.data_length
        assert reply.signature_s is not None and reply.signature_v is not None
        parity = reply.signature_v if reply.signature_v <= 1 else (reply.signature_v - 35) % 2
        signature = reply.signature_r + reply.signature_s + bytes([parity])
        assert (
            eth_tx.recover_pubkeyhash(signature, eth_tx.signing_digest(_fields(request, bytes(sent))))
            == ADDRESS
        )
        event("signed")
        return
    raise AssertionError("the device kept asking for data")
