"""The one thread that talks to hardware wallets.

hidapi and libusb are not safe from several threads, and a device call may wait
minutes for a button press, so every device call runs on a single worker thread and
nothing else may touch a driver (drivers check `check_current()`). Callers either
`submit()` and get a Future (the GUI) or `call()` and wait with a deadline (the CLI).
`cancel()` may be called from any thread: it asks the open drivers to send Cancel.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, InvalidStateError, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from types import TracebackType
from typing import Any, ParamSpec, TypeVar

from wallet.devices.errors import DeviceBusy, DeviceCancelled, DeviceTimeout, OffDeviceThread

_T = TypeVar("_T")
_P = ParamSpec("_P")

# A hard ceiling above the transports' own read deadlines: only reached when a library
# blocks where our transport wrapper cannot see (HWI's own transports). Time a person
# spends reading the device's screen does not count (see `set_waiting_for_person`).
DEFAULT_CALL_TIMEOUT = 900.0
_POLL = 0.5


class DeviceThread:
    """A single-worker executor that owns all device I/O."""

    def __init__(self, name: str = "coldsplit-device", call_timeout: float = DEFAULT_CALL_TIMEOUT) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._call_timeout = call_timeout
        self._lock = threading.Lock()
        self._cancel_hooks: list[Callable[[], None]] = []
        self._stuck: Future[Any] | None = None
        self._waiting_for_person = False
        self._ident = self._executor.submit(threading.get_ident).result()

    # ---- ownership ----

    def is_current(self) -> bool:
        return threading.get_ident() == self._ident

    def check_current(self) -> None:
        if not self.is_current():
            raise OffDeviceThread(
                f"device I/O attempted on thread {threading.current_thread().name!r}; "
                "submit it to the DeviceThread"
            )

    # ---- running work ----

    def submit(self, fn: Callable[_P, _T], /, *args: _P.args, **kwargs: _P.kwargs) -> Future[_T]:
        if self.is_stuck():
            raise DeviceBusy("the device is still busy with an operation that stopped answering")
        return self._executor.submit(fn, *args, **kwargs)

    def call(self, fn: Callable[_P, _T], /, *args: _P.args, **kwargs: _P.kwargs) -> _T:
        """Run `fn` on the device thread and wait for it (never call this from the device thread)."""
        if self.is_current():
            return fn(*args, **kwargs)
        future = self.submit(fn, *args, **kwargs)
        if not self._finished_in_time(future):
            raise self._gave_up_on(future)
        return future.result()

    def submit_watched(self, fn: Callable[[], _T]) -> Future[_T]:
        """Queue `fn` and return at once (the GUI): the returned Future settles with its outcome,
        or with `DeviceTimeout` under the same deadline as `call`. A small watchdog thread keeps
        that deadline, so no caller's thread has to wait for the device."""
        work = self.submit(fn)
        outcome: Future[_T] = Future()
        work.add_done_callback(lambda done: _settle(outcome, done))

        def watch() -> None:
            if not self._finished_in_time(work):
                _fail(outcome, self._gave_up_on(work))

        threading.Thread(target=watch, name="coldsplit-device-watchdog", daemon=True).start()
        return outcome

    def _finished_in_time(self, future: Future[Any]) -> bool:
        """Wait for `future` within the call deadline, not counting time spent waiting for the person."""
        budget, last = self._call_timeout, time.monotonic()
        while budget > 0:
            try:
                future.result(timeout=min(_POLL, budget))
                return True
            except FutureTimeout:
                now = time.monotonic()
                if not self._waiting_for_person:
                    budget -= now - last
                last = now
            except BaseException:  # finished, by raising: the caller reads the error
                return True
        return future.done()

    def _gave_up_on(self, future: Future[Any]) -> DeviceTimeout:
        with self._lock:
            self._stuck = future
        self.cancel()
        return DeviceTimeout(f"the device did not finish within {self._call_timeout:g} s")

    def set_waiting_for_person(self, waiting: bool) -> None:
        """The device now waits for its person (True) or works again (False); a real device
        takes as long as its person, so that time is not counted against the call's deadline."""
        self._waiting_for_person = waiting

    def is_stuck(self) -> bool:
        """True while an operation that missed its deadline still occupies the thread."""
        with self._lock:
            return self._stuck is not None and not self._stuck.done()

    # ---- cancellation ----

    def add_cancel_hook(self, hook: Callable[[], None]) -> None:
        with self._lock:
            self._cancel_hooks.append(hook)

    def remove_cancel_hook(self, hook: Callable[[], None]) -> None:
        with self._lock:
            if hook in self._cancel_hooks:
                self._cancel_hooks.remove(hook)

    def cancel(self) -> None:
        """Ask every open device to abort its current action (Cancel on the wire)."""
        with self._lock:
            hooks = list(self._cancel_hooks)
        for hook in hooks:
            hook()

    # ---- lifetime ----

    def shutdown(self) -> None:
        self.cancel()
        self._executor.shutdown(wait=False, cancel_futures=True)

    def __enter__(self) -> DeviceThread:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.shutdown()


def _settle(outcome: Future[_T], done: Future[_T]) -> None:
    """Pass `done`'s result or error on to `outcome`, unless the watchdog settled it first."""
    if done.cancelled():  # dropped from the queue: the thread was shut down (the window closed)
        _fail(outcome, DeviceCancelled("the device thread was shut down before this request ran"))
        return
    error = done.exception()
    if error is not None:
        _fail(outcome, error)
        return
    with contextlib.suppress(InvalidStateError):  # the watchdog gave up first
        outcome.set_result(done.result())


def _fail(outcome: Future[Any], error: BaseException) -> None:
    with contextlib.suppress(InvalidStateError):  # the other side settled it first
        outcome.set_exception(error)
