"""Verify an Ethereum cold address on the device and record it: one implementation for
`coldsplit eth-address verify` and the GUI, as app.usecases.cold_accounts is for Bitcoin.

An Ethereum account (`eth account create`, app.usecases.eth_accounts) fixes the wallet and
the path, and its xpub gives the address the device must show. Without one, the address
at m/44h/60h/0h/0/i is read silently, announced (what the screen must show),
then shown on the device. On models whose address screen cannot refuse (OneKey's Classic
line and Mini: NO only shows a QR code, app.cold.refusal) the device answering proves
nothing by itself, so `matches` asks the person on the host whether the screen showed
exactly this address; nothing is recorded unless it says yes, and nothing is recorded
when the host side was cancelled (the device call or the question raises first).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.advisor.ethereum import (
    ConfirmedEthAddress,
    EthereumAddressError,
    EthereumDisplayer,
    VerifiedEthAddress,
    confirm_eth_path_on_device,
    eth_path,
    record_eth_address,
)
from app.cold.accounts import check_name
from app.eth.accounts import EthAccountError, EthColdAccount, get_eth_account, next_index
from app.store import open_store
from app.usecases.devices import DeviceCalls


def _say_nothing(path: str, address: str) -> None:
    return None


def _device_answer_suffices(confirmed: ConfirmedEthAddress) -> bool:
    return True


def verify_eth_address(
    db_path: Path,
    device: DeviceCalls,
    account: str,
    index: int | None = None,
    *,
    announce: Callable[[str, str], None] = _say_nothing,
    matches: Callable[[ConfirmedEthAddress], bool] = _device_answer_suffices,
    layout: str | None = None,
) -> VerifiedEthAddress:
    """Show the address on the device and record it under `account` once confirmed.

    With an Ethereum account record of that name (`eth account create`) the path is the
    account's (default: its next address), the device must open the account's wallet, and
    the address it shows must be the one bip-utils derives from the account's xpub. Without
    one, address `index` (default 0) of `layout` (default bip44) as before accounts existed."""
    name = check_name(account)  # before the device is asked anything
    record = _account_record(db_path, name)
    if record is None:
        chosen = 0 if index is None else index
        path = eth_path(chosen, layout or "bip44")
        confirmed = device(lambda wallet: confirm_eth_path_on_device(path, wallet, announce))
    else:
        confirmed = _confirm_account_address(db_path, device, record, index, layout, announce)
    if not matches(confirmed):
        raise EthereumAddressError(
            "the address was not confirmed as matching the device's screen; nothing was recorded"
        )
    with open_store(db_path) as store:
        return record_eth_address(store, name, confirmed)


def _account_record(db_path: Path, name: str) -> EthColdAccount | None:
    if not db_path.exists():
        return None
    with open_store(db_path) as store:
        return get_eth_account(store, name)


def _confirm_account_address(
    db_path: Path,
    device: DeviceCalls,
    record: EthColdAccount,
    index: int | None,
    layout: str | None,
    announce: Callable[[str, str], None],
) -> ConfirmedEthAddress:
    if layout is not None and layout != record.layout:
        raise EthAccountError(
            f"the Ethereum account {record.name!r} uses the {record.layout} layout, not {layout}"
        )
    if index is None:
        with open_store(db_path) as store:
            index = next_index(store, record)
    path = record.address_path(index)
    expected = record.address(index)  # bip-utils, from the stored xpub: before the device is asked

    def checked(path_shown: str, address: str) -> None:  # after the silent read, before the screen
        if address != expected:
            raise EthAccountError(
                f"the device gives {address} at {path_shown}, but the account {record.name!r} derives "
                f"{expected} there; nothing was recorded"
            )
        announce(path_shown, address)

    def work(wallet: EthereumDisplayer) -> ConfirmedEthAddress:
        opened = wallet.master_fingerprint().hex()
        if opened != record.fingerprint:
            raise EthAccountError(
                f"the device opened wallet {opened}, but the account {record.name!r} belongs to "
                f"{record.fingerprint}; check the passphrase"
            )
        return confirm_eth_path_on_device(path, wallet, checked)

    return device(work)
