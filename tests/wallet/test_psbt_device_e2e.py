"""End to end against the software device: review, sign on the device, finalize, extract.

The PSBT spends p2pkh, p2sh-p2wpkh, p2wpkh and p2tr coins of accounts built from the
device's own xpubs, with a change output. The device (emulator on loopback, driven
through trezorlib by the project's driver, confirmed through its DebugLink) signs;
every signature is then verified twice, by libsecp256k1 (coincurve) over this
project's BIP143/BIP341 messages and by rust-miniscript's interpreter (bdk's
finalizer) — neither shares code with the emulator — and the extracted transaction
is checked.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.cold.accounts import add_account, record_verified_address, withdrawal_targets
from app.store import open_store
from tests.wallet.conftest import ALL_FINGERPRINT, EmulatorFactory
from tests.wallet.devices.conftest import debuglink_peers, device_thread, make_user  # noqa: F401 (fixtures)
from tests.wallet.psbt_factory import Spend, build_psbt, external_address
from wallet.addresses import AddressMismatchError, derive_address
from wallet.descriptors import AccountDescriptor, build_account
from wallet.devices.base import HardwareWallet
from wallet.devices.registry import open_wallet
from wallet.devices.thread import DeviceThread
from wallet.devices.transport import Deadlines
from wallet.devices.trezor_driver import SigningPath
from wallet.psbt.codec import parse_transaction
from wallet.psbt.errors import PsbtRefused
from wallet.psbt.operations import extract, finalize, signature_problems
from wallet.psbt.review_model import Ownership
from wallet.psbt.signing import review_for_signer, sign_reviewed
from wallet.psbt.verify import verify_signatures
from wallet.types import Network, ScriptType
from wallet.verify_address import confirm_on_device

NET = Network.TESTNET
DEADLINES = Deadlines(reply_timeout=10, user_timeout=20)
Opened = Callable[..., HardwareWallet]


@pytest.fixture
def open_device(make_emulator: EmulatorFactory, make_user: Any, device_thread: DeviceThread) -> Opened:  # noqa: F811
    def opened(
        identity: str = "trezor-t", signing: SigningPath = SigningPath.HWI, **kwargs: Any
    ) -> HardwareWallet:
        emulator = make_emulator(identity, **kwargs)
        user = make_user(emulator)
        return device_thread.call(
            open_wallet, emulator.path, device_thread, Network.TESTNET, user, DEADLINES, signing
        )

    return opened


def _accounts_from_device(
    wallet: HardwareWallet, thread: DeviceThread
) -> dict[ScriptType, AccountDescriptor]:
    fingerprint = thread.call(wallet.master_fingerprint).hex()
    accounts = {}
    for kind in ScriptType:
        path = f"m/{kind.purpose}h/1h/0h"
        xpub = thread.call(wallet.get_xpub, path).to_base58()
        accounts[kind] = build_account(xpub, fingerprint, path, NET, kind)
    return accounts


@pytest.mark.parametrize(
    ("identity", "signing"), [("trezor-t", SigningPath.HWI), ("onekey-pro", SigningPath.TREZORLIB)]
)
def test_mixed_psbt_is_reviewed_signed_on_the_device_finalized_and_extracted(
    open_device: Opened,
    device_thread: DeviceThread,  # noqa: F811
    identity: str,
    signing: SigningPath,
) -> None:
    wallet = open_device(identity, signing)
    accounts = _accounts_from_device(wallet, device_thread)
    fingerprint = device_thread.call(wallet.master_fingerprint)
    assert fingerprint.hex() == ALL_FINGERPRINT
    spends = [Spend(accounts[kind], n, 120_000 + n) for n, kind in enumerate(ScriptType)]
    change = (accounts[ScriptType.WPKH], 7, 200_000)
    unsigned = build_psbt(spends, [(external_address(NET), 270_000)], change)
    review = review_for_signer(unsigned, fingerprint, accounts=tuple(accounts.values()))
    assert [i.ownership for i in review.inputs] == [Ownership.PROVEN] * 4
    assert review.outputs[1].role == "change" and review.outputs[1].path == "m/84h/1h/0h/1/7"
    signed = device_thread.call(sign_reviewed, unsigned, review, wallet, fingerprint)
    assert signed.newly_signed_inputs == (0, 1, 2, 3)
    checks = verify_signatures(signed.psbt)  # libsecp256k1 over our own BIP143/BIP341 messages
    assert [(c.input_index, c.valid) for c in checks] == [(0, True), (1, True), (2, True), (3, True)]
    assert signature_problems(signed.psbt) == {}  # and rust-miniscript's interpreter agrees
    raw = extract(finalize(signed.psbt))
    tx = parse_transaction(raw, allow_witness=True)
    expected = unsigned.unsigned_tx()
    assert [(i.txid, i.vout, i.sequence) for i in tx.inputs] == [
        (i.txid, i.vout, i.sequence) for i in expected.inputs
    ]
    assert tx.outputs == expected.outputs and tx.locktime == expected.locktime
    assert [bool(i.witness) for i in tx.inputs] == [False, True, True, True]


def test_a_device_holding_another_wallet_is_refused_before_signing(
    open_device: Opened,
    device_thread: DeviceThread,  # noqa: F811
) -> None:
    ours = open_device("trezor-t")
    accounts = _accounts_from_device(ours, device_thread)
    unsigned = build_psbt(
        [Spend(accounts[ScriptType.WPKH], 0, 90_000)], [(external_address(NET), 80_000)], None
    )
    other = open_device("trezor-one", mnemonic=" ".join(["abandon"] * 11 + ["about"]))
    other_fingerprint = device_thread.call(other.master_fingerprint)
    with pytest.raises(PsbtRefused, match="another passphrase"):
        review_for_signer(unsigned, other_fingerprint, accounts=(accounts[ScriptType.WPKH],))
    review = review_for_signer(unsigned, other_fingerprint)  # air-gapped: no account, only the device
    with pytest.raises(PsbtRefused, match="another wallet"):
        device_thread.call(sign_reviewed, unsigned, review, other, other_fingerprint)


def test_an_address_confirmed_on_the_device_becomes_a_withdrawal_target(
    open_device: Opened,
    device_thread: DeviceThread,  # noqa: F811
    data_dir: Path,
) -> None:
    wallet = open_device("onekey-classic")
    account = _accounts_from_device(wallet, device_thread)[ScriptType.TR]
    confirmed = device_thread.call(confirm_on_device, account, False, 4, wallet)
    assert confirmed.derived.address == derive_address(account, False, 4).address
    with open_store(data_dir / "coldsplit.sqlite3") as store:
        add_account(store, "vault", account, "onekey")
        record_verified_address(store, "vault", confirmed)
        assert [t.address for t in withdrawal_targets(store)] == [confirmed.derived.address]


def test_confirming_on_a_device_of_another_wallet_is_refused(
    open_device: Opened,
    device_thread: DeviceThread,  # noqa: F811
) -> None:
    account = _accounts_from_device(open_device("trezor-t"), device_thread)[ScriptType.WPKH]
    stranger = open_device("trezor-one", mnemonic=" ".join(["abandon"] * 11 + ["about"]))
    with pytest.raises(AddressMismatchError, match="another passphrase"):
        device_thread.call(confirm_on_device, account, False, 0, stranger)
