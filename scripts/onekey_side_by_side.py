"""Send the same requests to OneKey's own Classic emulator and to our onekey-classic; diff the answers.

Run by scripts/onekey-side-by-side.sh, which builds and starts OneKey's emulator (UDP
54935, DebugLink 54936, its buttons are the arrow keys of its SDL window under Xvfb).
Ours runs in this process on a free port pair. Both get the same seed; each request's
transcript is what the host sees: every reply, and how many YES presses it took before
the next reply came (screens the host is not told about show up as presses). A person's
YES is the Right arrow key on OneKey's emulator (its legacy screens do not read the
DebugLink) and a DebugLinkDecision on ours.

Exit status: 0 when every transcript matches except the fields listed in EXPECTED, 1 otherwise.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import socket
import subprocess
import sys
from collections.abc import Callable
from typing import Any

from trezorlib import messages, protobuf
from trezorlib.tools import parse_path

from wallet.devices.onekey_features import onekey_mapping
from wallet.emulator.emulator import Emulator
from wallet.emulator.framing import encode_packets

ALL = " ".join(["all"] * 12)
MAPPING = onekey_mapping()  # Features read with the table of the line that sent them
# Fields that differ on every device or every build, never a fidelity question.
EXPECTED = {"device_id", "session_id", "revision", "label"}
READ_WAIT = 0.6  # seconds without a reply before the person presses YES again
MAX_PRESSES = 12


class Peer:
    """One device: its wire link and how its person presses YES."""

    def __init__(self, name: str, port: int, press: Callable[[bool], None]) -> None:
        self.name = name
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.address = ("127.0.0.1", port)
        self.press = press
        self.last: protobuf.MessageType | None = None
        self.signing_events: list[str] = []

    def send(self, msg: protobuf.MessageType) -> None:
        wire_type, payload = MAPPING.encode(msg)
        for packet in encode_packets(wire_type, payload):
            self.sock.sendto(packet, self.address)

    def receive(self, timeout: float) -> protobuf.MessageType | None:
        self.sock.settimeout(timeout)
        try:
            first = self.sock.recv(64)
        except TimeoutError:
            return None
        wire_type, length = int.from_bytes(first[3:5], "big"), int.from_bytes(first[5:9], "big")
        body = bytearray(first[9:])
        self.sock.settimeout(5)
        while len(body) < length:
            body += self.sock.recv(64)[1:]
        return MAPPING.decode(wire_type, bytes(body[:length]))

    def __enter__(self) -> Peer:  # btc.sign_tx holds its session in a `with`
        return self

    def __exit__(self, *_exc: object) -> None:
        return None

    def call(self, msg: protobuf.MessageType, expect: Any = None) -> protobuf.MessageType:
        """For trezorlib's btc.sign_tx: one request, its screens pressed; the reply."""
        events = self.transcript(msg)
        self.signing_events.extend(events)
        if not isinstance(self.last, messages.TxRequest):
            raise RuntimeError(f"{self.name}: {events[-1]}")
        return self.last

    def transcript(
        self, msg: protobuf.MessageType, *, press: bool = True, plan: tuple[bool, ...] = ()
    ) -> list[str]:
        """Send `msg`, acknowledge ButtonRequests, press when the device goes quiet: the
        buttons in `plan` first (False = NO), then YES."""
        events: list[str] = []
        self.send(msg)
        presses = 0
        while presses <= MAX_PRESSES:
            reply = self.receive(READ_WAIT)
            if reply is None:
                if not press:
                    events.append("(no reply)")
                    return events
                yes = plan[presses] if presses < len(plan) else True
                self.press(yes)
                presses += 1
                events.append("YES" if yes else "NO")
                continue
            events.append(describe(reply))
            self.last = reply
            if isinstance(reply, messages.ButtonRequest):
                self.send(messages.ButtonAck())
                continue
            return events
        events.append("(gave up)")
        return events


def describe(msg: protobuf.MessageType) -> str:
    """The reply as the host reads it, with the content that must be identical."""
    if isinstance(msg, messages.ButtonRequest):
        return f"ButtonRequest {messages.ButtonRequestType(msg.code).name}"
    if isinstance(msg, messages.Failure):
        # a DEBUG_LINK build prefixes the source location ("fsm_msg_coin.h:407:"); a device does not
        text = re.sub(r"^[\w.]+\.[ch]:\d+:", "", msg.message or "")
        return f"Failure {messages.FailureType(msg.code).name} {text!r}"
    if isinstance(msg, messages.Address):
        return f"Address {msg.address}"
    if isinstance(msg, messages.PublicKey):
        return f"PublicKey {msg.xpub}"
    if isinstance(msg, messages.MessageSignature):
        return f"MessageSignature {msg.address} {msg.signature.hex()}"
    if isinstance(msg, messages.Entropy):
        return f"Entropy of {len(msg.entropy)} bytes"
    if isinstance(msg, messages.TxRequest):
        return f"TxRequest {messages.RequestType(msg.request_type).name}"
    return type(msg).__name__


