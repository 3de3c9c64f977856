"""The core's events (app.events) as Qt signals, delivered on the GUI thread.

The bridge lives on the GUI thread and subscribes to the window's `EventBus`; a use case
publishes on a worker or the device thread, the bridge re-emits the event through one
signal per type, and Qt queues it to the GUI thread, where a page's slot may touch its
widgets. A page that shows accounts, addresses, holdings or settings connects the signal
it cares about and refreshes itself; no page needs to know which other page changed it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from app.events import (
    AccountAdded,
    AddressVerified,
    ColdBalancesChanged,
    EventBus,
    HoldingsRefreshed,
    SettingsChanged,
)


class QtEvents(QObject):
    account_added = Signal(object)  # AccountAdded
    address_verified = Signal(object)  # AddressVerified
    holdings_refreshed = Signal(object)  # HoldingsRefreshed
    cold_balances_changed = Signal(object)  # ColdBalancesChanged
    settings_changed = Signal(object)  # SettingsChanged

    def __init__(self, bus: EventBus, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bus = bus
        self._unsubscribe: list[Callable[[], None]] = [
            bus.subscribe(AccountAdded, self.account_added.emit),
            bus.subscribe(AddressVerified, self.address_verified.emit),
            bus.subscribe(HoldingsRefreshed, self.holdings_refreshed.emit),
            bus.subscribe(ColdBalancesChanged, self.cold_balances_changed.emit),
            bus.subscribe(SettingsChanged, self.settings_changed.emit),
        ]

    def detach(self) -> None:
        """Stop relaying (the window closes; a late event must not reach a deleted object)."""
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe = []
