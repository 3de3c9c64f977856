"""Services that load their libraries on first use, so the window paints before they load.

bdk, trezorlib, bip-utils, ccxt and the advisor take well over a second to import; the
GUI calls these services from background operations only, so the first call pays the
import on a worker thread while the window is already up. Each wrapper satisfies the
same protocol (app.services.ports) as the service it stands for.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Generic, TypeVar

from app.events import NO_EVENTS, Publisher
from app.resources import DEMO_PORTFOLIO, resource_path
from app.services.device_queue import GUI_DEVICE_THREAD, queue_on_device
from app.services.ports import (
    AdviceProgress,
    AdviceSource,
    AdviceView,
    ColdWallet,
    DeviceActions,
    DevicePrompts,
    DeviceQueue,
    FinalTransaction,
    FragilityReading,
    FragilitySource,
    GuiDevice,
    HoldingsView,
    NewAccount,
    PreparedTransferView,
    PsbtDocument,
    PsbtTools,
    ScreenHandler,
    ShockChoice,
    StoredAccount,
    TradingAccounts,
    TransferLine,
    VenueChoice,
    WalletView,
)
from app.settings import ChainBackendSetting
from wallet.devices.thread import DeviceThread
from wallet.types import Network

SAMPLE_HOLDINGS = DEMO_PORTFOLIO
_S = TypeVar("_S")
_T = TypeVar("_T")


class _Once(Generic[_S]):
    """Builds the real service once, from whichever thread asks first."""

    def __init__(self, build: Callable[[], _S]) -> None:
        self._build = build
        self._lock = threading.Lock()
        self._value: _S | None = None

    def get(self) -> _S:
        with self._lock:
            if self._value is None:
                self._value = self._build()
            return self._value

    def peek(self) -> _S | None:
        with self._lock:
            return self._value


def _fragility() -> FragilitySource:
    from app.services.market_view import PresetFragility

    return PresetFragility()


class LazyFragility:
    def __init__(self) -> None:
        self._real = _Once(_fragility)

    def signals(self, preset_name: str) -> list[FragilityReading]:
        return self._real.get().signals(preset_name)


class LazyPsbtTools:
    def __init__(
        self, db_path: Path, network: Network, backend: ChainBackendSetting | None, demo: bool
    ) -> None:
        def build() -> PsbtTools:
            from app.services.psbt_service import PsbtService

            return PsbtService(db_path, network, backend, demo)

        self._real = _Once(build)

    def load_text(self, text: str) -> PsbtDocument:
        return self._real.get().load_text(text)

    def load_file(self, path: Path) -> PsbtDocument:
        return self._real.get().load_file(path)

    def review(self, psbt_base64: str) -> PsbtDocument:
        return self._real.get().review(psbt_base64)

    def save(self, psbt_base64: str, path: Path, *, binary: bool) -> None:
        self._real.get().save(psbt_base64, path, binary=binary)

    def finalize(self, psbt_base64: str) -> FinalTransaction:
        return self._real.get().finalize(psbt_base64)

    def broadcast(self, raw_hex: str) -> str:
        return self._real.get().broadcast(raw_hex)

    def demo_spend(self, address: str, amount_sat: int, coins: int) -> PsbtDocument:
        return self._real.get().demo_spend(address, amount_sat, coins)


class LazyAdvice:
    def __init__(self, db_path: Path, network: Network, settings_path: Path) -> None:
        def build() -> AdviceSource:
            from app.services.advice_view import AdviceService

            return AdviceService(db_path, network, settings_path)

        self._real = _Once(build)

    def sample_holdings_path(self) -> Path:
        return resource_path(*SAMPLE_HOLDINGS)

    def holdings(self, path: Path) -> HoldingsView:
        return self._real.get().holdings(path)

    def advise(self, path: Path, shock: ShockChoice, report: AdviceProgress | None = None) -> AdviceView:
        return self._real.get().advise(path, shock, report)

    def retarget(self, shown: AdviceView) -> AdviceView:
        return self._real.get().retarget(shown)

    def prepare(self, transfer: TransferLine) -> PreparedTransferView:
        return self._real.get().prepare(transfer)


class LazyColdWallet:
    def __init__(
        self,
        db_path: Path,
        network: Network,
        data_dir: Path,
        backend: ChainBackendSetting | None,
        demo: bool,
    ) -> None:
        def build() -> ColdWallet:
            from app.services.cold_wallet import ColdWalletService

            return ColdWalletService(db_path, network, data_dir, backend, demo)

        self._real = _Once(build)

    def view(self, account: str) -> WalletView:
        return self._real.get().view(account)

    def sync(self, account: str) -> WalletView:
        return self._real.get().sync(account)

    def receive_demo_coins(self, account: str, coins: int) -> WalletView:
        return self._real.get().receive_demo_coins(account, coins)

    def send(self, account: str, address: str, amount_sat: int, fee_rate: float) -> PsbtDocument:
        return self._real.get().send(account, address, amount_sat, fee_rate)


class LazyTrading:
    def __init__(self, db_path: Path, demo: bool = False, events: Publisher = NO_EVENTS) -> None:
        def build() -> TradingAccounts:
            from app.services.trading import TradingService

            return TradingService(db_path, demo, events=events)

        self._real = _Once(build)

    def import_csv(self, path: Path, name: str, venue: str) -> Path:
        return self._real.get().import_csv(path, name, venue)

    def venues(self) -> list[VenueChoice]:
        return self._real.get().venues()

    def keyring_note(self) -> str | None:
        return self._real.get().keyring_note()

    def accounts(self) -> list[StoredAccount]:
        return self._real.get().accounts()

    def add_account(self, request: NewAccount) -> StoredAccount:
        return self._real.get().add_account(request)

    def refresh(self, name: str | None = None) -> Path | None:
        return self._real.get().refresh(name)

    def key_warnings(self, name: str | None = None) -> list[str]:
        return self._real.get().key_warnings(name)

    def set_entry(self, name: str, fields: dict[str, str], venue: str | None = None) -> Path | None:
        return self._real.get().set_entry(name, fields, venue)

    def remove(self, name: str) -> Path | None:
        return self._real.get().remove(name)

    def rename(self, name: str, new_name: str) -> Path | None:
        return self._real.get().rename(name, new_name)

    def portfolio(self) -> Path | None:
        return self._real.get().portfolio()


class LazyDevice:
    """Starts the device service (and, in demo mode, the software device) on first use.

    The device thread exists from the start (it is light); the service is built on it, by
    the first work queued there, so neither the GUI thread nor a pool thread waits for
    trezorlib to load or the software device to start."""

    def __init__(self, build: Callable[[DeviceThread], GuiDevice]) -> None:
        self._thread = DeviceThread(name=GUI_DEVICE_THREAD)
        self._real = _Once(lambda: build(self._thread))

    def run(self, work: Callable[[DeviceActions], _T]) -> Future[_T]:
        return queue_on_device(self._thread, lambda: work(self._real.get()))

    def cancel(self) -> None:
        real = self._real.peek()
        if real is not None:
            real.cancel()

    def close(self) -> None:
        real = self._real.peek()
        if real is not None:
            real.close()
        self._thread.shutdown()


class LazyDeviceFactory:
    """The demo's software device or the live device service, built when first needed."""

    def __init__(self, db_path: Path, network: Network, demo: bool, events: Publisher = NO_EVENTS) -> None:
        self._db_path = db_path
        self._network = network
        self._demo = demo
        self._events = events

    def __call__(self, prompts: DevicePrompts, screen: ScreenHandler | None) -> DeviceQueue:
        def build(thread: DeviceThread) -> GuiDevice:
            from app.services.demo_device import DemoDeviceFactory, LiveDeviceFactory

            if self._demo:
                return DemoDeviceFactory(self._db_path, self._events)(prompts, screen, thread)
            return LiveDeviceFactory(self._db_path, self._network, self._events)(prompts, screen, thread)

        return LazyDevice(build)
