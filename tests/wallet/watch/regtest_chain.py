"""A small, consistent regtest chain built in the test: real headers, real merkle roots.

It starts at Bitcoin Core's regtest genesis block (its header is rebuilt from the
published fields and checked against the published hash), so a bdk wallet made for
regtest connects to it. Each later block has a BIP34 coinbase plus the transactions a
test puts in it; headers are ground until they meet regtest's proof-of-work target, and
merkle branches are computed the way Electrum servers serve them. Transactions sent
to the "mempool" stay unconfirmed until `mine()`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from wallet.psbt.codec import Transaction, TxIn, TxOut, sha256d

# Bitcoin Core, chainparams.cpp (CRegTestParams): the regtest genesis block's fields and hash.
REGTEST_GENESIS_HASH = "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206"
_GENESIS_MERKLE_ROOT = "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b"
_GENESIS_TIME = 1296688602
_GENESIS_NONCE = 2
REGTEST_BITS = 0x207FFFFF
# A key nobody in the tests owns: coinbase outputs pay to it (OP_TRUE would do, but looks odd).
_MINER_SCRIPT = bytes.fromhex("0014") + hashlib.sha256(b"regtest miner").digest()[:20]


def _target(bits: int) -> int:
    return (bits & 0xFFFFFF) << (8 * ((bits >> 24) - 3))


def header_bytes(version: int, prev: bytes, merkle_root: bytes, time: int, bits: int, nonce: int) -> bytes:
    return (
        version.to_bytes(4, "little")
        + prev
        + merkle_root
        + time.to_bytes(4, "little")
        + bits.to_bytes(4, "little")
        + nonce.to_bytes(4, "little")
    )


def merkle_root(txids: list[bytes]) -> bytes:
    level = list(txids)
    while len(level) > 1:
        if len(level) % 2:
            level.append(level[-1])
        level = [sha256d(level[i] + level[i + 1]) for i in range(0, len(level), 2)]
    return level[0]


def merkle_branch(txids: list[bytes], position: int) -> list[bytes]:
    """The sibling hashes from leaf `position` up to the root (internal byte order)."""
    branch: list[bytes] = []
    level = list(txids)
    while len(level) > 1:
        if len(level) % 2:
            level.append(level[-1])
        branch.append(level[position ^ 1])
        level = [sha256d(level[i] + level[i + 1]) for i in range(0, len(level), 2)]
        position //= 2
    return branch


@dataclass
class Block:
    height: int
    header: bytes
    transactions: list[Transaction]

    @property
    def hash(self) -> bytes:
        return sha256d(self.header)

    @property
    def hash_hex(self) -> str:
        return self.hash[::-1].hex()

    @property
    def time(self) -> int:
        return int.from_bytes(self.header[68:72], "little")

    def txids(self) -> list[bytes]:
        return [tx.txid for tx in self.transactions]


# The genesis coinbase (the same in every network's genesis block): "The Times 03/Jan/2009 …".
_GENESIS_COINBASE_SCRIPT_SIG = bytes.fromhex(
    "04ffff001d0104455468652054696d65732030332f4a616e2f32303039204368616e63656c6c6f72206f6e20"
    "6272696e6b206f66207365636f6e64206261696c6f757420666f722062616e6b73"
)
_GENESIS_COINBASE_OUTPUT = bytes.fromhex(
    "4104678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e5"
    "1ec112de5c384df7ba0b8d578a4c702b6bf11d5fac"
)


def _genesis() -> Block:
    root = bytes.fromhex(_GENESIS_MERKLE_ROOT)[::-1]
    header = header_bytes(1, bytes(32), root, _GENESIS_TIME, REGTEST_BITS, _GENESIS_NONCE)
    txin = TxIn(bytes(32), 0xFFFF_FFFF, _GENESIS_COINBASE_SCRIPT_SIG, 0xFFFF_FFFF)
    coinbase_tx = Transaction(1, (txin,), (TxOut(50_0000_0000, _GENESIS_COINBASE_OUTPUT),), 0)
    block = Block(0, header, [coinbase_tx])
    assert block.hash_hex == REGTEST_GENESIS_HASH, "the regtest genesis header was rebuilt wrongly"
    assert coinbase_tx.txid == root, "the genesis coinbase was rebuilt wrongly"
    return block


def foreign_genesis() -> Block:
    """A genesis block of some other chain (another time): a wallet for regtest must not connect."""
    root = bytes.fromhex(_GENESIS_MERKLE_ROOT)[::-1]
    return Block(0, header_bytes(1, bytes(32), root, _GENESIS_TIME + 1, REGTEST_BITS, 0), [])


def coinbase(height: int, extra: bytes = b"") -> Transaction:
    """A BIP34 coinbase (height pushed first in the scriptSig) paying the test miner."""
    height_push = height.to_bytes((height.bit_length() + 8) // 8 or 1, "little")
    script_sig = bytes([len(height_push)]) + height_push + extra
    txin = TxIn(bytes(32), 0xFFFF_FFFF, script_sig, 0xFFFF_FFFF)
    return Transaction(2, (txin,), (TxOut(50_0000_0000, _MINER_SCRIPT),), 0)


@dataclass
class RegtestChain:
    """Blocks from regtest genesis, a mempool, and every transaction ever seen by txid."""

    blocks: list[Block] = field(default_factory=lambda: [_genesis()])
    mempool: list[Transaction] = field(default_factory=list)
    known: dict[bytes, Transaction] = field(default_factory=dict)

    @property
    def tip(self) -> Block:
        return self.blocks[-1]

    def mine(self, transactions: list[Transaction] | None = None, *, tag: bytes = b"") -> Block:
        """A new block holding the mempool plus `transactions` (which leave the mempool)."""
        height = self.tip.height + 1
        body = [coinbase(height, tag), *self.mempool, *(transactions or [])]
        self.mempool = []
        root = merkle_root([tx.txid for tx in body])
        time = self.tip.time + 600
        nonce = 0
        while True:
            header = header_bytes(0x20000000, self.tip.hash, root, time, REGTEST_BITS, nonce)
            if int.from_bytes(sha256d(header), "little") <= _target(REGTEST_BITS):
                break
            nonce += 1
        block = Block(height, header, body)
        self.blocks.append(block)
        for tx in body:
            self.known[tx.txid] = tx
        return block

    def mine_empty(self, count: int) -> None:
        for _ in range(count):
            self.mine()

    def add_to_mempool(self, tx: Transaction) -> None:
        self.mempool.append(tx)
        self.known[tx.txid] = tx

    def confirmation_of(self, txid: bytes) -> tuple[Block, int] | None:
        for block in self.blocks:
            for position, candidate in enumerate(block.txids()):
                if candidate == txid:
                    return block, position
        return None

    def history_of(self, script: bytes) -> list[tuple[bytes, int]]:
        """(txid, height) of every transaction paying or spending `script`; height 0 = mempool."""
        confirmed = [
            (tx.txid, b.height) for b in self.blocks for tx in b.transactions if self._touches(tx, script)
        ]
        pending = [(tx.txid, 0) for tx in self.mempool if self._touches(tx, script)]
        return confirmed + pending

    def _touches(self, tx: Transaction, script: bytes) -> bool:
        if any(out.script == script for out in tx.outputs):
            return True
        for txin in tx.inputs:
            previous = self.known.get(txin.txid)
            if previous is not None and txin.vout < len(previous.outputs):  # noqa: SIM102 (reads better)
                if previous.outputs[txin.vout].script == script:
                    return True
        return False

    def fund(self, script: bytes, amount: int, *, confirm: bool = True) -> Transaction:
        """A transaction paying `amount` to `script`, spending a fresh coinbase of the chain."""
        source = self.mine(tag=b"fund")  # the coinbase it spends exists on the chain
        spent = source.transactions[0]
        change = spent.outputs[0].amount - amount - 1_000
        tx = Transaction(
            2,
            (TxIn(spent.txid, 0, b"", 0xFFFF_FFFD),),
            (TxOut(amount, script), TxOut(change, _MINER_SCRIPT)),
            0,
        )
        if confirm:
            self.mine([tx])
        else:
            self.add_to_mempool(tx)
        return tx


def scripthash(script: bytes) -> str:
    """The Electrum protocol's script hash: sha256 of the script, byte-reversed, hex."""
    return hashlib.sha256(script).digest()[::-1].hex()
