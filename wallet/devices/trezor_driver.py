"""Trezor and OneKey through trezorlib 0.20.2 (protocol v1), on our guarded transports.

OneKey is accepted by handing trezorlib a OneKey `TrezorModel` and a mapping that
decodes OneKey's Features fields (wallet.devices.onekey). PSBTs are signed either by
HWI's Trezor client given a OneKey-aware model (`SigningPath.HWI`) or by converting
the PSBT to trezorlib's `btc.sign_tx` stream here (`SigningPath.TREZORLIB`).
"""

from __future__ import annotations

import base64
import contextlib
import enum
from collections.abc import Iterator, Sequence
from typing import Any, cast

from trezorlib import btc, ethereum, exceptions, messages, protocol_v1
from trezorlib.client import AppManifest, PassphraseSetting
from trezorlib.transport import Transport

from wallet.devices.base import DeviceInfo, FoundDevice, HardwareWallet, SignedMessage, VendorFamily
from wallet.devices.errors import (
    DeviceCancelled,
    DeviceError,
    DeviceNotConnected,
    NotInitialized,
    UnsupportedByFirmware,
    WrongPin,
)
from wallet.devices.eth import EthSignature, EthSignedMessage, EthTransaction
from wallet.devices.interaction import (
    PassphraseRequest,
    PinKind,
    PinRequest,
    UserInteraction,
    check_pin_positions,
)
from wallet.devices.onekey import (
    ALL_TREZOR_FAMILY_MODELS,
    ONEKEY_MAPPING,
    Identity,
    identify,
    is_onekey_usb,
)
from wallet.devices.prompts import Operation, Screens, button_notice, screens_of, signing_overview
from wallet.devices.thread import DeviceThread
from wallet.devices.transport import Deadlines, GuardedTransport, UdpLink, UsbLink
from wallet.types import ExtendedPublicKey, KeyOrigin, KeyPath, Network, ScriptType

PIN_ATTEMPTS = 3
# trezorlib's @workflow decorator hides the signatures from mypy; results are annotated at each call.
_btc = cast(Any, btc)
_ethereum = cast(Any, ethereum)
EMULATOR_PATHS = ("udp:127.0.0.1:21324", "udp:127.0.0.1:54935")

_INPUT_SCRIPT = {
    ScriptType.PKH: messages.InputScriptType.SPENDADDRESS,
    ScriptType.SH_WPKH: messages.InputScriptType.SPENDP2SHWITNESS,
    ScriptType.WPKH: messages.InputScriptType.SPENDWITNESS,
    ScriptType.TR: messages.InputScriptType.SPENDTAPROOT,
}
# Trezor firmware's coin names; signet uses the testnet coin.
_COIN = {
    Network.MAINNET: "Bitcoin",
    Network.TESTNET: "Testnet",
    Network.SIGNET: "Testnet",
    Network.REGTEST: "Regtest",
}
_PIN_KIND = {
    messages.PinMatrixRequestType.Current: PinKind.CURRENT,
    messages.PinMatrixRequestType.NewFirst: PinKind.NEW,
    messages.PinMatrixRequestType.NewSecond: PinKind.NEW_AGAIN,
}


class SigningPath(enum.Enum):
    HWI = "hwi"
    TREZORLIB = "trezorlib"


def open_link(path: str, deadlines: Deadlines) -> GuardedTransport:
    """A guarded transport for 'udp:HOST:PORT' or a trezorlib USB path ('webusb:…', 'hid:…')."""
    if path.startswith("udp:"):
        return UdpLink.from_path(path, deadlines)
    for inner in UsbLink.enumerate_inner(ALL_TREZOR_FAMILY_MODELS):
        if inner.get_path() == path:
            return UsbLink(inner, deadlines)
    raise DeviceNotConnected(f"no Trezor or OneKey at {path}")


