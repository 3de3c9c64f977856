"""The application layer's sentences in the user's language.

app/ gives each sentence a stable key, its parameters (raw numbers) and the English text
(app.messages). Here each key has a translatable template with named fields; the GUI
formats the numbers and fills them in. A key without a template here, or a translation
whose fields do not match, falls back to the English text rather than showing nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from app.messages import Message, MessageKey, Param
from ui.domain_words import position_text


def _templates() -> dict[str, str]:
    # Literal translate() calls, so that pyside6-lupdate finds every template.
    # A clause shared by several sentences is repeated in each, so that each translates as a whole.
    return {
        MessageKey.STRESS_REPLAY: QCoreApplication.translate(
            "AppMessages",
            "the {preset} replay on today's prices: BTC −{base_drawdown} plus a {buffer} safety buffer "
            "= −{btc_drawdown}, with the {preset} crowds, depegs and venue dislocations",
        ),
        MessageKey.STRESS_CUSTOM: QCoreApplication.translate(
            "AppMessages",
            "custom shock on today's prices: BTC −{base_drawdown} plus a {buffer} safety buffer "
            "= −{btc_drawdown}, with the {preset} crowds, depegs and venue dislocations",
        ),
        MessageKey.TRANSFER_LONG_TERM_SPOT: QCoreApplication.translate(
            "AppMessages",
            "Long-term {asset} in a spot wallet gains nothing from sitting on {venue} and is lost if the "
            "exchange fails or freezes withdrawals in a crash; cold storage holds it without that risk.",
        ),
        MessageKey.TRANSFER_ISOLATED_RELEASE: QCoreApplication.translate(
            "AppMessages",
            "Lower the isolated margin of {label} from {isolated_margin} to {least_margin}, the least with "
            "which it survives {preset} at BTC −{btc_drawdown} and a 10% gap, and withdraw the rest.",
        ),
        MessageKey.TRANSFER_VOLATILE_COLLATERAL: QCoreApplication.translate(
            "AppMessages",
            "{asset} margin falls in value exactly when the margin is needed; {account} keeps "
            "{least_margin} of collateral, the least with which every position survives {preset} at "
            "BTC −{btc_drawdown} and a 10% gap.",
        ),
        MessageKey.TRANSFER_SYNTHETIC_STABLE: QCoreApplication.translate(
            "AppMessages",
            "{asset} is a synthetic stablecoin that can depeg on the venue's book in a crash; {account} "
            "keeps {least_margin} of collateral, the least with which every position survives {preset} "
            "at BTC −{btc_drawdown} and a 10% gap.",
        ),
        MessageKey.TRANSFER_STABLE_EXCESS: QCoreApplication.translate(
            "AppMessages",
            "This is stable margin beyond what the positions need; {account} keeps {least_margin} of "
            "collateral, the least with which every position survives {preset} at BTC −{btc_drawdown} "
            "and a 10% gap.",
        ),
        MessageKey.FLAG_FAILS_GAP_RULE: QCoreApplication.translate(
            "AppMessages",
            "A sudden {gap} BTC gap (other assets moving by their beta, no cascade) liquidates {label}: "
            "margin that cannot survive a {gap} gap is borrowed, not conviction.",
        ),
        MessageKey.FLAG_SYNTHETIC_STABLECOIN: QCoreApplication.translate(
            "AppMessages",
            "{asset} is a synthetic dollar backed by a hedged trade, not cash; the stress prices it at "
            "{stress_price} on {venue}, so margin counted in it vanishes when needed.",
        ),
        MessageKey.FLAG_STAKING_DISLOCATED: QCoreApplication.translate(
            "AppMessages",
            "{asset} is a liquid-staking token priced on one venue's book; the stress reproduces its "
            "{dislocation} collapse on {venue}'s own book (stress price {factor} of today's), while its "
            "underlying held elsewhere.",
        ),
        MessageKey.FLAG_STAKING_THIN_BOOK: QCoreApplication.translate(
            "AppMessages",
            "{asset} is a liquid-staking token priced on one venue's book; {venue} values it on its own "
            "thin book (stress price {factor} of today's), while its underlying held elsewhere.",
        ),
        MessageKey.FLAG_CORRELATED_COLLATERAL: QCoreApplication.translate(
            "AppMessages",
            "{asset} collateral (β {beta} to BTC) backs a net long of {net_long} (β-weighted), so a fall "
            "cuts the margin and the positions at the same time.",
        ),
        MessageKey.FLAG_LOOP_NEAR_PEG: QCoreApplication.translate(
            "AppMessages",
            "The {asset} loop (x{cycles} at LTV {ltv}) is liquidated at {liquidation_price} of its peg "
            "({below} below); the stress prints {asset} at {lowest} on {venue}, where its equity would be "
            "{equity} of {capital}.",
        ),
        MessageKey.CUT_POSITION: QCoreApplication.translate(
            "AppMessages", "{label} — reduce by {reduce_by} {asset} ({share})"
        ),
        MessageKey.NOTE_ADD_COLD_ACCOUNT: QCoreApplication.translate(
            "AppMessages",
            "Add a cold account for {asset} (a device-verified {chain} address) to move {usd} of it off the "
            "exchanges; until then it stays where it is.",
        ),
        MessageKey.NOTE_NO_COLD_ACCOUNT_TYPE: QCoreApplication.translate(
            "AppMessages",
            "ColdSplit has no cold account for {asset} yet, so {usd} of it that could leave stays where it "
            "is; move it yourself if you want it off the exchange.",
        ),
        MessageKey.NOTE_WEAKER_THAN_RECORDED: QCoreApplication.translate(
            "AppMessages",
            "After its withdrawals {account} is liquidated from a BTC shock of {shock}, BTC settling "
            "−{settled}, short of the −{recorded} fall {preset} recorded; keep more margin there if it must "
            "survive a repeat.",
        ),
        MessageKey.NOTE_BELOW_MINIMUM: QCoreApplication.translate(
            "AppMessages",
            "{amount} {asset} ({usd}) from {account} is below the {minimum} minimum transfer, so it stays on "
            "the exchange.",
        ),
    }


def _usd(value: float, decimals: int) -> str:
    text = f"${abs(value):,.{decimals}f}"
    return f"−{text}" if value < 0 else text


# How the GUI shows each numeric parameter, by its name (the same name means the same kind of number).
_FORMATS: dict[str, Callable[[float], str]] = {
    **dict.fromkeys(
        ("base_drawdown", "buffer", "btc_drawdown", "below", "shock", "settled", "recorded"),
        lambda v: f"{v:.1%}",
    ),
    **dict.fromkeys(("gap", "dislocation", "factor", "share"), lambda v: f"{v:.0%}"),
    **dict.fromkeys(("isolated_margin", "least_margin", "usd", "minimum"), lambda v: _usd(v, 2)),
    **dict.fromkeys(("net_long", "equity", "capital"), lambda v: _usd(v, 0)),
    "stress_price": lambda v: _usd(v, 4),
    **dict.fromkeys(("liquidation_price", "lowest"), lambda v: f"{v:.4f}"),
    **dict.fromkeys(("beta", "ltv", "reduce_by", "cycles"), lambda v: f"{v:g}"),
}


def _format(name: str, value: Param) -> str:
    if isinstance(value, str):
        return position_text(value) if name == "label" else value
    formatter = _FORMATS.get(name)
    return formatter(value) if formatter else f"{value:g}"


def template_keys() -> frozenset[str]:
    """The keys this module has a template for (a test checks every MessageKey is among them)."""
    return frozenset(_templates())


def render(message: Message) -> str:
    """The sentence in the current language; the English text when the key or its fields are unknown."""
    template = _templates().get(message.key)
    if template is None:
        return message.text
    fields = {name: _format(name, value) for name, value in message.params}
    try:
        return template.format(**fields)
    except (KeyError, IndexError, ValueError):  # a translation naming a field the message lacks
        return message.text
