"""The `HardwareWallet` interface every driver implements, and the values it returns.

Public methods are final: each checks it runs on the device thread, then calls the
driver's protected hook and translates any vendor exception into the project's error
tree. A driver only writes the hooks, so no driver can forget either rule.
"""

from __future__ import annotations

import enum
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, TypeVar

from wallet.devices.errors import BadDeviceRequest, DeviceError, UnsupportedByFirmware, translate
from wallet.devices.eth import (
    EthSignature,
    EthSignedMessage,
    EthTransaction,
    message_signer,
    require_signer,
    transaction_signer,
)
from wallet.devices.thread import DeviceThread
from wallet.types import ExtendedPublicKey, KeyInputError, KeyPath, Network, ScriptType

if TYPE_CHECKING:
    from wallet.psbt.model import Psbt

_T = TypeVar("_T")


class VendorFamily(enum.Enum):
    ONEKEY = "OneKey"
    TREZOR = "Trezor"
    LEDGER = "Ledger"
    COLDCARD = "Coldcard"
    BITBOX = "BitBox"
    JADE = "Jade"
    KEEPKEY = "KeepKey"
    OTHER = "Other"


def key_path(path: KeyPath | str) -> KeyPath:
    """A path given as text must start with ``m/``; a bad one is a refused device request."""
    if isinstance(path, KeyPath):
        return path
    try:
        return KeyPath.parse(path, require_root=True)
    except KeyInputError as exc:
        raise BadDeviceRequest(str(exc)) from None


@dataclass(frozen=True)
class FoundDevice:
    """One device seen by enumeration, before it is opened."""

    path: str
    driver: str
    vendor: VendorFamily
    model: str
    label: str | None = None
    fingerprint: str | None = None
    needs_pin: bool = False
    error: str | None = None


@dataclass(frozen=True)
class DeviceInfo:
    path: str
    driver: str
    vendor: VendorFamily
    model: str
    label: str | None
    fingerprint: str | None
    firmware_version: str
    initialized: bool
    pin_protection: bool
    unlocked: bool
    passphrase_protection: bool
    passphrase_on_device: bool

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "driver": self.driver,
            "vendor": self.vendor.value,
            "model": self.model,
            "label": self.label,
            "fingerprint": self.fingerprint,
            "firmware_version": self.firmware_version,
            "initialized": self.initialized,
            "pin_protection": self.pin_protection,
            "unlocked": self.unlocked,
            "passphrase_protection": self.passphrase_protection,
            "passphrase_on_device": self.passphrase_on_device,
        }


@dataclass(frozen=True)
class SignedMessage:
    address: str
    signature_base64: str


