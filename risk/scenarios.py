"""Shock vectors: how a BTC drawdown moves every asset and every venue's price.

RISK_MODEL.md §3 couples the per-asset cascades through the exogenous shock: the
drawdown of asset k is ``d_k = β_k · d_BTC + ε_k``. Two layers sit on top:

* a *depeg* (stablecoins, liquid-staking tokens): an extra drawdown of the asset on
  every venue, e.g. USDe at $0.90–0.95 off Binance on 2025-10-10;
* a *venue dislocation*: an extra drawdown of one asset on one venue only, e.g. USDe
  at $0.6567 on Binance while other venues held $0.90–0.95.

Both are stress events, not a beta: they stay at zero below the model's stress onset
(by default half the reference drawdown: USDe held its peg through ordinary 2–4% BTC
days, so a 2% dip must not print it at $0.91 on Binance), then grow linearly to their
full (observed) size at the reference drawdown, so a drawdown grid still walks
continuously from calm to the recorded crash, and a Monte-Carlo sample of ordinary days
carries no depeg.
Scenarios are columns: every array has one entry per scenario (length S).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np

from risk._types import FloatArray, IntArray, RiskInputError

BTC = "BTC"
# A drawdown of 100% would make prices zero and every ratio undefined; the cap keeps
# prices positive while still allowing a near-total collapse (wBETH −88% on Binance).
MAX_DRAWDOWN = 0.99
# Rallies are capped too: a price more than 20x its pre-shock level is outside any
# recorded daily move and would only produce meaningless overflows.
MIN_DRAWDOWN = -19.0


@dataclass(frozen=True)
class AssetShock:
    """How one asset's exogenous drawdown follows BTC's.

    `beta` is the asset's beta to BTC on log returns: 1 − d = (1 − d_BTC)^beta;
    `idio_vol` is the standard deviation of the
    asset's own noise ε_k in Monte-Carlo samples (zero on a grid); `depeg` is the
    extra drawdown on every venue at the reference severity; `tracks` names the asset whose
    fitted beta this one takes (wBETH tracks ETH), None for its own; `fitted` says the beta
    came from the joint calibration, so ensemble members move it with their own.
    """

    asset: str
    beta: float = 1.0
    idio_vol: float = 0.0
    depeg: float = 0.0
    tracks: str | None = None
    fitted: bool = False

    @property
    def beta_asset(self) -> str:
        """The asset whose beta this one moves by: itself, or the one it tracks."""
        return self.tracks or self.asset

    def __post_init__(self) -> None:
        _require(bool(self.asset), f"asset shock: empty asset name (beta {self.beta})")
        _require(np.isfinite(self.beta), f"asset {self.asset}: beta must be finite, got {self.beta}")
        _require(
            np.isfinite(self.idio_vol) and self.idio_vol >= 0,
            f"asset {self.asset}: idio_vol must be ≥ 0, got {self.idio_vol}",
        )
        _require(
            np.isfinite(self.depeg) and 0 <= self.depeg <= MAX_DRAWDOWN,
            f"asset {self.asset}: depeg must be in [0, {MAX_DRAWDOWN}], got {self.depeg}",
        )


@dataclass(frozen=True)
class VenueDislocation:
    """An extra drawdown of `asset` on `venue` only, at the reference severity."""

    venue: str
    asset: str
    extra_drawdown: float

    def __post_init__(self) -> None:
        # Venue names compare case-insensitively ("Binance" is "binance").
        object.__setattr__(self, "venue", self.venue.strip().lower())
        _require(
            np.isfinite(self.extra_drawdown) and 0 <= self.extra_drawdown <= MAX_DRAWDOWN,
            f"venue dislocation {self.venue}/{self.asset}: extra_drawdown must be in "
            f"[0, {MAX_DRAWDOWN}], got {self.extra_drawdown}",
        )


@dataclass(frozen=True)
class ShockModel:
    """The coupling of all assets to BTC, plus depegs and venue dislocations.

    `reference_drawdown` is the BTC exogenous drawdown at which depegs and venue
    dislocations reach their full size (the recorded crash of a preset); below
    `stress_onset` × that drawdown they are zero (a stated assumption, not a fit).
    """

    assets: tuple[AssetShock, ...]
    venue_dislocations: tuple[VenueDislocation, ...] = ()
    reference_drawdown: float = 0.10
    stress_onset: float = 0.5

    def __post_init__(self) -> None:
        names = [a.asset for a in self.assets]
        _require(len(set(names)) == len(names), f"shock model: duplicate assets in {names}")
        _require(
            np.isfinite(self.reference_drawdown) and 0 < self.reference_drawdown <= MAX_DRAWDOWN,
            f"shock model: reference_drawdown must be in (0, {MAX_DRAWDOWN}], got {self.reference_drawdown}",
        )
        _require(
            np.isfinite(self.stress_onset) and 0 <= self.stress_onset < 1,
            f"shock model: stress_onset must be in [0, 1), got {self.stress_onset}",
        )
        for dislocation in self.venue_dislocations:
            _require(
                dislocation.asset in names,
                f"venue dislocation {dislocation.venue}/{dislocation.asset}: asset not in the shock model",
            )

    @property
    def asset_names(self) -> tuple[str, ...]:
        return tuple(a.asset for a in self.assets)

    def with_assets(self, betas: Mapping[str, float]) -> ShockModel:
        """This model plus every asset of `betas` it lacks, moving β times BTC.

        Used when a portfolio holds an asset the preset does not describe: it is
        shocked with the portfolio's beta rather than silently left at its price.
        """
        missing = [name for name in betas if name not in self.asset_names]
        if not missing:
            return self
        added = tuple(AssetShock(name, beta=float(betas[name])) for name in missing)
        return replace(self, assets=self.assets + added)

    def with_member_betas(self, betas: Mapping[str, float]) -> ShockModel:
        """This model with a member's `betas` on its fitted assets (a beta a preset or a
        portfolio states for itself stays as it is)."""
        assets = tuple(
            replace(a, beta=float(betas[a.beta_asset])) if a.fitted and a.beta_asset in betas else a
            for a in self.assets
        )
        return replace(self, assets=assets)


@dataclass(frozen=True, eq=False)
class MemberParameters:
    """Per-scenario ensemble parameters (arrays of length S): scenario s runs with every
    impact times `impact_multiplier[s]` and retention max(w_min[s], exp(−kappa[s]·δ))
    (risk.multicascade.solve_all)."""

    impact_multiplier: FloatArray
    kappa: FloatArray
    w_min: FloatArray
    # Each entry's betas to BTC (risk.beta_fit), applied when its scenarios are built
    # (ensemble_grid, sample_members); empty when every entry keeps the shock model's.
    betas: tuple[tuple[tuple[str, float], ...], ...] = ()

    @property
    def size(self) -> int:
        return int(self.impact_multiplier.size)

    def take(self, rows: IntArray, repeat: int = 1) -> MemberParameters:
        """The entries `rows`, each repeated `repeat` times in a row."""
        betas = tuple(self.betas[int(r)] for r in rows for _ in range(repeat)) if self.betas else ()
        return MemberParameters(
            np.repeat(self.impact_multiplier[rows], repeat),
            np.repeat(self.kappa[rows], repeat),
            np.repeat(self.w_min[rows], repeat),
            betas,
        )

    def models(self, model: ShockModel) -> list[ShockModel]:
        """The shock model once per entry, with that entry's betas."""
        if not self.betas:
            return [model] * self.size
        return [model.with_member_betas(dict(b)) for b in self.betas]

    def key(self) -> bytes:
        """The entries as bytes, for caches keyed by the ensemble."""
        arrays = self.impact_multiplier.tobytes() + self.kappa.tobytes() + self.w_min.tobytes()
        return arrays + repr(self.betas).encode()


