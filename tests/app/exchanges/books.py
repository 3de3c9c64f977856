"""Order books with a known depth curve, so a fit can be checked against the truth.

Cumulative quote depth within x of the mid is D(x) = D1·(x/1%)^γ on each side
(RISK_MODEL.md §2); levels every `step` of relative distance carry the increments.
"""

from __future__ import annotations


def book_levels(
    mid: float, depth1_usd: float, gamma: float, *, levels: int = 400, step: float = 0.00025
) -> tuple[list[list[str]], list[list[str]]]:
    bids: list[list[str]] = []
    asks: list[list[str]] = []
    previous = 0.0
    for i in range(1, levels + 1):
        x = i * step
        cumulative = depth1_usd * (x / 0.01) ** gamma
        usd = cumulative - previous
        previous = cumulative
        bid_price, ask_price = mid * (1 - x), mid * (1 + x)
        bids.append([f"{bid_price:.2f}", f"{usd / bid_price:.6f}"])
        asks.append([f"{ask_price:.2f}", f"{usd / ask_price:.6f}"])
    return bids, asks
