"""Build a spend from a cold account: one way for `coldsplit wallet send` and the GUI's Send
(Cold storage page), and the PSBT page's demo spend.

- the account: the one named, else the only cold account on the network in use;
- the wallet: the account's one watch-only wallet file (app.watch.service.wallet_path). The
  GUI used to keep a second file of its own for the same account, synced apart from the
  CLI's, so a sync in one front-end was not seen by the other;
- coins a BIP329 label marks `spendable: false` are never picked automatically (the GUI's
  spend used to select them);
- bdk selects the coins and builds the unsigned PSBT (wallet.watch.spend). Its errors
  (WatchError, e.g. not enough funds) pass through; each front-end words them its way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.cold.accounts import ColdAccount
from app.store import open_store
from app.watch.service import choose_account, open_account_wallet, unspendable_outpoints
from wallet.types import Network
from wallet.watch.spend import BuiltSpend, Recipient, SpendRequest, build_spend
from wallet.watch.watch_wallet import WatchWallet


@dataclass(frozen=True)
class SpendOrder:
    """What the person asked for: who gets what (amount None: everything, one recipient), the
    fee rate in sat/vB, RBF, and coin control (`utxos`: spend exactly these outpoints)."""

    recipients: tuple[Recipient, ...]
    fee_rate: float
    rbf: bool = True
    utxos: tuple[str, ...] = ()


@dataclass(frozen=True)
class SpendSource:
    """The cold account to spend from and the outpoints coin selection must leave alone."""

    account: ColdAccount
    avoid: tuple[str, ...]


def spend_source(db_path: Path, network: Network, name: str | None) -> SpendSource:
    """Found before anything else is asked (a fee estimate may need the network)."""
    with open_store(db_path) as store:
        account = choose_account(store, name, network.value)
        return SpendSource(account, unspendable_outpoints(store, account))


def build_account_spend(data_dir: Path, source: SpendSource, order: SpendOrder) -> BuiltSpend:
    """The unsigned spend from the account's own wallet file (see the module docstring)."""
    return build_wallet_spend(open_account_wallet(data_dir, source.account), order, source.avoid)


def build_wallet_spend(wallet: WatchWallet, order: SpendOrder, avoid: tuple[str, ...] = ()) -> BuiltSpend:
    """The unsigned spend from an opened wallet (the demo's in-memory one, or an account's)."""
    request = SpendRequest(order.recipients, order.fee_rate, rbf=order.rbf, utxos=order.utxos, avoid=avoid)
    return build_spend(wallet, request)