@dataclass(frozen=True)
class Scenarios:
    """S shock scenarios: the exogenous drawdown of every asset, and venue layers.

    `drawdowns[k]` is the exogenous drawdown of `assets[k]` (rallies negative);
    `severity` (in [0, 1]) is the share of the reference depegs and dislocations.
    """

    assets: tuple[str, ...]
    btc_drawdown: FloatArray
    drawdowns: FloatArray
    severity: FloatArray
    venue_dislocations: tuple[VenueDislocation, ...] = field(default=())
    members: MemberParameters | None = None

    @property
    def size(self) -> int:
        return int(self.btc_drawdown.shape[0])

    def drawdown(self, asset: str) -> FloatArray:
        """The exogenous drawdown of one asset in every scenario."""
        if asset not in self.assets:
            raise RiskInputError(f"scenarios: no shock for asset {asset!r} (have {', '.join(self.assets)})")
        row: FloatArray = self.drawdowns[self.assets.index(asset)]
        return row

    def exo_price(self, asset: str, p0: float) -> FloatArray:
        """P_exo = P0 · (1 − d) for one asset."""
        result: FloatArray = p0 * (1.0 - self.drawdown(asset))
        return result

    def venue_factor(self, venue: str, asset: str) -> FloatArray:
        """The multiplier from the market-wide price of `asset` to its price on `venue`."""
        factor = np.ones(self.size)
        venue = venue.strip().lower()
        for dislocation in self.venue_dislocations:
            if dislocation.venue == venue and dislocation.asset == asset:
                factor = factor * (1.0 - dislocation.extra_drawdown * self.severity)
        return factor


