"""Verify an Ethereum cold address on the device and record it: one implementation for
`coldsplit eth-address verify` and the GUI, as app.usecases.cold_accounts is for Bitcoin.

The address at m/44h/60h/0h/0/i is read silently, announced (what the screen must show),
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
    VerifiedEthAddress,
    confirm_eth_on_device,
    eth_path,
    record_eth_address,
)
from app.cold.accounts import check_name
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
    index: int = 0,
    *,
    announce: Callable[[str, str], None] = _say_nothing,
    matches: Callable[[ConfirmedEthAddress], bool] = _device_answer_suffices,
    layout: str = "bip44",
) -> VerifiedEthAddress:
    """Show the address on the device and record it under `account` once confirmed."""
    name = check_name(account)  # before the device is asked anything
    eth_path(index, layout)
    confirmed = device(lambda wallet: confirm_eth_on_device(index, wallet, announce, layout))
    if not matches(confirmed):
        raise EthereumAddressError(
            "the address was not confirmed as matching the device's screen; nothing was recorded"
        )
    with open_store(db_path) as store:
        return record_eth_address(store, name, confirmed)
