"""The Ethereum cold account record: one per wallet (root fingerprint), layout and account number.

An account keeps the extended public key the device gave for its account node m/44h/60h/Nh,
so its addresses can be derived here with bip-utils, independently of the device that shows
them: with the BIP-44 layout (Trezor, OneKey, MetaMask) address i is m/44h/60h/Nh/0/i; with
the Ledger Live layout an account is the one address m/44h/60h/Nh/0/0. The device-verified
addresses (table verified_eth_addresses) belong to the account of the same name; addresses
verified before accounts existed keep their name and simply have no account record.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace

from bip_utils import Base58ChecksumError, Bip32KeyError, Bip32Secp256k1, EthAddrEncoder

from app.advisor.ethereum import ETH_LAYOUTS, EthereumAddressError, check_eip55
from app.store.database import Store, utc_now
from wallet.types import MAX_UNHARDENED

BIP44 = "bip44"
LEDGER_LIVE = "ledger-live"


class EthAccountError(EthereumAddressError):
    """An Ethereum account cannot be created, found or used as asked."""


@dataclass(frozen=True)
class EthColdAccount:
    name: str
    fingerprint: str  # the wallet's root fingerprint, 8 hex digits
    layout: str  # "bip44" or "ledger-live"
    number: int  # the hardened account number N of m/44h/60h/Nh
    xpub: str  # the account node's extended public key, as the device serialised it
    first_address: str  # EIP-55, derived by bip-utils and read from the device, equal
    created_at: str

    @property
    def key_path(self) -> str:
        return account_key_path(self.number)

    def address_path(self, index: int) -> str:
        return address_path(self.layout, self.number, index)

    def address(self, index: int) -> str:
        return derive_address(self.xpub, self.layout, index)


def check_layout(layout: str) -> str:
    if layout not in ETH_LAYOUTS:
        raise EthAccountError(f"unknown address layout {layout!r}; choose {' or '.join(ETH_LAYOUTS)}")
    return layout


def check_number(number: int, what: str = "account number") -> int:
    if not 0 <= number <= MAX_UNHARDENED:
        raise EthAccountError(f"the {what} must be in 0..{MAX_UNHARDENED}, got {number}")
    return number


def account_key_path(number: int) -> str:
    return f"m/44h/60h/{check_number(number)}h"


def address_path(layout: str, number: int, index: int) -> str:
    """Where address `index` of account `number` sits in `layout`."""
    check_number(index, "address index")
    if check_layout(layout) == LEDGER_LIVE and index != 0:
        raise EthAccountError("a Ledger Live layout account has one address, index 0")
    return f"{account_key_path(number)}/0/{index}"


def derive_address(xpub: str, layout: str, index: int) -> str:
    """The EIP-55 address of `index` derived from the account xpub by bip-utils (not the device)."""
    address_path(layout, 0, index)  # refuses an index the layout does not have
    try:
        node = Bip32Secp256k1.FromExtendedKey(xpub).ChildKey(0).ChildKey(index)
    except (Base58ChecksumError, Bip32KeyError, ValueError) as exc:
        raise EthAccountError(f"the stored account key cannot derive addresses ({exc})") from None
    return check_eip55(str(EthAddrEncoder.EncodeKey(node.PublicKey().KeyObject())))


def get_eth_account(store: Store, name: str) -> EthColdAccount | None:
    rows = store.query(f"SELECT {_COLUMNS} FROM eth_accounts WHERE name = ?", (name,))
    return _account(rows[0]) if rows else None


def list_eth_accounts(store: Store) -> list[EthColdAccount]:
    return [_account(r) for r in store.query(f"SELECT {_COLUMNS} FROM eth_accounts ORDER BY name")]


def add_eth_account(store: Store, account: EthColdAccount) -> EthColdAccount:
    """Save a new account in one transaction; a duplicate is refused with the existing name."""
    saved = replace(account, created_at=utc_now())
    with store.transaction() as db:
        _refuse_duplicate(db, saved)
        _refuse_foreign_addresses(db, saved)
        db.execute(
            f"INSERT INTO eth_accounts({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (saved.name, saved.fingerprint, saved.layout, saved.number, saved.xpub, saved.first_address,
             saved.created_at),
        )  # fmt: skip
    return saved


_COLUMNS = "name, fingerprint, layout, number, xpub, first_address, created_at"


def _account(row: sqlite3.Row) -> EthColdAccount:
    return EthColdAccount(
        str(row[0]), str(row[1]), str(row[2]), int(row[3]), str(row[4]), str(row[5]), str(row[6])
    )


def _refuse_duplicate(db: sqlite3.Connection, account: EthColdAccount) -> None:
    same = db.execute(
        "SELECT name FROM eth_accounts WHERE name = ? OR first_address = ? "
        "OR (fingerprint = ? AND layout = ? AND number = ?)",
        (account.name, account.first_address, account.fingerprint, account.layout, account.number),
    ).fetchone()
    if same is None:
        return
    if same[0] == account.name:
        raise EthAccountError(f"an Ethereum account named {account.name!r} already exists")
    raise EthAccountError(
        f"wallet {account.fingerprint}'s account at {account.key_path} ({account.first_address}) "
        f"is already the Ethereum account {same[0]!r}"
    )


def _refuse_foreign_addresses(db: sqlite3.Connection, account: EthColdAccount) -> None:
    """Addresses verified under this name before the account existed join it only if they are its own."""
    for address, path, fingerprint in db.execute(
        "SELECT address, path, fingerprint FROM verified_eth_addresses WHERE account = ?", (account.name,)
    ):
        if fingerprint != account.fingerprint or not _is_own(account, str(address), str(path)):
            raise EthAccountError(
                f"the name {account.name!r} already holds {address} ({path}, wallet {fingerprint}), "
                "which is not an address of this account; choose another name"
            )


def _is_own(account: EthColdAccount, address: str, path: str) -> bool:
    prefix = f"{account.key_path}/0/"
    if not path.startswith(prefix) or not path[len(prefix) :].isdigit():
        return False
    index = int(path[len(prefix) :])
    if account.layout == LEDGER_LIVE and index != 0:
        return False
    return account.address(index) == address


def next_index(store: Store, account: EthColdAccount) -> int:
    """The first address index after the account's verified ones (always 0 for Ledger Live)."""
    if account.layout == LEDGER_LIVE:
        return 0
    prefix = f"{account.key_path}/0/"
    used = [
        int(str(r[0])[len(prefix) :])
        for r in store.query("SELECT path FROM verified_eth_addresses WHERE account = ?", (account.name,))
        if str(r[0]).startswith(prefix) and str(r[0])[len(prefix) :].isdigit()
    ]
    return max(used, default=-1) + 1