def ensemble_grid(
    model: ShockModel, btc_drawdowns: FloatArray, members: MemberParameters, shocks: FloatArray | None = None
) -> Scenarios:
    """The grid once per ensemble member, member-major: member m holds columns [m·G, (m+1)·G).

    `members` has one entry per member; with `shocks`, member m's grid is `btc_drawdowns`
    scaled by shocks[m] (a path to the member's own conditioned shock), else the grid as is.
    Each member's assets move by its own betas.
    """
    grid = np.asarray(btc_drawdowns, dtype=np.float64)
    count = members.size
    per_member = grid[None, :] * (np.ones(count) if shocks is None else np.asarray(shocks))[:, None]
    if members.betas:
        scenarios = concat_scenarios(
            [drawdown_grid(m, row) for m, row in zip(members.models(model), per_member, strict=True)]
        )
    else:
        scenarios = drawdown_grid(model, per_member.reshape(-1))
    return replace(scenarios, members=_expanded(members, grid.size))


def sample_members(model: ShockModel, members: MemberParameters, samples: int, seed: int) -> Scenarios:
    """The same Monte-Carlo draws once per member (common random numbers), member-major,
    each member's assets moving by its own betas."""
    if members.betas:
        drawn = [sample_scenarios(m, samples, np.random.default_rng(seed)) for m in members.models(model)]
        scenarios = concat_scenarios(drawn)
    else:
        draws = sample_scenarios(model, samples, np.random.default_rng(seed))
        scenarios = replace(
            draws,
            btc_drawdown=np.tile(draws.btc_drawdown, members.size),
            drawdowns=np.tile(draws.drawdowns, (1, members.size)),
            severity=np.tile(draws.severity, members.size),
        )
    return replace(scenarios, members=_expanded(members, samples))


def _expanded(members: MemberParameters, per_member: int) -> MemberParameters:
    # The betas are in the drawdowns by now; the engine needs impact and retention per column.
    return MemberParameters(
        np.repeat(members.impact_multiplier, per_member),
        np.repeat(members.kappa, per_member),
        np.repeat(members.w_min, per_member),
    )


def concat_scenarios(parts: list[Scenarios]) -> Scenarios:
    """Scenario sets over the same assets, side by side."""
    first = parts[0]
    return replace(
        first,
        btc_drawdown=np.concatenate([p.btc_drawdown for p in parts]),
        drawdowns=np.concatenate([p.drawdowns for p in parts], axis=1),
        severity=np.concatenate([p.severity for p in parts]),
    )


def drawdown_grid(model: ShockModel, btc_drawdowns: FloatArray) -> Scenarios:
    """Deterministic scenarios: one per BTC drawdown, no idiosyncratic noise."""
    btc = _checked_btc_drawdowns(btc_drawdowns)
    noise = np.zeros((len(model.assets), btc.shape[0]))
    return _assemble(model, btc, noise)


