"""Helpers that drive the emulator with trezorlib 0.20.2 over udp:, as any third-party host would."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from trezorlib import messages, models, protobuf
from trezorlib.client import AppManifest, Session, TrezorClient, get_client
from trezorlib.debuglink import DebugLink
from trezorlib.transport import get_transport
from trezorlib.transport.udp import UdpTransport

from wallet.emulator.emulator import Emulator
from wallet.emulator.framing import MAPPING, encode_message, encode_packets

ButtonCallback = Callable[[messages.ButtonRequest], None]
PinCallback = Callable[[messages.PinMatrixRequest], str]


def connect(
    emulator: Emulator, *, button: ButtonCallback | None = None, pin: PinCallback | None = None
) -> TrezorClient:
    """A trezorlib client on the emulator's udp: path (probes with Cancel, as trezorlib does)."""
    transport = get_transport(emulator.path)
    app = AppManifest(app_name="coldsplit-tests", button_callback=button, pin_callback=pin)
    return get_client(app, transport)


def open_debuglink(emulator: Emulator) -> DebugLink:
    transport = get_transport(emulator.path)
    assert isinstance(transport, UdpTransport)
    debug = DebugLink(transport.find_debug())
    debug.model = models.T1B1 if emulator.identity.is_model_one else models.T2T1
    return debug


@contextmanager
def session_with_debuglink(
    emulator: Emulator, *, press_yes: bool = True, passphrase: str = ""
) -> Iterator[tuple[Session, DebugLink]]:
    """A standard-wallet session whose confirmations are answered yes/no on the DebugLink."""
    debug = open_debuglink(emulator)

    def answer(_request: messages.ButtonRequest) -> None:
        (debug.press_yes if press_yes else debug.press_no)()

    client = connect(emulator, button=answer)
    try:
        yield client.get_session(passphrase=passphrase), debug
    finally:
        debug.close()
        client.transport.close()


class RawLink:
    """A bare UDP socket speaking v1 framing, with a timeout so no test can hang."""

    def __init__(self, port: int, timeout: float = 3.0) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.settimeout(timeout)
        self.address = ("127.0.0.1", port)

    def close(self) -> None:
        self.sock.close()

    def send_raw(self, datagram: bytes) -> None:
        self.sock.sendto(datagram, self.address)

    def send(self, msg: protobuf.MessageType) -> None:
        for packet in encode_packets(*encode_message(msg)):
            self.send_raw(packet)

    def receive(self) -> protobuf.MessageType:
        """Read one reply message (raises socket.timeout if none comes); liveness answers are skipped."""
        first = self.sock.recv(128)
        while first == b"PONGPONG":  # the answer to a PINGPING this link sent earlier
            first = self.sock.recv(128)
        assert first[:3] == b"?##", first
        msg_type = int.from_bytes(first[3:5], "big")
        length = int.from_bytes(first[5:9], "big")
        payload = bytearray(first[9:])
        while len(payload) < length:
            payload.extend(self.sock.recv(128)[1:])
        return MAPPING.decode(msg_type, bytes(payload[:length]))

    def call(self, msg: protobuf.MessageType) -> protobuf.MessageType:
        self.send(msg)
        return self.receive()
