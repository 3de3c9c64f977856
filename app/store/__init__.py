"""Persistence: the local SQLite store and its migrations."""

from app.store.database import Store, guard_no_secret, open_store, utc_now
from app.store.migrations import LATEST_VERSION

__all__ = ["LATEST_VERSION", "Store", "guard_no_secret", "open_store", "utc_now"]
