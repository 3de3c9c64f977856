"""The failure matrix every venue is tested against, and the checks each failure must pass."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from app.exchanges.errors import (
    VenueAuthError,
    VenueBadResponse,
    VenueError,
    VenueRateLimited,
    VenueTimeout,
    VenueUnavailable,
)
from app.exchanges.repository import get_account, load_holdings
from app.store import Store
from tests.app.exchanges.loopback import LoopbackVenue

HANG_SECONDS = 2.0  # the client's timeout in these tests is 1 s


def fault_cases(auth_body: str, rate_body: str) -> list[tuple[int, str, float, type[VenueError], str]]:
    """(status, body, hang, expected error, words the message must hold)."""
    return [
        (401, auth_body, 0.0, VenueAuthError, "refused the API key"),
        (429, rate_body, 0.0, VenueRateLimited, "rate-limiting"),
        (500, "<html><body>Internal Server Error</body></html>", 0.0, VenueUnavailable, "failing"),
        (200, '{"result": {"list": [ {"symbol": ', 0.0, VenueBadResponse, "unreadable"),
        (200, "", HANG_SECONDS, VenueTimeout, "did not answer in time"),
    ]


def assert_refresh_fails_cleanly(
    store: Store,
    account: str,
    venue: LoopbackVenue,
    refresh: Callable[[float], object],
    fail: Callable[[], None],
    error: type[VenueError],
    words: str,
    forbidden: tuple[str, ...],
    hang: float = 0.0,
) -> None:
    """A good refresh, then a failing one: one-line error, previous holdings and timestamp untouched.

    The client waits 1 s only when the fault is a hang; otherwise 5 s, so a loaded test
    machine cannot turn another fault into a timeout.
    """
    before = refresh(5.0)
    refreshed_at = get_account(store, account).refreshed_at
    fail()
    with pytest.raises(error) as caught:
        refresh(1.0 if hang else 5.0)
    message = str(caught.value)
    assert words in message, message
    assert "\n" not in message
    for text in forbidden:
        assert text not in message
    assert load_holdings(store, get_account(store, account)) == before
    assert get_account(store, account).refreshed_at == refreshed_at
