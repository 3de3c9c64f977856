"""trezorlib transports with liveness probes, cancellation and person-paced waits.

trezorlib reads forever on a silent device (its default read timeout is None). These
transports read in short slices instead and decide, between slices:
- a Cancel requested from another thread is written on the wire (from the device thread,
  so libusb/hidapi are never driven from two threads); a device whose confirmation screen
  ignores Cancel (OneKey: only Initialize leaves it) is freed with a bare Initialize;
- while the device is silent, it is probed (UDP: the `PINGPING`/`PONGPONG` liveness
  datagram on the same socket); a failed probe or a refused socket means it is gone;
- while a person may be reading the device's screen there is no deadline at all: after a
  ButtonAck (the device shows a confirmation) and after a TxAck (OneKey Classic shows its
  Fee and Total screens with no ButtonRequest, right after a TxRequest). A real device
  takes as long as its person; only the link's own liveness (probe, USB errors) and the
  person's Cancel end such a wait;
- otherwise silence longer than `reply_timeout` is a timeout (the device computes).
They are real `trezorlib.transport.Transport`s, so trezorlib's client drives them unchanged,
and each wraps trezorlib's own transport for its link (UDP, WebUSB, HID): the socket or USB
handle, its path and its opening are trezorlib's; the deadlines are this module's.
"""

from __future__ import annotations

import secrets
import socket
import struct
import threading
import time
from abc import abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import ClassVar

from trezorlib import mapping, messages, models, protobuf
from trezorlib.transport import Timeout, Transport, TransportException

from wallet.devices.errors import BadDeviceRequest, DeviceCancelled, DeviceGone, DeviceTimeout

_SLICE = 0.1
PING = b"PINGPING"
PONG = b"PONGPONG"
_HEADER = b"?##"
_FIRST_PAYLOAD = 64 - 9  # "?##" + type (2) + length (4)
_NEXT_PAYLOAD = 64 - 1
# After the host sends one of these, the device may be showing a screen to its person.
_PERSON_PACED = frozenset({messages.MessageType.ButtonAck, messages.MessageType.TxAck})


@dataclass(frozen=True)
class Deadlines:
    reply_timeout: float = 20.0
    """Longest silence while the device computes (it may sign many inputs)."""
    user_timeout: float | None = None
    """Longest silence while a person may be reading the screen; None: as long as they take."""
    probe_interval: float = 1.0
    """Probe a silent device this often (transports that can)."""
    probe_wait: float = 2.0
    """A probe unanswered this long means the device is gone."""
    cancel_grace: float = 2.0
    """A Cancel unanswered this long was ignored by a confirmation screen: free it with Initialize."""


def frame(msg: protobuf.MessageType, chunk_size: int = 64) -> list[bytes]:
    """The v1 framing of one message (protocol_v1.write, without a transport)."""
    msg_type, payload = mapping.DEFAULT_MAPPING.encode(msg)
    data = b"##" + struct.pack(">HL", msg_type, len(payload)) + payload
    step = chunk_size - 1
    return [(b"?" + data[i : i + step]).ljust(chunk_size, b"\x00") for i in range(0, len(data), step)]