class HardwareWallet(ABC):
    """An opened hardware wallet. Every method must run on `device_thread`."""

    driver_name: ClassVar[str]

    def __init__(self, path: str, device_thread: DeviceThread, network: Network) -> None:
        self.path = path
        self.network = network
        self.device_thread = device_thread

    # ---- the interface: final, guarded, translated ----

    def open(self) -> None:
        try:
            self._guarded(self._open)
        except DeviceError:
            self._guarded(self._close)  # release the half-opened link and its cancel hook
            raise

    def close(self) -> None:
        self._guarded(self._close)

    def info(self) -> DeviceInfo:
        return self._guarded(self._info)

    def get_xpub(self, path: KeyPath | str) -> ExtendedPublicKey:
        numbers = key_path(path)
        return self._guarded(lambda: self._get_xpub(numbers))

    def display_address(self, path: KeyPath | str, script_type: ScriptType, show: bool = True) -> str:
        numbers = key_path(path)
        return self._guarded(lambda: self._display_address(numbers, script_type, show))

    def display_ethereum_address(self, path: KeyPath | str, show: bool = True) -> str:
        """The Ethereum address (EIP-55) at `path`, shown on the device screen when `show`."""
        numbers = key_path(path)
        return self._guarded(lambda: self._display_ethereum_address(numbers, show))

    def get_eth_address(self, path: KeyPath | str, show: bool = False) -> str:
        return self.display_ethereum_address(path, show)

    def get_ethereum_public_key(self, path: KeyPath | str) -> ExtendedPublicKey:
        """The extended public key at `path` from the device's Ethereum app (EthereumGetPublicKey),
        with its origin (the device's root fingerprint and `path`)."""
        numbers = key_path(path)
        return self._guarded(lambda: self._get_ethereum_public_key(numbers))

    def sign_eth_tx(self, path: KeyPath | str, tx: EthTransaction) -> EthSignature:
        """Sign an EIP-1559 or legacy (EIP-155) transaction; the signature is checked to come
        from the device's own address at `path` over this very transaction."""
        numbers = key_path(path)
        tx.validate()

        def work() -> EthSignature:
            signature = self._sign_eth_tx(numbers, tx)
            own = self._display_ethereum_address(numbers, False)
            require_signer(transaction_signer(tx, signature), own, "transaction")
            return signature

        return self._guarded(work)

    def sign_eth_message(self, path: KeyPath | str, message: bytes) -> EthSignedMessage:
        """An EIP-191 personal-message signature, checked to recover the device's address."""
        numbers = key_path(path)

        def work() -> EthSignedMessage:
            signed = self._sign_eth_message(numbers, message)
            require_signer(message_signer(message, signed.signature), signed.address, "message")
            return signed

        return self._guarded(work)

    def sign_psbt(self, psbt: Psbt, account_fingerprint: bytes | None = None) -> str:
        """Sign what this device can sign; returns a new PSBT (base64), the input is untouched.

        `psbt` is a PSBT our strict parser (`wallet.psbt.model`) accepted: the driver and its
        libraries (hwilib, trezorlib) are handed only our own serialisation of it, never the
        bytes a person supplied, so no second parser ever reads user input. With
        `account_fingerprint`, refuse (`WrongPassphraseWallet`) if the device opened a
        different wallet, e.g. because another passphrase was typed.
        """
        ours = psbt.to_base64()

        def work() -> str:
            if account_fingerprint is not None:
                self._require_fingerprint(account_fingerprint)
            return self._sign_psbt(ours)

        return self._guarded(work)

    def sign_message(self, path: KeyPath | str, message: bytes, script_type: ScriptType) -> SignedMessage:
        numbers = key_path(path)
        return self._guarded(lambda: self._sign_message(numbers, message, script_type))

    def master_fingerprint(self) -> bytes:
        return self._guarded(self._master_fingerprint)

    def request_cancel(self) -> None:
        """Ask the device to abort what it does now. Safe from any thread."""
        self._request_cancel()

    # ---- hooks for drivers ----

    @abstractmethod
    def _open(self) -> None: ...

    @abstractmethod
    def _close(self) -> None: ...

    @abstractmethod
    def _info(self) -> DeviceInfo: ...

    @abstractmethod
    def _master_fingerprint(self) -> bytes: ...

    @abstractmethod
    def _get_xpub(self, path: KeyPath) -> ExtendedPublicKey: ...

    @abstractmethod
    def _display_address(self, path: KeyPath, script_type: ScriptType, show: bool) -> str: ...

    def _display_ethereum_address(self, path: KeyPath, show: bool) -> str:
        """Drivers whose devices run the Ethereum app override this; the others refuse."""
        raise UnsupportedByFirmware(f"{self.driver_name} cannot show Ethereum addresses")

    def _get_ethereum_public_key(self, path: KeyPath) -> ExtendedPublicKey:
        raise UnsupportedByFirmware(f"{self.driver_name} cannot give Ethereum public keys")

    def _sign_eth_tx(self, path: KeyPath, tx: EthTransaction) -> EthSignature:
        raise UnsupportedByFirmware(f"{self.driver_name} cannot sign Ethereum transactions")

    def _sign_eth_message(self, path: KeyPath, message: bytes) -> EthSignedMessage:
        raise UnsupportedByFirmware(f"{self.driver_name} cannot sign Ethereum messages")

    @abstractmethod
    def _sign_psbt(self, psbt_base64: str) -> str: ...

    @abstractmethod
    def _sign_message(self, path: KeyPath, message: bytes, script_type: ScriptType) -> SignedMessage: ...

    @abstractmethod
    def _request_cancel(self) -> None: ...

    # ---- shared plumbing ----

    def _require_fingerprint(self, expected: bytes) -> None:
        from wallet.devices.errors import WrongPassphraseWallet

        actual = self._master_fingerprint()
        if actual != expected:
            raise WrongPassphraseWallet(
                f"the device opened wallet {actual.hex()}, but the account belongs to {expected.hex()};"
                " check the passphrase"
            )

    def _guarded(self, work: Callable[[], _T]) -> _T:
        self.device_thread.check_current()
        self._operation_starting()
        try:
            return work()
        except DeviceError:
            raise
        except Exception as exc:
            raise translate(exc) from exc
        finally:
            self._operation_finished()

    def _operation_starting(self) -> None:
        """Called before every operation (e.g. to forget a cancel meant for an earlier one)."""
        return None

    def _operation_finished(self) -> None:
        """Called after every operation, failed or not (e.g. to dismiss a "confirm" notice)."""
        return None
