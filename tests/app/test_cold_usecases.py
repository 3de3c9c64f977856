"""Creating and verifying a cold account is one use case (app.usecases.cold_accounts) for the CLI
and the GUI: what one front-end does, the other sees and continues, on the same software device.

The GUI side is its device service (Qt-free), the CLI side `coldsplit cold …`.
"""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli.main import run
from app.cold.accounts import ColdAccountError
from app.events import AccountAdded, AddressVerified, EventBus
from app.services.device_ports import CompareLines
from app.services.device_queue import GUI_DEVICE_THREAD
from app.services.device_service import GuiDeviceService
from tests.wallet.psbt_factory import ACCOUNTS
from wallet.emulator.emulator import Emulator
from wallet.types import Network, ScriptType

ALL = " ".join(["all"] * 12)
# DEVICE_PROTOCOL.md vector for the "all" seed at m/84h/1h/0h/0/0
FIRST = "tb1qkvwu9g3k2pdxewfqr7syz89r3gj557l3uuf9r9"


class NoPrompts:
    """`DevicePrompts` for a device without PIN or passphrase: asking for either is a bug.
    Keeps what the person was told to compare with the device's screen; a OneKey's address
    screen cannot refuse (every line), so the person confirms the match on the host too."""

    def __init__(self) -> None:
        self.compared: list[CompareLines] = []
        self.matched: list[str] = []

    def ask_pin(self, attempt: int, kind: str) -> str | None:
        raise AssertionError("no PIN was expected")

    def ask_passphrase(self, on_device_possible: bool) -> tuple[str, bool] | None:
        raise AssertionError("no passphrase was expected")

    def show_confirm(self, action: str, detail: str, compare: CompareLines) -> None:
        self.compared.append(compare)

    def hide_confirm(self) -> None:
        return None

    def ask_match(self, address: str, path: str) -> bool:
        self.matched.append(address)
        return True


@pytest.fixture
def device() -> Iterator[Emulator]:
    with Emulator("onekey-pro", port=0, mnemonic=ALL, confirm="auto") as emulator:
        yield emulator


def _cli(capsys: pytest.CaptureFixture[str], data_dir: Path, *args: str) -> tuple[int, str, str]:
    code = run(["--data-dir", str(data_dir), "--network", "testnet", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_an_account_created_in_the_gui_is_the_clis_and_verification_continues_across(
    device: Emulator, data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))  # the CLI's "did the device show …?"
    prompts = NoPrompts()
    service = GuiDeviceService(
        data_dir / "coldsplit.sqlite3", Network.TESTNET, prompts, device_path=device.path
    )
    try:
        row = service.create_cold_account("vault")
        assert row.descriptor == ACCOUNTS[ScriptType.WPKH].descriptor()  # the device's m/84h/1h/0h
        code, _, err = _cli(capsys, data_dir, "cold", "create", "vault", "--device", device.path)
        assert code == 2 and "a cold account named 'vault' already exists" in err  # same check
        with pytest.raises(ColdAccountError, match="already exists"):
            service.create_cold_account(" vault ")  # and the GUI's: the name is cleaned first
        assert service.verify_next_address("vault").address == FIRST  # GUI verifies index 0 …
        assert (("address", FIRST), ("path", "m/84h/1h/0h/0/0")) in prompts.compared
        assert prompts.matched == [FIRST]
        code, out, err = _cli(capsys, data_dir, "cold", "verify", "vault", "--device", device.path)
        assert code == 0, err
        assert "m/84h/1h/0h/0/1" in out  # … and the CLI goes on with index 1
        code, out, _ = _cli(capsys, data_dir, "cold", "list", "--json")
        assert json.loads(out)[0]["next_index"] == 2
        assert [t.path for t in service.withdrawal_targets()] == ["m/84h/1h/0h/0/0", "m/84h/1h/0h/0/1"]
        assert service.verify_next_address("vault").path == "m/84h/1h/0h/0/2"  # the GUI goes on too
    finally:
        service.close()


def test_the_cli_creates_what_the_gui_lists(
    device: Emulator, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _cli(capsys, data_dir, "cold", "create", "vault", "--device", device.path)
    assert code == 0, err
    service = GuiDeviceService(
        data_dir / "coldsplit.sqlite3", Network.TESTNET, NoPrompts(), device_path=device.path
    )
    try:
        [row] = service.cold_accounts()
        assert (row.name, row.kind, row.fingerprint) == ("vault", "wpkh", "5c9e228d")
        assert row.descriptor == ACCOUNTS[ScriptType.WPKH].descriptor()
    finally:
        service.close()


def test_the_gui_service_queues_work_on_its_device_thread_and_publishes_what_changed(
    device: Emulator, data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`run` hands back a Future at once; the work (the same use cases) runs on the service's
    device thread, and the use cases publish AccountAdded and AddressVerified on the GUI's bus;
    the CLI running the same use case publishes nothing anywhere and still works."""
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    bus = EventBus()
    seen: list[object] = []
    bus.subscribe(AccountAdded, seen.append)
    bus.subscribe(AddressVerified, seen.append)
    service = GuiDeviceService(
        data_dir / "coldsplit.sqlite3", Network.TESTNET, NoPrompts(), device_path=device.path, events=bus
    )
    try:
        queued = service.run(lambda s: (threading.current_thread().name, s.create_cold_account("vault")))
        thread_name, row = queued.result(timeout=60)
        assert thread_name.startswith(GUI_DEVICE_THREAD) and row.name == "vault"
        verified = service.run(lambda s: s.verify_next_address("vault")).result(timeout=60)
        assert seen == [
            AccountAdded("vault", "cold"),
            AddressVerified("vault", FIRST, "m/84h/1h/0h/0/0", verified.verified_at),
        ]
        code, _, err = _cli(capsys, data_dir, "cold", "verify", "vault", "--device", device.path)
        assert code == 0, err
        assert len(seen) == 2  # the CLI's use case told the GUI's bus nothing
    finally:
        service.close()
