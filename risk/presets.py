"""Scenario presets calibrated on recorded crashes, read from JSON files.

A preset (resources/scenarios/<date>.json) carries its sources (URLs and the facts
taken from each), the calibrated parameters of every asset (pre-shock price P0, beta
to BTC, impact model, market-maker retention, and how to synthesise its crowd of
leveraged positions), the exogenous shock, and the validation rows of RISK_MODEL.md
§6 that a replay must land inside. `risk` never locates the files itself: the
caller passes the path (app.resources resolves the shipped ones).

Crowd entry prices are stored as ratios to P0 so the same crowd shape can be laid
under today's prices when a user's portfolio is stressed with a past crash.

    {
      "name": "2025-10-10", "title": "...", "description": "...",
      "sources": [{"id": "coinglass-longs", "url": "https://...", "facts": "what was taken from it"}],
      "shock": {"btc_drawdown": 0.083},                   the exogenous BTC move (0, 0.99]
      "assets": [{
        "asset": "BTC", "p0": 122000, "beta": 1.0, "idio_vol": 0.0, "depeg": 0.0,
        "impact": {"model": "sqrt", "y": 0.7, "sigma": 0.025, "adv_usd": 9e9}
               or {"model": "book", "depth1_usd": 2e7, "gamma": 0.4},       optional "i_max"
        "retention": {"w": 0.3} or {"kappa": 20, "w_min": 0.02},
        "crowd": {"open_interest_usd": 7e10, "long_share": 0.45,
                  "leverage_shares": {"10": 0.2, ...}, "entry_ratios": [0.9, ...],
                  "entry_weights": [0.1, ...], "mmr": 0.005, "n": 40000, "seed": 1}
      }],                                                  no crowd: the asset does not cascade
      "venue_dislocations": [{"venue": "binance", "asset": "USDe", "extra_drawdown": 0.29}],
      "validation": [{"metric": "settled_drawdown.BTC", "low": 0.12, "high": 0.14,
                      "source": "<a source id>", "note": "..."}]
    }

Metrics: `liquidated_usd`, `long_liquidated_usd` (all assets), and per asset
`settled_drawdown.<A>`, `retention.<A>` (share of depth left at the settled price),
`open_interest_remaining_usd.<A>`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from risk._types import FloatArray, IntArray
from risk.crowd import build_ladder, synthesize_crowd
from risk.impact import BookImpact, ConstantRetention, DecayRetention, ImpactModel, Retention, SqrtImpact
from risk.jsonfields import Fields, JsonFieldError, load_json_object
from risk.market import AssetMarket, Market
from risk.scenarios import BTC, MAX_DRAWDOWN, AssetShock, ShockModel, VenueDislocation

# What a replay can measure (see risk.replay); "<A>" is an asset of the preset.
ASSET_METRICS = ("settled_drawdown", "retention", "open_interest_remaining_usd")
TOTAL_METRICS = ("liquidated_usd", "long_liquidated_usd")


@dataclass(frozen=True)
class Source:
    id: str
    url: str
    facts: str


@dataclass(frozen=True)
class CrowdSpec:
    """How to synthesise an asset's crowd (RISK_MODEL.md §1), reproducibly from a seed."""

    open_interest_usd: float
    long_share: float
    leverage_shares: tuple[tuple[float, float], ...]
    entry_ratios: tuple[float, ...]
    entry_weights: tuple[float, ...]
    mmr: float
    n: int
    seed: int
    continuous: bool = True
    # The leveraged share of OI on the short side (each side's OI is the whole OI); None:
    # 1 − long_share, the older split of OI between the sides.
    short_share: float | None = None

    def synthesize(self, p0: float) -> tuple[IntArray, FloatArray, FloatArray]:
        """(side, size, liq) of the crowd laid under the pre-shock price p0."""
        side, size, liq = synthesize_crowd(
            self.open_interest_usd,
            p0,
            dict(self.leverage_shares),
            np.asarray(self.entry_ratios, dtype=np.float64) * p0,
            np.asarray(self.entry_weights, dtype=np.float64),
            self.long_share,
            self.mmr,
            self.n,
            np.random.default_rng(self.seed),
            continuous=self.continuous,
            short_share=self.short_share,
        )
        return np.asarray(side, dtype=np.int64), size, liq


@dataclass(frozen=True)
class Reading:
    """A pre-crash figure (from the asset's `pre_crash_market` block) and where it comes from:
    an https URL, or "calibrated" when no report published it."""

    value: float
    source: str

    @property
    def sourced(self) -> bool:
        return self.source != "calibrated"


