"""Sentences the application layer writes for people: a stable key, its parameters, and one
template per key — the only place each sentence is written.

`message(key, **params)` fills the key's English template with the parameters formatted by
their names (`format_param`: a name means one kind of number, e.g. `usd` is dollars with
cents); that `text` is what the CLI prints and the JSON carries. The GUI (ui.app_messages)
translates the same template — `QT_TRANSLATE_NOOP` marks each one for pyside6-lupdate,
which scripts/build_translations.sh runs over this file too — and fills in the same
parameters, falling back to `text` for a key or translation it cannot use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

Param = str | int | float


class MessageKey(StrEnum):
    STRESS_REPLAY = "stress.replay"
    STRESS_CUSTOM = "stress.custom"
    STRESS_TIPPING_POINT = "stress.tipping_point"
    TRANSFER_LONG_TERM_SPOT = "transfer.long_term_spot"
    TRANSFER_ISOLATED_RELEASE = "transfer.isolated_release"
    TRANSFER_VOLATILE_COLLATERAL = "transfer.volatile_collateral"
    TRANSFER_SYNTHETIC_STABLE = "transfer.synthetic_stable"
    TRANSFER_STABLE_EXCESS = "transfer.stable_excess"
    FLAG_FAILS_GAP_RULE = "flag.fails_gap_rule"
    FLAG_SYNTHETIC_STABLECOIN = "flag.synthetic_stablecoin"
    FLAG_STAKING_DISLOCATED = "flag.staking_dislocated"
    FLAG_STAKING_THIN_BOOK = "flag.staking_thin_book"
    FLAG_CORRELATED_COLLATERAL = "flag.correlated_collateral"
    FLAG_LOOP_NEAR_PEG = "flag.loop_near_peg"
    CUT_POSITION = "cut.position"
    NOTE_ADD_COLD_ACCOUNT = "note.add_cold_account"
    NOTE_NO_COLD_ACCOUNT_TYPE = "note.no_cold_account_type"
    NOTE_BELOW_MINIMUM = "note.below_minimum"
    NOTE_WEAKER_THAN_RECORDED = "note.weaker_than_recorded"
    NOTE_UNPRICED = "note.unpriced"


@dataclass(frozen=True)
class Message:
    key: MessageKey
    params: tuple[tuple[str, Param], ...]
    text: str

    def param_map(self) -> dict[str, Param]:
        return dict(self.params)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark `text` for translation in `context` without importing Qt (app never does)."""
    return text