class TrezorDriver(HardwareWallet):
    driver_name = "trezorlib"

    def __init__(
        self,
        path: str,
        device_thread: DeviceThread,
        network: Network,
        interaction: UserInteraction,
        deadlines: Deadlines | None = None,
        signing_path: SigningPath = SigningPath.HWI,
    ) -> None:
        super().__init__(path, device_thread, network)
        self.interaction = interaction
        self.deadlines = deadlines or Deadlines()
        self.signing_path = signing_path
        self._link: GuardedTransport | None = None
        self._client: protocol_v1.TrezorClientV1 | None = None
        self._session: protocol_v1.SessionV1 | None = None
        self._identity: Identity | None = None
        self._pin_attempt = 0
        self._host_passphrase = ""
        self._notice_shown = False
        self._passphrase_on_device = False
        self._usb_says_onekey = False
        self._operation = Operation.OTHER  # what the next ButtonRequest belongs to

    # ---- lifetime ----

    def _open(self) -> None:
        link = open_link(self.path, self.deadlines)
        link.open()
        self._link = link
        self.device_thread.add_cancel_hook(link.request_cancel)
        link.person_listener = self.device_thread.set_waiting_for_person
        if isinstance(link, UdpLink) and not link.is_alive():
            raise DeviceNotConnected(f"nothing answers at {self.path}; is the emulator running?")
        link.free_from_screen()  # before trezorlib's Cancel: a OneKey screen left open ignores it
        link.session_reset = False
        if not protocol_v1.probe(link):
            raise UnsupportedByFirmware("this device speaks the THP protocol, which is not supported yet")
        app = AppManifest(app_name="ColdSplit", button_callback=self._on_button, pin_callback=self._on_pin)
        # Features first with a model-less client: trezorlib's model check would refuse a OneKey.
        probe_client = protocol_v1.TrezorClientV1(app, link, model=None, mapping=ONEKEY_MAPPING)
        features = protocol_v1.SessionV1(probe_client, seedless=True).initialize()
        self._usb_says_onekey = _usb_says_onekey(link)
        self._identity = identify(features, self._usb_says_onekey)
        self._client = protocol_v1.TrezorClientV1(
            app, link, model=self._identity.model, mapping=ONEKEY_MAPPING
        )

    def _close(self) -> None:
        if self._link is not None:
            self.device_thread.remove_cancel_hook(self._link.request_cancel)
            self.device_thread.set_waiting_for_person(False)
            self._link.close()
        self._link = self._client = self._session = None

    def _request_cancel(self) -> None:
        if self._link is not None:
            self._link.request_cancel()

    def _operation_starting(self) -> None:
        if self._link is not None:
            self._link.settle_after_cancel()  # a late Cancel's own reply must not answer this one
            self._link.clear_cancel()  # a cancel clicked between operations must not abort this one
            if self._link.needs_freeing:  # the last wait was abandoned; its screen may still be up
                self._link.free_from_screen()
                self._link.session_reset = False
                self._session = None

    def _operation_finished(self) -> None:
        if self._link is not None:
            self.device_thread.set_waiting_for_person(False)
            if self._link.session_reset:  # freed with a bare Initialize: open a session anew
                self._link.session_reset = False
                self._session = None
        if self._notice_shown:
            self._notice_shown = False
            self.interaction.device_done()

    # ---- callbacks from trezorlib (on the device thread) ----

    def _on_button(self, request: messages.ButtonRequest) -> None:
        assert self._link is not None
        code = request.code if request.code is not None else messages.ButtonRequestType.Other
        self._notice_shown = True
        try:
            self.interaction.confirm_on_device(button_notice(code, self._operation, self._screens))
        except DeviceCancelled:
            self._link.request_cancel()

    @property
    def _screens(self) -> Screens:
        """The family of confirmation screens the open device draws."""
        return screens_of(self._identity.device_type if self._identity is not None else None)

    def _on_pin(self, request: messages.PinMatrixRequest) -> str:
        self._pin_attempt += 1
        kind = _PIN_KIND.get(request.type, PinKind.CURRENT) if request.type is not None else PinKind.CURRENT
        try:
            pin = self.interaction.get_pin(PinRequest(kind=kind, attempt=self._pin_attempt))
        except DeviceCancelled:
            raise exceptions.Cancelled from None
        return check_pin_positions(pin)

    # ---- sessions ----

    def _require_client(self) -> protocol_v1.TrezorClientV1:
        if self._client is None:
            raise DeviceNotConnected("the device is not open")
        return self._client

    def unlock_session(self) -> protocol_v1.SessionV1:
        """Unlock with the PIN (retrying a wrong one) and open the passphrase wallet once."""
        if self._session is not None and not self._session.is_invalid:
            return self._session
        trezor = self._require_client()
        if not trezor.features.initialized:
            raise NotInitialized()
        self._pin_attempt = 0
        for attempt in range(1, PIN_ATTEMPTS + 1):
            try:
                trezor.ensure_unlocked()
                break
            except (exceptions.PinException, exceptions.TrezorFailure) as exc:
                on_device_wrong = isinstance(exc, exceptions.TrezorFailure) and (
                    exc.code == messages.FailureType.PinInvalid
                )
                if not (on_device_wrong or isinstance(exc, exceptions.PinException)):
                    raise
                if attempt == PIN_ATTEMPTS:
                    raise WrongPin(
                        f"wrong PIN {PIN_ATTEMPTS} times; the device now delays each try"
                    ) from None
        self._session = trezor.get_session(passphrase=self._choose_passphrase(trezor.features))
        return self._session

    def _choose_passphrase(self, features: messages.Features) -> str | PassphraseSetting:
        if not features.passphrase_protection:
            return PassphraseSetting.STANDARD_WALLET
        on_device = messages.Capability.PassphraseEntry in (features.capabilities or [])
        answer = self.interaction.get_passphrase(PassphraseRequest(on_device_possible=on_device))
        if answer.on_device and on_device:
            self._passphrase_on_device = True
            return PassphraseSetting.ON_DEVICE
        self._host_passphrase = answer.text
        return answer.text

    # ---- the interface ----

    def _master_fingerprint(self) -> bytes:
        return self.unlock_session().get_root_fingerprint()

    def _info(self) -> DeviceInfo:
        trezor = self._require_client()
        features = trezor.refresh_features()
        identity = identify(features, self._usb_says_onekey)
        fingerprint = self._session.get_root_fingerprint().hex() if self._session is not None else None
        return DeviceInfo(
            path=self.path,
            driver=self.driver_name,
            vendor=VendorFamily.ONEKEY if identity.is_onekey else VendorFamily.TREZOR,
            model=identity.product,
            label=features.label,
            fingerprint=fingerprint,
            firmware_version=identity.firmware_version,
            initialized=bool(features.initialized),
            pin_protection=bool(features.pin_protection),
            unlocked=features.unlocked is not False,
            passphrase_protection=bool(features.passphrase_protection),
            passphrase_on_device=messages.Capability.PassphraseEntry in (features.capabilities or []),
        )

    def _get_xpub(self, path: tuple[int, ...]) -> ExtendedPublicKey:
        session = self.unlock_session()
        node: messages.PublicKey = _btc.get_public_node(session, list(path), coin_name=_COIN[self.network])
        origin = KeyOrigin(session.get_root_fingerprint(), KeyPath(path))
        return ExtendedPublicKey.parse(node.xpub).with_origin(origin)

    @contextlib.contextmanager
    def _running(self, operation: Operation) -> Iterator[None]:
        """ButtonRequests meanwhile belong to `operation` (the notice depends on it)."""
        self._operation = operation
        try:
            yield
        finally:
            self._operation = Operation.OTHER

    def _display_address(self, path: tuple[int, ...], script_type: ScriptType, show: bool) -> str:
        session = self.unlock_session()
        script = _INPUT_SCRIPT[script_type]
        with self._running(Operation.SHOW_ADDRESS):
            result: messages.Address = _btc.get_authenticated_address(
                session, _COIN[self.network], list(path), show_display=show, script_type=script
            )
        return str(result.address)

    def _display_ethereum_address(self, path: tuple[int, ...], show: bool) -> str:
        # trezorlib's ethereum module: EthereumGetAddress, the address shown on the screen.
        return str(ethereum.get_address(self.unlock_session(), list(path), show_display=show))

    def _get_ethereum_public_key(self, path: tuple[int, ...]) -> ExtendedPublicKey:
        session = self.unlock_session()
        node: messages.EthereumPublicKey = _ethereum.get_public_node(session, list(path))
        origin = KeyOrigin(session.get_root_fingerprint(), KeyPath(path))
        return ExtendedPublicKey.parse(node.xpub).with_origin(origin)

    def _sign_eth_tx(self, path: tuple[int, ...], tx: EthTransaction) -> EthSignature:
        session = self.unlock_session()
        common: dict[str, Any] = {
            "n": list(path),
            "nonce": tx.nonce,
            "gas_limit": tx.gas_limit,
            "to": tx.to,
            "value": tx.value,
            "data": tx.data,
            "chain_id": tx.chain_id,
        }
        with self._running(Operation.SIGN_TX):
            if tx.is_eip1559:
                access = [
                    messages.EthereumAccessList(address=e.address, storage_keys=list(e.storage_keys))
                    for e in tx.access_list
                ]
                v, r, s = _ethereum.sign_tx_eip1559(
                    session,
                    **common,
                    max_gas_fee=tx.max_fee_per_gas,
                    max_priority_fee=tx.max_priority_fee_per_gas,
                    access_list=access,
                )
            else:
                v, r, s = _ethereum.sign_tx(session, **common, gas_price=tx.gas_price)
        return EthSignature(int(v), bytes(r), bytes(s))

    def _sign_eth_message(self, path: tuple[int, ...], message: bytes) -> EthSignedMessage:
        session = self.unlock_session()
        with self._running(Operation.SIGN_MESSAGE):
            signed: messages.EthereumMessageSignature = _ethereum.sign_message(session, list(path), message)
        return EthSignedMessage(str(signed.address), bytes(signed.signature))

    def _sign_message(self, path: tuple[int, ...], message: bytes, script_type: ScriptType) -> SignedMessage:
        session = self.unlock_session()
        with self._running(Operation.SIGN_MESSAGE):
            signed: messages.MessageSignature = _btc.sign_message(
                session, _COIN[self.network], list(path), message, _INPUT_SCRIPT[script_type]
            )
        return SignedMessage(str(signed.address), base64.b64encode(signed.signature).decode())

    def _sign_psbt(self, psbt_base64: str) -> str:
        session = self.unlock_session()
        # HWI opens a session of its own and can only be handed a host passphrase; a wallet
        # opened by typing on the device is signed through our own session instead.
        if self.signing_path is SigningPath.TREZORLIB or self._passphrase_on_device:
            from wallet.devices.psbt_signtx import sign_psbt_with_trezorlib

            with self._running(Operation.SIGN_TX):
                return sign_psbt_with_trezorlib(session, _COIN[self.network], self.network, psbt_base64)
        return self._sign_psbt_with_hwi(session, psbt_base64)

    def _sign_psbt_with_hwi(self, session: protocol_v1.SessionV1, psbt_base64: str) -> str:
        from wallet.devices.hwi_trezor import sign_with_hwi_trezor

        assert self._identity is not None
        # HWI answers the device's ButtonRequests itself and tells us nothing: say up front
        # which screens the person will go through (including OneKey Classic's silent ones).
        self._notice_shown = True
        self.interaction.confirm_on_device(signing_overview(self._screens))
        try:
            return sign_with_hwi_trezor(
                self.path,
                psbt_base64,
                network=self.network,
                onekey=self._identity.is_onekey,
                features_model=self._require_client().features.model,
                passphrase=self._host_passphrase,
            )
        finally:
            # HWI left its own session active on the device; resume ours (same id, same wallet).
            # A cancel asked for meanwhile could not reach HWI's transport; drop it.
            if self._link is not None:
                self._link.clear_cancel()
            with contextlib.suppress(DeviceError, exceptions.TrezorException):
                session.initialize()