@dataclass(frozen=True)
class AssetPreset:
    shock: AssetShock
    p0: float
    impact: ImpactModel | None
    retention: Retention
    crowd: CrowdSpec | None
    depth1: Reading | None = None  # book depth within ±1% of mid, per side
    open_interest: Reading | None = None

    @property
    def asset(self) -> str:
        return self.shock.asset

    @property
    def beta_asset(self) -> str:
        """The asset whose beta this one moves by: itself, or the one it tracks."""
        return self.shock.beta_asset


@dataclass(frozen=True)
class ValidationRow:
    """A documented range the replayed model value must land inside (inclusive)."""

    metric: str
    low: float
    high: float
    source: str
    note: str


@dataclass(frozen=True)
class Preset:
    name: str
    title: str
    sources: tuple[Source, ...]
    assets: tuple[AssetPreset, ...]
    btc_drawdown: float
    venue_dislocations: tuple[VenueDislocation, ...]
    validation: tuple[ValidationRow, ...]

    def shock_model(self) -> ShockModel:
        """Betas, depegs and dislocations, reaching full size at this crash's BTC shock."""
        return ShockModel(
            tuple(a.shock for a in self.assets), self.venue_dislocations, reference_drawdown=self.btc_drawdown
        )

    def asset(self, name: str) -> AssetPreset:
        for entry in self.assets:
            if entry.asset == name:
                return entry
        raise JsonFieldError(f"preset {self.name}: no asset {name!r}")

    def build_market(self, prices: Mapping[str, float] | None = None) -> Market:
        """The market with every crowd synthesised, at the preset's P0 or at `prices`."""
        entries = []
        for spec in self.assets:
            p0 = float(prices[spec.asset]) if prices and spec.asset in prices else spec.p0
            ladder = None
            if spec.crowd is not None:
                ladder = build_ladder(*spec.crowd.synthesize(p0), p0)
            entries.append(AssetMarket(spec.asset, p0, spec.impact, spec.retention, ladder))
        return Market(tuple(entries))


def load_preset(path: Path) -> Preset:
    """Parse and check a preset file; every error names the file and the field."""
    root = Fields(load_json_object(path, "preset"), path.name)
    assets = tuple(_asset(item) for item in root.objects("assets"))
    names = [a.asset for a in assets]
    if BTC not in names:
        raise JsonFieldError(f"{root.at('assets')}: must include {BTC}, the shock's reference asset")
    if len(set(names)) != len(names):
        raise JsonFieldError(f"{root.at('assets')}: duplicate assets in {names}")
    for spec in assets:
        if spec.shock.tracks is not None and spec.shock.tracks not in names:
            raise JsonFieldError(
                f"{root.at('assets')}: {spec.asset} tracks {spec.shock.tracks!r}, not one of {names}"
            )
    shock = root.obj("shock")
    dislocations = (
        tuple(_dislocation(d, names) for d in root.objects("venue_dislocations", allow_empty=True))
        if root.has("venue_dislocations")
        else ()
    )
    sources = tuple(Source(s.text("id"), s.text("url"), s.text("facts")) for s in root.objects("sources"))
    rows = tuple(_validation_row(r, names, {s.id for s in sources}) for r in root.objects("validation"))
    return Preset(
        name=root.text("name"),
        title=root.text("title"),
        sources=sources,
        assets=assets,
        btc_drawdown=shock.number("btc_drawdown", low=0, high=MAX_DRAWDOWN, strict=True),
        venue_dislocations=dislocations,
        validation=rows,
    )


def _dislocation(item: Fields, names: list[str]) -> VenueDislocation:
    asset = item.text("asset")
    if asset not in names:
        raise JsonFieldError(f"{item.at('asset')}: {asset!r} is not one of the preset's assets")
    return VenueDislocation(
        item.text("venue"), asset, item.number("extra_drawdown", low=0, high=MAX_DRAWDOWN)
    )


