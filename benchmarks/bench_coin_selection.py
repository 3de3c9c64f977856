"""Coin selection over 10,000 UTXOs in the watch-only wallet (bdk): target under 200 ms per spend.

A p2wpkh watch-only account holds 10,000 coins of 5,000–2,000,000 sat on 10,000
addresses (fed to bdk as 100 transactions of 100 outputs). For payments of several
sizes (branch and bound, bdk's default) and a coin-control spend of 50 chosen coins,
two figures, best and median of five runs: bdk's `TxBuilder.finish` alone (coin
selection and PSBT creation), and the whole `wallet.watch.spend.build_spend` (which
also parses the PSBT, with every previous transaction, into the project's model).
Then the review the app shows next (`review_psbt` of the largest spend, parse included:
each input's key origin proven by deriving its address with both libraries).

    .venv/bin/python benchmarks/bench_coin_selection.py
"""

from __future__ import annotations

import functools
import hashlib
import random
import statistics
import time
from collections.abc import Callable

import bdkpython as bdk
from bip_utils import Bip32Secp256k1

from wallet.addresses import derive_address
from wallet.descriptors import build_account
from wallet.psbt.codec import Transaction, TxIn, TxOut
from wallet.psbt.model import Psbt
from wallet.psbt.review import review_psbt
from wallet.types import ExtendedPublicKey, Network, ScriptType
from wallet.watch.spend import Recipient, SpendRequest, build_spend
from wallet.watch.watch_wallet import WatchWallet

NET = Network.TESTNET
COINS = 10_000
PER_TX = 100
REPEATS = 5


def _wallet() -> WatchWallet:
    master = Bip32Secp256k1.FromSeed(hashlib.sha256(b"coldsplit coin selection bench").digest())
    path = "m/84h/1h/0h"
    xpub = ExtendedPublicKey.parse(master.DerivePath(path).PublicKey().ToExtended())
    fingerprint = bytes(master.PublicKey().FingerPrint().ToBytes()).hex()
    account = build_account(xpub.to_base58(test=True), fingerprint, path, NET, ScriptType.WPKH)
    wallet = WatchWallet.open(account, None)
    wallet.bdk.reveal_addresses_to(bdk.KeychainKind.EXTERNAL, COINS - 1)
    rng = random.Random(7)
    scripts = [
        wallet.bdk.peek_address(bdk.KeychainKind.EXTERNAL, i).address.script_pubkey().to_bytes()
        for i in range(COINS)
    ]
    raw = []
    for batch in range(COINS // PER_TX):
        outputs = tuple(
            TxOut(rng.randint(5_000, 2_000_000), scripts[batch * PER_TX + n]) for n in range(PER_TX)
        )
        source = TxIn(hashlib.sha256(batch.to_bytes(4, "little")).digest(), 0, b"", 0xFFFF_FFFD)
        raw.append(Transaction(2, (source,), outputs, 0).serialize())
    wallet.add_unconfirmed(raw, 1_790_000_000)
    return wallet


def _times(work: Callable[[], object]) -> tuple[float, float]:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times) * 1000, statistics.median(times) * 1000


def _bdk_select(wallet: WatchWallet, to: str, amount: int, coins: list[str]) -> None:
    """bdk alone: coin selection and PSBT creation (`TxBuilder.finish`), nothing of ours."""
    builder = bdk.TxBuilder().add_recipient(
        bdk.Address(to, bdk.Network.TESTNET).script_pubkey(), bdk.Amount.from_sat(amount)
    )
    if coins:
        outpoints = [bdk.OutPoint(txid=bdk.Txid.from_string(c[:64]), vout=int(c[65:])) for c in coins]
        builder = builder.add_utxos(outpoints).manually_selected_only()
    builder.fee_rate(bdk.FeeRate.from_sat_per_vb(5)).finish(wallet.bdk)


def main() -> None:
    start = time.perf_counter()
    wallet = _wallet()
    setup = time.perf_counter() - start
    utxos = wallet.utxos()
    to = derive_address(wallet.account, True, 0).address  # any valid address; the payee is irrelevant
    total = sum(u.amount for u in utxos)
    print(f"{len(utxos)} UTXOs, {total / 1e8:.4f} BTC in all (wallet built and fed in {setup:.2f} s)")
    print("bdk coin selection + PSBT creation | whole build_spend (incl. the PSBT parsed into our model)")
    cases: list[tuple[str, int, list[str]]] = [
        ("0.001 BTC", 100_000, []),
        ("0.5 BTC", 50_000_000, []),
        ("5 BTC", 500_000_000, []),
    ]
    cases += [("coin control, 50", 100_000, [u.outpoint for u in utxos[:50]])]
    largest = b""
    for label, amount, coins in cases:
        request = SpendRequest((Recipient(to, amount),), fee_rate=5, utxos=tuple(coins))
        built = build_spend(wallet, request)
        bdk_best, bdk_median = _times(functools.partial(_bdk_select, wallet, to, amount, coins))
        best, median = _times(functools.partial(build_spend, wallet, request))
        print(
            f"pay {label:>17}: bdk best {bdk_best:6.1f} / median {bdk_median:6.1f} ms | "
            f"whole best {best:6.1f} / median {median:6.1f} ms | {len(built.inputs)} inputs"
        )
        largest = max(largest, built.psbt.serialize(), key=len)
    review_best, review_median = _times(
        lambda: review_psbt(Psbt.parse(largest), accounts=(wallet.account,), network=NET)
    )
    print(
        f"review the largest spend ({len(Psbt.parse(largest).inputs)} inputs, parse included): "
        f"best {review_best:.1f} ms, median {review_median:.1f} ms"
    )
    listing_best, listing_median = _times(wallet.utxos)
    print(
        f"list {len(utxos)} UTXOs (WatchWallet.utxos): "
        f"best {listing_best:.1f} ms, median {listing_median:.1f} ms"
    )


if __name__ == "__main__":
    main()
