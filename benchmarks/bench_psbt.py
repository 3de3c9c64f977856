"""PSBT and address speed: parsing the test vectors, reviewing a 100-input PSBT, two-library addresses.

Run: .venv/bin/python benchmarks/bench_psbt.py

Prints: the mean time to parse + re-serialise each valid BIP174/BIP370 vector; the
time to review a 100-input p2wpkh PSBT against its account (every input's and the
change's ownership proven by deriving with bdk and bip-utils); v0 → v2 → v0
conversion of that PSBT; and how many addresses per second the two-library
derivation gives (each address derived by both libraries and compared).
"""

from __future__ import annotations

import base64
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.wallet.psbt_factory import Spend, account_for, build_psbt, external_address  # (after path set-up)
from wallet.addresses import derive_addresses
from wallet.psbt.model import Psbt
from wallet.psbt.operations import convert
from wallet.psbt.review import review_psbt
from wallet.types import Network, ScriptType

ROOT = Path(__file__).resolve().parents[1]
T = TypeVar("T")


def best_of(repeats: int, work: Callable[[], T]) -> tuple[float, T]:
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    assert result is not None
    return best, result


def main() -> None:
    vectors = json.loads((ROOT / "tests/wallet/vectors/psbt_test_vectors.json").read_text())
    raws = [base64.b64decode(text) for text in vectors["valid"]]
    seconds, _ = best_of(5, lambda: [Psbt.parse(raw).serialize() for raw in raws])
    each = seconds / len(raws) * 1e6
    print(f"parse + serialise: {len(raws)} valid vectors in {seconds * 1e3:.2f} ms ({each:.0f} µs each)")

    network = Network.TESTNET
    account = account_for(ScriptType.WPKH, network)
    spends = [Spend(account, n, 10_000 + n) for n in range(100)]
    big = build_psbt(spends, [(external_address(network), 900_000)], (account, 0, 100_000))
    print(f"100-input p2wpkh PSBT: {len(big.serialize()) / 1024:.0f} KiB")
    seconds, review = best_of(3, lambda: review_psbt(big, accounts=(account,)))
    assert all(i.ownership.name == "PROVEN" for i in review.inputs)
    print(f"review with ownership proofs (101 two-library derivations): {seconds * 1e3:.0f} ms")
    seconds, _ = best_of(3, lambda: convert(convert(big, 2), 0))
    print(f"convert v0 -> v2 -> v0: {seconds * 1e3:.1f} ms")

    count = 1000
    seconds, derived = best_of(3, lambda: derive_addresses(account, False, 0, count))
    assert len(derived) == count
    print(f"two-library addresses: {count} in {seconds:.2f} s ({count / seconds:.0f} addresses/s)")


if __name__ == "__main__":
    main()
