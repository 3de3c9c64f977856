"""Order-book depth: cumulative quote depth by distance from the mid, and its power-law fit.

RISK_MODEL.md §2 models visible depth as D(x) = D1·(x/1%)^γ (CoinDesk's pre-crash BTC
book: 0.5% $15.5M, 1% $20M, 5% $40M gives γ ≈ 0.4). The fit is least squares on
log D against log(x/1%) over a fixed grid of distances the book actually reaches, so
neither a deep book with many tiny levels nor a thin one with few large levels
weighs more than the other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from app.exchanges.errors import VenueBadResponse

# Distances (fractions of the mid) the fit samples; bands are the ones the signals read.
FIT_GRID = np.array([0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075, 0.1])
BANDS = (0.005, 0.01, 0.02, 0.05)
MIN_FIT_POINTS = 3


@dataclass(frozen=True)
class DepthCurve:
    """Cumulative USD depth within each distance of the mid, on one side of the book."""

    distances: tuple[float, ...]
    depth_usd: tuple[float, ...]
    reach: float  # the farthest distance the book shows; beyond it depth is unknown, not zero

    def at(self, distance: float) -> float | None:
        """Depth within `distance`, or None when the book does not reach that far."""
        if distance > self.reach + 1e-12:
            return None
        # A step function: the depth within x is every level at most x away, nothing interpolated.
        index = int(np.searchsorted(self.distances, distance + 1e-12, side="right"))
        return self.depth_usd[index - 1] if index > 0 else 0.0


@dataclass(frozen=True)
class DepthFit:
    depth1_usd: float
    gamma: float
    r_squared: float
    points: int

    def depth(self, distance: float) -> float:
        return float(self.depth1_usd * (distance / 0.01) ** self.gamma)


def depth_curve(levels: Sequence[Sequence[float]], mid: float, side: str, venue: str) -> DepthCurve:
    """Cumulative quote depth of `levels` ([[price, amount], …]) on the bid or ask side."""
    if not levels:
        return DepthCurve((), (), 0.0)
    try:
        book = np.array([[float(level[0]), float(level[1])] for level in levels], dtype=np.float64)
    except (TypeError, ValueError, IndexError):
        raise VenueBadResponse(f"{venue} sent an order book with malformed levels") from None
    prices, amounts = book[:, 0], book[:, 1]
    if not (np.all(np.isfinite(book)) and np.all(prices > 0) and np.all(amounts >= 0)):
        raise VenueBadResponse(f"{venue} sent an order book with non-positive or non-finite levels")
    distance = (mid - prices) / mid if side == "bid" else (prices - mid) / mid
    if np.any(distance < -1e-9):
        raise VenueBadResponse(f"{venue} sent a crossed order book ({side}s beyond the mid)")
    order = np.argsort(distance)
    cumulative = np.cumsum((prices * amounts)[order])
    return DepthCurve(tuple(distance[order].tolist()), tuple(cumulative.tolist()), float(distance[order][-1]))


def fit_depth(curve: DepthCurve) -> DepthFit | None:
    """D1 and γ by log-log least squares over the grid the book reaches; None if too few points."""
    samples = [(x, curve.at(float(x))) for x in FIT_GRID]
    points = np.array([(x, d) for x, d in samples if d is not None and d > 0], dtype=np.float64)
    if len(points) < MIN_FIT_POINTS:
        return None
    log_x = np.log(points[:, 0] / 0.01)
    log_d = np.log(points[:, 1])
    gamma, log_d1 = np.polyfit(log_x, log_d, 1)
    predicted = log_d1 + gamma * log_x
    total = float(np.sum((log_d - log_d.mean()) ** 2))
    r_squared = 1.0 - float(np.sum((log_d - predicted) ** 2)) / total if total > 0 else 1.0
    return DepthFit(float(np.exp(log_d1)), float(gamma), r_squared, len(points))
