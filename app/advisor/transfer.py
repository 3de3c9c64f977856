"""One withdrawal the advice proposes: what, how much, from where, to which cold address, and why."""

from __future__ import annotations

from dataclasses import dataclass

from app.advisor.targets import Target
from app.messages import Message

LONG_TERM_SPOT = "long-term spot"
ISOLATED_MARGIN = "isolated margin"


@dataclass(frozen=True)
class Transfer:
    """`reason` is the main sentence; `also` the reasons of parts merged into this transfer;
    `first` the cuts to make before it (only they free this much)."""

    asset: str
    amount: float
    usd: float
    from_account: str
    venue: str
    kind: str
    to: Target | None
    reason: Message
    also: tuple[Message, ...] = ()
    first: tuple[str, ...] = ()

    @property
    def why(self) -> str:
        return " ".join(m.text for m in (self.reason, *self.also))
