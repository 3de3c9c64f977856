"""The core's event bus (app.events): typed events, per-type subscribers, isolation of failures."""

from __future__ import annotations

import logging

import pytest

from app.events import (
    NO_EVENTS,
    AccountAdded,
    AddressVerified,
    EventBus,
    HoldingsRefreshed,
    SettingsChanged,
)
from app.settings import Settings


def test_subscribers_get_only_their_event_type_in_order_until_they_unsubscribe() -> None:
    bus = EventBus()
    seen: list[object] = []
    stop_first = bus.subscribe(AddressVerified, lambda e: seen.append(("first", e)))
    bus.subscribe(AddressVerified, lambda e: seen.append(("second", e)))
    bus.subscribe(AccountAdded, lambda e: seen.append(("account", e)))
    verified = AddressVerified("vault", "tb1qexample", "m/84h/1h/0h/0/0", "2026-01-01T00:00:00Z")
    bus.publish(verified)
    assert seen == [("first", verified), ("second", verified)]
    stop_first()
    stop_first()  # twice is harmless
    bus.publish(AccountAdded("vault", "cold"))
    bus.publish(verified)
    assert seen[2:] == [("account", AccountAdded("vault", "cold")), ("second", verified)]


def test_a_failing_subscriber_is_logged_and_the_others_still_hear(caplog: pytest.LogCaptureFixture) -> None:
    bus = EventBus()
    heard: list[HoldingsRefreshed] = []

    def broken(_: HoldingsRefreshed) -> None:
        raise RuntimeError("a page went away")

    bus.subscribe(HoldingsRefreshed, broken)
    bus.subscribe(HoldingsRefreshed, heard.append)
    with caplog.at_level(logging.ERROR, logger="app.events"):
        bus.publish(HoldingsRefreshed(("Binance",)))
    assert heard == [HoldingsRefreshed(("Binance",))]
    assert "HoldingsRefreshed" in caplog.text


def test_the_clis_bus_accepts_events_and_tells_nobody() -> None:
    NO_EVENTS.publish(SettingsChanged(Settings()))  # nothing to subscribe to: no method for it
    assert not hasattr(NO_EVENTS, "subscribe")
