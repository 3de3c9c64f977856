"""Create an Ethereum cold account from the device: one implementation for
`coldsplit eth account create` and the GUI's Ethereum tab.

The name, layout and account number are checked, and the name must be free, before the device
is asked anything. The device then gives its root fingerprint, the extended public key of the
account node m/44h/60h/Nh (EthereumGetPublicKey, which must carry that fingerprint) and the
first address read silently (EthereumGetAddress). bip-utils derives the first address from
the xpub on its own; the two must be the same EIP-55 string, or nothing is saved. The account
is written in one store transaction; a duplicate (same name, same wallet/layout/number, or the
same first address) is refused, and so is a name that already holds verified addresses that
are not this account's. Showing an address on the screen is `eth account verify`'s job.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.advisor.ethereum import VerifiedEthAddress, check_eip55, eth_withdrawal_targets
from app.cold.accounts import check_name
from app.eth.accounts import (
    EthAccountError,
    EthColdAccount,
    account_key_path,
    add_eth_account,
    address_path,
    check_layout,
    derive_address,
    get_eth_account,
    list_eth_accounts,
)
from app.events import NO_EVENTS, AccountAdded, Publisher
from app.store import open_store
from app.usecases.devices import DeviceCalls
from wallet.devices.base import HardwareWallet
from wallet.types import MAX_UNHARDENED, ExtendedPublicKey


@dataclass(frozen=True)
class EthAccountListing:
    """An account and its device-verified addresses; `account` is None for addresses verified
    under a name before Ethereum accounts existed."""

    name: str
    account: EthColdAccount | None
    verified: list[VerifiedEthAddress]


@dataclass(frozen=True)
class NewEthAccount:
    """What the person asked for: the account's name, number N of m/44h/60h/Nh and layout."""

    name: str
    number: int
    layout: str


def read_new_eth_account(name: str, number_text: str, layout: str) -> NewEthAccount:
    """The GUI form's fields as an account to create, or one line saying what is wrong — before
    the device or the store is asked (whether the name is free is `check_new_eth_account`'s)."""
    cleaned = check_name(name)
    text = number_text.strip()
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_UNHARDENED:
        raise EthAccountError(
            f"the account number must be a whole number from 0 to {MAX_UNHARDENED}, got {number_text!r}"
        )
    return NewEthAccount(cleaned, int(text), check_layout(layout))


def check_new_eth_account(db_path: Path, name: str, number: int, layout: str) -> str:
    """The cleaned name, refused if malformed or taken, before the device is asked."""
    cleaned = check_name(name)
    check_layout(layout)
    account_key_path(number)
    if db_path.exists():  # a missing store has no names yet; do not create one just to look
        with open_store(db_path) as store:
            if get_eth_account(store, cleaned) is not None:
                raise EthAccountError(f"an Ethereum account named {cleaned!r} already exists")
    return cleaned


def _read_device(wallet: HardwareWallet, number: int, layout: str) -> tuple[bytes, ExtendedPublicKey, str]:
    fingerprint = wallet.master_fingerprint()
    key = wallet.get_ethereum_public_key(account_key_path(number))
    first = wallet.display_ethereum_address(address_path(layout, number, 0), False)
    return fingerprint, key, first


def create_eth_account(
    db_path: Path,
    device: DeviceCalls,
    name: str,
    number: int = 0,
    layout: str = "bip44",
    events: Publisher = NO_EVENTS,
) -> EthColdAccount:
    """Build the account from the device's Ethereum public key and save it (module docstring)."""
    cleaned = check_new_eth_account(db_path, name, number, layout)
    fingerprint, key, from_device = device(lambda wallet: _read_device(wallet, number, layout))
    if key.origin is None or key.origin.fingerprint != fingerprint:
        given = key.origin.fingerprint.hex() if key.origin else "of no origin"
        raise EthAccountError(
            f"the device gave a key of wallet {given} but says it is {fingerprint.hex()}; not saved"
        )
    xpub = key.to_base58()
    derived = derive_address(xpub, layout, 0)
    if check_eip55(from_device) != derived:
        raise EthAccountError(
            f"the device gives {from_device} at {address_path(layout, number, 0)}, but its public key "
            f"derives {derived}; not saved"
        )
    account = EthColdAccount(cleaned, fingerprint.hex(), layout, number, xpub, derived, "")
    with open_store(db_path) as store:
        saved = add_eth_account(store, account)
    events.publish(AccountAdded(saved.name, "cold"))
    return saved


def eth_accounts_of(db_path: Path, fingerprint: str) -> list[EthColdAccount]:
    """The stored Ethereum accounts of the wallet with this master fingerprint (hex), by name."""
    if not db_path.exists():
        return []
    with open_store(db_path) as store:
        return [a for a in list_eth_accounts(store) if a.fingerprint == fingerprint.lower()]


def eth_account_listing(db_path: Path, name: str | None = None) -> list[EthAccountListing]:
    """Every Ethereum account with its verified addresses, then the names that only have addresses."""
    if not db_path.exists():
        return []
    with open_store(db_path) as store:
        accounts = {a.name: a for a in list_eth_accounts(store)}
        targets = eth_withdrawal_targets(store)
    names = list(accounts) + sorted({t.account for t in targets} - set(accounts))
    listing = [
        EthAccountListing(n, accounts.get(n), [t for t in targets if t.account == n])
        for n in names
        if name is None or n == name
    ]
    if name is not None and not listing:
        raise EthAccountError(
            f"no Ethereum account named {name!r}; create one with `coldsplit eth account create`"
        )
    return listing
