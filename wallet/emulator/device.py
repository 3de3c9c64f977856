"""The device: runs one flow at a time and answers every wire message as the firmware would.

Each request becomes a flow (see flow.py). The runner sends what the flow yields,
turns a `Confirm` into ButtonRequest → ButtonAck → decision, and turns a finished,
failed or cancelled flow into its final reply. The device never raises to the
server: a bug in a flow becomes Failure(FirmwareError) and the device stays usable.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass

from trezorlib import messages, protobuf

from wallet.emulator import (
    paths,
    requests_coin,
    requests_device,
    requests_ethereum,
    requests_message,
    requests_security,
)
from wallet.emulator.confirm import DebugLinkOnly, Decision, DecisionSource, ScreenWatcher, ShownPrompt
from wallet.emulator.flow import Confirm, DeviceFailure, Entry, Flow
from wallet.emulator.identities import Identity, OneKeyScreens
from wallet.emulator.screen_text import ScreenText, screen_text
from wallet.emulator.state import DeviceState

log = logging.getLogger(__name__)
Failure = messages.FailureType
Handler = Callable[["Device", protobuf.MessageType], Flow]
MAX_ADDRESS_N = 8  # address_n max_count in the firmware's .options
ONEKEY_ARRAY_OVERFLOW = "array overflow"  # nanopb's error, as OneKey's Classic sends it


class Phase(enum.Enum):
    IDLE = "idle"
    HOST = "waiting for the host"
    BUTTON_ACK = "waiting for ButtonAck"
    DECISION = "waiting for the user"


@dataclass(frozen=True)
class Screen:
    """What the display shows, for DebugLinkState (layout, tokens)."""

    title: str
    lines: tuple[str, ...] = ()
    code: messages.ButtonRequestType | None = None


HOME = Screen("Home")


class Device:
    """One software device: identity, state, decision source and the flow in progress."""

    def __init__(
        self,
        identity: Identity,
        state: DeviceState | None = None,
        decisions: DecisionSource | None = None,
        watcher: ScreenWatcher | None = None,
    ) -> None:
        self.identity = identity
        self.state = state or DeviceState()
        self.decisions: DecisionSource = decisions or DebugLinkOnly()
        self.watcher = watcher
        self._prompt_id = 0
        self.screen = HOME
        self.layout_version = 0
        self._flow: Flow | None = None
        self._phase = Phase.IDLE
        self._prompt: Confirm | None = None
        self._early_decision: Decision | None = None
        # UnlockPath opens the SLIP-25 subtree for the next request only (legacy fsm.c)
        self.path_unlock: int | None = None
        self._pending_unlock: int | None = None
        self.menu_depth = 0  # levels of a core screen's menu open (DebugLink clicks)

    @property
    def device_id(self) -> str:
        return self.state.device_id  # lives in the state: a wipe makes a new one

    def grant_path_unlock(self, purpose: int) -> None:
        self._pending_unlock = purpose

    def path_policy(self, *, signing: bool = False) -> paths.Policy:
        """The path policy for the request in progress (SignTx may use all of SLIP-25)."""
        if self.path_unlock is None:
            unlock = paths.Unlock.NONE
        else:
            unlock = paths.Unlock.FULL if signing else paths.Unlock.EXTERNAL
        identity = self.identity
        core = not identity.is_model_one and not identity.is_onekey
        return paths.Policy(
            unlock=unlock, strict=self.state.strict, legacy=identity.is_model_one, trezor_core=core
        )

    # ---- what the server calls ----

    @property
    def busy(self) -> bool:
        return self._flow is not None

    def handle(self, msg: protobuf.MessageType) -> list[protobuf.MessageType]:
        """Process one wire message; return the replies to send now (empty while waiting)."""
        if self.identity.screens_ignore_cancel and self._prompt is not None and self._screen_ignores(msg):
            return []  # Cancel and every other message: the screen keeps waiting
        if isinstance(msg, messages.Cancel):
            return self._end_with(Failure.ActionCancelled, self.identity.cancelled_text)
        if isinstance(msg, messages.Initialize) and self._flow is not None:
            self._drop_flow()  # the firmware abandons a workflow when the host re-initializes
        if self._flow is None:
            return self._start(msg)
        if self._phase is Phase.BUTTON_ACK:
            if not isinstance(msg, messages.ButtonAck):
                return self._end_with(Failure.UnexpectedMessage, "Unexpected message")
            return self._await_decision()
        if self._phase is Phase.DECISION:
            return self._end_with(Failure.UnexpectedMessage, "Unexpected message")
        return self._advance(msg)

    def _screen_ignores(self, msg: protobuf.MessageType) -> bool:
        """OneKey's legacy screens read only Initialize from the host (protectWaitKey): it
        leaves the screen and is answered with Features (seen on OneKey's Classic emulator,
        scripts/onekey-side-by-side.sh); the ButtonAck a prompt waits for still counts."""
        if isinstance(msg, messages.Initialize):
            return False
        prompt = self._prompt
        if (
            isinstance(msg, messages.Cancel)
            and prompt is not None
            and not self.identity.ignores_cancel_on(prompt.code)
        ):
            return False  # the Classic 1S's protectWaitKey reads Cancel too, the Mini's protectButton
        return not (self._phase is Phase.BUTTON_ACK and isinstance(msg, messages.ButtonAck))

    def decide(self, decision: Decision) -> list[protobuf.MessageType]:
        """A DebugLink decision; answers the wire link if a confirmation was waiting for it."""
        if self._phase is Phase.BUTTON_ACK:
            self._early_decision = decision  # the host pressed before acknowledging; keep it
            return []
        if self._phase is not Phase.DECISION:
            return []  # nothing on screen to decide: the firmware ignores it too
        return self._resume_with(decision)

    def navigate(self, msg: messages.DebugLinkDecision) -> bool:
        """A Trezor core screen's menu (test input flows click it, swipe, and step back with NO).

        A click opens one more level of the screen's menu (its details/QR pages, a layout
        called "SimplePage"); NO while a menu is open closes one level instead of refusing.
        Returns True if the input only moved the screen."""
        identity = self.identity
        if identity.onekey_screens is OneKeyScreens.CLASSIC1S:
            return self._classic1s_page(msg)
        if identity.is_model_one or identity.is_onekey or self._prompt is None:
            return False
        if (msg.x is not None and msg.y is not None) or (
            msg.button == messages.DebugButton.INFO and self._prompt.details
        ):
            self.menu_depth += 1
        elif msg.button == messages.DebugButton.NO and self.menu_depth > 0:
            self.menu_depth -= 1
        elif msg.swipe is not None:
            pass  # paging inside the shown screen
        else:
            return False
        self.layout_version += 1
        return True

    def _classic1s_page(self, msg: messages.DebugLinkDecision) -> bool:
        """The Classic 1S's DOWN key (a DebugLink swipe down) shows a screen's second page
        (the fee below the total, layout2.c layoutConfirmTx); UP shows the first again."""
        if self._prompt is None or not self._prompt.details or msg.swipe is None:
            return False
        self.menu_depth = 1 if msg.swipe == messages.DebugSwipeDirection.DOWN else 0
        self.layout_version += 1
        return True

    def decide_prompt(self, prompt_id: int, decision: Decision) -> list[protobuf.MessageType]:
        """A button pressed while screen `prompt_id` was shown; a press on a screen that is gone
        (answered, cancelled, or replaced by a later request) changes nothing."""
        if self._prompt is None or prompt_id != self._prompt_id:
            return []
        return self.decide(decision)

    def fail(self, code: messages.FailureType, text: str) -> list[protobuf.MessageType]:
        """A request the server could not decode: answer Failure and abandon any flow."""
        return self._end_with(code, text)

    def fail_silently(self) -> None:
        """Forget any flow in progress (the device was unplugged)."""
        self._drop_flow()

    def set_screen_pin_matrix(self) -> None:
        self.set_screen(Screen("Enter PIN", (self.state.matrix,), messages.ButtonRequestType.PinEntry))

    def screen_text(self) -> ScreenText:
        """The text on screen now: what the DebugLink reports and the drawn device shows."""
        prompt = self._prompt
        if prompt is not None and prompt.details and self.menu_depth:
            title = prompt.details_title or self.screen.title
            return screen_text(self.identity.is_model_one, title, prompt.details)
        return screen_text(self.identity.is_model_one, self.screen.title, self.screen.lines)

    def set_screen(self, screen: Screen) -> None:
        if screen != self.screen:
            self.screen = screen
            self.layout_version += 1

    # ---- the runner ----

    def _start(self, msg: protobuf.MessageType) -> list[protobuf.MessageType]:
        self.path_unlock, self._pending_unlock = self._pending_unlock, None
        handler = HANDLERS.get(type(msg))
        if handler is None:
            return [messages.Failure(code=Failure.UnexpectedMessage, message="Unexpected message")]
        if self.identity.screens_ignore_cancel and len(getattr(msg, "address_n", ())) > MAX_ADDRESS_N:
            # OneKey Classic's nanopb decoder refuses a path longer than its array, verbatim
            return [messages.Failure(code=Failure.DataError, message=ONEKEY_ARRAY_OVERFLOW)]
        self._flow = handler(self, msg)
        return self._step(None)

    def _advance(self, msg: protobuf.MessageType) -> list[protobuf.MessageType]:
        return self._step(msg)

    def _step(self, value: protobuf.MessageType | bool | str | None) -> list[protobuf.MessageType]:
        assert self._flow is not None
        try:
            item = self._flow.send(value)  # type: ignore[arg-type]  # Entry prompts resume with text
        except StopIteration as done:
            self._finish()
            return [done.value]
        except DeviceFailure as failure:
            self._finish()
            return [messages.Failure(code=failure.code, message=failure.message)]
        except Exception:
            log.exception("flow failed")
            self._finish()
            return [messages.Failure(code=Failure.FirmwareError, message="Firmware error")]
        if isinstance(item, Confirm):
            self._prompt = item
            self._phase = Phase.BUTTON_ACK
            self._early_decision = None
            self.menu_depth = 0
            self.set_screen(Screen(item.title, item.lines, item.code))
            self._prompt_id += 1
            self._tell_watcher(ShownPrompt(self._prompt_id, item, self.screen_text()))
            if item.silent:  # no ButtonRequest: the host hears nothing until the person presses
                return self._await_decision()
            return [messages.ButtonRequest(code=item.code, pages=item.pages, name=item.name)]
        self._phase = Phase.HOST
        return [item]

    def _await_decision(self) -> list[protobuf.MessageType]:
        assert self._prompt is not None
        self._phase = Phase.DECISION
        early, self._early_decision = self._early_decision, None
        decision = early or self.decisions.decide(self._prompt)
        return [] if decision is None else self._resume_with(decision)

    def _resume_with(self, decision: Decision) -> list[protobuf.MessageType]:
        prompt = self._prompt
        self._prompt = None
        self._tell_watcher(None)
        if not decision.accepted and (prompt is None or prompt.refusable):
            return self._end_with(Failure.ActionCancelled, self.identity.cancelled_text)
        if not decision.accepted:
            return self._step(False)
        if isinstance(prompt, Entry):
            return self._step(decision.text if decision.text is not None else prompt.default)
        return self._step(True)

    def _end_with(self, code: messages.FailureType, text: str) -> list[protobuf.MessageType]:
        self._drop_flow()
        self._pending_unlock = None
        return [messages.Failure(code=code, message=text)]

    def _drop_flow(self) -> None:
        if self._flow is not None:
            self._flow.close()
        self._finish()

    def _finish(self) -> None:
        shown = self._prompt is not None
        self._flow = None
        self._phase = Phase.IDLE
        self._prompt = None
        self._early_decision = None
        self.menu_depth = 0
        self.set_screen(HOME)
        if shown:
            self._tell_watcher(None)

    def _tell_watcher(self, shown: ShownPrompt | None) -> None:
        if self.watcher is None:
            return
        try:
            self.watcher(shown)
        except Exception:  # whoever watches the screen must not break the device
            log.exception("screen watcher failed")


HANDLERS: dict[type[protobuf.MessageType], Handler] = {
    **requests_device.HANDLERS,
    **requests_coin.HANDLERS,
    **requests_message.HANDLERS,
    **requests_security.HANDLERS,
    **requests_ethereum.HANDLERS,
}
# Everything the wire link decodes: requests with a handler, and what flows and the runner
# take mid-flow. Anything else is refused as an unknown message without being decoded.
ACCEPTED: frozenset[type[protobuf.MessageType]] = frozenset(
    {
        *HANDLERS,
        messages.Cancel,
        messages.ButtonAck,
        messages.PinMatrixAck,
        messages.PassphraseAck,
        messages.TxAck,
    }
)
