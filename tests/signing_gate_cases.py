"""The PSBTs and the hostile device behind the signing-gate tests of the CLI and the GUI.

Every PSBT spends coins of the "all" seed — the software device's and the demo's — so
the device would sign each of them if asked: what refuses them is the gate (issue 18:
F1 another network, F2 change past the gap limit, F3 fake change, F14 invalid amounts; and
an unusual sighash).
`OtherTransactionSigner` is a real driver on the real software device that signs another
transaction than the one it was handed (issue 17: the GUI accepted its result).
"""

from __future__ import annotations

from tests.wallet.psbt_factory import (
    ACCOUNTS,
    ALL_FINGERPRINT,
    CHANGE_INDEX,
    NET,
    OTHER_MASTER,
    Spend,
    account_for,
    build_psbt,
    change_map_for,
    external_address,
)
from wallet.devices.base import HardwareWallet
from wallet.devices.interaction import UserInteraction
from wallet.devices.thread import DeviceThread
from wallet.devices.transport import Deadlines
from wallet.devices.trezor_driver import SigningPath, TrezorDriver
from wallet.psbt.codec import Transaction, TxOut
from wallet.psbt.fields import G, I
from wallet.psbt.model import Psbt, Record, load_psbt
from wallet.psbt.review import MAX_MONEY
from wallet.types import Network, ScriptType

FAR_CHANGE_INDEX = 999_999  # F2: the device itself refuses only 2^31-1


def with_output(psbt: Psbt, index: int, txout: TxOut) -> Psbt:
    """`psbt` (version 0) with output `index` of its transaction replaced."""
    tx = psbt.unsigned_tx()
    outputs = list(tx.outputs)
    outputs[index] = txout
    changed = Transaction(tx.version, tx.inputs, tuple(outputs), tx.locktime)
    psbt.global_map.remove(G.UNSIGNED_TX)
    psbt.global_map.records.append(Record(G.UNSIGNED_TX, b"", changed.serialize(with_witness=False)))
    return Psbt.parse(psbt.serialize())


def _spend(network: Network, change_index: int = CHANGE_INDEX) -> Psbt:
    """One p2wpkh coin of the "all" seed on `network`: 0.0025 to another wallet, 0.0014 change."""
    ours = account_for(ScriptType.WPKH, network)
    return build_psbt(
        [Spend(ours, 0, 400_000)], [(external_address(network), 250_000)], (ours, change_index, 140_000)
    )


def mainnet_spend() -> Psbt:
    """F1: a spend of the device's mainnet coins, to be refused where testnet is in use."""
    return _spend(Network.MAINNET)


def far_change_spend() -> Psbt:
    """F2: change at m/84h/1h/0h/1/999999, which the watch-only wallet would never find."""
    return _spend(NET, FAR_CHANGE_INDEX)


def fake_change_spend() -> Psbt:
    """F3: another wallet's output labelled with our fingerprint and a change path."""
    impostor = account_for(ScriptType.WPKH, NET, OTHER_MASTER)
    psbt = build_psbt(
        [Spend(ACCOUNTS[ScriptType.WPKH], 0, 400_000)],
        [(external_address(NET), 250_000)],
        (impostor, CHANGE_INDEX, 140_000),
    )
    psbt.outputs[1] = change_map_for(impostor, CHANGE_INDEX, fingerprint=ALL_FINGERPRINT)
    return psbt


def negative_output_spend() -> Psbt:
    """F14: an output of -1 sat (the fee grows by one sat: nothing else blocks)."""
    psbt = _spend(NET)
    return with_output(psbt, 0, TxOut(-1, psbt.unsigned_tx().outputs[0].script))


def huge_output_spend() -> Psbt:
    """F14: an output above 21,000,000 BTC."""
    psbt = _spend(NET)
    return with_output(psbt, 0, TxOut(MAX_MONEY + 1, psbt.unsigned_tx().outputs[0].script))


def anyonecanpay_spend() -> Psbt:
    """SIGHASH_SINGLE|ANYONECANPAY on our input: others could change the rest of the transaction."""
    psbt = _spend(NET)
    psbt.inputs[0].put(I.SIGHASH_TYPE, (0x83).to_bytes(4, "little"))
    return psbt


def good_spend() -> Psbt:
    return _spend(NET)


def another_transaction(psbt_base64: str) -> str:
    """The same coins spent otherwise: 1,000 sat less to the first output."""
    psbt = load_psbt(psbt_base64)
    first = psbt.unsigned_tx().outputs[0]
    return with_output(psbt, 0, TxOut(first.amount - 1_000, first.script)).to_base64()


class OtherTransactionSigner(TrezorDriver):
    """A hostile device: signs, with its real keys, another transaction than the one it got."""

    def _sign_psbt(self, psbt_base64: str) -> str:
        return super()._sign_psbt(another_transaction(psbt_base64))


def open_hostile_wallet(
    path: str,
    device_thread: DeviceThread,
    chain: Network,
    interaction: UserInteraction,
    deadlines: Deadlines | None = None,
    signing_path: SigningPath = SigningPath.HWI,
    hwi_passphrase: str = "",
) -> HardwareWallet:
    """`wallet.devices.registry.open_wallet`'s shape, opening `OtherTransactionSigner` instead."""
    wallet = OtherTransactionSigner(path, device_thread, chain, interaction, deadlines, signing_path)
    wallet.open()
    return wallet