def features_fields(msg: protobuf.MessageType) -> dict[int, Any]:
    buffer = io.BytesIO()
    protobuf.dump_message(buffer, msg)
    out: dict[int, Any] = {}
    for tag, field in type(msg).FIELDS.items():
        value = getattr(msg, field.name, None)
        if value not in (None, []) and field.name not in EXPECTED:
            out[tag] = (field.name, value)
    return out


VERBOSE = False


def compare(title: str, theirs: object, ours: object, failures: list[str]) -> None:
    same = theirs == ours
    print(f"{'same' if same else 'DIFF'}  {title}")
    if same and VERBOSE:
        print(f"      both: {theirs}")
    if not same:
        print(f"      OneKey:    {theirs}")
        print(f"      ColdSplit: {ours}")
        failures.append(title)


def xdotool_press(display: str) -> Callable[[bool], None]:
    env = {**os.environ, "DISPLAY": display}

    def press(yes: bool) -> None:  # the emulator's buttons: Right arrow YES, Left arrow NO
        key = "Right" if yes else "Left"
        subprocess.run(["xdotool", "key", "--delay", "80", key], env=env, check=False)

    return press


def debuglink_press(emulator: Emulator) -> Callable[[bool], None]:
    debug = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)

    def press(yes: bool) -> None:
        button = messages.DebugButton.YES if yes else messages.DebugButton.NO
        wire_type, payload = MAPPING.encode(messages.DebugLinkDecision(button=button))
        for packet in encode_packets(wire_type, payload):
            debug.sendto(packet, ("127.0.0.1", emulator.debug_port))

    return press


def load(peer: Peer) -> None:
    peer.transcript(messages.WipeDevice())
    peer.transcript(messages.LoadDevice(mnemonics=[ALL], pin="", label="side-by-side"))


def run(theirs: Peer, ours: Peer) -> list[str]:
    failures: list[str] = []
    for peer in (theirs, ours):
        load(peer)
    for request in (messages.Initialize(), messages.GetFeatures()):
        answers = []
        for peer in (theirs, ours):
            peer.send(request)
            answers.append(features_fields(peer.receive(5) or messages.Success()))
        compare(f"{type(request).__name__}: Features fields", *answers, failures)
    requests: list[tuple[str, protobuf.MessageType, bool]] = [
        ("xpub m/44h/0h/0h", messages.GetPublicKey(address_n=parse_path("m/44h/0h/0h")), True),
        ("p2wpkh m/84h/0h/0h/0/0", _address("m/84h/0h/0h/0/0", "SPENDWITNESS", False), True),
        ("p2tr m/86h/0h/0h/0/0", _address("m/86h/0h/0h/0/0", "SPENDTAPROOT", False), True),
        ("show p2wpkh m/84h/0h/0h/0/0", _address("m/84h/0h/0h/0/0", "SPENDWITNESS", True), True),
        ("wpkh at m/44h, shown", _address("m/44h/0h/0h/0/0", "SPENDWITNESS", True), True),
        ("9-level path", _address("m/44h/0h/0h/0/0/0/0/0/0", "SPENDADDRESS", False), True),
        ("sign message p2wpkh", _message("m/84h/0h/0h/0/0", "SPENDWITNESS"), True),
        ("sign message p2pkh at m/84h (HWI)", _message("m/84h/0h/0h/0/0", "SPENDADDRESS"), True),
        ("sign message p2tr", _message("m/86h/0h/0h/0/0", "SPENDTAPROOT"), True),
        ("verify message, valid", _verify(VALID_SIGNATURE), True),
        ("verify message, wrong signature", _verify(bytes([39]) + bytes(range(64))), True),
        ("get entropy", messages.GetEntropy(size=16), True),
        ("eth address m/44h/60h/0h/0/0", _eth_address(show=False), True),
        ("show eth address m/44h/60h/0h/0/0", _eth_address(show=True), True),
        # ChangePin beyond this is checked on ours only: OneKey's emulator never shows its PIN
        # matrix to the DebugLink (DebugLinkState.matrix stays "XXXXXXXXX"), so nobody can type it.
        ("ChangePin remove, no PIN set", messages.ChangePin(remove=True), True),
    ]
    for title, request, press in requests:
        transcripts = [peer.transcript(request, press=press) for peer in (theirs, ours)]
        compare(title, *transcripts, failures)
    # NO on the address screen: the QR code, NO again: the address, … YES on the QR code confirms
    shown: tuple[tuple[str, protobuf.MessageType], ...] = (
        ("show p2wpkh, NO NO NO then YES", _address("m/84h/0h/0h/0/0", "SPENDWITNESS", True)),
        ("show eth address, NO NO NO then YES", _eth_address(show=True)),
    )
    for shown_title, shown_request in shown:
        plan = (False, False, False)
        transcripts = [peer.transcript(shown_request, plan=plan) for peer in (theirs, ours)]
        compare(shown_title, *transcripts, failures)
    compare(
        "Cancel on a screen, then Initialize", *[_cancel_then_initialize(p) for p in (theirs, ours)], failures
    )
    for vector in ("ONE_ONE_FEE", "TESTNET_ONE_TWO_FEE"):  # no change; external + change
        signed = [_sign_tx(peer, vector) for peer in (theirs, ours)]
        compare(f"SignTx {vector}: signed transaction", *[tx for tx, _ in signed], failures)
        compare(f"SignTx {vector}: what the host saw", *[_squash(e) for _, e in signed], failures)
    return failures


