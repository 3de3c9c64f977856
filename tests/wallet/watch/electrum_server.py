"""A loopback Electrum server (JSON-RPC over TCP, newline-delimited) serving a `RegtestChain`.

It answers the protocol methods bdk's electrum client calls — server.version,
blockchain.headers.subscribe, blockchain.block.header(s), blockchain.scripthash.get_history,
blockchain.transaction.get, blockchain.transaction.get_merkle, blockchain.estimatefee,
blockchain.relayfee, blockchain.transaction.broadcast — as ElectrumX documents them
(https://electrumx.readthedocs.io/en/latest/protocol-methods.html). Requests may come one
per line or as a JSON array (a batch). `fault` makes it misbehave on purpose:
"drop" closes the connection on the first history request, "garbage" answers it with
bytes that are not JSON, "slow" answers it after `slow_seconds`.
"""

from __future__ import annotations

import contextlib
import json
import socket
import socketserver
import ssl
import threading
import time
from collections.abc import Callable
from typing import Any

from tests.wallet.watch.regtest_chain import RegtestChain, merkle_branch, scripthash
from wallet.psbt.codec import parse_transaction

FAULTS = ("drop", "garbage", "slow")


class RpcError(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code


class ElectrumServer:
    """Start with `start()`; `url` is ``tcp://127.0.0.1:PORT``; always `stop()`."""

    def __init__(
        self, chain: RegtestChain, *, fee_btc_per_kvb: float = 0.00012, tls: ssl.SSLContext | None = None
    ) -> None:
        self.chain = chain
        self.tls = tls
        self.fee_btc_per_kvb = fee_btc_per_kvb
        self.fault: str | None = None
        self.forge_merkle = False  # answer get_merkle with a branch that does not lead to the block's root
        self.reject_broadcast: str | None = None  # bitcoind's reason, e.g. "bad-txns-inputs-missingorspent"
        self.slow_seconds = 6.0
        self.calls: list[str] = []
        self.lock = threading.Lock()
        self._server: socketserver.ThreadingTCPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        scheme = "ssl" if self.tls else "tcp"
        return f"{scheme}://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> ElectrumServer:
        owner = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                with contextlib.suppress(OSError):  # the client hung up (timeout, fault): nothing to answer
                    owner._serve(self.rfile, self.connection)

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        if self.tls is not None:  # Electrum's ssl:// is TLS around the same newline-delimited JSON-RPC
            self._server.socket = self.tls.wrap_socket(self._server.socket, server_side=True)
        threading.Thread(target=self._server.serve_forever, name="electrum-test", daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    # --- the connection loop ------------------------------------------------------------

    def _serve(self, reader: Any, connection: socket.socket) -> None:
        for line in reader:
            if not line.strip():
                continue
            request = json.loads(line)
            batch = request if isinstance(request, list) else [request]
            if self._fault_hits(batch, connection):
                return
            replies = [self._answer(r) for r in batch]
            payload = replies if isinstance(request, list) else replies[0]
            connection.sendall(json.dumps(payload).encode() + b"\n")

    def _fault_hits(self, batch: list[dict[str, Any]], connection: socket.socket) -> bool:
        """True when the connection was broken on purpose (stop serving it)."""
        if self.fault is None or not any(
            r.get("method") == "blockchain.scripthash.get_history" for r in batch
        ):
            return False
        if self.fault == "drop":
            connection.close()
            return True
        if self.fault == "garbage":
            connection.sendall(b"this is not {json at all\n")
            return True
        if self.fault == "slow":
            time.sleep(self.slow_seconds)
        return False

    @staticmethod
    def _close(connection: socket.socket) -> bool:
        connection.close()
        return True

    def _answer(self, request: dict[str, Any]) -> dict[str, Any]:
        method, params = str(request.get("method")), list(request.get("params") or [])
        with self.lock:
            self.calls.append(method)
        handler = self._methods().get(method)
        try:
            if handler is None:
                raise RpcError(-32601, f"unknown method {method}")
            with self.lock:
                result = handler(*params)
        except RpcError as exc:
            return {
                "jsonrpc": "2.0",
                "id": request.get("id"),
                "error": {"code": exc.code, "message": str(exc)},
            }
        return {"jsonrpc": "2.0", "id": request.get("id"), "result": result}

    def _methods(self) -> dict[str, Callable[..., Any]]:
        return {
            "server.version": lambda *args: ["ColdSplitTestElectrum 1.0", "1.4"],
            "server.ping": lambda: None,
            "server.banner": lambda: "ColdSplit test server",
            "server.features": self._features,
            "blockchain.headers.subscribe": self._headers_subscribe,
            "blockchain.block.header": self._block_header,
            "blockchain.block.headers": self._block_headers,
            "blockchain.scripthash.get_history": self._history,
            "blockchain.scripthash.subscribe": self._subscribe_script,
            "blockchain.transaction.get": self._transaction,
            "blockchain.transaction.get_merkle": self._merkle,
            "blockchain.estimatefee": lambda blocks: self.fee_btc_per_kvb,
            "blockchain.relayfee": lambda: 0.00001,
            "blockchain.transaction.broadcast": self._broadcast,
        }

    # --- methods ------------------------------------------------------------------------

    def _features(self) -> dict[str, Any]:
        return {
            "genesis_hash": self.chain.blocks[0].hash_hex,
            "hosts": {},
            "protocol_max": "1.4",
            "protocol_min": "1.4",
            "pruning": None,
            "server_version": "ColdSplitTestElectrum 1.0",
            "hash_function": "sha256",
        }

    def _headers_subscribe(self) -> dict[str, Any]:
        return {"height": self.chain.tip.height, "hex": self.chain.tip.header.hex()}

    def _block_header(self, height: int, cp_height: int = 0) -> str:
        if not 0 <= height < len(self.chain.blocks):
            raise RpcError(1, f"height {height} out of range")
        return self.chain.blocks[height].header.hex()

    def _block_headers(self, start: int, count: int, cp_height: int = 0) -> dict[str, Any]:
        chosen = self.chain.blocks[start : start + min(count, 2016)]
        return {"count": len(chosen), "hex": "".join(b.header.hex() for b in chosen), "max": 2016}

    def _script_by_hash(self, wanted: str) -> bytes | None:
        for tx in [*self.chain.known.values(), *self.chain.mempool]:
            for out in tx.outputs:
                if scripthash(out.script) == wanted:
                    return out.script
        return None

    def _history(self, wanted: str) -> list[dict[str, Any]]:
        script = self._script_by_hash(wanted)
        if script is None:
            return []
        return [
            {"tx_hash": txid[::-1].hex(), "height": height} for txid, height in self.chain.history_of(script)
        ]

    def _subscribe_script(self, wanted: str) -> str | None:
        return None if not self._history(wanted) else wanted

    def _transaction(self, txid_hex: str, verbose: bool = False) -> str:
        tx = self.chain.known.get(bytes.fromhex(txid_hex)[::-1])
        if tx is None:
            raise RpcError(2, f"no such transaction {txid_hex}")
        return tx.serialize().hex()

    def _merkle(self, txid_hex: str, height: int) -> dict[str, Any]:
        found = self.chain.confirmation_of(bytes.fromhex(txid_hex)[::-1])
        if found is None or found[0].height != height:
            raise RpcError(2, f"transaction {txid_hex} is not in block {height}")
        block, position = found
        branch = [h[::-1].hex() for h in merkle_branch(block.txids(), position)]
        if self.forge_merkle:
            branch = [("00" if branch[0] != "00" * 32 else "11") * 32, *branch[1:]]
        return {"block_height": height, "merkle": branch, "pos": position}

    def _broadcast(self, raw_hex: str) -> str:
        if self.reject_broadcast is not None:
            raise RpcError(1, f"the transaction was rejected by network rules.\n\n{self.reject_broadcast}")
        try:
            tx = parse_transaction(bytes.fromhex(raw_hex), allow_witness=True)
        except ValueError as exc:
            raise RpcError(
                1, f"the transaction was rejected by network rules.\n\nTX decode failed ({exc})"
            ) from None
        self.chain.add_to_mempool(tx)
        return tx.txid_hex