def sample_scenarios(
    model: ShockModel,
    n: int,
    rng: np.random.Generator,
    *,
    btc_daily_vol: float = 0.035,
    tail_dof: float = 3.0,
) -> Scenarios:
    """A Monte-Carlo sample of n one-day shocks.

    BTC's return is Student-t with `tail_dof` degrees of freedom scaled to
    `btc_daily_vol` (crypto daily returns are fat-tailed; ν ≈ 3 reproduces the
    frequency of −30% to −50% days seen in 2020 and 2021); each asset adds its own
    Gaussian noise ε_k of standard deviation `idio_vol`.
    """
    _require(n > 0, f"sample_scenarios: n must be positive, got {n}")
    _require(
        btc_daily_vol > 0 and np.isfinite(btc_daily_vol), f"btc_daily_vol must be > 0, got {btc_daily_vol}"
    )
    _require(tail_dof > 2, f"tail_dof must be > 2 for a finite variance, got {tail_dof}")
    unit_t = rng.standard_t(tail_dof, size=n) * np.sqrt((tail_dof - 2.0) / tail_dof)
    btc = np.clip(-btc_daily_vol * unit_t, MIN_DRAWDOWN, MAX_DRAWDOWN)
    vols = np.array([a.idio_vol for a in model.assets])
    noise = rng.standard_normal((len(model.assets), n)) * vols[:, None]
    return _assemble(model, btc, noise)


def parse_drawdown_range(text: str) -> FloatArray:
    """'START:STOP:N' → N evenly spaced drawdowns, inclusive (e.g. '0:0.5:51')."""
    parts = text.split(":")
    if len(parts) != 3:
        raise RiskInputError(f"drawdowns {text!r}: expected START:STOP:N, e.g. 0:0.5:51")
    try:
        start, stop, count = float(parts[0]), float(parts[1]), int(parts[2])
    except ValueError:
        raise RiskInputError(f"drawdowns {text!r}: START and STOP must be numbers and N an integer") from None
    if not (np.isfinite(start) and np.isfinite(stop)):
        raise RiskInputError(f"drawdowns {text!r}: START and STOP must be finite")
    if count < 1 or count > 1_000_000:
        raise RiskInputError(f"drawdowns {text!r}: N must be between 1 and 1000000, got {count}")
    return _checked_btc_drawdowns(np.linspace(start, stop, count))


def follow_btc(btc_drawdown: FloatArray, beta: FloatArray) -> FloatArray:
    """The drawdown of an asset with `beta` to BTC on log returns: 1 − (1 − d_BTC)^β.

    Log returns keep a high-beta asset's price positive in a deep fall (a linear β·d passes
    100% at d = 1/β), and they let one β describe a 9% day and a 50% day alike: with one β
    per asset for every recorded crash, linear betas miss ETH's fall on either 2020-03-12
    or 2026-01-31 (docs/validation.md, "Betas").
    """
    moved: FloatArray = 1.0 - np.power(1.0 - btc_drawdown, beta)
    return moved


def _assemble(model: ShockModel, btc: FloatArray, noise: FloatArray) -> Scenarios:
    _require(BTC in model.asset_names, f"shock model: {BTC} must be one of the assets")
    onset = model.stress_onset * model.reference_drawdown
    severity = np.clip((btc - onset) / (model.reference_drawdown - onset), 0.0, 1.0)
    betas = np.array([a.beta for a in model.assets])
    depegs = np.array([a.depeg for a in model.assets])
    raw = follow_btc(btc[None, :], betas[:, None]) + noise
    # A depeg compounds with the beta move: price × (1 − d) × (1 − depeg·severity).
    combined = 1.0 - (1.0 - raw) * (1.0 - depegs[:, None] * severity[None, :])
    drawdowns = np.clip(combined, MIN_DRAWDOWN, MAX_DRAWDOWN)
    return Scenarios(model.asset_names, btc, drawdowns, severity, model.venue_dislocations)


def _checked_btc_drawdowns(values: FloatArray) -> FloatArray:
    btc = np.asarray(values, dtype=np.float64)
    if btc.ndim != 1 or btc.shape[0] == 0:
        raise RiskInputError("drawdowns: need a non-empty one-dimensional list")
    bad = np.flatnonzero(~np.isfinite(btc) | (btc > MAX_DRAWDOWN) | (btc < MIN_DRAWDOWN))
    if bad.size:
        first = int(bad[0])
        raise RiskInputError(
            f"drawdowns: {bad.size} value(s) outside [{MIN_DRAWDOWN}, {MAX_DRAWDOWN}] or not finite; "
            f"first at index {first}: {btc[first]}"
        )
    return btc


def _require(condition: bool | np.bool_, message: str) -> None:
    if not condition:
        raise RiskInputError(message)
