"""A loopback Bitcoin P2P peer serving a `RegtestChain` with compact block filters (BIP157/158).

Enough of the peer-to-peer protocol for bdk's compact-filter client (Kyoto): the
version handshake, headers, filter headers and filters (BIP158 "basic" filters:
Golomb-coded sets of the block's output scripts and spent scripts, SipHash-2-4 keyed
with the block hash), blocks on request, and transactions sent to it (into the
mempool). Message framing and formats follow https://en.bitcoin.it/wiki/Protocol_documentation,
BIP157 and BIP158.
"""

from __future__ import annotations

import socket
import socketserver
import struct
import threading
import time

import siphashc

from tests.wallet.watch.loopback_tcp import serve_connections, stop_server
from tests.wallet.watch.regtest_chain import Block, RegtestChain
from wallet.psbt.codec import Reader, compact_size, parse_transaction, sha256d

REGTEST_MAGIC = bytes.fromhex("fabfb5da")
PROTOCOL_VERSION = 70016
# NODE_NETWORK | NODE_WITNESS | NODE_COMPACT_FILTERS | NODE_NETWORK_LIMITED
SERVICES = 1 | 8 | 64 | 1024
BASIC_FILTER = 0
_P = 19  # BIP158 basic filter: Golomb-Rice parameter
_M = 784931  # BIP158 basic filter: false-positive rate parameter
MSG_TX, MSG_BLOCK, MSG_WITNESS_FLAG = 1, 2, 0x40000000


def basic_filter(block: Block, chain: RegtestChain) -> bytes:
    """The BIP158 basic filter of a block: output scripts (no OP_RETURN) and the scripts its inputs spend."""
    items: set[bytes] = set()
    for tx in block.transactions:
        items.update(o.script for o in tx.outputs if o.script and o.script[0] != 0x6A)
        for txin in tx.inputs:
            previous = chain.known.get(txin.txid)
            if txin.txid != bytes(32) and previous is not None:
                items.add(previous.outputs[txin.vout].script)
    if not items:
        return compact_size(0)
    key = block.hash[:16]
    bound = len(items) * _M
    values = sorted((siphashc.siphash(key, item) * bound) >> 64 for item in items)
    bits: list[int] = []
    last = 0
    for value in values:
        delta, last = value - last, value
        bits += [1] * (delta >> _P) + [0]
        bits += [(delta >> shift) & 1 for shift in range(_P - 1, -1, -1)]
    bits += [0] * (-len(bits) % 8)
    packed = bytes(int("".join(map(str, bits[i : i + 8])), 2) for i in range(0, len(bits), 8))
    return compact_size(len(items)) + packed


def message(command: str, payload: bytes) -> bytes:
    header = REGTEST_MAGIC + command.encode().ljust(12, b"\0") + struct.pack("<I", len(payload))
    return header + sha256d(payload)[:4] + payload


def _version_payload() -> bytes:
    address = struct.pack("<Q", SERVICES) + bytes(10) + b"\xff\xff\x7f\x00\x00\x01" + struct.pack(">H", 18444)
    payload = struct.pack("<iQq", PROTOCOL_VERSION, SERVICES, int(time.time())) + address + address
    return payload + struct.pack("<Q", 0x5EED) + b"\x0f/ColdSplitTest/" + struct.pack("<i", 0) + b"\x01"


