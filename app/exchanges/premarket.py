"""The market as it stood before a recorded crash, read from a preset's `pre_crash_market` blocks.

With no network the fragility signals still need real inputs, so each asset of a
scenario preset (resources/scenarios/<date>.json) may carry the figures published for
the days before its crash. `risk.presets.load_preset` ignores the block (it reads only
the fields it knows), so the files stay valid presets; this module reads and checks it.

    "pre_crash_market": {
      "as_of": "2025-10-09",
      "depth_usd": {"0.01": FIGURE, "0.05": FIGURE},    book depth within ±1% and ±5% of mid, per side
      "open_interest_usd": FIGURE,
      "open_interest_change": FIGURE,                   fractional change over "days" before as_of
      "spot_volume_usd": FIGURE,                        24h spot volume
      "spot_volume_change": FIGURE,                     fractional change over the same days
      "funding_rate_8h": FIGURE                         per 8 hours, e.g. 0.0001 = 0.01%
    }
    FIGURE = {"value": 2e7, "source": "https://..." or "calibrated", "note": "where it comes from"}

A figure no report published is marked "calibrated" and its note says how it was set;
a source is never invented.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from risk.jsonfields import Fields, JsonFieldError, load_json_object

BLOCK = "pre_crash_market"
CALIBRATED = "calibrated"
DEPTH_DISTANCES = ("0.01", "0.05")


@dataclass(frozen=True)
class Figure:
    value: float
    source: str  # an https URL, or "calibrated"
    note: str


@dataclass(frozen=True)
class PreCrashMarket:
    as_of: str
    depth_usd: dict[str, Figure]  # "0.01" / "0.05" → depth on each side within that distance
    open_interest_usd: Figure
    open_interest_change: Figure
    change_days: float
    spot_volume_usd: Figure
    spot_volume_change: Figure
    funding_rate_8h: Figure

    def figures(self) -> dict[str, Figure]:
        named = {f"depth_usd.{k}": v for k, v in self.depth_usd.items()}
        named.update(
            open_interest_usd=self.open_interest_usd,
            open_interest_change=self.open_interest_change,
            spot_volume_usd=self.spot_volume_usd,
            spot_volume_change=self.spot_volume_change,
            funding_rate_8h=self.funding_rate_8h,
        )
        return named


def _figure(
    item: Fields, *, low: float | None = None, high: float | None = None, strict: bool = False
) -> Figure:
    source = item.text("source")
    if source != CALIBRATED and not source.startswith("https://"):
        raise JsonFieldError(f'{item.at("source")}: expected an https URL or "{CALIBRATED}", got {source!r}')
    return Figure(item.number("value", low=low, high=high, strict=strict), source, item.text("note"))


def _block(item: Fields) -> PreCrashMarket:
    depth = item.obj("depth_usd")
    change = item.obj("open_interest_change")
    as_of = item.text("as_of")
    try:
        date.fromisoformat(as_of)
    except ValueError:
        raise JsonFieldError(
            f"{item.at('as_of')}: expected a date such as 2025-10-09, got {as_of!r}"
        ) from None
    return PreCrashMarket(
        as_of=as_of,
        depth_usd={d: _figure(depth.obj(d), low=0, strict=True) for d in DEPTH_DISTANCES},
        open_interest_usd=_figure(item.obj("open_interest_usd"), low=0, strict=True),
        open_interest_change=_figure(change, low=-0.99),
        change_days=change.number("days", low=0, strict=True),
        spot_volume_usd=_figure(item.obj("spot_volume_usd"), low=0, strict=True),
        spot_volume_change=_figure(item.obj("spot_volume_change"), low=-0.99),
        funding_rate_8h=_figure(item.obj("funding_rate_8h"), low=-0.05, high=0.05),
    )


def load_pre_crash_market(path: Path, asset: str) -> PreCrashMarket | None:
    """The asset's block in the preset at `path`, or None when the preset has none for it."""
    root = Fields(load_json_object(path, "preset"), path.name)
    for entry in root.objects("assets"):
        if entry.has("asset") and entry.text("asset") == asset:
            return _block(entry.obj(BLOCK)) if entry.has(BLOCK) else None
    return None
