"""PSBT signing for Trezor and OneKey through HWI's Trezor client.

HWI's own Trezor client converts the PSBT to the SignTx stream and back. It refuses a
OneKey unless handed a model whose vendors include "onekey.so", and finds USB devices
and emulators only among the ids and the UDP address it is given; all three are
passed here, so HWI itself stays unmodified.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from wallet.devices.onekey import ONEKEY_USB_IDS, hwi_model
from wallet.types import Network

if TYPE_CHECKING:
    from hwilib.devices.trezor import TrezorClient

_HWI_CHAIN = {
    Network.MAINNET: 0,
    Network.TESTNET: 1,
    Network.SIGNET: 1,
    Network.REGTEST: 2,
}  # hwilib.common.Chain values


def hwi_trezor_client(
    path: str, network: Network, onekey: bool, features_model: str | None, passphrase: str
) -> TrezorClient:
    from hwilib.common import Chain as HwiChain
    from hwilib.devices import trezor as hwi_trezor

    sim_path = path.removeprefix("udp:") if path.startswith("udp:") else hwi_trezor.SIMULATOR_PATH
    return hwi_trezor.TrezorClient(
        path,
        password=passphrase,
        chain=HwiChain(_HWI_CHAIN[network]),
        hid_ids=set(hwi_trezor.HID_IDS) | ({(0x1209, 0x4F4B)} if onekey else set()),
        webusb_ids=set(hwi_trezor.WEBUSB_IDS) | (set(ONEKEY_USB_IDS) if onekey else set()),
        sim_path=sim_path,
        model=hwi_model(features_model) if onekey else None,
    )


def sign_with_hwi_trezor(
    path: str,
    psbt_base64: str,
    *,
    network: Network,
    onekey: bool,
    features_model: str | None,
    passphrase: str,
) -> str:
    """Sign with HWI's client; returns the signed PSBT (base64). The input string is not touched."""
    from hwilib.psbt import PSBT

    psbt = PSBT()
    psbt.deserialize(psbt_base64)
    hwi = hwi_trezor_client(path, network, onekey, features_model, passphrase)
    try:
        signed = hwi.sign_tx(psbt)
        return str(signed.serialize())
    finally:
        hwi.close()
