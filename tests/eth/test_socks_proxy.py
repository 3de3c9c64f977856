"""The Ethereum endpoint through a SOCKS5 proxy: a minimal SOCKS5 server on loopback (RFC 1928,
no authentication, CONNECT only) relays to anvil; the sync goes through it, names included."""

from __future__ import annotations

import contextlib
import socket
import socketserver
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from app.eth.networks import EthEndpointSetting, EthNetwork
from app.settings import Settings
from app.usecases.eth import eth_accounts_view, sync_eth
from tests.eth.conftest import COLD, ETHER
from wallet.eth_chain.anvil import LocalEthChain


class _Socks5(socketserver.BaseRequestHandler):
    seen: ClassVar[list[tuple[str, int]]] = []

    def _read(self, count: int) -> bytes:
        data = b""
        while len(data) < count:
            chunk = self.request.recv(count - len(data))
            if not chunk:
                raise ConnectionError("client went away")
            data += chunk
        return data

    def handle(self) -> None:
        _version, methods = self._read(2)
        self._read(methods)
        self.request.sendall(b"\x05\x00")  # no authentication
        _ver, command, _rsv, kind = self._read(4)
        assert command == 1  # CONNECT
        # kind 3: a name, which socks5h leaves to the proxy to resolve
        host = self._read(self._read(1)[0]).decode() if kind == 3 else socket.inet_ntoa(self._read(4))
        port = int.from_bytes(self._read(2), "big")
        self.seen.append((host, port))
        upstream = socket.create_connection((host if host != "localhost" else "127.0.0.1", port), timeout=10)
        self.request.sendall(b"\x05\x00\x00\x01" + socket.inet_aton("127.0.0.1") + b"\x00\x00")
        pipes = [threading.Thread(target=_pipe, args=(a, b), daemon=True) for a, b in
                 ((self.request, upstream), (upstream, self.request))]  # fmt: skip
        for pipe in pipes:
            pipe.start()
        for pipe in pipes:
            pipe.join(timeout=30)
        upstream.close()


def _pipe(source: socket.socket, sink: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    finally:
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)


@pytest.fixture
def socks_proxy() -> Iterator[str]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Socks5)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Socks5.seen = []
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_sync_goes_through_the_socks5_proxy(chain: LocalEthChain, cold_db: Path, socks_proxy: str) -> None:
    chain.send_eth(COLD, ETHER)
    url = chain.url.replace("127.0.0.1", "localhost")  # a name, resolved by the proxy
    settings = Settings(eth_endpoint=EthEndpointSetting(EthNetwork.LOCAL, url, 10, socks_proxy))
    sync_eth(cold_db, settings)
    (view,) = eth_accounts_view(cold_db, settings)
    assert {b.symbol: b.amount for b in view.balances} == {"ETH": ETHER}
    assert ("localhost", chain.port) in _Socks5.seen


def test_a_proxy_that_is_not_there_is_an_unreachable_endpoint(chain: LocalEthChain, cold_db: Path) -> None:
    from app.eth.watch import EthSyncError

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        dead = f"127.0.0.1:{probe.getsockname()[1]}"
    settings = Settings(eth_endpoint=EthEndpointSetting(EthNetwork.LOCAL, chain.url, 5, dead))
    with pytest.raises(EthSyncError, match="unreachable"):
        sync_eth(cold_db, settings)
