"""A loopback SOCKS5 proxy (RFC 1928: no authentication, CONNECT only) that records where clients went.

It stands in for Tor's SOCKS port: a backend configured with a proxy must reach the
server through it, and `targets` shows that it did.
"""

from __future__ import annotations

import select
import socket
import socketserver
import struct

from tests.wallet.watch.loopback_tcp import serve_connections, stop_server


class Socks5Proxy:
    def __init__(self) -> None:
        self.targets: list[tuple[str, int]] = []
        self._server: socketserver.ThreadingTCPServer | None = None

    @property
    def address(self) -> str:
        assert self._server is not None
        return f"127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> Socks5Proxy:
        self._server = serve_connections(self._serve, "socks5-test")
        return self

    def stop(self) -> None:
        stop_server(self._server)

    def _serve(self, client: socket.socket) -> None:
        version, methods = _exact(client, 2)
        _exact(client, methods)
        if version != 5:
            return
        client.sendall(b"\x05\x00")  # no authentication
        _, command, _, address_type = _exact(client, 4)
        if address_type == 1:
            host = socket.inet_ntoa(_exact(client, 4))
        elif address_type == 3:
            host = _exact(client, _exact(client, 1)[0]).decode()
        else:
            host = socket.inet_ntop(socket.AF_INET6, _exact(client, 16))
        (port,) = struct.unpack(">H", _exact(client, 2))
        if command != 1:
            client.sendall(b"\x05\x07\x00\x01" + bytes(6))  # command not supported
            return
        self.targets.append((host, port))
        try:
            upstream = socket.create_connection((host, port), timeout=5)
        except OSError:
            client.sendall(b"\x05\x05\x00\x01" + bytes(6))  # connection refused
            return
        client.sendall(b"\x05\x00\x00\x01" + bytes(6))
        _relay(client, upstream)


def _exact(sock: socket.socket, count: int) -> bytes:
    data = b""
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            raise OSError("the client hung up")
        data += chunk
    return data


def _relay(client: socket.socket, upstream: socket.socket) -> None:
    with upstream:
        while True:
            readable, _, _ = select.select([client, upstream], [], [], 30)
            if not readable:
                return
            for source in readable:
                data = source.recv(65536)
                if not data:
                    return
                (upstream if source is client else client).sendall(data)
