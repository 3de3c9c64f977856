"""Background operations in the style of Anki's `QueryOp`: work off the GUI thread, outcome on it.

An operation has an `op` (the work), and `success`, `failure` and `progress` callbacks:

    QueryOp(runner, op=lambda report: service.refresh(report), success=show).failure(warn).progress(say).run()

The op never touches a widget; it returns a value (or raises) and may report progress
through the callable it is given. Its outcome arrives through the signals of a relay that
lives on the GUI thread, so the callbacks run there. Two kinds of thread do the work:

- ordinary work (files, the store, the risk engine, the network) runs on the runner's
  small pool;
- device work runs on the device's own thread, queued there by `DeviceQueue.run`: the
  device service hands back a Future and `DeviceOp` turns its completion into a signal.
  A device call may wait minutes for a person's button press, so it must never hold one
  of the pool's two threads while the Risk page wants to compute.

Only project errors (`UserError` and device errors) are shown to the user as their
message (app services turn device errors into `UserError`s, since the GUI may not import
the device layer); anything else is a bug and is reported as such.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from typing import Generic, Self, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, SignalInstance

from app.errors import UserError
from app.services.device_ports import DeviceActions, DeviceQueue
from ui.errors import user_message

log = logging.getLogger(__name__)
_T = TypeVar("_T")

Report = Callable[[str], None]  # what an op calls to say how far it got (one short line)


class _Relay(QObject):
    """Lives on the GUI thread; its signals are emitted from the worker (queued delivery)."""

    succeeded = Signal(object)
    failed = Signal(str)
    progressed = Signal(str)
    finished = Signal()


def describe_error(exc: BaseException) -> str:
    """The user-facing one-line message of a project error; a bug says so."""
    if isinstance(exc, UserError):
        return user_message(exc)
    return f"internal error ({type(exc).__name__}: {exc}); please report it"


def _deliver(signal: SignalInstance, *value: object) -> None:
    try:
        signal.emit(*value)
    except RuntimeError:  # the receiver was destroyed while the work ran (app shutting down)
        log.debug("background result dropped: its window is gone")


def _deliver_outcome(relay: _Relay, result: object = None, error: BaseException | None = None) -> None:
    if error is None:
        _deliver(relay.succeeded, result)
    else:
        if not isinstance(error, UserError):
            log.error("background operation failed", exc_info=error)
        _deliver(relay.failed, describe_error(error))
    _deliver(relay.finished)


class _Job(QRunnable):
    """The pool's side of a `QueryOp`: runs the op and reports through the relay."""

    def __init__(self, op: Callable[[Report], object], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self._op = op
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._op(lambda text: _deliver(self._relay.progressed, text))
        except Exception as exc:
            _deliver_outcome(self._relay, error=exc)
        else:
            _deliver_outcome(self._relay, result)


class _Op(Generic[_T]):
    """What QueryOp and DeviceOp share: the callbacks, chained before `run()`."""

    def __init__(self, runner: OperationRunner, success: Callable[[_T], None]) -> None:
        self._runner = runner
        self.relay = _Relay()
        self.relay.succeeded.connect(success)
        self._failure: Callable[[str], None] | None = None

    def failure(self, on_failure: Callable[[str], None]) -> Self:
        """Called with the one-line message when the op raises (default: logged only)."""
        self._failure = on_failure
        return self

    def progress(self, on_progress: Report) -> Self:
        """Called with each line the op reports, on the GUI thread."""
        self.relay.progressed.connect(on_progress)
        return self

    def _arm(self) -> None:
        on_failure = self._failure or (lambda message: log.warning("operation failed: %s", message))
        self.relay.failed.connect(on_failure)
        self._runner.keep(self.relay)


class QueryOp(_Op[_T]):
    """Work on the runner's pool. `op` takes the progress reporter (use it or not)."""

    def __init__(
        self, runner: OperationRunner, op: Callable[[Report], _T], success: Callable[[_T], None]
    ) -> None:
        super().__init__(runner, success)
        self._op = op

    def run(self) -> None:
        self._arm()
        job = _Job(self._op, self.relay)
        self._runner.keep(job)
        self.relay.finished.connect(lambda: self._runner.release(job))
        self._runner.pool.start(job)


class DeviceOp(_Op[_T]):
    """Work on the device's own thread: `device.run` queues it there and returns a Future,
    whose completion is delivered through the relay; no pool thread waits for the device."""

    def __init__(
        self,
        runner: OperationRunner,
        device: DeviceQueue,
        op: Callable[[DeviceActions], _T],
        success: Callable[[_T], None],
    ) -> None:
        super().__init__(runner, success)
        self._device = device
        self._op = op

    def run(self) -> None:
        self._arm()
        relay = self.relay

        def settled(future: Future[_T]) -> None:  # on the device thread (or here, if already done)
            error = future.exception()
            _deliver_outcome(relay, None if error is not None else future.result(), error)

        try:
            queued = self._device.run(self._op)
        except Exception as exc:  # refused before it was queued (the device thread is stuck)
            _deliver_outcome(relay, error=exc)
            return
        queued.add_done_callback(settled)


class OperationRunner(QObject):
    """Owns the pool for ordinary work and keeps every operation alive until it has reported."""

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self._running: set[object] = set()

    def keep(self, thing: object) -> None:
        """Hold `thing` until its operation finished (a relay lets go of itself)."""
        self._running.add(thing)
        if isinstance(thing, _Relay):
            thing.finished.connect(lambda: self._running.discard(thing))

    def release(self, thing: object) -> None:
        self._running.discard(thing)

    def start(
        self,
        work: Callable[[], _T],
        on_success: Callable[[_T], None],
        on_error: Callable[[str], None],
    ) -> QueryOp[_T]:
        """The short form for work that reports no progress."""
        operation = QueryOp(self, lambda _report: work(), on_success)
        operation.failure(on_error)
        operation.run()
        return operation

    def on_device(
        self,
        device: DeviceQueue,
        work: Callable[[DeviceActions], _T],
        on_success: Callable[[_T], None],
        on_error: Callable[[str], None],
    ) -> DeviceOp[_T]:
        """The short form of a `DeviceOp`: `work` gets the device service, on its thread."""
        operation = DeviceOp(self, device, work, on_success)
        operation.failure(on_error)
        operation.run()
        return operation

    @property
    def busy(self) -> bool:
        return any(isinstance(thing, _Relay) for thing in self._running)

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
            if shiboken6.isValid(self):  # else its page was deleted while the work ran: drop it
                self._done()
                on_success(result)

        def failed(message: str) -> None:
            if shiboken6.isValid(self):
                self._done()
                on_error(message)

        self._runner.start(work, succeeded, failed)

    def _done(self) -> None:
        self._in_flight = False
        self._launch()
