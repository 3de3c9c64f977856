"""Coins kept out of automatic selection (`avoid`), and coin control naming a coin twice.

Avoided coins are handed to bdk as they are, whether or not they are still unspent coins of
the wallet (a BIP329 label may name a coin spent long ago); these tests pin that bdk then
never picks an avoided coin, ignores references it does not hold, and still refuses junk.
"""

from __future__ import annotations

import hashlib

import pytest

from tests.wallet.psbt_factory import account_for, external_address
from wallet.addresses import derive_address, script_pubkey_of
from wallet.psbt.codec import Transaction, TxIn, TxOut
from wallet.types import Network, ScriptType
from wallet.watch.errors import SpendError
from wallet.watch.spend import Recipient, SpendRequest, build_spend
from wallet.watch.watch_wallet import WatchWallet

NET = Network.TESTNET
UNKNOWN_COIN = hashlib.sha256(b"a coin this wallet never held").hexdigest() + ":3"


@pytest.fixture
def wallet_and_coins() -> tuple[WatchWallet, list[str]]:
    """A wallet holding four coins of 100k, 200k, 300k and 400k sat (outpoints in that order)."""
    account = account_for(ScriptType.WPKH, NET)
    wallet = WatchWallet.open(account, None)
    scripts = [script_pubkey_of(derive_address(account, False, i).address, NET) for i in range(4)]
    source = TxIn(hashlib.sha256(b"funding").digest(), 0, b"", 0xFFFF_FFFD)
    funding = Transaction(2, (source,), tuple(TxOut((i + 1) * 100_000, s) for i, s in enumerate(scripts)), 0)
    wallet.add_unconfirmed([funding.serialize()], 1_790_000_000)
    return wallet, [f"{funding.txid_hex}:{vout}" for vout in range(4)]


def test_an_avoided_coin_is_never_picked_and_unknown_references_are_ignored(
    wallet_and_coins: tuple[WatchWallet, list[str]],
) -> None:
    wallet, coins = wallet_and_coins
    to = external_address(NET)
    avoid = (UNKNOWN_COIN, coins[3].upper(), coins[2])
    for amount in (50_000, 150_000, 250_000):  # any amount the two coins left can pay
        built = build_spend(wallet, SpendRequest((Recipient(to, amount),), fee_rate=2, avoid=avoid))
        assert set(built.inputs) <= {coins[0], coins[1]}
    drained = build_spend(wallet, SpendRequest((Recipient(to, None),), fee_rate=2, avoid=avoid))
    assert sorted(drained.inputs) == sorted(coins[:2])
    assert drained.psbt.unsigned_tx().outputs[0].amount == 300_000 - drained.fee
    with pytest.raises(SpendError, match="not enough funds"):
        build_spend(wallet, SpendRequest((Recipient(to, 350_000),), fee_rate=2, avoid=avoid))


def test_a_junk_avoid_reference_is_refused(wallet_and_coins: tuple[WatchWallet, list[str]]) -> None:
    wallet, _ = wallet_and_coins
    request = SpendRequest((Recipient(external_address(NET), 1_000),), fee_rate=2, avoid=("nonsense",))
    with pytest.raises(SpendError, match="'nonsense' is not a coin reference"):
        build_spend(wallet, request)


def test_coin_control_naming_a_coin_twice_is_refused(wallet_and_coins: tuple[WatchWallet, list[str]]) -> None:
    wallet, coins = wallet_and_coins
    chosen = (coins[0], coins[1], f" {coins[0].upper()} ")
    request = SpendRequest((Recipient(external_address(NET), 1_000),), fee_rate=2, utxos=chosen)
    with pytest.raises(SpendError, match=f"coin {coins[0]} is chosen twice"):
        build_spend(wallet, request)
    two = build_spend(
        wallet, SpendRequest((Recipient(external_address(NET), 1_000),), 2, utxos=tuple(coins[:2]))
    )
    assert sorted(two.inputs) == sorted(coins[:2])
