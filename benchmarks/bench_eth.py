"""Ethereum cold account speed against a local node (anvil on loopback).

Run: .venv/bin/python benchmarks/bench_eth.py [--transfers 1000] [--per-block 10]

Prints:
- the first sync of an address with N transfers in and out (half ETH, half an ERC-20
  token, `--per-block` to a block) into a fresh store: blocks scanned in batches, the
  Transfer logs, pending pool, receipts, balances and the one store transaction —
  median and worst of 5 runs; the target is ≤ 2 s for 1,000 transfers;
- building + reviewing a transfer (nonce, fee quote, contract check, gas estimate for
  the token, the review and its digest) — median of 30; the target is ≤ 100 ms.
Also the machine's load average, since other work on the 2 cores slows every figure.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.advisor.ethereum import ConfirmedEthAddress, record_eth_address  # (after path set-up)
from app.eth.networks import EthEndpointSetting, EthNetwork
from app.settings import Settings
from app.store import open_store
from app.usecases.eth import add_eth_token, eth_accounts_view, sync_eth
from app.usecases.eth_send import prepare_eth_send
from wallet.eth_chain.anvil import LocalEthChain

COLD = "0x73d0385F4d8E00C5e6504C6030F47BF6212736A8"  # m/44h/60h/0h/0/0 of the "all" seed
ETHER = 10**18


def _store(folder: Path, settings: Settings, token: str) -> Path:
    db = folder / "coldsplit.sqlite3"
    with open_store(db) as store:
        record_eth_address(store, "Cold ETH", ConfirmedEthAddress(COLD, "m/44h/60h/0h/0/0", bytes(4)))
    add_eth_token(db, settings, token)
    return db


def _fill(chain: LocalEthChain, token: str, transfers: int, per_block: int) -> None:
    """Transfers to the cold address from two dev accounts, and some back out of it."""
    chain.set_automine(False)
    senders = chain.rpc("eth_accounts")[:2]
    chain.rpc("anvil_impersonateAccount", [COLD])  # its outgoing ones, without a device here
    chain.send_eth(COLD, 1000 * ETHER)
    chain.send_token(token, COLD, 10**12)
    chain.send_token(token, senders[1], 10**12)
    chain.mine()
    for n in range(transfers):
        sender = COLD if n % 5 == 4 else senders[n % 2]
        to = senders[0] if sender == COLD else COLD
        if n % 2:
            chain.send_token(token, to, 1_000 + n, sender=sender)
        else:
            chain.send_eth(to, 10**15 + n, sender=sender)
        if (n + 1) % per_block == 0:
            chain.mine()
    chain.mine()
    chain.set_automine(True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--transfers", type=int, default=1000)
    parser.add_argument("--per-block", type=int, default=10)
    args = parser.parse_args()
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    with LocalEthChain() as chain, tempfile.TemporaryDirectory() as folder:
        settings = Settings(eth_endpoint=EthEndpointSetting(EthNetwork.LOCAL, chain.url, 30))
        token = chain.deploy_token("USD Coin", "USDC", 6, 10**15)
        started = time.perf_counter()
        _fill(chain, token, args.transfers, args.per_block)
        print(f"chain: {args.transfers} transfers in {chain.block_number()} blocks "
              f"(made in {time.perf_counter() - started:.1f} s, not timed)")  # fmt: skip
        times = []
        for run in range(5):
            (Path(folder) / str(run)).mkdir()
            db = _store(Path(folder) / str(run), settings, token)
            start = time.perf_counter()
            sync_eth(db, settings)
            times.append(time.perf_counter() - start)
        (view,) = eth_accounts_view(db, settings, history_limit=10**6)
        seen = len(view.history)
        assert seen >= args.transfers, seen
        print(f"first sync, {seen} transfers stored: median {statistics.median(times):.3f} s, "
              f"worst {max(times):.3f} s (target ≤ 2 s)")  # fmt: skip
        build = []
        for n in range(30):
            asset, amount = ("USDC", "1.5") if n % 2 else ("ETH", "0.01")
            start = time.perf_counter()
            review = prepare_eth_send(db, settings, "Cold ETH", chain.funder, amount, asset, eth_usd=3000.0)
            build.append(time.perf_counter() - start)
            assert review.lines()
        median = statistics.median(build) * 1e3
        print(f"build + review a transfer (ETH and USDC alternately): median {median:.1f} ms, "
              f"worst {max(build) * 1e3:.1f} ms (target ≤ 100 ms)")  # fmt: skip
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
