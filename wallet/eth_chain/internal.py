"""ETH paid to an address by a contract call (an "internal transaction"), which no block, receipt
or log shows: an exchange's hot-wallet contract, a multisig or a bridge pays out that way.

Where the node traces (the Parity/OpenEthereum `trace_*` namespace: anvil, Erigon, Nethermind,
Reth), `trace_filter` finds the call frames that pay the address; `trace_transaction` of each
such transaction then says whether the frame or any frame above it failed, since a failed
frame's transfers — and its children's — are undone. Only frames below the top level count:
the transaction's own value is already in the block scan. A node without tracing raises
`EthMethodMissing`; `balance_changes` then lets the caller find the blocks where the balance
moved by more than the transactions it knows explain (app.eth.internal does that).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from wallet.eth_chain.node import LOG_BLOCK_SPAN, EthNode, EthNodeError, _address, _dict, _hex_int


@dataclass(frozen=True)
class InternalTransfer:
    tx_hash: str
    ordinal: int  # 0, 1, … among this transaction's frames that pay the address, in call order
    block_number: int
    block_hash: str
    sender: str  # the contract whose frame paid
    value: int


def _block_number(value: object) -> int:
    """Trace results carry the block as a number (Parity, anvil) or a hex quantity (some nodes)."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return _hex_int(value, "a trace's block")


def _path(trace: dict[str, Any]) -> tuple[int, ...]:
    where = trace.get("traceAddress")
    if not isinstance(where, list) or not all(isinstance(i, int) for i in where):
        raise EthNodeError("the endpoint answered a trace without its traceAddress list")
    return tuple(where)


def _payment(trace: dict[str, Any], owner: str) -> tuple[str, int] | None:
    """(payer, wei) if this frame moves ETH to `owner`: a value call, or a self-destruct's refund."""
    action = _dict(trace.get("action"), "a trace's action")
    kind = trace.get("type")
    if kind == "call" and action.get("callType") == "call":  # delegate/static calls move no ETH
        to, payer, value = action.get("to"), action.get("from"), action.get("value")
    elif kind in ("suicide", "selfdestruct"):
        to, payer, value = action.get("refundAddress"), action.get("address"), action.get("balance")
    else:
        return None
    if not isinstance(to, str) or to.lower() != owner.lower():
        return None
    wei = _hex_int(value, "a trace's value")
    return (_address(payer, "a trace's sender"), wei) if wei > 0 else None


def internal_transfers(node: EthNode, owner: str, first: int, last: int) -> list[InternalTransfer]:
    """ETH paid to `owner` by contract frames in blocks first..last that were not undone.

    EthMethodMissing when the node has no trace_filter."""
    if first > last:
        return []
    spans = range(first, last + 1, LOG_BLOCK_SPAN)
    calls = [
        (
            "trace_filter",
            [{"fromBlock": hex(s), "toBlock": hex(min(s + LOG_BLOCK_SPAN - 1, last)), "toAddress": [owner]}],
        )
        for s in spans
    ]
    candidates: dict[str, int] = {}  # tx hash → block
    for answer in node.batch(calls):
        if not isinstance(answer, list):
            raise EthNodeError("the endpoint answered trace_filter with something other than a list")
        for trace in answer:
            body = _dict(trace, "a trace")
            if _path(body) and _payment(body, owner) is not None:
                candidates[str(body.get("transactionHash"))] = _block_number(body.get("blockNumber"))
    hashes = sorted(candidates, key=lambda h: candidates[h])
    whole = node.batch([("trace_transaction", [h]) for h in hashes])
    found: list[InternalTransfer] = []
    for tx_hash, traces in zip(hashes, whole, strict=True):
        found.extend(_kept_payments(tx_hash, traces, owner))
    return found


def _kept_payments(tx_hash: str, traces: object, owner: str) -> list[InternalTransfer]:
    if not isinstance(traces, list):
        raise EthNodeError("the endpoint answered trace_transaction with something other than a list")
    bodies = [_dict(t, "a trace") for t in traces]
    failed = {_path(b) for b in bodies if b.get("error")}
    kept: list[InternalTransfer] = []
    for body in sorted(bodies, key=_path):
        where = _path(body)
        payment = _payment(body, owner) if where else None
        undone = any(where[:depth] in failed for depth in range(len(where) + 1))
        if payment is None or undone:
            continue
        payer, wei = payment
        block = _block_number(body.get("blockNumber"))
        kept.append(InternalTransfer(tx_hash, len(kept), block, str(body.get("blockHash")), payer, wei))
    return kept


def balance_changes(node: EthNode, owner: str) -> Callable[[Sequence[int]], list[int]]:
    """A reader of `owner`'s ETH balance at several blocks in one request (needs the node to still
    hold those blocks' state: recent blocks everywhere, old ones on archive nodes only)."""

    def read(blocks: Sequence[int]) -> list[int]:
        answers = node.batch([("eth_getBalance", [owner, hex(b)]) for b in blocks])
        return [_hex_int(a, "eth_getBalance") for a in answers]

    return read
