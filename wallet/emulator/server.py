"""UDP server: the wire link on port P and the DebugLink on P+1, one thread, one device.

Both sockets are served by one select loop, so the device needs no locks: a
DebugLinkDecision arriving on P+1 resumes the flow and its reply goes out on P. Each
port replies to its last sender, as the official emulator does. Every complete
request gets an answer; malformed datagrams get a Failure and change nothing else.
"""

from __future__ import annotations

import logging
import queue
import selectors
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from trezorlib import messages, protobuf

from wallet.emulator import framing
from wallet.emulator.debuglink import debug_state, handle_debug
from wallet.emulator.device import ACCEPTED, Device
from wallet.emulator.faults import Faults

log = logging.getLogger(__name__)
Failure = messages.FailureType
MAX_DATAGRAM = 2048
LAYOUT_WAIT_SECONDS = 10.0  # a NEXT_LAYOUT request is answered anyway after this long
POLL_SECONDS = 0.05


class ServerError(OSError):
    """The ports cannot be bound."""


@dataclass
class _Link:
    sock: socket.socket
    reassembler: framing.Reassembler
    peer: tuple[str, int] | None = None


def bind_pair(host: str, port: int) -> tuple[socket.socket, socket.socket]:
    """Bind UDP `port` and `port + 1`; with port 0, find a free adjacent pair."""
    for _attempt in range(50 if port == 0 else 1):
        wire = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            wire.bind((host, port))
            chosen = wire.getsockname()[1]
            debug = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            try:
                debug.bind((host, chosen + 1))
            except OSError:
                debug.close()
                raise
        except OSError as exc:
            wire.close()
            if port != 0:
                raise ServerError(f"cannot bind UDP {host}:{port} and {port + 1}: {exc}") from exc
            continue
        return wire, debug
    raise ServerError(f"no free pair of adjacent UDP ports on {host}")


