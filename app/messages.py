"""Sentences the application layer writes for people, each with a stable key and its parameters.

The English `text` is what the CLI prints and the JSON carries. The GUI renders the same
sentence from its own translated template for `key`, filling in `params` (raw numbers it
formats itself), and falls back to `text` for a key it does not know. Every key the
advisor can emit is a `MessageKey`, so a test can require a GUI template for each.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

Param = str | int | float


class MessageKey(StrEnum):
    STRESS_REPLAY = "stress.replay"
    STRESS_CUSTOM = "stress.custom"
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


@dataclass(frozen=True)
class Message:
    key: MessageKey
    params: tuple[tuple[str, Param], ...]
    text: str

    def param_map(self) -> dict[str, Param]:
        return dict(self.params)


def message(key: MessageKey, text: str, **params: Param) -> Message:
    """A message whose parameters are given by name (kept in the order given)."""
    return Message(key, tuple(params.items()), text)
