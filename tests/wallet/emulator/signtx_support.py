"""Test support for SignTx: the public previous transactions and an in-process host link.

`FlowSession` lets trezorlib's own `btc.sign_tx` drive `sign_tx_flow` directly: every
message goes through protobuf bytes both ways, confirmations are answered by a callback,
and a DeviceFailure reaches trezorlib as the Failure the wire would carry.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bip_utils import Bip39SeedGenerator
from trezorlib import btc, exceptions, messages, protobuf

from wallet.emulator.coins import coin_by_name
from wallet.emulator.flow import Confirm, DeviceFailure, Flow
from wallet.emulator.keys import KeyStore
from wallet.emulator.paths import Policy
from wallet.emulator.signtx import sign_tx_flow

DATA = Path(__file__).parent / "data"
ALL_SEED = bytes(Bip39SeedGenerator(" ".join(["all"] * 12)).Generate(""))
_SHARED_KEYS = KeyStore(ALL_SEED)  # its derivation cache makes repeated signing cheap


def load_prev_txes(network: str) -> dict[bytes, messages.TransactionType]:
    """trezor-firmware's cached previous transactions for one network, keyed by txid."""
    raw = json.loads((DATA / "prev_txes.json").read_text())
    txes = {}
    for key, tx in raw.items():
        if not key.startswith(network + "/"):
            continue
        txes[bytes.fromhex(key.split("/")[1])] = messages.TransactionType(
            version=tx["version"],
            lock_time=tx["lock_time"],
            inputs=[
                messages.TxInputType(
                    prev_hash=bytes.fromhex(i["prev_hash"]),
                    prev_index=i["prev_index"],
                    script_sig=bytes.fromhex(i["script_sig"]),
                    sequence=i["sequence"],
                )
                for i in tx["inputs"]
            ],
            bin_outputs=[
                messages.TxOutputBinType(amount=o["amount"], script_pubkey=bytes.fromhex(o["script_pubkey"]))
                for o in tx["bin_outputs"]
            ],
        )
    return txes


def _roundtrip(msg: protobuf.MessageType, as_class: type[protobuf.MessageType] | None = None) -> Any:
    buffer = io.BytesIO()
    protobuf.dump_message(buffer, msg)
    buffer.seek(0)
    return protobuf.load_message(buffer, as_class or type(msg))


class DeviceCrashed(Exception):
    """The flow raised something other than DeviceFailure: a real device would have crashed."""


class FlowSession:
    """Enough of trezorlib's Session for btc.sign_tx, talking to the flow in-process."""

    def __init__(
        self,
        keys: KeyStore | None = None,
        decide: Callable[[Confirm], bool] = lambda _confirm: True,
        tamper: Callable[[protobuf.MessageType], protobuf.MessageType] = lambda msg: msg,
        policy: Policy | None = None,
    ) -> None:
        self.keys = keys or _SHARED_KEYS
        self.policy = policy or Policy()
        self.decide = decide
        self.tamper = tamper
        self.flow: Flow | None = None
        self.confirmations: list[Confirm] = []
        self.requests: list[messages.TxRequest] = []

    def __enter__(self) -> FlowSession:
        return self

    def __exit__(self, *_exc: object) -> None:
        return None

    def call(self, msg: protobuf.MessageType, expect: Any = None) -> Any:
        msg = self.tamper(_roundtrip(msg))  # tampered messages reach the flow as decoded, unchecked
        try:
            if self.flow is None:
                assert isinstance(msg, messages.SignTx)
                self.flow = sign_tx_flow(self.keys, coin_by_name(msg.coin_name), msg, self.policy)
                reply = next(self.flow)
            else:
                reply = self.flow.send(msg)
            while isinstance(reply, Confirm):
                self.confirmations.append(reply)
                if not self.decide(reply):
                    self.flow.close()
                    raise exceptions.Cancelled()
                reply = self.flow.send(True)
        except StopIteration as stop:
            reply = stop.value
        except DeviceFailure as failure:
            raise exceptions.TrezorFailure(
                messages.Failure(code=failure.code, message=failure.message)
            ) from None
        reply = _roundtrip(reply)
        if isinstance(reply, messages.TxRequest):
            self.requests.append(reply)
        return reply


def request_trace(session: FlowSession) -> list[tuple[str, int | None, str | None]]:
    """(request type, index, prev tx hash prefix) for each TxRequest, as the firmware tests list them."""
    trace = []
    for request in session.requests:
        details = request.details or messages.TxRequestDetailsType()
        tx_hash = details.tx_hash.hex()[:6] if details.tx_hash else None
        trace.append((messages.RequestType(request.request_type).name, details.request_index, tx_hash))
    return trace


def sign_with(
    session: Any,
    coin: str,
    inputs: list[messages.TxInputType],
    outputs: list[messages.TxOutputType],
    prev_txes: dict[bytes, messages.TransactionType],
    **kwargs: Any,
) -> tuple[Any, bytes]:
    """trezorlib's btc.sign_tx over any session-like object (FlowSession or a real Session)."""
    return btc.sign_tx(session, coin, inputs, outputs, prev_txes=prev_txes, **kwargs)  # type: ignore[arg-type]
