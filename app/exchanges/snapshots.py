"""Getting a market snapshot: fresh from the store, live from the venue, or a fallback.

Order: a stored snapshot younger than `max_age` is reused (no request); otherwise the
venue is read live and the snapshot stored; if the venue cannot be reached, the
newest stored snapshot is used however old (and said to be), and with none stored the
preset's pre-crash figures are used (and said to be). `offline` skips the network.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from app.exchanges.client import ClientOptions
from app.exchanges.errors import VenueError
from app.exchanges.market import (
    DEFAULT_PRESET,
    MarketSnapshot,
    is_fresh,
    preset_snapshots,
    read_live,
    save_snapshot,
    stored_snapshots,
)
from app.exchanges.registry import get_venue
from app.exchanges.venue import AccountAccess
from app.store import Store

DEFAULT_MAX_AGE = timedelta(minutes=5)


@dataclass(frozen=True)
class SnapshotResult:
    snapshot: MarketSnapshot
    previous: MarketSnapshot | None  # the stored live snapshot before this one, for changes over time
    origin: str  # "cache", "live", "stale-cache" or "preset"
    note: str


def get_snapshot(
    store: Store,
    venue_name: str,
    symbol: str,
    *,
    options: ClientOptions | None = None,
    max_age: timedelta = DEFAULT_MAX_AGE,
    offline: bool = False,
    preset: str = DEFAULT_PRESET,
) -> SnapshotResult:
    venue = get_venue(venue_name)
    history = stored_snapshots(store, venue.name, symbol, limit=2)
    if history and is_fresh(history[0], max_age):
        note = f"stored snapshot from {history[0].fetched_at} (younger than {int(max_age.total_seconds())} s)"
        return SnapshotResult(history[0], history[1] if len(history) > 1 else None, "cache", note)
    failure = "offline mode"
    if not offline:
        try:
            client = venue.make_client(AccountAccess(), options or ClientOptions())
            snapshot = read_live(venue, client, symbol)
        except VenueError as exc:
            failure = exc.message
        else:
            with store.transaction() as db:
                save_snapshot(db, snapshot)
            return SnapshotResult(
                snapshot, history[0] if history else None, "live", f"live from {venue.display_name}"
            )
    if history:
        note = f"{failure}; using the stored snapshot from {history[0].fetched_at}, which may be out of date"
        return SnapshotResult(history[0], history[1] if len(history) > 1 else None, "stale-cache", note)
    fallback, days_before = preset_snapshots(venue.name, symbol, preset)
    note = f"{failure}; no stored snapshot, so the {fallback.preset} preset's pre-crash figures stand in"
    return SnapshotResult(fallback, days_before, "preset", note)
