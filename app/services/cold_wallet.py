"""The cold account's watch-only wallet for the GUI: coins, history, and spends as PSBTs.

One bdk wallet file per cold account under the data dir's `wallets/`: the same file the
CLI's `wallet` commands use (app.watch.service.wallet_path), and spends are built by the
same use case (app.usecases.spend), which leaves coins labelled not spendable alone. With
a chain backend the wallet syncs as `coldsplit wallet sync` does (app.usecases.chain); in
demo mode there is no network, so
`receive_demo_coins` pays the account made-up coins from one funding transaction whose
input spends nothing that exists (marked as demo coins), fed to the wallet as unconfirmed.
A sync that changed the confirmed balance publishes `ColdBalancesChanged`: the holdings split
counts confirmed coins, so the pages showing it read it again.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from app.cold.accounts import ColdAccount, list_accounts
from app.errors import UserError
from app.events import NO_EVENTS, ColdBalancesChanged, Publisher
from app.services.chain import ChainUnreachable, backend_config, saved_backend
from app.services.demo_coins import demo_funding
from app.services.ports import CoinRow, HistoryRow, PsbtDocument, WalletView
from app.services.psbt_service import PsbtService
from app.settings import ChainBackendSetting
from app.store import open_store
from app.usecases.chain import sync_cold_account
from app.usecases.spend import SpendOrder, SpendSource, build_account_spend
from app.watch.service import open_account_wallet, unspendable_outpoints
from wallet.types import Network
from wallet.watch.errors import BackendError, WatchError
from wallet.watch.spend import Recipient
from wallet.watch.watch_wallet import WatchWallet


class ColdWalletError(UserError):
    """The watch-only wallet cannot do what was asked; the message says why."""


class ColdWalletService:
    def __init__(
        self,
        db_path: Path,
        network: Network,
        data_dir: Path,
        backend: ChainBackendSetting | None = None,
        demo: bool = True,
        settings_path: Path | None = None,
        events: Publisher = NO_EVENTS,
    ) -> None:
        self._db_path = db_path
        self._events = events
        self._network = network
        self._data_dir = data_dir
        self._backend = backend
        self._settings_path = settings_path  # the backend is read from it at each sync
        self._demo = demo
        self._psbt = PsbtService(db_path, network, backend, demo, data_dir, settings_path)
        # One operation at a time on the wallet files: the GUI may ask for a view while a
        # sync is still writing (two pool threads), and each opens the file on its own.
        self._lock = threading.RLock()

    def _source(self, name: str) -> SpendSource:
        """The account on the network in use, and its coins labelled not spendable."""
        if self._db_path.exists():
            with open_store(self._db_path) as store:
                for stored in list_accounts(store):
                    if stored.name == name and stored.network is self._network:
                        return SpendSource(stored, unspendable_outpoints(store, stored))
        raise ColdWalletError(f"no cold account named {name!r} on {self._network.value}")

    def _wallet(self, name: str) -> WatchWallet:
        account: ColdAccount = self._source(name).account
        try:
            return open_account_wallet(self._data_dir, account)
        except WatchError as exc:
            raise ColdWalletError(str(exc)) from None

    def view(self, account: str) -> WalletView:
        with self._lock:
            return self._view(self._wallet(account), account)

    def _view(self, wallet: WatchWallet, account: str) -> WalletView:
        balances = wallet.balances()
        coins = tuple(
            CoinRow(u.outpoint, u.address or "", u.amount, u.height is not None) for u in wallet.utxos()
        )
        history = tuple(HistoryRow(h.txid, h.net, h.fee, h.height is not None) for h in wallet.history())
        return WalletView(account, balances.spendable, balances.pending, coins, history)

    def sync(self, account: str) -> WalletView:
        """The account's sync through the CLI's use case: sync state and deposits recorded too."""
        backend = saved_backend(self._backend, self._settings_path, self._network, self._demo)
        config = backend_config(backend, self._demo)  # refuses first: demo, or no backend
        with self._lock:
            before = self._wallet(account).balances().confirmed  # only an account of the network in use
            try:
                sync_cold_account(self._db_path, self._data_dir, self._network, config, account)
            except BackendError as exc:
                raise ChainUnreachable(str(exc)) from None
            except WatchError as exc:
                raise ColdWalletError(str(exc)) from None
            wallet = self._wallet(account)
            if wallet.balances().confirmed != before:
                self._events.publish(ColdBalancesChanged((account,)))
            return self._view(wallet, account)

    def receive_demo_coins(self, account: str, coins: int) -> WalletView:
        if not self._demo:
            raise ColdWalletError("demo coins exist only in demo mode")
        with self._lock:
            wallet = self._wallet(account)
            # fresh addresses after the highest receive index holding a coin; a new salt per payment
            first = max((u.index + 1 for u in wallet.utxos() if not u.change), default=0)
            funding = demo_funding(wallet.account, first, coins, salt=len(wallet.history()))
            try:
                wallet.add_unconfirmed([funding.serialize()], seen_at=int(time.time()))
            except WatchError as exc:
                raise ColdWalletError(str(exc)) from None
            return self._view(wallet, account)

    def send(self, account: str, address: str, amount_sat: int, fee_rate: float) -> PsbtDocument:
        order = SpendOrder((Recipient(address, amount_sat),), fee_rate)
        with self._lock:
            try:
                built = build_account_spend(self._data_dir, self._source(account), order)
            except (WatchError, ValueError) as exc:
                raise ColdWalletError(str(exc)) from None
        return self._psbt.review(built.psbt.to_base64())
