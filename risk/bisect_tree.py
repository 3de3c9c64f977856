"""A bisection whose probes are evaluated many at a time, with exactly the plain answer.

The plain bisection halves [low, high] one engine call at a time:

    while high − low > tolerance:
        middle = (low + high) / 2
        low, high = (low, middle) if lost(middle) else (middle, high)

Its next `depth` steps can only visit the 2^depth − 1 midpoints of the tree below the
current bracket, so those are evaluated in one engine call (scenarios are columns: 31
probes cost about what one does) and the same steps are then walked with their answers.
Nothing is assumed about `lost` (not even monotonicity): the walk makes the very
decisions the plain loop makes, so it returns the very same float. Vectorised over rows
(ensemble members), each row with its own bracket, like the loop it replaces.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from risk._types import BoolArray, FloatArray

DEPTH = 5  # 31 probes per row per engine call: ten halvings (0.01 → 1e-5) in two calls


def _tree(low: FloatArray, high: FloatArray, depth: int) -> FloatArray:
    """Rows × (2^depth − 1): every midpoint the next `depth` halvings can visit, in heap
    order (node i's children are 2i + 1 and 2i + 2), computed as the loop computes them."""
    nodes = np.empty((low.size, 2**depth - 1))
    bounds = [(low, high)]
    for level in range(depth):
        first = 2**level - 1
        next_bounds = []
        for offset, (a, b) in enumerate(bounds):
            middle = 0.5 * (a + b)
            nodes[:, first + offset] = middle
            next_bounds += [(a, middle), (middle, b)]
        bounds = next_bounds
    return nodes


def bisect_rows(
    low: FloatArray,
    high: FloatArray,
    lost: Callable[[FloatArray], BoolArray],
    go_on: Callable[[FloatArray, FloatArray], bool],
    depth: int = DEPTH,
) -> tuple[FloatArray, FloatArray]:
    """The loop `while go_on(low, high): middle = (low + high)/2; lost(middle) → high = middle,
    else low = middle` on every row at once, with `lost` called on rows × (2^depth − 1)
    probes at a time (it gets a rows × probes array and answers with one of the same shape)."""
    low, high = low.astype(np.float64), high.astype(np.float64)
    rows = np.arange(low.size)
    while go_on(low, high):
        nodes = _tree(low, high, depth)
        answers = lost(nodes)
        node = np.zeros(low.size, dtype=np.int64)
        for _ in range(depth):
            if not go_on(low, high):
                break
            middle = nodes[rows, node]
            hit = answers[rows, node]
            high = np.where(hit, middle, high)
            low = np.where(hit, low, middle)
            node = 2 * node + np.where(hit, 1, 2)
    return low, high