def _usb_says_onekey(link: GuardedTransport) -> bool:
    facts = link.usb_facts() if isinstance(link, UsbLink) else None
    return facts is not None and is_onekey_usb(*facts)


def enumerate_trezor_family(
    deadlines: Deadlines, udp_paths: Sequence[str] = EMULATOR_PATHS
) -> list[FoundDevice]:
    """USB devices of every Trezor and OneKey model, plus emulators answering on `udp_paths`."""
    found: list[FoundDevice] = []
    candidates: list[Transport] = []
    for path in udp_paths:
        link = UdpLink.from_path(path, deadlines)
        link.open()
        try:
            if link.is_alive():
                candidates.append(link)
        finally:
            link.close()
    candidates.extend(UsbLink.enumerate_inner(ALL_TREZOR_FAMILY_MODELS))
    for transport in candidates:
        found.append(_describe(transport, deadlines))
    return found


def _describe(transport: Transport, deadlines: Deadlines) -> FoundDevice:
    link = transport if isinstance(transport, GuardedTransport) else UsbLink(transport, deadlines)
    path = link.get_path()
    try:
        link.open()
        try:
            probe_client = protocol_v1.TrezorClientV1(
                AppManifest(app_name="ColdSplit"), link, model=None, mapping=ONEKEY_MAPPING
            )
            link.free_from_screen()
            protocol_v1.probe(link)
            features = protocol_v1.SessionV1(probe_client, seedless=True).initialize()
        finally:
            link.close()
    except Exception as exc:
        from wallet.devices.errors import translate

        vendor = VendorFamily.ONEKEY if _usb_says_onekey(link) else VendorFamily.TREZOR
        return FoundDevice(path, TrezorDriver.driver_name, vendor, "unknown", error=str(translate(exc)))
    identity = identify(features, _usb_says_onekey(link))
    return FoundDevice(
        path=path,
        driver=TrezorDriver.driver_name,
        vendor=VendorFamily.ONEKEY if identity.is_onekey else VendorFamily.TREZOR,
        model=identity.product,
        label=features.label,
        needs_pin=bool(features.pin_protection) and features.unlocked is False,
    )
