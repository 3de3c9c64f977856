"""ColdSplit sends a OneKey only messages whose type number means the same message there.

OneKey has message types of its own, and some numbers mean another message in trezorlib
(16 SetBusy / FirmwareErase_ex, 32 SelfTest, 37 TxAckPaymentRequest, 902-904 Bixin and
reboot messages; issue 21, item 8). The flows ColdSplit runs (read, show address, sign a
message, show the Ethereum address, sign a PSBT, PIN and passphrase answers) are recorded
at the software device and checked against the numbers in OneKey's messages.proto, which
are the same in OneKeyHQ/firmware classic/v3.6.0, branches mini and touch,
firmware-classic1s master d4d9fab and firmware-pro v4.20.0.
"""

from __future__ import annotations

import io

import pytest
from trezorlib import messages, protobuf

from tests.wallet.conftest import ALL_MNEMONIC
from tests.wallet.devices.test_contract import _spend
from wallet.devices.interaction import TerminalInteraction
from wallet.devices.registry import open_wallet
from wallet.devices.thread import DeviceThread
from wallet.devices.trezor_driver import SigningPath
from wallet.emulator.emulator import Emulator
from wallet.psbt.model import load_psbt
from wallet.types import Network, ScriptType

# OneKey's MessageType numbers for what a host sends (common/protob/messages.proto).
ONEKEY_HOST_MESSAGES = {
    0: "Initialize",
    11: "GetPublicKey",
    15: "SignTx",
    19: "PinMatrixAck",
    20: "Cancel",
    22: "TxAck",
    27: "ButtonAck",
    28: "ApplyFlags",
    29: "GetAddress",
    38: "SignMessage",
    39: "VerifyMessage",
    42: "PassphraseAck",
    55: "GetFeatures",
    56: "EthereumGetAddress",
}
MEAN_OTHER_THINGS_ON_ONEKEY = {16, 32, 37, 902, 903, 904}


def test_the_table_agrees_with_trezorlibs_names() -> None:
    for number, name in ONEKEY_HOST_MESSAGES.items():
        assert messages.MessageType(number).name == name
    assert not MEAN_OTHER_THINGS_ON_ONEKEY & set(ONEKEY_HOST_MESSAGES)


@pytest.mark.parametrize("signing", [SigningPath.TREZORLIB, SigningPath.HWI])
def test_every_message_coldsplit_sends_a_onekey_means_the_same_there(signing: SigningPath) -> None:
    sent: set[int] = set()
    with (
        Emulator("onekey-classic", port=0, mnemonic=ALL_MNEMONIC, confirm="auto") as emulator,
        DeviceThread(name="wire-types") as thread,
    ):
        handle = emulator.device.handle

        def record(msg: protobuf.MessageType) -> list[protobuf.MessageType]:
            wire_type = msg.MESSAGE_WIRE_TYPE
            sent.add(-1 if wire_type is None else wire_type)
            return handle(msg)

        emulator.device.handle = record  # type: ignore[method-assign]
        user = TerminalInteraction(out=io.StringIO())
        wallet = thread.call(open_wallet, emulator.path, thread, Network.TESTNET, user, None, signing)
        thread.call(wallet.info)
        thread.call(wallet.display_address, "m/84h/1h/0h/0/0", ScriptType.WPKH, True)
        thread.call(wallet.sign_message, "m/84h/1h/0h/0/0", b"ColdSplit", ScriptType.WPKH)
        thread.call(wallet.display_ethereum_address, "m/44h/60h/0h/0/0", True)
        thread.call(wallet.sign_psbt, load_psbt(_spend(wallet, thread, ScriptType.WPKH)))
        thread.call(wallet.close)
    assert sent and sent <= set(ONEKEY_HOST_MESSAGES), sorted(sent - set(ONEKEY_HOST_MESSAGES))
