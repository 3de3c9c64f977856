"""Background operations: run a function on a pool thread, deliver its result on the GUI thread.

The function never touches a widget; it returns a value (or raises), and the result
arrives through a signal of an object that lives on the GUI thread, so the connected
callbacks run there. Only project errors (`UserError` and device errors) are shown to
the user as their message (app services turn device errors into `UserError`s, since
the GUI may not import the device layer); anything else is a bug and is reported as such.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, SignalInstance

from app.errors import UserError
from ui.errors import user_message

log = logging.getLogger(__name__)
_T = TypeVar("_T")


class _Relay(QObject):
    """Lives on the GUI thread; its signals are emitted from the worker (queued delivery)."""

    succeeded = Signal(object)
    failed = Signal(str)
    finished = Signal()


def describe_error(exc: BaseException) -> str:
    """The user-facing one-line message of a project error; a bug says so."""
    if isinstance(exc, UserError):
        return user_message(exc)
    return f"internal error ({type(exc).__name__}: {exc}); please report it"


class Operation(QRunnable, Generic[_T]):
    """One piece of background work and the callbacks that receive its outcome."""

    def __init__(
        self,
        work: Callable[[], _T],
        on_success: Callable[[_T], None],
        on_error: Callable[[str], None],
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self._work = work
        self.relay = _Relay()
        self.relay.succeeded.connect(on_success)
        self.relay.failed.connect(on_error)

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as exc:
            if not isinstance(exc, UserError):
                log.exception("background operation failed")
            self._deliver(self.relay.failed, describe_error(exc))
        else:
            self._deliver(self.relay.succeeded, result)
        self._deliver(self.relay.finished)

    def _deliver(self, signal: SignalInstance, *value: object) -> None:
        try:
            signal.emit(*value)
        except RuntimeError:  # the receiver was destroyed while the work ran (app shutting down)
            log.debug("background result dropped: its window is gone")


class OperationRunner(QObject):
    """Starts operations on its own pool and keeps each alive until it has reported."""

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self._running: set[Operation[object]] = set()

    def start(
        self,
        work: Callable[[], _T],
        on_success: Callable[[_T], None],
        on_error: Callable[[str], None],
    ) -> Operation[_T]:
        operation: Operation[_T] = Operation(work, on_success, on_error)
        kept: Operation[object] = operation  # type: ignore[assignment]
        self._running.add(kept)
        operation.relay.finished.connect(lambda: self._running.discard(kept))
        self.pool.start(operation)
        return operation

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def wait(self, msecs: int = 5000) -> bool:
        return self.pool.waitForDone(msecs)


_Request = tuple[Callable[[], object], Callable[[object], None], Callable[[str], None]]


class LatestOnly(QObject):
    """Runs at most one evaluation at a time and skips to the newest request (slider moves)."""

    def __init__(self, runner: OperationRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._in_flight = False
        self._pending: tuple[Callable[[], object], Callable[[object], None], Callable[[str], None]] | None = (
            None
        )

    def request(
        self, work: Callable[[], _T], on_success: Callable[[_T], None], on_error: Callable[[str], None]
    ) -> None:
        entry = (work, on_success, on_error)
        self._pending = entry  # type: ignore[assignment]
        if not self._in_flight:
            self._launch()

    def _launch(self) -> None:
        if self._pending is None:
            return
        work, on_success, on_error = self._pending
        self._pending = None
        self._in_flight = True

        def succeeded(result: object) -> None:
            self._done()
            on_success(result)

        def failed(message: str) -> None:
            self._done()
            on_error(message)

        self._runner.start(work, succeeded, failed)

    def _done(self) -> None:
        self._in_flight = False
        self._launch()
