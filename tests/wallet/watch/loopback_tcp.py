"""A threaded TCP server on 127.0.0.1 for the test peers: one call per connection."""

from __future__ import annotations

import contextlib
import socket
import socketserver
import threading
from collections.abc import Callable


def serve_connections(serve: Callable[[socket.socket], None], name: str) -> socketserver.ThreadingTCPServer:
    """Start serving on a free loopback port; a client hanging up (OSError) just ends its connection."""

    class Handler(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            with contextlib.suppress(OSError):
                serve(self.request)

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name=name, daemon=True).start()
    return server


def stop_server(server: socketserver.ThreadingTCPServer | None) -> None:
    if server is not None:
        server.shutdown()
        server.server_close()