class CbfPeer:
    """Start with `start()`; `port` is where to connect; always `stop()`."""

    def __init__(self, chain: RegtestChain) -> None:
        self.chain = chain
        self.commands: list[str] = []
        self.lock = threading.Lock()
        self._server: socketserver.ThreadingTCPServer | None = None

    @property
    def port(self) -> int:
        assert self._server is not None
        return int(self._server.server_address[1])

    def start(self) -> CbfPeer:
        self._server = serve_connections(self._serve, "cbf-peer-test")
        return self

    def stop(self) -> None:
        stop_server(self._server)

    def _serve(self, connection: socket.socket) -> None:
        buffer = b""
        while True:
            data = connection.recv(65536)
            if not data:
                return
            buffer += data
            while len(buffer) >= 24:
                length = struct.unpack("<I", buffer[16:20])[0]
                if len(buffer) < 24 + length:
                    break
                command = buffer[4:16].rstrip(b"\0").decode()
                payload, buffer = buffer[24 : 24 + length], buffer[24 + length :]
                with self.lock:
                    self.commands.append(command)
                    replies = self._answer(command, payload)
                for reply in replies:
                    connection.sendall(reply)

    def _answer(self, command: str, payload: bytes) -> list[bytes]:
        if command == "version":
            return [message("version", _version_payload()), message("verack", b"")]
        if command == "ping":
            return [message("pong", payload)]
        handlers = {
            "getheaders": self._headers,
            "getcfheaders": self._cfheaders,
            "getcfilters": self._cfilters,
            "getcfcheckpt": self._cfcheckpt,
            "getdata": self._getdata,
            "inv": self._inv,
            "tx": self._tx,
        }
        handler = handlers.get(command)
        return handler(payload) if handler else []

    def _height_of(self, block_hash: bytes) -> int:
        for block in self.chain.blocks:
            if block.hash == block_hash:
                return block.height
        raise LookupError(block_hash[::-1].hex())

    def _headers(self, payload: bytes) -> list[bytes]:
        reader = Reader(payload, "getheaders")
        reader.read(4)
        locator = [reader.read(32) for _ in range(reader.compact_size())]
        known = {b.hash: b.height for b in self.chain.blocks}
        start = next((known[h] + 1 for h in locator if h in known), 0)
        chosen = self.chain.blocks[start : start + 2000]
        return [message("headers", compact_size(len(chosen)) + b"".join(b.header + b"\x00" for b in chosen))]

    def _filter_headers(self, stop: int) -> list[bytes]:
        headers, previous = [], bytes(32)
        for block in self.chain.blocks[: stop + 1]:
            previous = sha256d(sha256d(basic_filter(block, self.chain)) + previous)
            headers.append(previous)
        return headers

    def _range(self, payload: bytes) -> tuple[int, int, bytes]:
        start = struct.unpack("<I", payload[1:5])[0]
        stop_hash = payload[5:37]
        return start, self._height_of(stop_hash), stop_hash

    def _cfheaders(self, payload: bytes) -> list[bytes]:
        start, stop, stop_hash = self._range(payload)
        headers = self._filter_headers(stop)
        previous = headers[start - 1] if start > 0 else bytes(32)
        hashes = [sha256d(basic_filter(b, self.chain)) for b in self.chain.blocks[start : stop + 1]]
        body = bytes([BASIC_FILTER]) + stop_hash + previous + compact_size(len(hashes)) + b"".join(hashes)
        return [message("cfheaders", body)]

    def _cfilters(self, payload: bytes) -> list[bytes]:
        start, stop, _ = self._range(payload)
        replies = []
        for block in self.chain.blocks[start : stop + 1]:
            data = basic_filter(block, self.chain)
            replies.append(
                message("cfilter", bytes([BASIC_FILTER]) + block.hash + compact_size(len(data)) + data)
            )
        return replies

    def _cfcheckpt(self, payload: bytes) -> list[bytes]:
        stop_hash = payload[1:33]
        headers = self._filter_headers(self._height_of(stop_hash))
        checkpoints = headers[1000::1000]
        body = bytes([BASIC_FILTER]) + stop_hash + compact_size(len(checkpoints)) + b"".join(checkpoints)
        return [message("cfcheckpt", body)]

    def _getdata(self, payload: bytes) -> list[bytes]:
        reader = Reader(payload, "getdata")
        replies = []
        for _ in range(reader.compact_size()):
            kind = struct.unpack("<I", reader.read(4))[0] & ~MSG_WITNESS_FLAG
            wanted = reader.read(32)
            if kind == MSG_BLOCK:
                block = self.chain.blocks[self._height_of(wanted)]
                body = compact_size(len(block.transactions)) + b"".join(
                    t.serialize() for t in block.transactions
                )
                replies.append(message("block", block.header + body))
            elif kind == MSG_TX and wanted in self.chain.known:
                replies.append(message("tx", self.chain.known[wanted].serialize()))
        return replies

    def _inv(self, payload: bytes) -> list[bytes]:
        """Ask for every transaction announced to us (a broadcast)."""
        return [message("getdata", payload)]

    def _tx(self, payload: bytes) -> list[bytes]:
        self.chain.add_to_mempool(parse_transaction(payload, allow_witness=True))
        return []
