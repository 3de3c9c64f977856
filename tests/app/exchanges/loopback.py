"""A loopback HTTP server that answers like a venue's REST API, for the real ccxt client.

Each venue test registers handlers per (method, path); every request is recorded
(method, path, query, headers, body) so tests can assert what ccxt sent, signatures
included. `fail_with` makes the next matching requests fail the way real venues do:
an HTTP status with the venue's error body, a hang past the client's timeout, or a
body that is not JSON.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit


@dataclass
class Request:
    method: str
    path: str
    raw_query: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body or b"null")


Reply = tuple[int, Any]
Handler = Callable[[Request], Reply]


@dataclass
class Fault:
    path: str
    status: int = 500
    body: str = '{"error": "internal"}'
    hang_seconds: float = 0.0
    body_contains: bytes = b""
    remaining: int = 1_000_000


@dataclass
class LoopbackVenue:
    routes: dict[tuple[str, str], Handler] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    base_url: str = ""

    def route(self, method: str, path: str, handler: Handler | Any) -> None:
        self.routes[(method, path)] = handler if callable(handler) else (lambda _r, v=handler: (200, v))

    def fail_with(
        self, path: str, status: int = 500, body: str = "", hang_seconds: float = 0.0, body_contains: str = ""
    ) -> None:
        """Answer every later request to `path` (whose body holds `body_contains`) this way."""
        self.faults.append(Fault(path, status, body, hang_seconds, body_contains.encode()))

    def paths(self) -> list[str]:
        return [r.path for r in self.requests]

    def answer(self, request: Request) -> tuple[int, bytes]:
        self.requests.append(request)
        for fault in self.faults:
            if fault.path == request.path and fault.body_contains in request.body and fault.remaining > 0:
                fault.remaining -= 1
                if fault.hang_seconds:
                    time.sleep(fault.hang_seconds)
                return fault.status, fault.body.encode()
        handler = self.routes.get((request.method, request.path))
        if handler is None:
            return 404, json.dumps({"error": f"no route {request.method} {request.path}"}).encode()
        status, payload = handler(request)
        return status, payload if isinstance(payload, bytes) else json.dumps(payload).encode()


def _make_handler(venue: LoopbackVenue) -> type[BaseHTTPRequestHandler]:
    class _Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            request = Request(
                self.command,
                parts.path,
                parts.query,
                dict(parse_qsl(parts.query, keep_blank_values=True)),
                {k.lower(): v for k, v in self.headers.items()},
                self.rfile.read(length) if length else b"",
            )
            status, data = venue.answer(request)
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout test)

        do_GET = do_POST = do_DELETE = _serve

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return _Handler


@contextmanager
def serve(venue: LoopbackVenue) -> Iterator[LoopbackVenue]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(venue))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="loopback-venue", daemon=True)
    thread.start()
    venue.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield venue
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
