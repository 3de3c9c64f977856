"""trezorlib transports with deadlines, liveness probes and cancellation.

trezorlib reads forever on a silent device (its default read timeout is None). These
transports read in short slices instead and decide, between slices:
- a Cancel requested from another thread is written on the wire (from the device thread,
  so libusb/hidapi are never driven from two threads);
- while the device is silent, it is probed (UDP: the `PINGPING`/`PONGPONG` liveness
  datagram on the same socket); a failed probe or a refused socket means it is gone;
- silence longer than `reply_timeout` (or `user_timeout` while the device waits for a
  button press) is a timeout.
They are real `trezorlib.transport.Transport`s, so trezorlib's client drives them unchanged.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from abc import abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from trezorlib import mapping, messages, models
from trezorlib.transport import Timeout, Transport, TransportException

from wallet.devices.errors import BadDeviceRequest, DeviceGone, DeviceTimeout

_SLICE = 0.1
PING = b"PINGPING"
PONG = b"PONGPONG"


@dataclass(frozen=True)
class Deadlines:
    reply_timeout: float = 20.0
    """Longest silence while the device computes (it may sign many inputs)."""
    user_timeout: float = 600.0
    """Longest silence while the device waits for the person (after ButtonAck)."""
    probe_interval: float = 1.0
    """Probe a silent device this often (transports that can)."""
    probe_wait: float = 2.0
    """A probe unanswered this long means the device is gone."""


def _cancel_chunks(chunk_size: int) -> list[bytes]:
    """The v1 framing of a Cancel message (protocol_v1.write, without a transport)."""
    msg_type, payload = mapping.DEFAULT_MAPPING.encode(messages.Cancel())
    data = b"##" + struct.pack(">HL", msg_type, len(payload)) + payload
    step = chunk_size - 1
    return [(b"?" + data[i : i + step]).ljust(chunk_size, b"\x00") for i in range(0, len(data), step)]


class GuardedTransport(Transport):
    """The read loop shared by the UDP and USB links."""

    CHUNK_SIZE: ClassVar[int | None] = 64
    ENABLED: ClassVar[bool] = False  # never picked up by trezorlib's own enumeration

    def __init__(self, deadlines: Deadlines) -> None:
        super().__init__()
        self.deadlines = deadlines
        self.awaiting_user = False
        self._cancel = threading.Event()

    def request_cancel(self) -> None:
        """Thread-safe: the device thread writes Cancel at its next read slice."""
        self._cancel.set()

    def clear_cancel(self) -> None:
        """Forget a cancel that came too late for the operation it was meant for."""
        self._cancel.clear()

    def read_chunk(self, *, timeout: float | None = None) -> bytes:
        start = last_heard = time.monotonic()
        probe_sent: float | None = None
        while True:
            if self._cancel.is_set():
                self._cancel.clear()
                for chunk in _cancel_chunks(64):
                    self.write_chunk(chunk)
            received = self._receive_slice(_SLICE)
            now = time.monotonic()
            if received == PONG:
                probe_sent, last_heard = None, now
                continue
            if received is not None:
                if received.startswith(b"?##"):
                    self.awaiting_user = False
                return received
            if timeout is not None and now - start > timeout:
                raise Timeout(f"no packet within {timeout}s")  # trezorlib's own short probes
            limit = self.deadlines.user_timeout if self.awaiting_user else self.deadlines.reply_timeout
            if now - start > limit:
                raise DeviceTimeout(f"the device stopped answering (no reply in {limit:g} s)")
            if probe_sent is not None and now - probe_sent > self.deadlines.probe_wait:
                raise DeviceGone("the device stopped answering its liveness probe; was it unplugged?")
            if probe_sent is None and now - last_heard > self.deadlines.probe_interval and self._probe():
                probe_sent = now

    @abstractmethod
    def _receive_slice(self, seconds: float) -> bytes | None:
        """One chunk, or None after `seconds` of silence; DeviceGone when the link broke."""

    def _probe(self) -> bool:
        """Send a liveness probe if this link has one; True if sent."""
        return False


class UdpLink(GuardedTransport):
    """The emulator link: 64-byte datagrams to 127.0.0.1:PORT (PINGPING answers PONGPONG)."""

    PATH_PREFIX: ClassVar[str] = "udp"

    def __init__(self, host: str, port: int, deadlines: Deadlines) -> None:
        super().__init__(deadlines)
        self.address = (host, port)
        self._socket: socket.socket | None = None

    @classmethod
    def from_path(cls, path: str, deadlines: Deadlines) -> UdpLink:
        """'udp:127.0.0.1:21324' (or '127.0.0.1:21324')."""
        rest = path.removeprefix("udp:")
        host, _, port = rest.rpartition(":")
        if not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise BadDeviceRequest(f"a UDP device path looks like udp:127.0.0.1:21324, not {path!r}")
        return cls(host, int(port), deadlines)

    def get_path(self) -> str:
        return f"udp:{self.address[0]}:{self.address[1]}"

    def is_open(self) -> bool:
        return self._socket is not None

    def _open(self) -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.connect(self.address)
        self._socket = sock

    def _close(self) -> None:
        if self._socket is not None:
            self._socket.close()
        self._socket = None

    def is_alive(self, wait: float = 0.5) -> bool:
        """Ping once (used by enumeration on an idle link)."""
        sock = self._require_socket()
        try:
            sock.settimeout(wait)
            sock.send(PING)
            return sock.recv(64) == PONG
        except OSError:
            return False

    def write_chunk(self, chunk: bytes, /) -> None:
        if len(chunk) != 64:
            raise TransportException("a wire packet is 64 bytes")
        try:
            self._require_socket().send(chunk)
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
        if self._socket is None:
            raise DeviceGone("the device link is closed")
        return self._socket


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

    def write_chunk(self, chunk: bytes, /) -> None:
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