def _continuation_count(first_chunk: bytes) -> int:
    length = int.from_bytes(first_chunk[5:9], "big")
    return max(0, -(-(length - _FIRST_PAYLOAD) // _NEXT_PAYLOAD))


class GuardedTransport(Transport):
    """The read loop shared by the UDP and USB links."""

    CHUNK_SIZE: ClassVar[int | None] = 64
    ENABLED: ClassVar[bool] = False  # never picked up by trezorlib's own enumeration

    def __init__(self, deadlines: Deadlines) -> None:
        super().__init__()
        self.deadlines = deadlines
        self.waiting_for_person = False
        self.person_listener: Callable[[bool], None] | None = None
        """Told when a person-paced wait starts and ends (the device thread's own deadline pauses)."""
        self.session_reset = False
        """Set when the device was freed with a bare Initialize (its session may have changed)."""
        self.needs_freeing = False
        """Set when a wait was abandoned (timeout): the device may still show that screen."""
        self._cancel = threading.Event()
        # When Cancel went out on the wire, kept across reads: a screen that ignores Cancel may
        # still send ButtonRequests (trezorlib acks them and reads again) before it is freed.
        self._cancel_sent_at: float | None = None

    def request_cancel(self) -> None:
        """Thread-safe: the device thread writes Cancel at its next read slice."""
        self._cancel.set()

    def clear_cancel(self) -> None:
        """Forget a cancel that came too late for the operation it was meant for."""
        self._cancel.clear()
        self._cancel_sent_at = None

    # ---- writing ----

    def write_chunk(self, chunk: bytes, /) -> None:
        if len(chunk) != 64:
            raise TransportException("a wire packet is 64 bytes")
        if chunk.startswith(_HEADER):
            msg_type = int.from_bytes(chunk[3:5], "big")
            self._set_waiting_for_person(msg_type in _PERSON_PACED)
        self._send_chunk(chunk)

    def _write_message(self, msg: protobuf.MessageType) -> None:
        for chunk in frame(msg):
            self.write_chunk(chunk)

    def _set_waiting_for_person(self, waiting: bool) -> None:
        if waiting != self.waiting_for_person:
            self.waiting_for_person = waiting
            if self.person_listener is not None:
                self.person_listener(waiting)

    # ---- reading ----

    def read_chunk(self, *, timeout: float | None = None) -> bytes:
        start = last_heard = time.monotonic()
        probe_sent: float | None = None
        while True:
            now = time.monotonic()
            if self._cancel.is_set():
                self._cancel.clear()
                self._write_message(messages.Cancel())
                self._cancel_sent_at = start = now
            cancel_sent = self._cancel_sent_at
            if cancel_sent is not None and now - cancel_sent > self.deadlines.cancel_grace:
                self._free_ignored_cancel()
            received = self._receive_slice(_SLICE)
            now = time.monotonic()
            if received == PONG:
                probe_sent, last_heard = None, now
                continue
            if received is not None:
                if received.startswith(_HEADER):
                    self._set_waiting_for_person(False)
                return received
            if timeout is not None and now - start > timeout:
                raise Timeout(f"no packet within {timeout}s")  # trezorlib's own short probes
            if cancel_sent is None:  # after a Cancel, its grace (then Initialize) decides
                self._check_deadline(now - start)
            if probe_sent is not None and now - probe_sent > self.deadlines.probe_wait:
                raise DeviceGone("the device stopped answering its liveness probe; was it unplugged?")
            if probe_sent is None and now - last_heard > self.deadlines.probe_interval and self._probe():
                probe_sent = now

    def _check_deadline(self, silent_for: float) -> None:
        limit = self.deadlines.user_timeout if self.waiting_for_person else self.deadlines.reply_timeout
        if limit is not None and silent_for > limit:
            self.needs_freeing = True
            raise DeviceTimeout(f"the device stopped answering (no reply in {limit:g} s)")

    def _free_ignored_cancel(self) -> None:
        """The screen ignored Cancel (OneKey): a bare Initialize leaves it; its Features are read
        and dropped here, and the operation ends as cancelled."""
        self.free_from_screen()
        raise DeviceCancelled("the action was cancelled (the device was freed from its confirmation screen)")

    def free_from_screen(self) -> None:
        """Leave any confirmation screen an earlier, abandoned operation left open.

        trezorlib opens sessions with Cancel, which OneKey's confirmation screens ignore; a
        bare Initialize (no session id) leaves them on every Trezor-family firmware. Stale
        packets are dropped first; the reply (Features, or a Failure) is read and dropped."""
        self._cancel_sent_at = None
        self._drain()
        self._write_message(messages.Initialize())
        self.session_reset, self.needs_freeing = True, False
        deadline = time.monotonic() + self.deadlines.reply_timeout
        while time.monotonic() < deadline:
            received = self._receive_slice(_SLICE)
            if received is None or not received.startswith(_HEADER):
                continue  # silence, a PONG, or the tail of a stale reply
            for _ in range(_continuation_count(received)):
                if self._receive_slice(self.deadlines.probe_wait) is None:
                    break
            return
        raise DeviceTimeout(f"the device did not answer Initialize within {self.deadlines.reply_timeout:g} s")

    def settle_after_cancel(self) -> None:
        """Drop a reply the last operation left unread before the next request goes out.

        A Cancel written while the person pressed Reject on the device (or while the flow
        ended on its own) reaches an idle device, which answers it with a Failure of its own
        (legacy firmware's fsm_msgCancel always replies): read as the reply to the next
        request, that Failure would cancel it. After such a Cancel, a Ping with a fresh
        nonce is read back and everything before its Success is dropped. A device still on a
        screen that reads nothing but Initialize (OneKey) does not answer: it is freed."""
        if self._cancel_sent_at is None:
            return
        self._cancel_sent_at = None
        nonce = secrets.token_hex(8)
        self._write_message(messages.Ping(message=nonce))
        deadline = time.monotonic() + self.deadlines.reply_timeout
        while time.monotonic() < deadline:
            reply = self._read_whole(self.deadlines.probe_wait)
            if reply is None:
                self.free_from_screen()
                return
            if isinstance(reply, messages.Success) and reply.message == nonce:
                return
        raise DeviceTimeout(f"the device did not answer Ping within {self.deadlines.reply_timeout:g} s")

    def _read_whole(self, silence: float) -> protobuf.MessageType | bytes | None:
        """One whole message (undecodable ones as their raw bytes), or None after `silence` s."""
        first: bytes | None = None
        waited_until = time.monotonic() + silence
        while first is None or not first.startswith(_HEADER):
            if time.monotonic() > waited_until:
                return None
            first = self._receive_slice(_SLICE)  # PONGs and stray continuations are skipped
        msg_type, length = struct.unpack(">HL", first[3:9])
        payload = first[9:]
        for _ in range(_continuation_count(first)):
            chunk = self._receive_slice(self.deadlines.probe_wait)
            if chunk is None:
                return None
            payload += chunk[1:]
        try:
            return mapping.DEFAULT_MAPPING.decode(msg_type, payload[:length])
        except Exception:  # a vendor message this mapping does not know: dropped all the same
            return payload[:length]

    def _drain(self) -> None:
        while self._receive_slice(_SLICE) is not None:
            pass

    @abstractmethod
    def _send_chunk(self, chunk: bytes) -> None:
        """Write one 64-byte packet; DeviceGone when the link broke."""

    @abstractmethod
    def _receive_slice(self, seconds: float) -> bytes | None:
        """One chunk, or None after `seconds` of silence; DeviceGone when the link broke."""

    def _probe(self) -> bool:
        """Send a liveness probe if this link has one; True if sent."""
        return False


class UdpLink(GuardedTransport):
    """The emulator link: trezorlib's own `UdpTransport` (64-byte datagrams to 127.0.0.1:PORT)
    with this module's read loop around it.

    trezorlib opens, names and closes the socket and answers `is_ready` (its PINGPING
    probe); reads go through that socket here, a slice at a time, because a liveness answer
    (PONGPONG, 8 bytes) arrives on it between packets and trezorlib's reader refuses it.
    """

    PATH_PREFIX: ClassVar[str] = "udp"

    def __init__(self, host: str, port: int, deadlines: Deadlines) -> None:
        from trezorlib.transport.udp import UdpTransport

        super().__init__(deadlines)
        self.inner = UdpTransport(f"{host}:{port}")

    @classmethod
    def from_path(cls, path: str, deadlines: Deadlines) -> UdpLink:
        """'udp:127.0.0.1:21324' (or '127.0.0.1:21324')."""
        rest = path.removeprefix("udp:")
        host, _, port = rest.rpartition(":")
        if not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise BadDeviceRequest(f"a UDP device path looks like udp:127.0.0.1:21324, not {path!r}")
        return cls(host, int(port), deadlines)

    def get_path(self) -> str:
        return self.inner.get_path()

    def is_open(self) -> bool:
        return self.inner.is_open()

    def _open(self) -> None:
        self.inner.open()

    def _close(self) -> None:
        self.inner.close()

    def is_alive(self, wait: float = 0.5) -> bool:
        """Ping once (used by enumeration on an idle link): trezorlib's `is_ready`, given `wait`."""
        self._require_socket().settimeout(wait)
        return self.inner.is_ready()

    def _send_chunk(self, chunk: bytes) -> None:
        self._require_socket()  # closed: DeviceGone, not trezorlib's assertion
        try:
            self.inner.write_chunk(chunk)
        except OSError as exc:
            raise DeviceGone() from exc

    def _receive_slice(self, seconds: float) -> bytes | None:
        sock = self._require_socket()
        sock.settimeout(seconds)
        try:
            data = sock.recv(64)
        except TimeoutError:
            return None
        except OSError as exc:  # ECONNREFUSED: nothing listens on the port any more
            raise DeviceGone() from exc
        if data != PONG and len(data) != 64:
            raise TransportException(f"unexpected datagram of {len(data)} bytes")
        return data

    def _probe(self) -> bool:
        try:
            self._require_socket().send(PING)
        except OSError as exc:
            raise DeviceGone() from exc
        return True

    def _require_socket(self) -> socket.socket:
        sock = self.inner.socket
        if sock is None:
            raise DeviceGone("the device link is closed")
        return sock


class UsbLink(GuardedTransport):
    """A trezorlib WebUSB or HID transport, read in slices; libusb errors mean unplugged."""

    PATH_PREFIX: ClassVar[str] = "usb"

    def __init__(self, inner: Transport, deadlines: Deadlines) -> None:
        super().__init__(deadlines)
        self.inner = inner

    @staticmethod
    def enumerate_inner(extra_models: Iterable[models.TrezorModel]) -> list[Transport]:
        """All WebUSB and HID devices whose USB ids belong to the given models."""
        from trezorlib.transport.hid import HidTransport
        from trezorlib.transport.webusb import WebUsbTransport

        found: list[Transport] = []
        for kind in (WebUsbTransport, HidTransport):
            if not kind.ENABLED:
                continue
            try:
                found.extend(kind.enumerate(list(extra_models)))
            except Exception:  # a missing libusb or hidapi only hides that transport
                continue
        return found

    def get_path(self) -> str:
        return self.inner.get_path()

    def usb_facts(self) -> tuple[tuple[int, int], str | None] | None:
        """(vendor id, product id) and the manufacturer string, when the OS tells them."""
        device = getattr(self.inner, "device", None)
        if isinstance(device, dict):  # hidapi's enumeration record
            usb_id = (int(device.get("vendor_id", 0)), int(device.get("product_id", 0)))
            return usb_id, device.get("manufacturer_string")
        if device is None or not hasattr(device, "getVendorID"):
            return None
        try:
            manufacturer = device.getManufacturer()
        except Exception:  # reading strings needs access rights the ids do not
            manufacturer = None
        return (device.getVendorID(), device.getProductID()), manufacturer

    def is_open(self) -> bool:
        return self.inner.is_open()

    def _open(self) -> None:
        self.inner.open()

    def _close(self) -> None:
        self.inner.close()

    def _send_chunk(self, chunk: bytes) -> None:
        try:
            self.inner.write_chunk(chunk)
        except TransportException as exc:
            raise DeviceGone(f"USB write failed: {exc}") from exc

    def _receive_slice(self, seconds: float) -> bytes | None:
        try:
            return self.inner.read_chunk(timeout=seconds)
        except Timeout:
            return None
        except TransportException as exc:
            raise DeviceGone(f"USB read failed: {exc}") from exc
