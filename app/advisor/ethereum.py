"""Device-verified Ethereum cold addresses, for long-term ETH and ERC-20 stablecoins.

The address at m/44h/60h/0h/0/i (the path Trezor and OneKey use for Ethereum) comes from
the device itself through the device layer (trezorlib's ethereum module): read once
silently, then shown on the device screen for the user to confirm. Both reads must
agree and the address must carry a valid EIP-55 checksum (bip-utils checks it);
only then is it recorded, with the device's master fingerprint and the time, like the
Bitcoin ones. An Ethereum account record (app.eth.accounts, `coldsplit eth account create`)
adds a second source: its account xpub, from which bip-utils derives the address the
device must show.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from bip_utils import EthAddrDecoder

from app.cold.accounts import check_name
from app.errors import UserError
from app.store.database import Store, utc_now
from wallet.types import MAX_UNHARDENED

ETH_PATH = "m/44h/60h/0h/0/{index}"
# Ledger Live's layout: one account per hardened index, each at its own /0/0.
LEDGER_LIVE_PATH = "m/44h/60h/{index}h/0/0"
ETH_LAYOUTS = {"bip44": ETH_PATH, "ledger-live": LEDGER_LIVE_PATH}


class EthereumAddressError(UserError):
    """The device's Ethereum address cannot be trusted or recorded."""


class EthereumDisplayer(Protocol):
    """Shows the Ethereum address at a path on a trusted screen (wallet.devices.base.HardwareWallet)."""

    def master_fingerprint(self) -> bytes: ...

    def display_ethereum_address(self, path: str, show: bool = True) -> str: ...


@dataclass(frozen=True)
class ConfirmedEthAddress:
    address: str
    path: str
    fingerprint: bytes


@dataclass(frozen=True)
class VerifiedEthAddress:
    account: str
    address: str
    path: str
    fingerprint: str
    verified_at: str


def eth_path(index: int, layout: str = "bip44") -> str:
    """The path of address `index`: m/44h/60h/0h/0/i (Trezor, OneKey, MetaMask) or, with
    layout "ledger-live", m/44h/60h/ih/0/0."""
    if layout not in ETH_LAYOUTS:
        raise EthereumAddressError(f"unknown address layout {layout!r}; choose {' or '.join(ETH_LAYOUTS)}")
    if not 0 <= index <= MAX_UNHARDENED:
        raise EthereumAddressError(f"address index must be in 0..{MAX_UNHARDENED}, got {index}")
    return ETH_LAYOUTS[layout].format(index=index)


def check_eip55(address: str) -> str:
    """The address if it is 0x + 40 hex digits with a correct EIP-55 mixed-case checksum."""
    try:
        EthAddrDecoder.DecodeAddr(address)
    except ValueError as exc:
        raise EthereumAddressError(f"{address!r} is not a checksummed Ethereum address ({exc})") from None
    return address


def _say_nothing(path: str, address: str) -> None:
    return None


def confirm_eth_on_device(
    index: int,
    displayer: EthereumDisplayer,
    announce: Callable[[str, str], None] = _say_nothing,
    layout: str = "bip44",
) -> ConfirmedEthAddress:
    """Read the address silently, tell the person what the screen must show (`announce(path,
    address)`), then show it on the device; return it if both reads agree.

    The device answering the shown read proves the person pressed YES only on models whose
    address screen can refuse; see app.usecases.eth_addresses for the host-side check."""
    return confirm_eth_path_on_device(eth_path(index, layout), displayer, announce)


def confirm_eth_path_on_device(
    path: str, displayer: EthereumDisplayer, announce: Callable[[str, str], None] = _say_nothing
) -> ConfirmedEthAddress:
    """`confirm_eth_on_device` for a path already chosen (an Ethereum account's address)."""
    fingerprint = displayer.master_fingerprint()
    silent = displayer.display_ethereum_address(path, False)
    announce(path, check_eip55(silent))
    shown = displayer.display_ethereum_address(path, True)
    if shown != silent:
        raise EthereumAddressError(
            f"the device answered {silent} and then showed {shown} at {path}; do not use either"
        )
    return ConfirmedEthAddress(check_eip55(shown), path, fingerprint)


def record_eth_address(store: Store, account: str, confirmed: ConfirmedEthAddress) -> VerifiedEthAddress:
    """Record a device-confirmed address under a cold account name (e.g. "OneKey ETH")."""
    name = check_name(account)
    check_eip55(confirmed.address)
    verified_at = utc_now()
    with store.transaction() as db:
        db.execute(
            "INSERT INTO verified_eth_addresses(account, address, path, fingerprint, verified_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(address) DO UPDATE SET verified_at = excluded.verified_at",
            (name, confirmed.address, confirmed.path, confirmed.fingerprint.hex(), verified_at),
        )
    return VerifiedEthAddress(
        name, confirmed.address, confirmed.path, confirmed.fingerprint.hex(), verified_at
    )


def eth_withdrawal_targets(store: Store) -> list[VerifiedEthAddress]:
    rows = store.query(
        "SELECT account, address, path, fingerprint, verified_at FROM verified_eth_addresses "
        "ORDER BY account, verified_at, id"
    )
    return [VerifiedEthAddress(*(str(value) for value in row)) for row in rows]


def is_eth_withdrawal_target(store: Store, address: str) -> bool:
    # Compared exactly: the checksummed form is what the device showed.
    return bool(store.query("SELECT 1 FROM verified_eth_addresses WHERE address = ?", (address.strip(),)))


if TYPE_CHECKING:
    from wallet.devices.base import HardwareWallet

    def _every_hardware_wallet_shows_ethereum_addresses(wallet: HardwareWallet) -> EthereumDisplayer:
        return wallet  # mypy proves the device layer fits this interface
