"""The device as the GUI sees it: its prompts, its drawn screen (demo), and the work queued on
its thread. Plain data and protocols only, like `app.services.ports`, which hands the factory
to the window; the device service (app.services.device_service) implements them.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Protocol, TypeVar

from app.services.eth_ports import EthColdAccountRow

_T = TypeVar("_T")


@dataclass(frozen=True)
class DeviceScreen:
    """What the (software) device shows while it waits for a decision.

    `request_id` names this screen: a button pressed for it acts on this screen only, never
    on a later one."""

    title: str
    lines: tuple[str, ...]
    is_entry: bool = False
    secret: bool = False
    default: str = ""
    request_id: int = 0


@dataclass(frozen=True)
class ScreenAnswer:
    accepted: bool
    text: str | None = None


# Where a drawn device button goes: (the request_id of the screen it was pressed on, answer).
ScreenPress = Callable[[int, ScreenAnswer], None]


class ScreenHandler(Protocol):
    """The GUI's drawing of the software device (demo mode)."""

    def show(self, screen: DeviceScreen | None) -> None:
        """What the device shows now (None: nothing to confirm). Called on the software
        device's own thread; returns at once, since the device keeps serving its wire."""
        ...

    def attach(self, press: ScreenPress) -> None:
        """Where the drawn buttons send the person's answers."""
        ...


# ---- the device, as the GUI sees it ----


# What to compare with the device's screen, as (what, value) pairs; `what` is one of
# "address", "path", "pay", "change", "fee" (the GUI names each in the user's language).
CompareLines = tuple[tuple[str, str], ...]


class DevicePrompts(Protocol):
    """How a device asks the person; called on the device thread, answered on the GUI thread.

    `None` from an ask means the person cancelled.
    """

    def ask_pin(self, attempt: int, kind: str) -> str | None: ...

    def ask_passphrase(self, on_device_possible: bool) -> tuple[str, bool] | None:
        """(text, on_device) — on_device True leaves the typing to the device."""
        ...

    def show_confirm(self, action: str, detail: str, compare: CompareLines) -> None:
        """The device waits for its person: `action` is the ButtonRequest's code name, `compare`
        what the person must find on the device screen (empty when nothing to compare)."""
        ...

    def hide_confirm(self) -> None: ...

    def ask_match(self, address: str, path: str) -> bool:
        """Did the device's screen show exactly this address? (asked after the device answered,
        for models whose address screen cannot refuse); False also when the person closes it."""
        ...


@dataclass(frozen=True)
class DeviceSummary:
    vendor: str
    model: str
    label: str
    fingerprint: str
    firmware: str
    path: str


@dataclass(frozen=True)
class DeviceChoice:
    """One connected device the person can pick, as enumeration lists it (not yet opened)."""

    vendor: str  # vendor family: "Trezor", "OneKey", …
    model: str
    label: str
    path: str


@dataclass(frozen=True)
class ColdAccountRow:
    name: str
    network: str
    kind: str
    fingerprint: str
    descriptor: str
    next_index: int


@dataclass(frozen=True)
class AddressRow:
    account: str
    address: str
    path: str
    verified_at: str


class DeviceActions(Protocol):
    """The device service as work queued on the device thread sees it: these methods block
    until the device answers, so only work given to `DeviceQueue.run` calls them."""

    def device_choices(self) -> list[DeviceChoice]:
        """The connected devices to pick among; empty when the service is bound to one device."""
        ...

    def choose_device(self, path: str) -> None:
        """Use the device at `path` from now on (closing another one that is open)."""
        ...

    def connect(self) -> DeviceSummary: ...

    def create_cold_account(self, name: str) -> ColdAccountRow: ...

    def verify_next_address(self, account: str) -> AddressRow: ...

    def create_eth_account(self, name: str, number: int = 0, layout: str = "bip44") -> EthColdAccountRow:
        """The device's Ethereum account `number` ("bip44" or "ledger-live" layout), saved once its
        first address is derived twice (device and bip-utils); `verify_eth_address` then shows
        its addresses."""
        ...

    def eth_accounts(self) -> list[EthColdAccountRow]:
        """The stored Ethereum accounts of the connected wallet (by its fingerprint), by name."""
        ...

    def verify_eth_address(self, account: str, index: int | None = None) -> AddressRow:
        """Show an Ethereum address on the device (the account's next one, or m/44h/60h/0h/0/index
        for a name without an Ethereum account); record it if confirmed."""
        ...

    def cold_accounts(self) -> list[ColdAccountRow]: ...

    def withdrawal_targets(self) -> list[AddressRow]:
        """Every device-verified address: Bitcoin's, then Ethereum's (an address starting 0x)."""
        ...

    def sign_psbt(self, psbt_base64: str) -> str: ...

    def sign_eth_transfer(self, review: object) -> object:
        """Sign a reviewed Ethereum transfer (EthSendReview.handle) through app.usecases.eth_send;
        the signed transfer, checked, for EthWallet.broadcast."""
        ...

    def cancel(self) -> None:
        """Ask the device to abort what it waits for (callable from any thread)."""
        ...

    def close(self) -> None: ...


class DeviceQueue(Protocol):
    """What the GUI holds of the device: the way onto its thread, and cancel/close."""

    def run(self, work: Callable[[DeviceActions], _T]) -> Future[_T]:
        """Queue `work` on the device thread (it gets the service); the Future settles with its
        result or its error (device errors as one-line `UserError`s). Returns at once."""
        ...

    def cancel(self) -> None:
        """Ask the device to abort what it waits for (callable from any thread)."""
        ...

    def close(self) -> None: ...


class GuiDevice(DeviceActions, DeviceQueue, Protocol):
    """The device service itself: its own queue, and the actions work on it calls."""


DeviceFactory = Callable[[DevicePrompts, ScreenHandler | None], DeviceQueue]
