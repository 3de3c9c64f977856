"""Fragility signals for the GUI's risk page, with no network: the preset's pre-crash figures.

A live snapshot needs an exchange; in demo mode and until the user adds one, the preset's
recorded pre-crash market (depth, open interest and its change, spot volume, funding)
stands in, marked as such by `app.exchanges.market.preset_snapshots`.
"""

from __future__ import annotations

from app.exchanges.fragility import fragility_signals
from app.exchanges.market import preset_snapshots
from app.services.ports import FragilityReading


class PresetFragility:
    """Signals computed from a preset snapshot of a BTC perpetual."""

    def __init__(self, venue: str = "binance", symbol: str = "BTC/USDT:USDT") -> None:
        self._venue = venue
        self._symbol = symbol

    def signals(self, preset_name: str) -> list[FragilityReading]:
        snapshot, days_before = preset_snapshots(self._venue, self._symbol, preset_name)
        return [
            FragilityReading(s.name, s.status, s.threshold, s.reading)
            for s in fragility_signals(snapshot, days_before, preset_name)
        ]
