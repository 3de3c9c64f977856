"""The device thread: one worker, calls from elsewhere refused, deadlines, cancel hooks."""

from __future__ import annotations

import threading
import time

import pytest

from wallet.devices.errors import DeviceBusy, DeviceCancelled, DeviceTimeout, OffDeviceThread
from wallet.devices.interaction import TerminalInteraction
from wallet.devices.thread import DeviceThread
from wallet.devices.trezor_driver import TrezorDriver
from wallet.types import Network


def test_all_work_runs_on_one_named_thread() -> None:
    with DeviceThread(name="devtest") as device_thread:
        names = {device_thread.call(lambda: threading.current_thread().name) for _ in range(5)}
        assert len(names) == 1 and next(iter(names)).startswith("devtest")
        assert device_thread.call(device_thread.is_current) is True
        assert device_thread.is_current() is False


def test_driver_calls_off_the_device_thread_are_refused() -> None:
    with DeviceThread() as device_thread:
        driver = TrezorDriver("udp:127.0.0.1:9", device_thread, Network.TESTNET, TerminalInteraction())
        for call in (driver.open, driver.info, lambda: driver.get_xpub("m/84h/1h/0h")):
            with pytest.raises(OffDeviceThread):
                call()


def test_a_call_past_its_deadline_times_out_and_the_thread_reports_busy() -> None:
    release = threading.Event()
    with DeviceThread(call_timeout=0.2) as device_thread:
        cancelled: list[bool] = []
        device_thread.add_cancel_hook(lambda: cancelled.append(True))
        with pytest.raises(DeviceTimeout):
            device_thread.call(release.wait, 5)
        assert cancelled == [True]  # the stuck operation was asked to cancel
        with pytest.raises(DeviceBusy):
            device_thread.call(lambda: None)
        release.set()
        deadline = time.monotonic() + 5
        while device_thread.is_stuck() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert device_thread.call(lambda: 42) == 42


def test_cancel_hooks_can_be_removed() -> None:
    with DeviceThread() as device_thread:
        seen: list[int] = []

        def hook() -> None:
            seen.append(1)

        device_thread.add_cancel_hook(hook)
        device_thread.cancel()
        device_thread.remove_cancel_hook(hook)
        device_thread.cancel()
        assert seen == [1]


def test_time_the_device_waits_for_its_person_is_not_counted_against_the_call() -> None:
    with DeviceThread(call_timeout=0.3) as device_thread:

        def person_reads_for_1_s() -> str:
            device_thread.set_waiting_for_person(True)
            time.sleep(1.0)
            device_thread.set_waiting_for_person(False)
            return "read"

        assert device_thread.call(person_reads_for_1_s) == "read"
        with pytest.raises(DeviceTimeout):  # the same wait while the device "computes" is too long
            device_thread.call(time.sleep, 1.0)


def test_submitted_work_settles_its_future_and_calls_inside_it_run_inline() -> None:
    """The GUI's way: queue the work, get a Future; a blocking `call` made inside that work
    runs on the device thread at once instead of queueing behind itself."""
    with DeviceThread(name="devtest") as device_thread:
        future = device_thread.submit_watched(
            lambda: (threading.current_thread().name, device_thread.call(device_thread.is_current))
        )
        name, inline = future.result(timeout=5)
        assert name.startswith("devtest") and inline is True
        failing = device_thread.submit_watched(lambda: 1 // 0)
        with pytest.raises(ZeroDivisionError):
            failing.result(timeout=5)


def test_submitted_work_past_its_deadline_settles_with_a_timeout_and_the_thread_reports_busy() -> None:
    release = threading.Event()
    with DeviceThread(call_timeout=0.2) as device_thread:
        cancelled: list[bool] = []
        device_thread.add_cancel_hook(lambda: cancelled.append(True))
        started = time.monotonic()
        future = device_thread.submit_watched(lambda: release.wait(5))
        with pytest.raises(DeviceTimeout):
            future.result(timeout=5)
        assert time.monotonic() - started < 2 and cancelled == [True]
        with pytest.raises(DeviceBusy):
            device_thread.submit_watched(lambda: None)
        release.set()
        deadline = time.monotonic() + 5
        while device_thread.is_stuck() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert device_thread.submit_watched(lambda: 42).result(timeout=5) == 42


def test_time_a_submitted_work_waits_for_its_person_is_not_counted() -> None:
    with DeviceThread(call_timeout=0.3) as device_thread:

        def person_reads_for_1_s() -> str:
            device_thread.set_waiting_for_person(True)
            time.sleep(1.0)
            device_thread.set_waiting_for_person(False)
            return "read"

        assert device_thread.submit_watched(person_reads_for_1_s).result(timeout=5) == "read"


def test_submitted_work_dropped_by_a_shutdown_settles_as_cancelled() -> None:
    started, release = threading.Event(), threading.Event()
    device_thread = DeviceThread()

    def occupy() -> bool:
        started.set()
        return release.wait(5)

    busy = device_thread.submit_watched(occupy)
    queued = device_thread.submit_watched(lambda: "never runs")
    assert started.wait(5)  # the first request runs; the second waits in the queue
    device_thread.shutdown()
    release.set()
    with pytest.raises(DeviceCancelled, match="shut down"):
        queued.result(timeout=5)
    assert busy.result(timeout=5) is True
