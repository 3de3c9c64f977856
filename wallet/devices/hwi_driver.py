"""Every other vendor HWI supports (Ledger, Coldcard, BitBox02, Jade, KeepKey, …) via hwilib.

Paths are `hwi:<type>:<hwi path>` (e.g. `hwi:ledger:/dev/hidraw3`,
`hwi:trezor:udp:127.0.0.1:21324`), so a path alone says which driver opens it. HWI's
own transports have no read deadline we can reach; the device thread's call deadline
covers them. Cancel is on the device only (HWI has no wire cancel).
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any, cast

from wallet.devices.base import DeviceInfo, FoundDevice, HardwareWallet, SignedMessage, VendorFamily
from wallet.devices.errors import BadDeviceRequest, DeviceNotConnected, UnsupportedByFirmware
from wallet.devices.thread import DeviceThread
from wallet.types import ExtendedPublicKey, KeyOrigin, KeyPath, Network, ScriptType, format_path

if TYPE_CHECKING:
    from hwilib.hwwclient import HardwareWalletClient

PATH_PREFIX = "hwi:"
_FAMILY = {
    "ledger": VendorFamily.LEDGER,
    "coldcard": VendorFamily.COLDCARD,
    "bitbox02": VendorFamily.BITBOX,
    "digitalbitbox": VendorFamily.BITBOX,
    "jade": VendorFamily.JADE,
    "keepkey": VendorFamily.KEEPKEY,
    "trezor": VendorFamily.TREZOR,
    "onekey": VendorFamily.ONEKEY,
}
_HWI_CHAIN = {Network.MAINNET: 0, Network.TESTNET: 1, Network.SIGNET: 1, Network.REGTEST: 2}
_ADDRESS_TYPE = {ScriptType.PKH: 1, ScriptType.WPKH: 2, ScriptType.SH_WPKH: 3, ScriptType.TR: 4}


def address_from_pubkey(pubkey: bytes, script_type: ScriptType, network: Network) -> str:
    """Single-key address encodings by bip-utils (BIP86 tweak included for tr)."""
    from bip_utils import P2PKHAddrEncoder, P2SHAddrEncoder, P2TRAddrEncoder, P2WPKHAddrEncoder

    p2pkh, p2sh, hrp = network.p2pkh_version, network.p2sh_version, network.bech32_hrp
    if script_type is ScriptType.PKH:
        return str(P2PKHAddrEncoder.EncodeKey(pubkey, net_ver=p2pkh))
    if script_type is ScriptType.SH_WPKH:
        return str(P2SHAddrEncoder.EncodeKey(pubkey, net_ver=p2sh))
    if script_type is ScriptType.WPKH:
        return str(P2WPKHAddrEncoder.EncodeKey(pubkey, hrp=hrp))
    return str(P2TRAddrEncoder.EncodeKey(pubkey, hrp=hrp))


def split_path(path: str) -> tuple[str, str]:
    """'hwi:ledger:/dev/hidraw3' → ('ledger', '/dev/hidraw3')."""
    device_type, _, hwi_path = path.removeprefix(PATH_PREFIX).partition(":")
    if not path.startswith(PATH_PREFIX) or not device_type or not hwi_path:
        raise BadDeviceRequest(f"an HWI device path looks like hwi:ledger:/dev/hidraw3, not {path!r}")
    return device_type, hwi_path


class HwiDriver(HardwareWallet):
    driver_name = "hwi"

    def __init__(
        self, path: str, device_thread: DeviceThread, network: Network, passphrase: str = ""
    ) -> None:
        super().__init__(path, device_thread, network)
        self.device_type, self.hwi_path = split_path(path)
        self._passphrase = passphrase
        self._hwi: HardwareWalletClient | None = None
        self._fingerprint: bytes | None = None

    def _open(self) -> None:
        from hwilib import commands
        from hwilib.common import Chain as HwiChain

        if self.device_type == "trezor":
            from wallet.devices.hwi_trezor import hwi_trezor_client

            # HWI's get_client only finds emulators on the default port; name ours explicitly.
            self._hwi = hwi_trezor_client(self.hwi_path, self.network, False, None, self._passphrase)
        else:
            self._hwi = commands.get_client(
                self.device_type, self.hwi_path, self._passphrase, chain=HwiChain(_HWI_CHAIN[self.network])
            )
        if self._hwi is None:
            raise DeviceNotConnected(f"HWI found no {self.device_type} at {self.hwi_path}")

    def _close(self) -> None:
        if self._hwi is not None:
            self._hwi.close()
        self._hwi = None

    @property
    def _client(self) -> HardwareWalletClient:
        if self._hwi is None:
            raise DeviceNotConnected("the device is not open")
        return self._hwi

    def _request_cancel(self) -> None:
        return None  # HWI offers no wire cancel; the user cancels on the device itself

    def _master_fingerprint(self) -> bytes:
        if self._fingerprint is None:
            self._fingerprint = bytes(self._client.get_master_fingerprint())
        return self._fingerprint

    def _info(self) -> DeviceInfo:
        features = getattr(getattr(self._client, "client", None), "features", None)
        version = (
            f"{features.major_version}.{features.minor_version}.{features.patch_version}"
            if features
            else "unknown"
        )
        return DeviceInfo(
            path=self.path,
            driver=self.driver_name,
            vendor=_FAMILY.get(self.device_type, VendorFamily.OTHER),
            model=f"{self.device_type} {features.model}" if features else self.device_type,
            label=getattr(features, "label", None),
            fingerprint=self._master_fingerprint().hex(),
            firmware_version=version,
            initialized=bool(getattr(features, "initialized", True)),
            pin_protection=bool(getattr(features, "pin_protection", False)),
            unlocked=getattr(features, "unlocked", True) is not False,
            passphrase_protection=bool(getattr(features, "passphrase_protection", False)),
            passphrase_on_device=False,
        )

    def _get_xpub(self, path: tuple[int, ...]) -> ExtendedPublicKey:
        extended = self._client.get_pubkey_at_path(format_path(path))
        origin = KeyOrigin(self._master_fingerprint(), KeyPath(path))
        return ExtendedPublicKey.parse(str(extended.to_string())).with_origin(origin)

    def _display_address(self, path: tuple[int, ...], script_type: ScriptType, show: bool) -> str:
        if show:
            from hwilib.common import AddressType

            return str(
                self._client.display_singlesig_address(
                    format_path(path), AddressType(_ADDRESS_TYPE[script_type])
                )
            )
        return self._derive_address(path, script_type)

    def _derive_address(self, path: tuple[int, ...], script_type: ScriptType) -> str:
        """The address from the device's public key, without showing it (HWI always shows)."""
        pubkey = bytes(self._client.get_pubkey_at_path(format_path(path)).pubkey)
        return address_from_pubkey(pubkey, script_type, self.network)

    def _sign_psbt(self, psbt_base64: str) -> str:
        from hwilib.psbt import PSBT

        psbt = PSBT()
        psbt.deserialize(psbt_base64)
        return str(self._client.sign_tx(psbt).serialize())

    def _sign_message(self, path: tuple[int, ...], message: bytes, script_type: ScriptType) -> SignedMessage:
        if self.device_type in ("trezor", "keepkey"):
            signature = self._sign_message_trezor_family(path, message, script_type)
        elif script_type is ScriptType.PKH:
            signature = str(self._client.sign_message(message, format_path(path)))
        else:
            # HWI's generic sign_message always uses the legacy p2pkh header (BIP137)
            raise UnsupportedByFirmware(
                "through HWI this device signs messages for legacy pkh addresses only"
            )
        return SignedMessage(self._derive_address(path, script_type), signature)

    def _sign_message_trezor_family(
        self, path: tuple[int, ...], message: bytes, script_type: ScriptType
    ) -> str:
        """HWI's Trezor client hard-codes p2pkh, which firmware refuses on segwit paths."""
        from hwilib.devices.trezor import TrezorClient
        from hwilib.devices.trezorlib import btc as hwi_btc
        from hwilib.devices.trezorlib import messages as hwi_messages

        hwi = self._client
        assert isinstance(hwi, TrezorClient)  # only called for trezor-family types
        hwi._check_unlocked()
        kinds = {
            ScriptType.PKH: hwi_messages.InputScriptType.SPENDADDRESS,
            ScriptType.SH_WPKH: hwi_messages.InputScriptType.SPENDP2SHWITNESS,
            ScriptType.WPKH: hwi_messages.InputScriptType.SPENDWITNESS,
            ScriptType.TR: hwi_messages.InputScriptType.SPENDTAPROOT,
        }
        result = cast(Any, hwi_btc).sign_message(
            hwi.client, hwi.coin_name, list(path), message, script_type=kinds[script_type]
        )
        return base64.b64encode(result.signature).decode()


def enumerate_hwi(
    network: Network,
    skip_types: frozenset[str] = frozenset({"trezor", "onekey"}),
    allow_emulators: bool = True,
) -> list[FoundDevice]:
    """Devices HWI sees, except the families the trezorlib driver already lists."""
    from hwilib import commands
    from hwilib.common import Chain as HwiChain

    found = []
    for entry in commands.enumerate(chain=HwiChain(_HWI_CHAIN[network]), allow_emulators=allow_emulators):
        device_type = str(entry.get("type", ""))
        if device_type in skip_types:
            continue
        found.append(
            FoundDevice(
                path=f"{PATH_PREFIX}{device_type}:{entry.get('path', '')}",
                driver=HwiDriver.driver_name,
                vendor=_FAMILY.get(device_type, VendorFamily.OTHER),
                model=str(entry.get("model", device_type)),
                label=entry.get("label"),
                fingerprint=entry.get("fingerprint"),
                needs_pin=bool(entry.get("needs_pin_sent", False)),
                error=entry.get("error"),
            )
        )
    return found