def _asset(item: Fields) -> AssetPreset:
    shock = AssetShock(
        item.text("asset"),
        beta=item.number_or("beta", 1.0),
        idio_vol=item.number_or("idio_vol", 0.0, low=0),
        depeg=item.number_or("depeg", 0.0, low=0, high=MAX_DRAWDOWN),
        tracks=item.text("tracks") if item.has("tracks") else None,
    )
    impact = _impact(item.obj("impact")) if item.has("impact") else None
    retention = _retention(item.obj("retention")) if item.has("retention") else ConstantRetention(1.0)
    crowd = _crowd(item.obj("crowd")) if item.has("crowd") else None
    if crowd is not None and impact is None:
        raise JsonFieldError(f"{item.at('impact')}: an asset with a crowd needs an impact model")
    depth1, open_interest = _readings(item)
    p0 = item.number("p0", low=0, strict=True)
    return AssetPreset(shock, p0, impact, retention, crowd, depth1, open_interest)


def _readings(item: Fields) -> tuple[Reading | None, Reading | None]:
    """The ±1% depth and the open interest of the pre-crash market block, when it gives them
    (app.exchanges.premarket checks the whole block; only these two feed the model)."""
    if not item.has("pre_crash_market"):
        return None, None
    block = item.obj("pre_crash_market")
    depth = block.obj("depth_usd") if block.has("depth_usd") else None
    depth1 = _reading(depth.obj("0.01")) if depth is not None and depth.has("0.01") else None
    oi = _reading(block.obj("open_interest_usd")) if block.has("open_interest_usd") else None
    return depth1, oi


def _reading(item: Fields) -> Reading:
    return Reading(item.number("value", low=0, strict=True), item.text("source"))


def _impact(item: Fields) -> ImpactModel:
    model = item.text("model", ("sqrt", "book"))
    i_max = item.number_or("i_max", 0.99, low=0, high=0.999, strict=True)
    if model == "sqrt":
        return SqrtImpact(
            item.number("y", low=0, strict=True),
            item.number("sigma", low=0, strict=True),
            item.number("adv_usd", low=0, strict=True),
            i_max,
        )
    return BookImpact(
        item.number("depth1_usd", low=0, strict=True), item.number("gamma", low=0, strict=True), i_max
    )


def _retention(item: Fields) -> Retention:
    if item.has("w"):
        return ConstantRetention(item.number("w", low=0, high=1, strict=True))
    return DecayRetention(item.number("kappa", low=0), item.number("w_min", low=0, high=1, strict=True))


def _crowd(item: Fields) -> CrowdSpec:
    shares = item.obj("leverage_shares")
    leverage = []
    for key in shares.data:
        try:
            lev = float(key)
        except ValueError:
            raise JsonFieldError(f'{shares.at(key)}: the key must be a leverage such as "10"') from None
        if not lev > 1:
            raise JsonFieldError(f"{shares.at(key)}: leverage must be > 1, got {key}")
        leverage.append((lev, shares.number(key, low=0)))
    ratios = item.numbers("entry_ratios", low=0, strict=True)
    weights = item.numbers("entry_weights", low=0)
    if len(ratios) != len(weights):
        raise JsonFieldError(f"{item.at('entry_weights')}: needs one weight per entry ratio ({len(ratios)})")
    return CrowdSpec(
        open_interest_usd=item.number("open_interest_usd", low=0, strict=True),
        long_share=item.number("long_share", low=0, high=1),
        leverage_shares=tuple(leverage),
        entry_ratios=tuple(ratios),
        entry_weights=tuple(weights),
        mmr=item.number("mmr", low=0, high=0.5),
        n=item.integer("n", low=1),
        seed=item.integer("seed", low=0),
        continuous=item.flag_or("continuous", True),
        short_share=item.number("short_share", low=0, high=1) if item.has("short_share") else None,
    )


def _validation_row(item: Fields, assets: list[str], source_ids: set[str]) -> ValidationRow:
    metric = item.text("metric")
    base, _, asset = metric.partition(".")
    valid = (base in TOTAL_METRICS and not asset) or (base in ASSET_METRICS and asset in assets)
    if not valid:
        raise JsonFieldError(
            f"{item.at('metric')}: unknown metric {metric!r}; use one of {', '.join(TOTAL_METRICS)} "
            f"or {'/'.join(ASSET_METRICS)}.<asset> with an asset of the preset"
        )
    low, high = item.number("low"), item.number("high")
    if high < low:
        raise JsonFieldError(f"{item.at('high')}: must be ≥ low ({low}), got {high}")
    source = item.text("source")
    if source not in source_ids:
        raise JsonFieldError(f"{item.at('source')}: {source!r} is not the id of one of the preset's sources")
    return ValidationRow(metric, low, high, source, item.text("note") if item.has("note") else "")
