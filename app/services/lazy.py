"""Services that load their libraries on first use, so the window paints before they load.

bdk, trezorlib, bip-utils, ccxt and the advisor take well over a second to import; the
GUI calls these services from background operations only, so the first call pays the
import on a worker thread while the window is already up. `on_first_call` stands in for
a service with no method of its own: any method the page names is looked up, and the
service built, only when that method is called (on the worker), and the stand-in is
typed as the port (app.services.ports) the page uses. Only the device keeps a class here:
its stand-in owns the device thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

from app.events import NO_EVENTS, Publisher
from app.resources import DEMO_PORTFOLIO, resource_path
from app.services.device_ports import DeviceActions, DevicePrompts, DeviceQueue, GuiDevice, ScreenHandler
from app.services.device_queue import GUI_DEVICE_THREAD, queue_on_device
from app.services.ports import AdviceSource, ColdWallet, FragilitySource, PsbtTools, TradingAccounts
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


class _OnFirstCall:
    """Every attribute is a method that builds the service (once) when called, then calls it.

    Naming a method (`trading.accounts`, passed to a worker) builds nothing: the GUI thread
    never waits for an import. `at_once` answers the few calls that need no service."""

    def __init__(self, build: Callable[[], object], at_once: Mapping[str, Callable[..., Any]]) -> None:
        self._real = _Once(build)
        self._at_once = dict(at_once)

    def __getattr__(self, name: str) -> Callable[..., Any]:
        if name.startswith("__"):
            raise AttributeError(name)
        if name in self._at_once:
            return self._at_once[name]
        real = self._real

        def call(*args: Any, **kwargs: Any) -> Any:
            return getattr(real.get(), name)(*args, **kwargs)

        call.__name__ = name
        return call


def on_first_call(build: Callable[[], _S], at_once: Mapping[str, Callable[..., Any]] | None = None) -> _S:
    """A stand-in for the service `build` makes, typed as that service's port."""
    return cast(_S, _OnFirstCall(build, at_once or {}))


def lazy_fragility() -> FragilitySource:
    def build() -> FragilitySource:
        from app.services.market_view import PresetFragility

        return PresetFragility()

    return on_first_call(build)


def lazy_psbt_tools(
    db_path: Path,
    network: Network,
    backend: ChainBackendSetting | None,
    demo: bool,
    data_dir: Path,
    settings_path: Path | None = None,
) -> PsbtTools:
    def build() -> PsbtTools:
        from app.services.psbt_service import PsbtService

        return PsbtService(db_path, network, backend, demo, data_dir, settings_path)

    return on_first_call(build)


def lazy_advice(db_path: Path, network: Network, settings_path: Path, demo: bool = False) -> AdviceSource:
    def build() -> AdviceSource:
        from app.services.advice_view import AdviceService

        return AdviceService(db_path, network, settings_path, demo)

    # the sample's path is read on the GUI thread (the Trading page's Sample button): no build
    return on_first_call(build, {"sample_holdings_path": lambda: resource_path(*SAMPLE_HOLDINGS)})


def lazy_cold_wallet(
    db_path: Path,
    network: Network,
    data_dir: Path,
    backend: ChainBackendSetting | None,
    demo: bool,
    settings_path: Path | None = None,
    events: Publisher = NO_EVENTS,
) -> ColdWallet:
    def build() -> ColdWallet:
        from app.services.cold_wallet import ColdWalletService

        return ColdWalletService(db_path, network, data_dir, backend, demo, settings_path, events)

    return on_first_call(build)


def lazy_trading(
    db_path: Path, demo: bool = False, events: Publisher = NO_EVENTS, network: Network = Network.TESTNET
) -> TradingAccounts:
    def build() -> TradingAccounts:
        from app.services.trading import TradingService

        return TradingService(db_path, demo, events=events, network=network)

    return on_first_call(build)


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
