"""Offline: the bdk wallet is fed transactions built here; spends become PSBTs signed on the software device.

No chain backend: funding transactions are applied as unconfirmed (as after a
broadcast). A spend with coin control goes through the project's review, is signed by
the emulator through the trezorlib driver, finalized by bdk, and must spend exactly
the chosen outpoints with the right change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.wallet.conftest import EmulatorFactory
from tests.wallet.devices.conftest import debuglink_peers, device_thread, make_user  # noqa: F401 (fixtures)
from tests.wallet.psbt_factory import account_for, external_address
from wallet.addresses import derive_address, script_pubkey_of
from wallet.descriptors import AccountDescriptor
from wallet.devices.base import HardwareWallet
from wallet.devices.registry import open_wallet
from wallet.devices.thread import DeviceThread
from wallet.devices.transport import Deadlines
from wallet.devices.trezor_driver import SigningPath
from wallet.psbt.codec import Transaction, TxIn, TxOut, parse_transaction
from wallet.psbt.operations import extract, finalize
from wallet.psbt.review_model import Ownership
from wallet.psbt.signing import review_for_signer, sign_reviewed
from wallet.types import Network, ScriptType
from wallet.watch.errors import SpendError, WalletFileError
from wallet.watch.spend import Recipient, SpendRequest, build_spend, bump_fee
from wallet.watch.watch_wallet import WatchWallet

NET = Network.TESTNET
DEADLINES = Deadlines(reply_timeout=10, user_timeout=20)
SEEN_AT = 1_790_000_000


def funding(account: AccountDescriptor, index: int, amount: int, *, change: bool = False) -> Transaction:
    """A transaction from someone else paying `amount` to our address at `index`."""
    script = script_pubkey_of(derive_address(account, change, index).address, account.network)
    source = TxIn(hashlib.sha256(f"{index}:{amount}".encode()).digest(), 1, b"", 0xFFFF_FFFD)
    return Transaction(2, (source,), (TxOut(amount, script),), 0)


@pytest.fixture
def funded(tmp_path: Path) -> tuple[WatchWallet, list[Transaction]]:
    account = account_for(ScriptType.WPKH, NET)
    wallet = WatchWallet.open(account, tmp_path / "cold.sqlite3")
    txs = [funding(account, 0, 100_000), funding(account, 1, 250_000), funding(account, 4, 400_000)]
    wallet.add_unconfirmed([tx.serialize() for tx in txs], SEEN_AT)
    return wallet, txs


def test_fed_transactions_show_as_pending_balance_utxos_and_history(
    funded: tuple[WatchWallet, list[Transaction]],
) -> None:
    wallet, txs = funded
    balances = wallet.balances()
    assert (balances.confirmed, balances.pending, balances.total) == (0, 750_000, 750_000)
    assert balances.spendable == 0  # others' unconfirmed coins are not trusted
    assert sorted(u.outpoint for u in wallet.utxos()) == sorted(f"{tx.txid_hex}:0" for tx in txs)
    by_index = {u.index: u for u in wallet.utxos()}
    assert by_index[4].address == derive_address(wallet.account, False, 4).address
    assert not by_index[4].change and by_index[4].height is None
    history = wallet.history()
    assert sorted(h.net for h in history) == [100_000, 250_000, 400_000]
    assert all(h.sent == 0 and h.height is None for h in history)


def test_the_wallet_file_keeps_what_was_fed_and_refuses_another_account(
    funded: tuple[WatchWallet, list[Transaction]], tmp_path: Path
) -> None:
    wallet, _ = funded
    again = WatchWallet.open(wallet.account, tmp_path / "cold.sqlite3")
    assert again.balances() == wallet.balances()
    with pytest.raises(WalletFileError, match="holds another wallet"):
        WatchWallet.open(account_for(ScriptType.TR, NET), tmp_path / "cold.sqlite3")
    (tmp_path / "junk.sqlite3").write_bytes(b"not a database " * 200)
    with pytest.raises(WalletFileError, match="cannot be read"):
        WatchWallet.open(wallet.account, tmp_path / "junk.sqlite3")


def test_coin_control_spends_exactly_the_chosen_outpoints_with_correct_change(
    funded: tuple[WatchWallet, list[Transaction]],
) -> None:
    wallet, txs = funded
    chosen = (f"{txs[0].txid_hex}:0", f"{txs[2].txid_hex}:0")
    request = SpendRequest((Recipient(external_address(NET), 300_000),), fee_rate=5, utxos=chosen)
    built = build_spend(wallet, request)
    tx = built.psbt.unsigned_tx()
    assert sorted(i.outpoint for i in tx.inputs) == sorted(chosen)
    assert built.replaceable and all(i.sequence == 0xFFFF_FFFD for i in tx.inputs)
    change_script = script_pubkey_of(derive_address(wallet.account, True, 0).address, NET)
    amounts = {o.script: o.amount for o in tx.outputs}
    assert amounts[script_pubkey_of(external_address(NET), NET)] == 300_000
    assert amounts[change_script] == built.change == 500_000 - 300_000 - built.fee
    vsize = (tx.weight() + 3) // 4 + 2 * 27  # two p2wpkh witnesses still to come (≤ 108 wu each)
    assert 5 * (vsize - 2) <= built.fee <= 5 * (vsize + 2)
    second = build_spend(wallet, request)  # the change index is persisted: never handed out twice
    assert change_script not in {o.script for o in second.psbt.unsigned_tx().outputs}


def test_send_max_no_rbf_and_refusals(funded: tuple[WatchWallet, list[Transaction]]) -> None:
    wallet, txs = funded
    to = external_address(NET)
    drained = build_spend(wallet, SpendRequest((Recipient(to, None),), fee_rate=2, rbf=False))
    tx = drained.psbt.unsigned_tx()
    assert len(tx.inputs) == 3 and len(tx.outputs) == 1 and drained.change == 0
    assert tx.outputs[0].amount == 750_000 - drained.fee
    assert not drained.replaceable and all(i.sequence == 0xFFFF_FFFE for i in tx.inputs)
    one = build_spend(
        wallet, SpendRequest((Recipient(to, None),), fee_rate=2, utxos=(f"{txs[1].txid_hex}:0",))
    )
    assert (
        one.inputs == (f"{txs[1].txid_hex}:0",)
        and one.psbt.unsigned_tx().outputs[0].amount == 250_000 - one.fee
    )
    refusals = {
        "not enough funds": SpendRequest((Recipient(to, 2_000_000),), fee_rate=2),
        "not an unspent coin": SpendRequest((Recipient(to, 1_000),), fee_rate=2, utxos=("00" * 32 + ":0",)),
        "not a coin reference": SpendRequest((Recipient(to, 1_000),), fee_rate=2, utxos=("abc",)),
        "not a testnet address": SpendRequest((Recipient("bc1qnotanaddress", 1_000),), fee_rate=2),
        "fee rate 0.5": SpendRequest((Recipient(to, 1_000),), fee_rate=0.5),
        "dust": SpendRequest((Recipient(to, 10),), fee_rate=2),
        "one recipient only": SpendRequest((Recipient(to, None), Recipient(to, 5_000)), fee_rate=2),
    }
    for message, request in refusals.items():
        with pytest.raises(SpendError, match=message):
            build_spend(wallet, request)


Opened = Callable[..., HardwareWallet]


@pytest.fixture
def open_device(make_emulator: EmulatorFactory, make_user: Any, device_thread: DeviceThread) -> Opened:  # noqa: F811
    def opened(identity: str = "trezor-t") -> HardwareWallet:
        emulator = make_emulator(identity)
        user = make_user(emulator)
        return device_thread.call(
            open_wallet, emulator.path, device_thread, Network.TESTNET, user, DEADLINES, SigningPath.TREZORLIB
        )

    return opened


def test_spend_is_signed_on_the_software_device_finalized_and_bumped(
    funded: tuple[WatchWallet, list[Transaction]],
    open_device: Opened,
    device_thread: DeviceThread,  # noqa: F811
) -> None:
    wallet, txs = funded
    chosen = (f"{txs[1].txid_hex}:0",)
    built = build_spend(wallet, SpendRequest((Recipient(external_address(NET), 120_000),), 3, utxos=chosen))
    device = open_device("trezor-t")
    fingerprint = device_thread.call(device.master_fingerprint)
    review = review_for_signer(built.psbt, fingerprint, accounts=(wallet.account,), default_network=NET)
    assert [i.ownership for i in review.inputs] == [Ownership.PROVEN]
    assert [o.role for o in review.outputs if o.role == "change"] == ["change"]
    signed = device_thread.call(sign_reviewed, built.psbt, review, device, fingerprint)
    raw = extract(finalize(signed.psbt))
    tx = parse_transaction(raw, allow_witness=True)
    assert [i.outpoint for i in tx.inputs] == list(chosen) and all(i.witness for i in tx.inputs)
    assert tx.txid_hex == built.txid
    assert sorted(o.amount for o in tx.outputs) == sorted([120_000, 250_000 - 120_000 - built.fee])
    wallet.add_unconfirmed([raw], SEEN_AT + 60)  # as after a broadcast
    assert wallet.balances().total == 750_000 - 120_000 - built.fee
    bumped = bump_fee(wallet, built.txid, 10)
    assert bumped.fee > built.fee and bumped.txid != built.txid
    assert set(bumped.inputs) >= set(chosen)  # a replacement must spend what it replaces
    with pytest.raises(SpendError, match="not in this wallet"):
        bump_fee(wallet, "11" * 32, 10)
    with pytest.raises(SpendError, match=f"coin {chosen[0]} is not an unspent coin"):
        build_spend(wallet, SpendRequest((Recipient(external_address(NET), 5_000),), 3, utxos=chosen))