class Server:
    """Serves one `Device` on two UDP sockets from a background thread."""

    def __init__(self, device: Device, host: str, port: int, faults: Faults) -> None:
        self.device = device
        self.faults = faults
        wire_sock, debug_sock = bind_pair(host, port)
        self.host = host
        self.port: int = wire_sock.getsockname()[1]
        self._wire = _Link(wire_sock, framing.Reassembler())
        self._debug = _Link(debug_sock, framing.Reassembler())
        self._layout_waiters: list[tuple[tuple[str, int], float, int]] = []
        self._held: list[tuple[float, socket.socket, tuple[str, int], protobuf.MessageType]] = []
        self._inbox: queue.SimpleQueue[Callable[[], list[protobuf.MessageType]]] = queue.SimpleQueue()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"emulator-{self.port}", daemon=True)
        self.disconnected = threading.Event()

    def start(self) -> None:
        self._thread.start()

    def post(self, action: Callable[[], list[protobuf.MessageType]]) -> None:
        """Run `action` on the server thread (thread-safe); its replies go out on the wire link.

        This is how a person's button press reaches the device: the server thread never waits
        for a person, so it keeps answering the wire (PINGPING) while a screen is shown."""
        self._inbox.put(action)

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)
        self._close()

    def _close(self) -> None:
        for link in (self._wire, self._debug):
            link.sock.close()

    def _run(self) -> None:
        with selectors.DefaultSelector() as selector:
            selector.register(self._wire.sock, selectors.EVENT_READ, self._wire)
            selector.register(self._debug.sock, selectors.EVENT_READ, self._debug)
            while not self._stop.is_set():
                ready = [key.data for key, _events in selector.select(timeout=POLL_SECONDS)]
                if len(ready) > 1:
                    # DebugLink first when both have data: what the "user" did (a decision, a
                    # request to watch the screen) happened before the host's next message.
                    ready.sort(key=lambda item: item is self._wire)
                for link in ready:
                    self._receive(link)
                    if self.disconnected.is_set():
                        self._close()
                        return
                # each loop turn is one packet, ~1,100 of them in a 100-input SignTx: the
                # housekeeping below only runs when it has something to do
                if not self._inbox.empty():
                    self._run_posted()
                if self._held:
                    self._flush_held()
                if self._layout_waiters:
                    self._flush_layout_waiters()

    def _run_posted(self) -> None:
        while True:
            try:
                action = self._inbox.get_nowait()
            except queue.Empty:
                return
            try:
                replies = action()
            except Exception:  # the device must survive anything posted to it
                log.exception("unexpected error running a posted action")
                continue
            self._send(self._wire, replies)

    def _receive(self, link: _Link) -> None:
        try:
            data, peer = link.sock.recvfrom(MAX_DATAGRAM)
        except OSError:
            return  # e.g. ICMP port unreachable from a client that went away
        link.peer = peer
        if data == framing.PING:
            link.sock.sendto(framing.PONG, peer)
            return
        try:
            self._datagram(link, data)
        except Exception:  # the device must survive anything a host sends
            log.exception("unexpected error handling a datagram")
            self._send(link, [_failure(messages.FailureType.FirmwareError, "Firmware error")])

    def _datagram(self, link: _Link, data: bytes) -> None:
        try:
            raw = link.reassembler.feed(data)
        except framing.FramingError as exc:
            self._send(link, [_failure(messages.FailureType.DataError, f"Malformed packet: {exc}")])
            return
        if raw is None:
            return
        if link is self._wire and self.faults.should_disconnect(raw.msg_type):
            log.info("fault: disconnecting on message type %d", raw.msg_type)
            self.disconnected.set()
            return
        try:
            msg = framing.decode_message(raw, ACCEPTED if link is self._wire else None)
        except framing.DecodeError as exc:
            code = Failure.UnexpectedMessage if exc.unknown_type else Failure.DataError
            text = "Unexpected message" if exc.unknown_type else str(exc)
            if link is self._wire:
                self._send(link, self.device.fail(code, text))
            else:
                self._send(link, [_failure(code, text)])
            return
        if link is self._wire:
            self._send(link, self.device.handle(msg))
        else:
            self._debug_message(msg)

    def _debug_message(self, msg: protobuf.MessageType) -> None:
        result = handle_debug(self.device, msg)
        if result.wire_replies:
            self._send(self._wire, result.wire_replies)
        if result.wait_for_layout and self._debug.peer is not None:
            deadline = time.monotonic() + LAYOUT_WAIT_SECONDS
            self._layout_waiters.append((self._debug.peer, deadline, self.device.layout_version))
        if result.reply is not None:
            self._send(self._debug, [result.reply])

    def _flush_layout_waiters(self) -> None:
        now = time.monotonic()
        waiting = []
        for peer, deadline, version in self._layout_waiters:
            if version != self.device.layout_version or now >= deadline:
                self._send_to(self._debug.sock, peer, debug_state(self.device))
            else:
                waiting.append((peer, deadline, version))
        self._layout_waiters = waiting

    def _send(self, link: _Link, replies: list[protobuf.MessageType]) -> None:
        if link.peer is None:
            return
        for reply in replies:
            self._send_to(link.sock, link.peer, reply)

    def _send_to(self, sock: socket.socket, peer: tuple[str, int], reply: protobuf.MessageType) -> None:
        msg_type = framing.wire_type_of(reply)
        hold = self.faults.hold_for(msg_type)
        behind = [item[0] for item in self._held if item[1] is sock]
        if hold or behind:  # held replies keep their order; the loop goes on serving pings
            due = max([time.monotonic() + hold, *behind])
            self._held.append((due, sock, peer, reply))
            return
        self._transmit(sock, peer, reply)

    def _flush_held(self) -> None:
        while self._held and self._held[0][0] <= time.monotonic():
            _due, sock, peer, reply = self._held.pop(0)
            self._transmit(sock, peer, reply)

    def _transmit(self, sock: socket.socket, peer: tuple[str, int], reply: protobuf.MessageType) -> None:
        msg_type, payload = framing.encode_message(reply)
        if self.faults.should_drop(msg_type):
            log.info("fault: dropping a %s reply", type(reply).__name__)
            return
        if self.faults.reply_delay:
            time.sleep(self.faults.reply_delay)
        for packet in framing.encode_packets(msg_type, payload):
            try:
                sock.sendto(packet, peer)
            except OSError:
                return  # the host went away; the next request will set a new peer


def _failure(code: messages.FailureType, text: str) -> messages.Failure:
    return messages.Failure(code=code, message=text)