# A clause shared by several sentences is repeated in each, so that each translates as a whole.
TEMPLATES: dict[MessageKey, str] = {
    MessageKey.STRESS_REPLAY: QT_TRANSLATE_NOOP(
        "AppMessages",
        "the {preset} replay on today's prices: BTC −{base_drawdown} plus a {buffer} safety buffer "
        "= −{btc_drawdown}, with the {preset} crowds, depegs and venue dislocations",
    ),
    MessageKey.STRESS_CUSTOM: QT_TRANSLATE_NOOP(
        "AppMessages",
        "custom shock on today's prices: BTC −{base_drawdown} plus a {buffer} safety buffer "
        "= −{btc_drawdown}, with the {preset} crowds, depegs and venue dislocations",
    ),
    MessageKey.STRESS_TIPPING_POINT: QT_TRANSLATE_NOOP(
        "AppMessages",
        "Tipping point: between a {shock_low} and a {shock_high} BTC shock the cascade runs from "
        "−{fall_low} to −{fall_high}; the advice can jump across it.",
    ),
    MessageKey.TRANSFER_LONG_TERM_SPOT: QT_TRANSLATE_NOOP(
        "AppMessages",
        "Long-term {asset} in a spot wallet gains nothing from sitting on {venue} and is lost if the "
        "exchange fails or freezes withdrawals in a crash; cold storage holds it without that risk.",
    ),
    MessageKey.TRANSFER_ISOLATED_RELEASE: QT_TRANSLATE_NOOP(
        "AppMessages",
        "Lower the isolated margin of {label} from {isolated_margin} to {least_margin}, the least with "
        "which it survives {preset} at BTC −{btc_drawdown} and a 10% gap, and withdraw the rest.",
    ),
    MessageKey.TRANSFER_VOLATILE_COLLATERAL: QT_TRANSLATE_NOOP(
        "AppMessages",
        "{asset} margin falls in value exactly when the margin is needed; {account} keeps "
        "{least_margin} of collateral, the least with which every position survives {preset} at "
        "BTC −{btc_drawdown} and a 10% gap.",
    ),
    MessageKey.TRANSFER_SYNTHETIC_STABLE: QT_TRANSLATE_NOOP(
        "AppMessages",
        "{asset} is a synthetic stablecoin that can depeg on the venue's book in a crash; {account} "
        "keeps {least_margin} of collateral, the least with which every position survives {preset} "
        "at BTC −{btc_drawdown} and a 10% gap.",
    ),
    MessageKey.TRANSFER_STABLE_EXCESS: QT_TRANSLATE_NOOP(
        "AppMessages",
        "This is stable margin beyond what the positions need; {account} keeps {least_margin} of "
        "collateral, the least with which every position survives {preset} at BTC −{btc_drawdown} "
        "and a 10% gap.",
    ),
    MessageKey.FLAG_FAILS_GAP_RULE: QT_TRANSLATE_NOOP(
        "AppMessages",
        "A sudden {gap} BTC gap (other assets moving by their beta, no cascade) liquidates {label}: "
        "margin that cannot survive a {gap} gap is borrowed, not conviction.",
    ),
    MessageKey.FLAG_SYNTHETIC_STABLECOIN: QT_TRANSLATE_NOOP(
        "AppMessages",
        "{asset} is a synthetic dollar backed by a hedged trade, not cash; the stress prices it at "
        "{stress_price} on {venue}, so margin counted in it vanishes when needed.",
    ),
    MessageKey.FLAG_STAKING_DISLOCATED: QT_TRANSLATE_NOOP(
        "AppMessages",
        "{asset} is a liquid-staking token priced on one venue's book; the stress reproduces its "
        "{dislocation} collapse on {venue}'s own book (stress price {factor} of today's), while its "
        "underlying held elsewhere.",
    ),
    MessageKey.FLAG_STAKING_THIN_BOOK: QT_TRANSLATE_NOOP(
        "AppMessages",
        "{asset} is a liquid-staking token priced on one venue's book; {venue} values it on its own "
        "thin book (stress price {factor} of today's), while its underlying held elsewhere.",
    ),
    MessageKey.FLAG_CORRELATED_COLLATERAL: QT_TRANSLATE_NOOP(
        "AppMessages",
        "{asset} collateral (β {beta} to BTC) backs a net long of {net_long} (β-weighted), so a fall "
        "cuts the margin and the positions at the same time.",
    ),
    MessageKey.FLAG_LOOP_NEAR_PEG: QT_TRANSLATE_NOOP(
        "AppMessages",
        "The {asset} loop (x{cycles} at LTV {ltv}) is liquidated at {liquidation_price} of its peg "
        "({below} below); the stress prints {asset} at {lowest} on {venue}, where its equity would be "
        "{equity} of {capital}.",
    ),
    MessageKey.CUT_POSITION: QT_TRANSLATE_NOOP(
        "AppMessages", "{label} — reduce by {reduce_by} {asset} ({share})"
    ),
    MessageKey.NOTE_ADD_COLD_ACCOUNT: QT_TRANSLATE_NOOP(
        "AppMessages",
        "Add a cold account for {asset} (a device-verified {chain} address) to move {usd} of it off the "
        "exchanges; until then it stays where it is.",
    ),
    MessageKey.NOTE_NO_COLD_ACCOUNT_TYPE: QT_TRANSLATE_NOOP(
        "AppMessages",
        "ColdSplit has no cold account for {asset} yet, so {usd} of it that could leave stays where it "
        "is; move it yourself if you want it off the exchange.",
    ),
    MessageKey.NOTE_WEAKER_THAN_RECORDED: QT_TRANSLATE_NOOP(
        "AppMessages",
        "After its withdrawals {account} is liquidated from a BTC shock of {shock}, BTC settling "
        "−{settled}, short of the −{recorded} fall {preset} recorded; keep more margin there if it must "
        "survive a repeat.",
    ),
    MessageKey.NOTE_BELOW_MINIMUM: QT_TRANSLATE_NOOP(
        "AppMessages",
        "{amount} {asset} ({usd}) from {account} is below the {minimum} minimum transfer, so it stays on "
        "the exchange.",
    ),
    MessageKey.NOTE_UNPRICED: QT_TRANSLATE_NOOP(
        "AppMessages",
        "{amount} {asset} ({accounts}) has no price, so no total counts it; take a market snapshot of "
        "{asset} to count it (coldsplit market snapshot --symbol {asset}/USDT:USDT).",
    ),
}


def _usd(value: float, decimals: int) -> str:
    text = f"${abs(value):,.{decimals}f}"
    return f"−{text}" if value < 0 else text


# How each numeric parameter is written, by its name (the same name means the same kind of number).
FORMATS: dict[str, Callable[[float], str]] = {
    **dict.fromkeys(
        ("base_drawdown", "buffer", "btc_drawdown", "below", "shock", "settled", "recorded"),
        lambda v: f"{v:.1%}",
    ),
    **dict.fromkeys(("shock_low", "shock_high"), lambda v: f"{v:.2%}"),
    **dict.fromkeys(("fall_low", "fall_high"), lambda v: f"{v:.1%}"),
    **dict.fromkeys(("gap", "dislocation", "factor", "share"), lambda v: f"{v:.0%}"),
    **dict.fromkeys(("isolated_margin", "least_margin", "usd", "minimum"), lambda v: _usd(v, 2)),
    **dict.fromkeys(("net_long", "equity", "capital"), lambda v: _usd(v, 0)),
    "stress_price": lambda v: _usd(v, 4),
    **dict.fromkeys(("liquidation_price", "lowest"), lambda v: f"{v:.4f}"),
    **dict.fromkeys(("beta", "ltv", "reduce_by", "cycles"), lambda v: f"{v:g}"),
}


def format_param(name: str, value: Param) -> str:
    """A parameter as the sentence shows it: text as it is, a number by its name's format."""
    if isinstance(value, str):
        return value
    formatter = FORMATS.get(name)
    return formatter(value) if formatter else f"{value:g}"


def message(key: MessageKey, **params: Param) -> Message:
    """The key's sentence with these parameters (kept in the order given) and its English text."""
    text = TEMPLATES[key].format(**{name: format_param(name, value) for name, value in params.items()})
    return Message(key, tuple(params.items()), text)
