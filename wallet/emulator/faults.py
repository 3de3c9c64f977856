"""Fault injection for client tests: drop a reply, disconnect mid-flow, answer slowly, hold a reply.

The server consults a `Faults` object before sending each reply. Faults are armed by
tests through the in-process API and are one-shot unless said otherwise.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field


@dataclass
class Faults:
    """Armed faults; thread-safe because tests arm them while the server thread runs."""

    reply_delay: float = 0.0
    _drop_replies: int = 0
    _drop_type: int | None = None
    _disconnect_on: int | None = None
    _hold: tuple[int, int, float] | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def drop_next_reply(self, count: int = 1, *, msg_type: int | None = None) -> None:
        """Swallow the next `count` replies (only of wire type `msg_type`, if given)."""
        with self._lock:
            self._drop_replies = count
            self._drop_type = msg_type

    def disconnect_on(self, msg_type: int) -> None:
        """When a request of wire type `msg_type` arrives, vanish as an unplugged device does."""
        with self._lock:
            self._disconnect_on = msg_type

    def answer_slowly(self, seconds: float) -> None:
        """Wait `seconds` before every reply (0 to stop)."""
        with self._lock:
            self.reply_delay = max(0.0, seconds)

    def hold_reply(self, msg_type: int, seconds: float, *, skip: int = 0) -> None:
        """Hold the (`skip`+1)-th next reply of wire type `msg_type` for `seconds`, while the
        device goes on answering liveness pings: a screen its person reads with no
        ButtonRequest before it (OneKey Classic's Fee and Total screens)."""
        with self._lock:
            self._hold = (msg_type, skip, seconds)

    def hold_for(self, msg_type: int) -> float:
        """Seconds to hold this reply (0: send it now); consumes the armed hold."""
        with self._lock:
            if self._hold is None or self._hold[0] != msg_type:
                return 0.0
            held_type, skip, seconds = self._hold
            if skip > 0:
                self._hold = (held_type, skip - 1, seconds)
                return 0.0
            self._hold = None
            return seconds

    def clear(self) -> None:
        with self._lock:
            self.reply_delay = 0.0
            self._drop_replies = 0
            self._drop_type = None
            self._disconnect_on = None
            self._hold = None

    def should_drop(self, msg_type: int) -> bool:
        with self._lock:
            if self._drop_replies <= 0 or self._drop_type not in (None, msg_type):
                return False
            self._drop_replies -= 1
            return True

    def should_disconnect(self, msg_type: int) -> bool:
        with self._lock:
            if self._disconnect_on != msg_type:
                return False
            self._disconnect_on = None
            return True
