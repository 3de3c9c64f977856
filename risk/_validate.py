"""Row validation shared by the ladder builder and the crowd loaders.

Every check is vectorised; when something fails the caller learns how many rows are
bad, the first one, which field and why, so the message can name the row (or the
file line) instead of silently dropping it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from risk._types import BoolArray


@dataclass(frozen=True)
class RowProblem:
    """The first invalid row of a position table and how many rows are invalid."""

    count: int
    row: int
    field: str
    reason: str


def as_side_array(side: npt.ArrayLike) -> npt.NDArray[np.int64]:
    """Sides as int64 +1/−1; anything else (0, 2, 0.5, NaN) becomes 0 so validation flags it."""
    raw = np.asarray(side)
    if raw.dtype.kind in "iub":
        return raw.astype(np.int64)
    if raw.dtype.kind == "f":
        with np.errstate(invalid="ignore"):
            whole = np.where(np.isfinite(raw) & (raw == np.round(raw)), raw, 0.0)
        return whole.astype(np.int64)
    if raw.dtype.kind in "US":
        text = np.char.lower(np.char.strip(raw.astype(str)))
        return np.where(text == "long", 1, np.where(text == "short", -1, 0)).astype(np.int64)
    raise TypeError(f"side must be numbers (+1/-1) or text (long/short), not {raw.dtype}")


def find_invalid_rows(
    side: npt.NDArray[np.int64],
    size: npt.NDArray[np.float64],
    liq: npt.NDArray[np.float64],
    p0: float | None = None,
) -> RowProblem | None:
    """Check sides, sizes and liquidation prices (and, given P0, which side of P0 each lies on)."""
    with np.errstate(invalid="ignore"):
        checks: list[tuple[str, BoolArray, str]] = [
            ("side", (side != 1) & (side != -1), "must be long (+1) or short (-1)"),
            ("size", ~np.isfinite(size), "must be a finite number"),
            ("size", size <= 0, "must be > 0"),
            ("liq_price", ~np.isfinite(liq), "must be a finite number"),
            ("liq_price", liq <= 0, "must be > 0"),
        ]
        if p0 is not None:
            checks.append(
                ("liq_price", (side == 1) & (liq >= p0), f"a long must be liquidated below P0={p0}")
            )
            checks.append(
                ("liq_price", (side == -1) & (liq <= p0), f"a short must be liquidated above P0={p0}")
            )
    bad = np.zeros(side.shape, dtype=np.bool_)
    for _, mask, _ in checks:
        bad |= mask
    count = int(np.count_nonzero(bad))
    if count == 0:
        return None
    row = int(np.argmax(bad))
    for field, mask, reason in checks:
        if mask[row]:
            return RowProblem(count=count, row=row, field=field, reason=reason)
    raise AssertionError("unreachable: a bad row fails at least one check")