def _sign_tx(peer: Peer, vector: str) -> tuple[str, list[str]]:
    """Sign one of trezor-firmware's device-test vectors (tests/wallet/emulator/test_signtx_vectors.py)."""
    from trezorlib import btc

    from tests.wallet.emulator import test_signtx_vectors as vectors

    coin, inputs, outputs, _ = getattr(vectors, vector)
    prev_txes = vectors.MAINNET if coin == "Bitcoin" else vectors.TESTNET
    peer.signing_events = []
    try:
        _, serialized = btc.sign_tx(peer, coin, inputs, outputs, prev_txes=prev_txes)  # type: ignore[arg-type]
    except Exception as exc:  # a refusal is a transcript too
        return f"refused: {exc}", peer.signing_events
    return serialized.hex(), peer.signing_events


def _squash(events: list[str]) -> list[str]:
    """Drop the TxRequests between screens: what differs is only where a person presses."""
    return [event for event in events if not event.startswith("TxRequest")]


def _address(path: str, script: str, show: bool) -> messages.GetAddress:
    script_type = messages.InputScriptType[script]
    return messages.GetAddress(address_n=parse_path(path), script_type=script_type, show_display=show)


def _eth_address(show: bool) -> messages.EthereumGetAddress:
    return messages.EthereumGetAddress(address_n=parse_path("m/44h/60h/0h/0/0"), show_display=show)


def _message(path: str, script: str) -> messages.SignMessage:
    script_type = messages.InputScriptType[script]
    return messages.SignMessage(address_n=parse_path(path), message=b"side by side", script_type=script_type)


# the p2wpkh signature both devices give for "side by side" at m/84h/0h/0h/0/0 (above)
VALID_SIGNATURE = bytes.fromhex(
    "27b67b8adf287c4d839f58534a1f420d3d887d388e8c646de69ee98d2411ec173d"
    "306f12faf5337b477987ef39fcbcb48c435cf581242b9f69426e15b587cc33ac"
)


def _verify(signature: bytes) -> messages.VerifyMessage:
    address = "bc1qannfxke2tfd4l7vhepehpvt05y83v3qsf6nfkk"
    return messages.VerifyMessage(address=address, signature=signature, message=b"side by side")


def _cancel_then_initialize(peer: Peer) -> list[str]:
    events = peer.transcript(_address("m/84h/0h/0h/0/0", "SPENDWITNESS", True), press=False)
    peer.send(messages.Cancel())
    reply = peer.receive(READ_WAIT)
    events.append("Cancel → " + (describe(reply) if reply else "(ignored)"))
    peer.send(messages.Initialize())
    reply = peer.receive(2)
    events.append("Initialize → " + (describe(reply) if reply else "(no reply)"))
    peer.send(messages.Initialize())
    reply = peer.receive(2)
    events.append("Initialize → " + (describe(reply) if reply else "(no reply)"))
    return events


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--onekey-port", type=int, default=54935)
    parser.add_argument("--display", default=os.environ.get("DISPLAY", ":91"))
    parser.add_argument(
        "--identity",
        default="onekey-classic",
        help="our identity to compare it with",
    )
    parser.add_argument("--verbose", action="store_true", help="print every transcript, not only differences")
    args = parser.parse_args()
    global VERBOSE
    VERBOSE = args.verbose
    theirs = Peer("OneKey", args.onekey_port, xdotool_press(args.display))
    with Emulator(args.identity, port=0, mnemonic=ALL, label="side-by-side") as emulator:
        ours = Peer("ColdSplit", emulator.port, debuglink_press(emulator))
        failures = run(theirs, ours)
    print(f"{len(failures)} difference(s)" + (": " + "; ".join(failures) if failures else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
