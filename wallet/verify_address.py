"""Confirming a receive address on the device screen before anyone sends coins to it.

The address is first derived by both libraries (`wallet.addresses`); then the device
derives it from its own seed and shows it. Only when all three agree is the address
returned as confirmed — the caller records it (address, path, fingerprint, time),
and only recorded addresses may become withdrawal targets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from wallet.addresses import AddressMismatchError, DerivedAddress, derive_address
from wallet.descriptors import AccountDescriptor
from wallet.types import KeyPath, ScriptType


class AddressDisplayer(Protocol):
    """Shows the address at a path on a trusted screen and returns what it showed."""

    def master_fingerprint(self) -> bytes: ...

    def display_address(self, path: KeyPath, script_type: ScriptType, show: bool = True) -> str: ...


@dataclass(frozen=True)
class ConfirmedAddress:
    derived: DerivedAddress
    fingerprint: bytes


def confirm_on_device(
    account: AccountDescriptor, change: bool, index: int, displayer: AddressDisplayer
) -> ConfirmedAddress:
    """Derive (two libraries), show on the device, and return the address if all three agree."""
    fingerprint = displayer.master_fingerprint()
    if fingerprint != account.fingerprint:
        raise AddressMismatchError(
            f"the device's wallet is {fingerprint.hex()}, not the account's {account.fingerprint_hex} "
            "(another device, or another passphrase?)"
        )
    derived = derive_address(account, change, index)
    shown = displayer.display_address(derived.path, account.kind, True)
    if shown != derived.address:
        raise AddressMismatchError(
            f"the device shows {shown} at {derived.path_text}, but the account derives {derived.address}; "
            "do not use either"
        )
    return ConfirmedAddress(derived, fingerprint)


if TYPE_CHECKING:
    from wallet.devices.base import HardwareWallet

    def _every_hardware_wallet_displays_addresses(wallet: HardwareWallet) -> AddressDisplayer:
        return wallet  # mypy proves the device layer fits this interface
