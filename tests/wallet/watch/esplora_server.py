"""A loopback Esplora REST server serving a `RegtestChain`, in Blockstream's esplora JSON formats.

Endpoints (https://github.com/Blockstream/esplora/blob/master/API.md): /blocks,
/blocks/tip/height, /blocks/tip/hash, /block-height/:h, /block/:hash/header,
/block/:hash/status, /scripthash/:hash/txs[/chain/:last_seen], /tx/:txid,
/tx/:txid/raw, /tx/:txid/hex, /tx/:txid/status, /tx/:txid/outspend/:vout,
/fee-estimates, and POST /tx. `fault` = "garbage" answers script-hash queries with
bytes that are not JSON; "error" answers them with HTTP 400; "slow" after `slow_seconds`.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.wallet.watch.regtest_chain import Block, RegtestChain
from wallet.psbt.codec import Transaction, parse_transaction

PAGE = 25  # confirmed transactions per /scripthash page, as esplora pages them


class EsploraServer:
    def __init__(self, chain: RegtestChain, fees: dict[str, float] | None = None) -> None:
        self.chain = chain
        self.fees = fees if fees is not None else {"1": 20.5, "3": 11.0, "6": 7.25, "144": 1.0}
        self.fault: str | None = None
        self.slow_seconds = 3.0
        self.paths: list[str] = []
        self.lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> EsploraServer:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                owner._respond(self, *owner._get(self.path))

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                owner._respond(self, *owner._post(self.path, body))

            def log_message(self, format: str, *args: Any) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, name="esplora-test", daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @staticmethod
    def _respond(handler: BaseHTTPRequestHandler, status: int, body: bytes, kind: str) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", kind)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    # --- routes -------------------------------------------------------------------------

    def _get(self, path: str) -> tuple[int, bytes, str]:
        with self.lock:
            self.paths.append(path)
            parts = [p for p in path.split("?")[0].split("/") if p]
            if parts and parts[0] == "scripthash" and self.fault == "garbage":
                return 200, b"[{not json", "application/json"
            if parts and parts[0] == "scripthash" and self.fault == "error":
                return 400, b"Invalid scripthash", "text/plain"  # (esplora-client retries 5xx, slowly)
        if parts and parts[0] == "scripthash" and self.fault == "slow":
            time.sleep(self.slow_seconds)
        with self.lock:
            try:
                result = self._route(parts)
            except LookupError as exc:
                return 404, str(exc).encode(), "text/plain"
        if isinstance(result, bytes):
            return 200, result, "application/octet-stream"
        if isinstance(result, str):
            return 200, result.encode(), "text/plain"
        return 200, json.dumps(result).encode(), "application/json"

    def _route(self, parts: list[str]) -> Any:
        chain = self.chain
        match parts:
            case ["blocks"]:
                return [self._block_summary(b) for b in reversed(chain.blocks[-10:])]
            case ["blocks", start]:
                return [
                    self._block_summary(b)
                    for b in reversed(chain.blocks[max(0, int(start) - 9) : int(start) + 1])
                ]
            case ["blocks", "tip", "height"]:
                return str(chain.tip.height)
            case ["blocks", "tip", "hash"]:
                return chain.tip.hash_hex
            case ["block-height", height]:
                return self._block_at(int(height)).hash_hex
            case ["block", block_hash, "header"]:
                return self._block_by_hash(block_hash).header.hex()
            case ["block", block_hash, "status"]:
                block = self._block_by_hash(block_hash)
                return {"in_best_chain": True, "height": block.height, "next_best": None}
            case ["block", block_hash]:
                return self._block_summary(self._block_by_hash(block_hash))
            case ["scripthash", wanted, "txs"]:
                return self._script_txs(wanted, None)
            case ["scripthash", wanted, "txs", "chain", *last]:
                return self._script_txs(wanted, last[0] if last else None, confirmed_only=True)
            case ["tx", txid, "raw"]:
                return self._tx(txid).serialize()
            case ["tx", txid, "hex"]:
                return self._tx(txid).serialize().hex()
            case ["tx", txid, "status"]:
                return self._status(self._tx(txid))
            case ["tx", txid, "outspend", vout]:
                return self._outspend(self._tx(txid), int(vout))
            case ["tx", txid]:
                return self._tx_json(self._tx(txid))
            case ["fee-estimates"]:
                return self.fees
        raise LookupError(f"no route /{'/'.join(parts)}")

    def _post(self, path: str, body: bytes) -> tuple[int, bytes, str]:
        if path.rstrip("/") != "/tx":
            return 404, b"not found", "text/plain"
        try:
            tx = parse_transaction(bytes.fromhex(body.decode().strip()), allow_witness=True)
        except ValueError as exc:
            return 400, f"sendrawtransaction RPC error: TX decode failed ({exc})".encode(), "text/plain"
        with self.lock:
            self.chain.add_to_mempool(tx)
        return 200, tx.txid_hex.encode(), "text/plain"

    # --- formats ------------------------------------------------------------------------

    def _block_at(self, height: int) -> Block:
        if not 0 <= height < len(self.chain.blocks):
            raise LookupError(f"Block not found at height {height}")
        return self.chain.blocks[height]

    def _block_by_hash(self, block_hash: str) -> Block:
        for block in self.chain.blocks:
            if block.hash_hex == block_hash:
                return block
        raise LookupError("Block not found")

    def _block_summary(self, block: Block) -> dict[str, Any]:
        previous = None if block.height == 0 else self.chain.blocks[block.height - 1].hash_hex
        return {
            "id": block.hash_hex,
            "height": block.height,
            "version": int.from_bytes(block.header[:4], "little"),
            "timestamp": block.time,
            "tx_count": len(block.transactions),
            "size": 80,
            "weight": 320,
            "merkle_root": block.header[36:68][::-1].hex(),
            "previousblockhash": previous,
            "mediantime": block.time,
            "nonce": int.from_bytes(block.header[76:80], "little"),
            "bits": int.from_bytes(block.header[72:76], "little"),
            "difficulty": 1,
        }

    def _tx(self, txid: str) -> Transaction:
        tx = self.chain.known.get(bytes.fromhex(txid)[::-1]) if len(txid) == 64 else None
        if tx is None:
            raise LookupError("Transaction not found")
        return tx

    def _status(self, tx: Transaction) -> dict[str, Any]:
        found = self.chain.confirmation_of(tx.txid)
        if found is None:
            return {"confirmed": False}
        block = found[0]
        return {
            "confirmed": True,
            "block_height": block.height,
            "block_hash": block.hash_hex,
            "block_time": block.time,
        }

    def _tx_json(self, tx: Transaction) -> dict[str, Any]:
        vin: list[dict[str, Any]] = []
        for txin in tx.inputs:
            previous = self.chain.known.get(txin.txid)
            prevout = None
            if previous is not None and txin.vout < len(previous.outputs):
                out = previous.outputs[txin.vout]
                prevout = {"scriptpubkey": out.script.hex(), "value": out.amount}
            vin.append(
                {
                    "txid": txin.txid[::-1].hex(),
                    "vout": txin.vout,
                    "prevout": prevout,
                    "scriptsig": txin.script_sig.hex(),
                    "witness": [w.hex() for w in txin.witness],
                    "sequence": txin.sequence,
                    "is_coinbase": txin.txid == bytes(32),
                }
            )
        inputs_total = sum(v["prevout"]["value"] for v in vin if v["prevout"])
        fee = (
            max(0, inputs_total - sum(o.amount for o in tx.outputs)) if all(v["prevout"] for v in vin) else 0
        )
        return {
            "txid": tx.txid_hex,
            "version": tx.version,
            "locktime": tx.locktime,
            "vin": vin,
            "vout": [{"scriptpubkey": o.script.hex(), "value": o.amount} for o in tx.outputs],
            "size": len(tx.serialize()),
            "weight": tx.weight(),
            "fee": fee,
            "status": self._status(tx),
        }

    def _script_txs(self, wanted: str, last_seen: str | None, *, confirmed_only: bool = False) -> list[Any]:
        # Esplora's script hash is sha256 of the script in plain hex order (Electrum's is reversed).
        scripts = {
            hashlib.sha256(o.script).hexdigest(): o.script
            for t in self.chain.known.values()
            for o in t.outputs
        }
        script = scripts.get(wanted)
        if script is None:
            return []
        history = list(reversed(self.chain.history_of(script)))  # newest first, mempool on top
        pending = [txid for txid, height in history if height == 0]
        confirmed = [txid for txid, height in history if height > 0]
        if last_seen is not None:
            seen = [t[::-1].hex() for t in confirmed].index(last_seen)
            confirmed = confirmed[seen + 1 :]
        chosen = confirmed[:PAGE] if confirmed_only else pending[:50] + confirmed[:PAGE]
        return [self._tx_json(self.chain.known[txid]) for txid in chosen]

    def _outspend(self, tx: Transaction, vout: int) -> dict[str, Any]:
        for candidate in [*self.chain.known.values(), *self.chain.mempool]:
            for index, txin in enumerate(candidate.inputs):
                if txin.txid == tx.txid and txin.vout == vout:
                    return {
                        "spent": True,
                        "txid": candidate.txid_hex,
                        "vin": index,
                        "status": self._status(candidate),
                    }
        return {"spent": False}
