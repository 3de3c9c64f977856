"""How a trader's numbers are written (prices, dollars, percentages, leverage).

Apart from app.usecases.trader_numbers, which computes them with numpy and the risk engine's
margin rules: the Trading page writes numbers as soon as the window is built, and importing
the engine for four formatters delayed the window's first paint.
"""

from __future__ import annotations


def price_text(value: float | None) -> str:
    """A price: cents from 1 up, six significant digits below; "—" when there is none."""
    if value is None:
        return "—"
    return f"{value:,.2f}" if abs(value) >= 1 else f"{value:.6g}"


def usd_text(value: float | None, *, signed: bool = False) -> str:
    if value is None:
        return "—"
    sign = "-" if value < 0 else ("+" if signed and value > 0 else "")
    return f"{sign}${abs(value):,.0f}"


def percent_text(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def leverage_text(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}×"
