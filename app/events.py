"""What changed, told once by the core: typed events on a small, Qt-free bus.

A use case that changes something the person sees (a cold account added, an address
verified on the device, holdings refreshed, cold balances synced, settings saved) publishes one of these
events on the `EventBus` it is given. The CLI gives none (`NO_EVENTS`: it prints its own
result); the GUI gives one bus per window, bridged to Qt signals in `ui.events`, so every
page that shows the changed thing refreshes itself instead of being wired by hand.

Handlers run on the publishing thread (a worker or the device thread): a handler that
touches widgets must hop to the GUI thread first, which is what the Qt bridge does.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from app.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AccountAdded:
    """A cold account (`place` "cold") or a trading account (`place` "trading") was stored."""

    name: str
    place: str


@dataclass(frozen=True)
class AddressVerified:
    """The device showed this address and the person confirmed it: a new withdrawal target."""

    account: str
    address: str
    path: str
    verified_at: str


@dataclass(frozen=True)
class HoldingsRefreshed:
    """These stored trading accounts were imported or read from their venues again."""

    accounts: tuple[str, ...]


@dataclass(frozen=True)
class ColdBalancesChanged:
    """A sync read different cold balances for these cold accounts (the holdings split moves)."""

    accounts: tuple[str, ...]


@dataclass(frozen=True)
class SettingsChanged:
    settings: Settings


Event = AccountAdded | AddressVerified | HoldingsRefreshed | ColdBalancesChanged | SettingsChanged
_E = TypeVar("_E", AccountAdded, AddressVerified, HoldingsRefreshed, ColdBalancesChanged, SettingsChanged)


class EventBus:
    """Subscribers per event type; `publish` calls each in the order they subscribed."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._handlers: dict[type, list[Callable[[object], None]]] = {}

    def subscribe(self, kind: type[_E], handler: Callable[[_E], None]) -> Callable[[], None]:
        """Call `handler` with every `kind` event published from now on; returns the unsubscriber."""
        untyped: Callable[[object], None] = handler  # type: ignore[assignment]
        with self._lock:
            self._handlers.setdefault(kind, []).append(untyped)

        def unsubscribe() -> None:
            with self._lock:
                handlers = self._handlers.get(kind, [])
                if untyped in handlers:
                    handlers.remove(untyped)

        return unsubscribe

    def publish(self, event: Event) -> None:
        """Tell every subscriber of this event's type. A failing subscriber is logged and does
        not stop the others, nor the use case that published (its change is already made)."""
        with self._lock:
            handlers = list(self._handlers.get(type(event), ()))
        for handler in handlers:
            try:
                handler(event)
            except Exception:
                log.exception("a subscriber to %s failed", type(event).__name__)


class Publisher(Protocol):
    """What a use case needs of a bus: somewhere to tell what it changed."""

    def publish(self, event: Event) -> None: ...


class _Unheard:
    def publish(self, event: Event) -> None:
        return None


NO_EVENTS: Publisher = _Unheard()
"""Where the CLI's use cases publish: nobody listens (the command prints its own result)."""
