"""A bdk descriptor wallet for one cold account, persisted in bdk's own SQLite file.

bdk keeps the chain view (checkpoints, transactions, revealed indexes) and does coin
selection; this module only opens it, feeds it, and reads it back as plain values.
Changes reach the file only through `persist()`, after an update was applied whole — a
failed sync leaves the file as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import bdkpython as bdk

from wallet.addresses import address_of_script, bdk_network
from wallet.descriptors import AccountDescriptor
from wallet.psbt.codec import parse_transaction
from wallet.psbt.errors import PsbtError
from wallet.types import Network
from wallet.watch.errors import WalletFileError, WatchError

LOOKAHEAD = 25  # bdk's default: scripts watched past the last revealed index


@dataclass(frozen=True)
class Balances:
    """Satoshis. `pending`: unconfirmed incoming (ours and others'); `spendable` leaves others' out."""

    confirmed: int
    pending: int
    immature: int
    spendable: int
    total: int


@dataclass(frozen=True)
class Utxo:
    txid: str
    vout: int
    amount: int
    address: str | None
    change: bool
    index: int
    height: int | None  # None while unconfirmed

    @property
    def outpoint(self) -> str:
        return f"{self.txid}:{self.vout}"


@dataclass(frozen=True)
class HistoryEntry:
    txid: str
    received: int
    sent: int
    fee: int | None  # unknown when an input is not ours and its previous output was not fetched
    net: int
    height: int | None
    time: int | None  # block time, or last seen in the mempool
    replaceable: bool


def _position(position: bdk.ChainPosition) -> tuple[int | None, int | None]:
    if isinstance(position, bdk.ChainPosition.CONFIRMED):
        anchor = position.confirmation_block_time
        return int(anchor.block_id.height), int(anchor.confirmation_time)
    assert isinstance(position, bdk.ChainPosition.UNCONFIRMED)
    return None, None if position.timestamp is None else int(position.timestamp)


class WatchWallet:
    """One account's bdk wallet and the persister that writes it."""

    def __init__(self, account: AccountDescriptor, wallet: bdk.Wallet, persister: bdk.Persister) -> None:
        self.account = account
        self.bdk = wallet
        self._persister = persister

    @classmethod
    def open(cls, account: AccountDescriptor, path: Path | None) -> WatchWallet:
        """Load the wallet stored at `path`, or create it there; `None` keeps it in memory."""
        persister = bdk.Persister.new_in_memory() if path is None else _sqlite_persister(path)
        kind = bdk.NetworkKind.TEST if account.network.is_test else bdk.NetworkKind.MAIN
        receive = bdk.Descriptor(account.descriptor(), kind)
        change = bdk.Descriptor(account.descriptor(change=True), kind)
        network = bdk_network(account.network)
        params = bdk.LoadParams(
            check_network=network, check_genesis_hash=None, lookahead=LOOKAHEAD, use_spk_cache=False
        )
        try:
            wallet = bdk.Wallet.load_with_params(receive, change, persister, params)
        except bdk.LoadWithPersistError.CouldNotLoad:  # an empty file: no wallet stored yet
            wallet = _create(receive, change, network, persister, path)
        except bdk.LoadWithPersistError.InvalidChangeSet as exc:
            raise WalletFileError(f"wallet file {path} holds another wallet or network ({exc})") from None
        except bdk.LoadWithPersistError as exc:
            raise WalletFileError(f"wallet file {path} cannot be read ({exc})") from None
        opened = cls(account, wallet, persister)
        opened.persist()  # a new wallet's descriptors and genesis checkpoint go to the file now
        return opened

    def persist(self) -> None:
        try:
            self.bdk.persist(self._persister)
        except bdk.PersistenceError as exc:
            raise WalletFileError(f"cannot write the wallet file ({exc})") from None

    # --- reading ------------------------------------------------------------------------

    @property
    def tip_height(self) -> int:
        return int(self.bdk.latest_checkpoint().height)

    def balances(self) -> Balances:
        b = self.bdk.balance()
        return Balances(
            confirmed=b.confirmed.to_sat(),
            pending=b.trusted_pending.to_sat() + b.untrusted_pending.to_sat(),
            immature=b.immature.to_sat(),
            spendable=b.trusted_spendable.to_sat(),
            total=b.total.to_sat(),
        )

    def utxos(self) -> list[Utxo]:
        found = [self._utxo(output) for output in self.bdk.list_unspent()]
        return sorted(found, key=lambda u: (u.height is None, u.height or 0, u.txid, u.vout))

    def _utxo(self, output: bdk.LocalOutput) -> Utxo:
        height, _ = _position(output.chain_position)
        script = output.txout.script_pubkey.to_bytes()
        return Utxo(
            txid=str(output.outpoint.txid),
            vout=int(output.outpoint.vout),
            amount=output.txout.value.to_sat(),
            address=_address(script, self.account.network),
            change=output.keychain is bdk.KeychainKind.INTERNAL,
            index=int(output.derivation_index),
            height=height,
        )

    def history(self) -> list[HistoryEntry]:
        """Every wallet transaction, newest first (unconfirmed on top)."""
        entries = []
        for canonical in self.bdk.transactions():
            details = self.bdk.tx_details(canonical.transaction.compute_txid())
            if details is None:
                continue
            height, time = _position(details.chain_position)
            entries.append(
                HistoryEntry(
                    txid=str(details.txid),
                    received=details.received.to_sat(),
                    sent=details.sent.to_sat(),
                    fee=None if details.fee is None else details.fee.to_sat(),
                    net=int(details.balance_delta),
                    height=height,
                    time=time,
                    replaceable=height is None and details.tx.is_explicitly_rbf(),
                )
            )
        return sorted(entries, key=lambda e: (e.height is not None, -(e.height or 0), -(e.time or 0), e.txid))

    def confirmations(self, txid: str) -> int:
        """0 while unconfirmed (or unknown), else tip − height + 1."""
        canonical = self.bdk.get_tx(_txid(txid))
        if canonical is None:
            return 0
        height, _ = _position(canonical.chain_position)
        return 0 if height is None else self.tip_height - height + 1

    def transactions_paying(self, script: bytes) -> list[tuple[str, int, int]]:
        """(txid, amount paid to `script`, confirmations) for each wallet transaction paying it."""
        paying = []
        for canonical in self.bdk.transactions():
            tx = canonical.transaction
            amount = sum(o.value.to_sat() for o in tx.output() if o.script_pubkey.to_bytes() == script)
            if amount:
                txid = str(tx.compute_txid())
                paying.append((txid, amount, self.confirmations(txid)))
        return paying

    # --- feeding ------------------------------------------------------------------------

    def add_unconfirmed(self, raw_transactions: list[bytes], seen_at: int) -> None:
        """Transactions seen outside a sync (just broadcast, or fed by a test); others are ignored."""
        parsed = [_bdk_transaction(raw) for raw in raw_transactions]
        self.bdk.apply_unconfirmed_txs([bdk.UnconfirmedTx(tx=tx, last_seen=seen_at) for tx in parsed])
        self.persist()


@lru_cache(maxsize=1 << 16)
def _address(script: bytes, network: Network) -> str | None:
    # A script's address never changes; a wallet's scripts are few and listed again on every refresh.
    return address_of_script(script, network)


def _txid(text: str) -> bdk.Txid:
    try:
        return bdk.Txid.from_string(text.strip().lower())
    except bdk.HashParseError:
        raise WatchError(f"{text!r} is not a transaction id (64 hex digits)") from None


def _bdk_transaction(raw: bytes) -> bdk.Transaction:
    try:
        parse_transaction(raw, allow_witness=True)  # a clear message for bytes that are not a transaction
        return bdk.Transaction(raw)
    except PsbtError as exc:
        raise WatchError(f"not a valid transaction: {exc}") from None
    except bdk.TransactionError as exc:
        raise WatchError(f"not a valid transaction ({exc})") from None


def _sqlite_persister(path: Path) -> bdk.Persister:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return bdk.Persister.new_sqlite(str(path))
    except (OSError, bdk.PersistenceError) as exc:
        raise WalletFileError(f"cannot open the wallet file {path} ({exc})") from None


def _create(
    receive: bdk.Descriptor,
    change: bdk.Descriptor,
    network: bdk.Network,
    persister: bdk.Persister,
    path: Path | None,
) -> bdk.Wallet:
    try:
        return bdk.Wallet(receive, change, network, persister, LOOKAHEAD)
    except bdk.CreateWithPersistError as exc:
        raise WalletFileError(f"cannot create the wallet file {path} ({exc})") from None
