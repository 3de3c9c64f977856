"""What screening every write for secrets costs: the store's triggers and the screen itself.

Run: .venv/bin/python benchmarks/bench_store_screen.py [--repeat N]

Figures (median of N runs, wall clock):
- writing 10,000 holdings rows (one CSV import's transaction) into a store with the
  screening triggers, and into the same schema with the triggers dropped;
- `find_secret` on a typical 40-character label, on a descriptor holding an xpub, and on
  a worst case: a 255-character label made only of wordlist words (every window checked).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.exchanges.models import AccountHoldings, Balance, MarginMode  # (after the path set-up)
from app.exchanges.repository import insert_account, replace_holdings
from app.store import Store, open_store
from app.store.secret_screen import TextKind, find_secret

XPUB = (
    "xpub6CUGRUonZSQ4TWtTMmzXdrXDtypWKiKrhko4egpiMZbpiaQL2jkwSB1i"
    "cqYh2cfDfVxdx4df189oLKnC5fSwqPfgyP3hooxujYzAu3fDVmz"
)


def _median(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _holdings() -> AccountHoldings:
    balances = tuple(Balance(f"A{i}", float(i), f"wallet{i % 7}") for i in range(10_000))
    return AccountHoldings(balances=balances)


def bench_write(repeat: int, *, screened: bool) -> float:
    holdings = _holdings()
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "s.sqlite3") as store:
        if not screened:
            _drop_screen(store)
        with store.transaction() as db:
            account_id = insert_account(
                db, name="bench", venue="okx", margin_mode=MarginMode.CROSS, source="csv"
            )

        def write() -> None:
            with store.transaction() as db:
                replace_holdings(db, account_id, holdings, refreshed=False)

        return _median(write, repeat)


def _drop_screen(store: Store) -> None:
    triggers = store.query("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'screen_%'")
    with store.transaction() as db:
        for row in triggers:
            db.execute(f"DROP TRIGGER {row['name']}")


def bench_screen(text: str, repeat: int, kind: TextKind = TextKind.FREE) -> float:
    find_secret(text, kind)  # load the wordlists once
    return _median(lambda: [find_secret(text, kind) for _ in range(100)], repeat) / 100


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    repeat = parser.parse_args().repeat
    print(f"10,000 holdings rows, screened:          {bench_write(repeat, screened=True) * 1e3:8.1f} ms")
    print(f"10,000 holdings rows, triggers dropped:  {bench_write(repeat, screened=False) * 1e3:8.1f} ms")
    label = "Binance main — perps and spot, 2024 Q3"
    print(f"screen a 40-character label:             {bench_screen(label, repeat) * 1e6:8.1f} µs")
    descriptor = f"wpkh([d34db33f/84h/0h/0h]{XPUB}/0/*)"
    structured = bench_screen(descriptor, repeat, TextKind.STRUCTURED)
    print(f"screen a descriptor with an xpub:        {structured * 1e6:8.1f} µs")
    worst = ("abandon ability able about above absent absorb abstract " * 5)[:255]
    print(f"screen 255 chars of wordlist words:      {bench_screen(worst, repeat) * 1e6:8.1f} µs")


if __name__ == "__main__":
    main()
