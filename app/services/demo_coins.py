"""Demo coins: a made-up funding transaction for the demo's watch-only wallet (no network in demo).

Its one input spends an outpoint derived from a fixed label, i.e. nothing that exists on
any chain; its outputs pay the cold account's receive addresses. It is fed to the bdk
wallet as an unconfirmed transaction, so the wallet's real coin selection and PSBT
creation run on it.
"""

from __future__ import annotations

import hashlib

from app.errors import UserError
from wallet.addresses import derive_address, script_pubkey_of
from wallet.descriptors import AccountDescriptor
from wallet.psbt.codec import Transaction, TxIn, TxOut

DEMO_COIN_SAT = 250_000
MAX_DEMO_COINS = 500
DEMO_FUNDING_SOURCE = hashlib.sha256(b"ColdSplit demo coins (not a real transaction)").digest()


class DemoCoinsError(UserError):
    """A request for demo coins outside what the demo offers."""


def demo_funding(account: AccountDescriptor, first_index: int, coins: int, salt: int = 0) -> Transaction:
    """One transaction paying `coins` demo coins to receive addresses first_index, first_index+1, …"""
    if not 1 <= coins <= MAX_DEMO_COINS:
        raise DemoCoinsError(f"demo coins: between 1 and {MAX_DEMO_COINS}, not {coins}")
    outputs = tuple(
        TxOut(DEMO_COIN_SAT, script_pubkey_of(derive_address(account, False, n).address, account.network))
        for n in range(first_index, first_index + coins)
    )
    witness = (b"\x00" * 72, b"\x02" + b"\x00" * 32)  # shaped like a P2WPKH spend; it spends nothing real
    source = TxIn(DEMO_FUNDING_SOURCE, salt, b"", 0xFFFF_FFFD, witness)
    return Transaction(2, (source,), outputs, 0)
