"""The GUI's device service: one device thread, an opened wallet, cold accounts in the store.

Every device call runs on the app's `DeviceThread`: the GUI queues its work there with
`run` (a Future comes back, turned into a signal by ui.operations.DeviceOp), so inside that
work these blocking methods run on the device thread itself and no other thread waits. The
device is opened, and PSBTs are signed, by the same rule and the same use cases as the
CLI's (app.usecases), which publish what they change on the window's event bus. The
person is asked through `DevicePrompts` (adapted here to the drivers' `UserInteraction`), and device errors
become `DeviceServiceError` (a `UserError`) so the GUI shows their one-line message.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import TypeVar

from app.advisor.ethereum import ConfirmedEthAddress, eth_withdrawal_targets
from app.cold.accounts import (
    ColdAccount,
    list_accounts,
    withdrawal_targets,
)
from app.cold.refusal import Refusal, refusal_for
from app.eth.accounts import EthColdAccount
from app.events import NO_EVENTS, Publisher
from app.services.device_ports import (
    AddressRow,
    ColdAccountRow,
    CompareLines,
    DeviceActions,
    DeviceChoice,
    DevicePrompts,
    DeviceSummary,
)
from app.services.device_queue import GUI_DEVICE_THREAD, as_service_error, queue_on_device
from app.services.device_queue import DeviceServiceError as DeviceServiceError
from app.services.eth_ports import EthColdAccountRow
from app.store import open_store
from app.usecases.cold_accounts import check_new_account, create_cold_account, verify_address
from app.usecases.devices import open_device_wallet
from app.usecases.eth_accounts import eth_accounts_of
from app.usecases.eth_addresses import verify_eth_address
from app.usecases.psbt import SignRequest, accounts_in_use, sign_psbt
from wallet.addresses import AddressMismatchError, DerivedAddress
from wallet.devices.base import FoundDevice, HardwareWallet
from wallet.devices.errors import DeviceCancelled, DeviceError, DeviceGone
from wallet.devices.interaction import (
    ConfirmNotice,
    PassphraseAnswer,
    PassphraseRequest,
    PinRequest,
    check_pin_positions,
)
from wallet.devices.registry import enumerate_devices
from wallet.devices.thread import DeviceThread
from wallet.devices.trezor_driver import EMULATOR_PATHS
from wallet.psbt.errors import PsbtError
from wallet.psbt.model import load_psbt
from wallet.psbt.review_model import PsbtReview
from wallet.types import Network

log = logging.getLogger(__name__)
_T = TypeVar("_T")


class PromptInteraction:
    """The drivers' `UserInteraction`, answered by the GUI's prompts."""

    def __init__(self, prompts: DevicePrompts) -> None:
        self._prompts = prompts
        self.compare: CompareLines = ()
        """What the current operation asks the person to compare (set by the service)."""

    def get_pin(self, request: PinRequest) -> str:
        pin = self._prompts.ask_pin(request.attempt, request.kind.value)
        if pin is None:
            raise DeviceCancelled("PIN entry cancelled")
        return check_pin_positions(pin)

    def get_passphrase(self, request: PassphraseRequest) -> PassphraseAnswer:
        answer = self._prompts.ask_passphrase(request.on_device_possible)
        if answer is None:
            raise DeviceCancelled("passphrase entry cancelled")
        text, on_device = answer
        return PassphraseAnswer(text="" if on_device else text, on_device=on_device)

    def confirm_on_device(self, notice: ConfirmNotice) -> None:
        self._prompts.show_confirm(notice.action, notice.detail, self.compare)

    def device_done(self) -> None:
        self._prompts.hide_confirm()


def _eth_row(saved: EthColdAccount) -> EthColdAccountRow:
    first_path = saved.address_path(0)
    return EthColdAccountRow(
        saved.name, saved.fingerprint, saved.layout, saved.key_path, saved.first_address, first_path
    )


def _row(account: ColdAccount) -> ColdAccountRow:
    return ColdAccountRow(
        name=account.name,
        network=account.network.value,
        kind=account.account().kind.value,
        fingerprint=account.fingerprint,
        descriptor=account.descriptor,
        next_index=account.next_index,
    )


class GuiDeviceService:
    """One device opened on demand and kept open: a fixed path (demo, tests), the one the
    person chose among several (remembered for the session), or the only one connected.
    `udp_paths` and `include_hwi` say where enumeration looks (emulator ports, HWI)."""

    def __init__(
        self,
        db_path: Path,
        network: Network,
        prompts: DevicePrompts,
        device_path: str | None = None,
        on_close: Callable[[], None] | None = None,
        udp_paths: Sequence[str] = EMULATOR_PATHS,
        include_hwi: bool = True,
        device_thread: DeviceThread | None = None,
        events: Publisher = NO_EVENTS,
    ) -> None:
        self._db_path = db_path
        self._network = network
        self._chain = network
        self._interaction = PromptInteraction(prompts)
        self._prompts = prompts
        self._device_path = device_path
        self._fixed_path = device_path is not None
        self._udp_paths = tuple(udp_paths)
        self._include_hwi = include_hwi
        self._on_close = on_close
        self._thread = device_thread or DeviceThread(name=GUI_DEVICE_THREAD)
        self._events = events
        self._wallet: HardwareWallet | None = None

    # ---- plumbing ----

    def _call(self, action: Callable[[HardwareWallet], _T]) -> _T:
        try:
            return self._thread.call(lambda: action(self._opened()))
        except DeviceError as exc:
            if isinstance(exc, DeviceGone):
                # stopped answering or gone: close the link (freeing a screen a timed-out wait
                # left up), so nothing of this request can act later; the next call reopens.
                self._close_wallet()
            raise as_service_error(exc) from exc
        except AddressMismatchError as exc:
            raise DeviceServiceError(str(exc)) from exc

    def _opened(self) -> HardwareWallet:
        """The open wallet (runs on the device thread)."""
        if self._wallet is None:
            path = self._device_path or self._only_device()
            self._wallet = open_device_wallet(path, self._thread, self._chain, self._interaction)
        return self._wallet

    def _usable_devices(self) -> list[FoundDevice]:
        """Enumeration's devices that answered (runs on the device thread)."""
        listed = enumerate_devices(
            self._thread, self._chain, udp_paths=self._udp_paths, include_hwi=self._include_hwi
        )
        return [d for d in listed if d.error is None]

    def _only_device(self) -> str:
        found = self._usable_devices()
        if len(found) != 1:
            what = (
                "no hardware wallet found"
                if not found
                else "several devices found; choose one on the Cold storage page"
            )
            raise DeviceServiceError(what)
        return found[0].path

    # ---- DeviceActions ----

    def run(self, work: Callable[[DeviceActions], _T]) -> Future[_T]:
        """Queue `work` (given this service) on the device thread; see app.services.device_queue."""
        return queue_on_device(self._thread, lambda: work(self))

    def device_choices(self) -> list[DeviceChoice]:
        if self._fixed_path:
            return []
        try:
            found = self._thread.call(self._usable_devices)
        except DeviceError as exc:
            raise as_service_error(exc) from exc
        return [DeviceChoice(d.vendor.value, d.model, d.label or "", d.path) for d in found]

    def choose_device(self, path: str) -> None:
        if self._fixed_path or path == self._device_path:
            return
        self._device_path = path
        self._close_wallet()  # the next call opens the chosen device

    def connect(self) -> DeviceSummary:
        info, fingerprint = self._call(lambda wallet: (wallet.info(), wallet.master_fingerprint()))
        return DeviceSummary(
            vendor=info.vendor.value,
            model=info.model,
            label=info.label or "",
            fingerprint=fingerprint.hex(),
            firmware=info.firmware_version,
            path=info.path,
        )

    def create_cold_account(self, name: str) -> ColdAccountRow:
        """The p2wpkh account 0 of the device, by the use case `cold create` runs too."""
        check_new_account(self._db_path, name)  # before the device is opened
        try:
            created = create_cold_account(self._db_path, self._call, name, self._network, events=self._events)
        except AddressMismatchError as exc:
            raise DeviceServiceError(str(exc)) from exc
        return _row(created.saved)

    def verify_next_address(self, account: str) -> AddressRow:
        """Show the next receive address on the device, by the use case `cold verify` runs too;
        the overlay lists what to compare with the device's screen."""

        def compare(expected: DerivedAddress) -> None:
            self._interaction.compare = (("address", expected.address), ("path", expected.path_text))

        model = self._call(lambda wallet: wallet.info()).model

        def matches(shown: DerivedAddress) -> bool:
            if refusal_for(model) is Refusal.ON_DEVICE:
                return True  # the device's own cancel button was the way to refuse
            return self._prompts.ask_match(shown.address, shown.path_text)

        try:
            # the device's answer to THIS request, for THIS index, checked against both libraries
            recorded = verify_address(
                self._db_path, self._call, account, announce=compare, matches=matches, events=self._events
            )
        except AddressMismatchError as exc:
            raise DeviceServiceError(str(exc)) from exc
        finally:
            self._interaction.compare = ()
        return AddressRow(recorded.account_name, recorded.address, recorded.path, recorded.verified_at)

    def create_eth_account(self, name: str, number: int = 0, layout: str = "bip44") -> EthColdAccountRow:
        """The device's Ethereum account `number` in `layout`, by the use case `eth account create`
        runs too."""
        from app.usecases.eth_accounts import check_new_eth_account, create_eth_account

        check_new_eth_account(self._db_path, name, number, layout)  # before the device is asked
        saved = create_eth_account(self._db_path, self._call, name, number, layout, events=self._events)
        return _eth_row(saved)

    def eth_accounts(self) -> list[EthColdAccountRow]:
        fingerprint = self._call(lambda wallet: wallet.master_fingerprint()).hex()
        return [_eth_row(account) for account in eth_accounts_of(self._db_path, fingerprint)]

    def verify_eth_address(self, account: str, index: int | None = None) -> AddressRow:
        """Show the Ethereum address on the device and record it, by the use case `eth account
        verify` runs too, with the same host-side question as Bitcoin's: an Ethereum account's
        next address, or m/44h/60h/0h/0/index (default 0) for a name without an account."""

        def compare(path: str, address: str) -> None:
            self._interaction.compare = (("address", address), ("path", path))

        model = self._call(lambda wallet: wallet.info()).model

        def matches(shown: ConfirmedEthAddress) -> bool:
            if refusal_for(model) is Refusal.ON_DEVICE:
                return True  # the device's own cancel button was the way to refuse
            return self._prompts.ask_match(shown.address, shown.path)

        try:
            recorded = verify_eth_address(
                self._db_path, self._call, account, index, announce=compare, matches=matches
            )
        finally:
            self._interaction.compare = ()
        return AddressRow(recorded.account, recorded.address, recorded.path, recorded.verified_at)

    def cold_accounts(self) -> list[ColdAccountRow]:
        if not self._db_path.exists():
            return []
        with open_store(self._db_path) as store:
            return [_row(a) for a in list_accounts(store) if a.network is self._network]

    def withdrawal_targets(self) -> list[AddressRow]:
        if not self._db_path.exists():
            return []
        with open_store(self._db_path) as store:
            bitcoin, ethereum = withdrawal_targets(store), eth_withdrawal_targets(store)
        return [AddressRow(t.account_name, t.address, t.path, t.verified_at) for t in bitcoin] + [
            AddressRow(t.account, t.address, t.path, t.verified_at) for t in ethereum
        ]

    def sign_eth_transfer(self, review: object) -> object:
        """Sign on the device by the use case `coldsplit eth send|sign` runs (signed bytes checked
        against the review and the cold address)."""
        from app.eth.send import Review
        from app.usecases.eth_send import sign_eth_transfer

        if not isinstance(review, Review):
            raise DeviceServiceError("not a reviewed Ethereum transfer")
        return sign_eth_transfer(self._call, review)

    def sign_psbt(self, psbt_base64: str) -> str:
        """Sign through the one signing use case (review on the device, gate, sign, check), as
        the CLI does. The click that started this is the consent; the device asks on its screen."""
        try:
            psbt = load_psbt(psbt_base64)
            accounts = accounts_in_use(self._db_path, self._network)
            request = SignRequest(psbt, accounts, network=self._network, default_network=self._network)
            outcome = sign_psbt(request, self._call, show=self._compare_with_review)
        except PsbtError as exc:
            raise DeviceServiceError(str(exc)) from exc
        finally:
            self._interaction.compare = ()
        return outcome.signed.psbt.to_base64()

    def _compare_with_review(self, review: PsbtReview) -> None:
        self._interaction.compare = compare_lines(review)

    def cancel(self) -> None:
        self._thread.cancel()

    def _close_wallet(self) -> None:
        wallet, self._wallet = self._wallet, None
        if wallet is not None:
            try:
                self._thread.call(wallet.close)
            except DeviceError as exc:
                log.warning("closing %s failed: %s [%s]", wallet.path, exc.message, exc.code)

    def close(self) -> None:
        self._close_wallet()
        self._thread.shutdown()
        if self._on_close is not None:
            self._on_close()


def _btc(sats: int) -> str:
    return f"{sats / 100_000_000:.8f} BTC"


def compare_lines(review: PsbtReview) -> CompareLines:
    """What the device shows while signing: each payment, the change (no screen on most
    devices, but the person should know it), and the fee."""
    lines: list[tuple[str, str]] = []
    for output in review.outputs:
        where = output.address or output.script_hex
        what = "change" if output.role == "change" else "pay"
        lines.append((what, f"{_btc(output.amount)} → {where}"))
    if review.fee is not None:
        lines.append(("fee", _btc(review.fee)))
    return tuple(lines)
