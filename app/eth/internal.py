"""ETH that reached the cold address through a contract call, for the sync (app.eth.watch).

With a tracing node every such payment is a history row of its own (wallet.eth_chain.internal):
counterparty the paying contract, stored under the transaction's hash with log index
`INTERNAL_BASE - ordinal` (-2, -3, …; -1 is the transaction's own value, 0… its logs), so it
counts towards arrivals like any deposit. Without tracing (or when the node refuses to trace
the range, as providers limit it), the balance itself is checked: the
balance before the scanned range and at its end must differ by what the scanned transactions
explain (values in and out, our fees); where they do not, bisection over the node's balance at
intermediate blocks finds each block where the balance moved unexplained, and that block gets
one honest row without a transaction ("details unavailable from this node"). A node that no
longer holds the state of the range's first block (not an archive node, a first sync far back)
cannot be checked that way: nothing is invented then. Two unexplained moves that cancel out
inside one range stay unseen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from wallet.eth_chain.internal import InternalTransfer, balance_changes, internal_transfers
from wallet.eth_chain.node import EthNode, EthNodeError, NativeTransfer, Receipt

INTERNAL_BASE = -2
INTERNAL_NOTE = "received by a contract call (internal transaction)"
UNEXPLAINED_NOTE = "received by a contract call, details unavailable from this node"
UNEXPLAINED_OUT_NOTE = "left the address outside any transaction this node shows"


@dataclass(frozen=True)
class BalanceGap:
    """The balance moved by `amount` wei in `block_number` beyond what its transactions explain."""

    block_number: int
    amount: int  # > 0 arrived, < 0 left


@dataclass(frozen=True)
class ContractPayments:
    traced: list[InternalTransfer]
    gaps: list[BalanceGap]


def contract_payments(
    node: EthNode,
    address: str,
    scan_from: int,
    tip: int,
    natives: Sequence[NativeTransfer],
    receipts: dict[str, Receipt | None],
) -> ContractPayments:
    """Traced internal payments where the node traces, else the balance gaps of the range."""
    try:
        return ContractPayments(internal_transfers(node, address, scan_from, tip), [])
    except EthNodeError:  # no tracing (EthMethodMissing), or tracing refused this range or tier:
        pass  # the balance check still works; an unreachable node fails the sync's next read
    explain = _explainer(address, natives, receipts)
    read = balance_changes(node, address)
    start = max(scan_from - 1, 0)
    try:
        before, after = read([start, tip])
        gaps: list[BalanceGap] = []
        _bisect(read, explain, (start, before), (tip, after), gaps)
    except EthNodeError:  # the state of `start` is gone (pruned node): nothing to check against
        return ContractPayments([], [])
    return ContractPayments([], sorted(gaps, key=lambda g: g.block_number))


def _explainer(
    address: str, natives: Iterable[NativeTransfer], receipts: dict[str, Receipt | None]
) -> Callable[[int, int], int]:
    """explain(lo, hi): how the scanned transactions of blocks lo+1..hi moved the balance."""
    mine = address.lower()
    effects: list[tuple[int, int]] = []
    for tx in natives:
        receipt = receipts.get(tx.tx_hash)
        if tx.block_number is None or receipt is None:
            continue
        moved = tx.value if receipt.succeeded else 0
        effect = moved if (tx.to or "").lower() == mine else 0
        if tx.sender.lower() == mine:
            effect -= moved + receipt.fee_wei
        effects.append((tx.block_number, effect))

    def explain(lo: int, hi: int) -> int:
        return sum(effect for block, effect in effects if lo < block <= hi)

    return explain


def _bisect(
    read: Callable[[Sequence[int]], list[int]],
    explain: Callable[[int, int], int],
    low: tuple[int, int],
    high: tuple[int, int],
    gaps: list[BalanceGap],
) -> None:
    """Find the blocks in (low, high] where the balance moved by more than `explain` says."""
    (lo, balance_lo), (hi, balance_hi) = low, high
    gap = balance_hi - balance_lo - explain(lo, hi)
    if gap == 0:
        return
    if hi - lo == 1:
        gaps.append(BalanceGap(hi, gap))
        return
    middle = (lo + hi) // 2
    (balance_middle,) = read([middle])
    _bisect(read, explain, low, (middle, balance_middle), gaps)
    _bisect(read, explain, (middle, balance_middle), high, gaps)


def note_of(log_index: int) -> str:
    """What a history row's log index says about where it came from ('' for ordinary rows)."""
    return INTERNAL_NOTE if log_index <= INTERNAL_BASE else ""
