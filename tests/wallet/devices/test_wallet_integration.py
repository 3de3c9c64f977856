"""The drivers are the PsbtSigner and AddressDisplayer the wallet layer expects (wallet.psbt, wallet.verify_address)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.wallet.conftest import EmulatorFactory
from tests.wallet.psbt_factory import Spend, build_psbt, external_address
from wallet.descriptors import build_account
from wallet.devices.base import HardwareWallet
from wallet.devices.registry import open_wallet
from wallet.devices.thread import DeviceThread
from wallet.devices.trezor_driver import SigningPath
from wallet.psbt.operations import finalize
from wallet.psbt.signing import PsbtSigner, review_for_signer, sign_reviewed
from wallet.types import Network, ScriptType
from wallet.verify_address import AddressDisplayer, confirm_on_device


def _as_protocols(wallet: HardwareWallet) -> tuple[PsbtSigner, AddressDisplayer]:
    return wallet, wallet  # mypy checks that a HardwareWallet satisfies both protocols


@pytest.mark.parametrize(
    ("identity", "path", "kind", "signing_path"),
    [
        ("onekey-pro", "m/84h/1h/0h", ScriptType.WPKH, SigningPath.HWI),
        ("onekey-classic", "m/86h/1h/0h", ScriptType.TR, SigningPath.TREZORLIB),
        ("trezor-t", "m/49h/1h/0h", ScriptType.SH_WPKH, SigningPath.TREZORLIB),
    ],
)
def test_device_confirms_an_account_address_and_signs_a_reviewed_psbt(
    make_emulator: EmulatorFactory,
    make_user: Any,
    device_thread: DeviceThread,
    identity: str,
    path: str,
    kind: ScriptType,
    signing_path: SigningPath,
) -> None:
    emulator = make_emulator(identity)
    wallet = device_thread.call(
        open_wallet, emulator.path, device_thread, Network.TESTNET, make_user(emulator), None, signing_path
    )
    signer, displayer = _as_protocols(wallet)
    key = device_thread.call(wallet.get_xpub, path)
    fingerprint = device_thread.call(wallet.master_fingerprint)
    account = build_account(key.to_base58(), fingerprint.hex(), path, Network.TESTNET, kind)

    confirmed = device_thread.call(confirm_on_device, account, False, 3, displayer)
    assert confirmed.fingerprint == fingerprint and confirmed.derived.path[-1] == 3

    psbt = build_psbt(
        [Spend(account, 0, 50_000)], [(external_address(Network.TESTNET), 30_000)], (account, 1, 19_000)
    )
    review = review_for_signer(psbt, fingerprint, accounts=(account,), network=Network.TESTNET)
    signed = device_thread.call(sign_reviewed, psbt, review, signer, fingerprint)
    assert signed.newly_signed_inputs == (0,)
    finalize(signed.psbt)  # every signature verified by rust-miniscript's interpreter
