"""Verification honesty on a model whose address screen cannot refuse (OneKey Classic line).

There NO only shows a QR code, so the device answering proves nothing by itself: the address
is recorded only when the device answered for this request AND the person confirmed on the
host that its screen showed exactly this address. Nothing is recorded otherwise.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli.main import run
from app.cold.accounts import ColdAccountError
from app.services.device_ports import CompareLines
from app.services.device_service import GuiDeviceService
from wallet.emulator.emulator import Emulator
from wallet.types import Network

ALL = " ".join(["all"] * 12)
FIRST = "tb1qkvwu9g3k2pdxewfqr7syz89r3gj557l3uuf9r9"  # m/84h/1h/0h/0/0 of the "all" seed


class MatchingPerson:
    """`DevicePrompts` whose person answers the host-side address check from a list."""

    def __init__(self, answers: list[bool]) -> None:
        self.answers = answers
        self.asked: list[tuple[str, str]] = []

    def ask_pin(self, attempt: int, kind: str) -> str | None:
        raise AssertionError("no PIN was expected")

    def ask_passphrase(self, on_device_possible: bool) -> tuple[str, bool] | None:
        raise AssertionError("no passphrase was expected")

    def show_confirm(self, action: str, detail: str, compare: CompareLines) -> None:
        return None

    def hide_confirm(self) -> None:
        return None

    def ask_match(self, address: str, path: str) -> bool:
        self.asked.append((address, path))
        return self.answers.pop(0)


@pytest.fixture
def classic() -> Iterator[Emulator]:
    with Emulator("onekey-classic", port=0, mnemonic=ALL, confirm="auto") as emulator:
        yield emulator


def test_the_gui_records_a_classic_address_only_after_the_person_confirms_the_match(
    classic: Emulator, data_dir: Path
) -> None:
    person = MatchingPerson([False, True])
    service = GuiDeviceService(
        data_dir / "coldsplit.sqlite3", Network.TESTNET, person, device_path=classic.path
    )
    try:
        service.create_cold_account("vault")
        with pytest.raises(ColdAccountError, match="nothing was recorded"):
            service.verify_next_address("vault")  # the device said yes; the person saw another address
        assert service.withdrawal_targets() == []
        assert service.verify_next_address("vault").address == FIRST  # same index, now confirmed
        assert person.asked == [(FIRST, "m/84h/1h/0h/0/0")] * 2
        assert [t.address for t in service.withdrawal_targets()] == [FIRST]
    finally:
        service.close()


@pytest.mark.parametrize(("typed", "recorded"), [("y\n", True), ("n\n", False), ("", False)])
def test_the_cli_asks_on_a_classic_and_records_only_a_yes(
    classic: Emulator,
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    typed: str,
    recorded: bool,
) -> None:
    common = ["--data-dir", str(data_dir), "--network", "testnet"]
    assert run([*common, "cold", "create", "vault", "--device", classic.path]) == 0
    capsys.readouterr()
    monkeypatch.setattr("sys.stdin", io.StringIO(typed))
    code = run([*common, "cold", "verify", "vault", "--device", classic.path])
    out, err = capsys.readouterr()
    assert "only shows a QR code" in out
    assert (code == 0) is recorded, err
    assert ("verified on device 5c9e228d" in out) is recorded
    if not recorded:
        assert code == 2 and err.strip().splitlines()[-1].endswith("nothing was recorded")
    assert run([*common, "cold", "targets"]) == 0
    assert (FIRST in capsys.readouterr().out) is recorded
