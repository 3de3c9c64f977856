"""The GUI's ports repeat no fact of the core without a check that they agree."""

from __future__ import annotations

from app.exchanges.registry import all_venues
from app.services.ports import KNOWN_VENUES


def test_the_import_dialogs_venues_are_the_exchange_registrys() -> None:
    # ui may not import the exchange layer (it loads ccxt), so the list is repeated in ports
    assert tuple(all_venues()) == KNOWN_VENUES
