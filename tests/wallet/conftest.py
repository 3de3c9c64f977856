"""Fixtures for wallet tests: software devices on loopback, one per test, always stopped."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from trezorlib import client as trezorlib_client

from wallet.emulator.emulator import Emulator

# The trezor-firmware device tests' seed; its public vectors are in DEVICE_PROTOCOL.md.
ALL_MNEMONIC = " ".join(["all"] * 12)
ALL_FINGERPRINT = "5c9e228d"
# Third-party clients never time out on a read; give them one so a broken device fails a
# test instead of hanging the suite.
CLIENT_READ_TIMEOUT = 15

EmulatorFactory = Callable[..., Emulator]


@pytest.fixture(autouse=True)
def _bounded_trezorlib_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(trezorlib_client, "_DEFAULT_READ_TIMEOUT", CLIENT_READ_TIMEOUT)


@pytest.fixture
def make_emulator() -> Iterator[EmulatorFactory]:
    """Start emulators on free loopback port pairs (port=0) unless a port is given; stop them all."""
    started: list[Emulator] = []

    def factory(identity: str = "trezor-one", **kwargs: Any) -> Emulator:
        kwargs.setdefault("port", 0)
        kwargs.setdefault("mnemonic", ALL_MNEMONIC)
        emulator = Emulator(identity, **kwargs)
        started.append(emulator)
        return emulator.start()

    yield factory
    for emulator in started:
        emulator.stop()


@pytest.fixture
def trezor_one(make_emulator: EmulatorFactory) -> Emulator:
    """A Trezor One identity with the "all" seed, confirmations through the DebugLink."""
    return make_emulator("trezor-one")
