"""Create a cold account from a device, and verify one of its addresses on the device.

One implementation for `coldsplit cold create|verify` and the GUI's Cold storage page:

- create: the name is checked and must be new *before* the device is asked anything; the
  device gives its fingerprint, the account xpub (BIP44/49/84/86 path on the network in
  use) and its vendor; the key must be of the wallet the device reports; both address
  libraries must agree on the first receive address before the account is saved.
- verify: the address is derived first (both libraries) and announced, so the person
  knows what the device must show; the device shows it; only an address the person
  confirmed there is recorded (`record_verified_address` derives it again and moves the
  account's next receive index past it).

Each publishes what it changed (`AccountAdded`, `AddressVerified`) on the bus it is given,
so the GUI's pages that list accounts or withdrawal targets refresh themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.cold.accounts import (
    ColdAccount,
    ColdAccountError,
    VerifiedAddress,
    add_account,
    check_name,
    get_account,
    list_accounts,
    record_verified_address,
)
from app.events import NO_EVENTS, AccountAdded, AddressVerified, Publisher
from app.store import open_store
from app.usecases.devices import DeviceCalls
from wallet.addresses import DerivedAddress, derive_address
from wallet.descriptors import AccountDescriptor, account_from_key
from wallet.types import HARDENED, MAX_UNHARDENED, KeyPath, Network, ScriptType
from wallet.verify_address import confirm_on_device

_FAMILIES = {"OneKey": "onekey", "Trezor": "trezor"}  # DeviceInfo vendor → app.cold.accounts family


@dataclass(frozen=True)
class CreatedAccount:
    saved: ColdAccount
    account: AccountDescriptor
    first: DerivedAddress  # the first receive address, to be confirmed on the device before use


def check_new_account(db_path: Path, name: str, account_number: int = 0) -> str:
    """The cleaned name, refused if malformed or taken, before any device is asked."""
    cleaned = check_name(name)
    if not 0 <= account_number <= MAX_UNHARDENED:
        raise ColdAccountError(f"the account number must be between 0 and {MAX_UNHARDENED}")
    if db_path.exists():  # a missing store has no names yet; do not create one just to look
        with open_store(db_path) as store:
            if any(a.name == cleaned for a in list_accounts(store)):
                raise ColdAccountError(f"a cold account named {cleaned!r} already exists")
    return cleaned


def create_cold_account(
    db_path: Path,
    device: DeviceCalls,
    name: str,
    network: Network,
    kind: ScriptType = ScriptType.WPKH,
    account_number: int = 0,
    events: Publisher = NO_EVENTS,
) -> CreatedAccount:
    """Build the account from the device's xpub and save it (see the module docstring)."""
    cleaned = check_new_account(db_path, name, account_number)
    path = KeyPath((kind.purpose | HARDENED, network.coin_type | HARDENED, account_number | HARDENED))
    fingerprint, key, info = device(lambda w: (w.master_fingerprint(), w.get_xpub(path), w.info()))
    given = key.origin.fingerprint.hex() if key.origin else "of no origin"
    if key.origin is None or key.origin.fingerprint != fingerprint:
        raise ColdAccountError(
            f"the device gave a key of wallet {given} but says it is {fingerprint.hex()}; not saved"
        )
    account = account_from_key(key, network, kind)
    first = derive_address(account, False, 0)  # both libraries must agree before we save
    with open_store(db_path) as store:
        saved = add_account(store, cleaned, account, _FAMILIES.get(info.vendor.value, "other"))
    events.publish(AccountAdded(saved.name, "cold"))
    return CreatedAccount(saved, account, first)


def _ignore(_: DerivedAddress) -> None:
    return None


def _device_answer_suffices(_: DerivedAddress) -> bool:
    return True


def verify_address(
    db_path: Path,
    device: DeviceCalls,
    name: str,
    *,
    change: bool = False,
    index: int | None = None,
    announce: Callable[[DerivedAddress], None] = _ignore,
    matches: Callable[[DerivedAddress], bool] = _device_answer_suffices,
    events: Publisher = NO_EVENTS,
) -> VerifiedAddress:
    """Show an address of account `name` on the device (default: the next receive address,
    or change index 0) and record it once the person confirms it there.

    `matches` asks the person on the host, after the device answered, whether its screen
    showed exactly this address: for models whose address screen cannot refuse (OneKey
    Classic line: NO only shows a QR code), the device's answer alone proves nothing."""
    with open_store(db_path) as store:
        stored = get_account(store, name)
    chosen = index if index is not None else (0 if change else stored.next_index)
    if not 0 <= chosen <= MAX_UNHARDENED:
        raise ColdAccountError(f"the address index must be between 0 and {MAX_UNHARDENED}")
    account = stored.account()
    announce(derive_address(account, change, chosen))
    confirmed = device(lambda w: confirm_on_device(account, change, chosen, w))
    if not matches(confirmed.derived):
        raise ColdAccountError(
            "the address was not confirmed as matching the device's screen; nothing was recorded"
        )
    with open_store(db_path) as store:
        recorded = record_verified_address(store, stored.name, confirmed)
    events.publish(
        AddressVerified(recorded.account_name, recorded.address, recorded.path, recorded.verified_at)
    )
    return recorded
