"""Verification honesty for the Ethereum address (m/44h/60h/0h/0/i), as for Bitcoin's.

On OneKey's Classic line the Ethereum address screen is the same `fsm_layoutAddress` as
Bitcoin's (OneKeyHQ/firmware classic/v3.6.0 fsm_msg_ethereum.h): NO only shows a QR code.
So `eth-address verify` and the GUI record the address only when the device answered AND
the person confirmed on the host that its screen showed exactly this address; nothing is
recorded when the host side was cancelled. The Pro's address screen cannot refuse either
(its left button toggles a QR code): the host asks too. On the Trezor T the device's own NO
refuses and no host question is asked.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.advisor.ethereum import EthereumAddressError, eth_withdrawal_targets
from app.cli.main import run
from app.services.device_service import DeviceServiceError, GuiDeviceService
from app.store import open_store
from tests.app.test_verify_honesty import ALL, MatchingPerson
from wallet.emulator.confirm import ShownPrompt
from wallet.emulator.emulator import Emulator
from wallet.types import Network

ETH_0 = "0x73d0385F4d8E00C5e6504C6030F47BF6212736A8"  # m/44h/60h/0h/0/0 of the "all" seed
ETH_PATH_0 = "m/44h/60h/0h/0/0"


def _recorded(data_dir: Path) -> list[str]:
    db = data_dir / "coldsplit.sqlite3"
    if not db.exists():
        return []
    with open_store(db) as store:
        return [v.address for v in eth_withdrawal_targets(store)]


def _service(data_dir: Path, emulator: Emulator, person: MatchingPerson) -> GuiDeviceService:
    return GuiDeviceService(
        data_dir / "coldsplit.sqlite3", Network.TESTNET, person, device_path=emulator.path
    )


class Hands:
    """Presses on the software device's screens from another thread, as a person does."""

    def __init__(self, presses: list[bool | None]) -> None:
        self.presses = presses  # in order; None: never press (walks away)
        self.titles: list[str] = []
        self.emulator: Emulator | None = None

    def __call__(self, shown: ShownPrompt | None) -> None:
        if shown is None or self.emulator is None:
            return
        self.titles.append(shown.prompt.title)
        press = self.presses.pop(0) if self.presses else True
        if press is not None:
            timer = threading.Timer(0.1, self.emulator.press, (shown.prompt_id, press))
            timer.daemon = True
            timer.start()


@pytest.fixture
def classic() -> Iterator[Emulator]:
    with Emulator("onekey-classic", port=0, mnemonic=ALL, confirm="auto") as emulator:
        yield emulator


def test_the_gui_records_a_classic_eth_address_only_after_the_person_confirms_the_match(
    classic: Emulator, data_dir: Path
) -> None:
    person = MatchingPerson([False, True])
    service = _service(data_dir, classic, person)
    try:
        with pytest.raises(EthereumAddressError, match="nothing was recorded"):
            service.verify_eth_address("OneKey ETH")  # the device said yes; the person saw another
        assert _recorded(data_dir) == []
        row = service.verify_eth_address("OneKey ETH")
        assert (row.account, row.address, row.path) == ("OneKey ETH", ETH_0, ETH_PATH_0)
        assert person.asked == [(ETH_0, ETH_PATH_0)] * 2
        assert _recorded(data_dir) == [ETH_0]
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
    monkeypatch.setattr("sys.stdin", io.StringIO(typed))
    args = ["--data-dir", str(data_dir), "--network", "testnet", "eth-address", "verify"]
    code = run([*args, "--account", "OneKey ETH", "--device", classic.path])
    out, err = capsys.readouterr()
    assert f"it must read {ETH_0}" in out and "only shows a QR code" in out
    assert f"did the device show exactly {ETH_0}?" in out
    assert (code == 0) is recorded, err
    if not recorded:
        assert code == 2 and err.strip().splitlines()[-1].endswith("nothing was recorded")
    assert (_recorded(data_dir) == [ETH_0]) is recorded


def test_no_on_the_classics_eth_address_screen_shows_the_qr_code_and_refuses_nothing(
    data_dir: Path,
) -> None:
    hands = Hands([False, True])  # NO on the address: the QR code; YES there confirms
    with Emulator("onekey-classic", port=0, mnemonic=ALL, watcher=hands) as emulator:
        hands.emulator = emulator
        service = _service(data_dir, emulator, MatchingPerson([True]))
        try:
            assert service.verify_eth_address("OneKey ETH").address == ETH_0
        finally:
            service.close()
    assert hands.titles == ["Address", "QR code"]


def test_a_host_cancel_on_a_classic_eth_screen_records_nothing_and_frees_the_device(
    data_dir: Path,
) -> None:
    hands = Hands([None])  # the person reads and closes the prompt on the host instead
    person = MatchingPerson([])  # asking would fail the test: nothing came back to compare
    with Emulator("onekey-classic", port=0, mnemonic=ALL, watcher=hands) as emulator:
        hands.emulator = emulator
        service = _service(data_dir, emulator, person)
        try:
            service.connect()
            timer = threading.Timer(1.0, service.cancel)
            timer.start()
            with pytest.raises(DeviceServiceError) as refused:
                service.verify_eth_address("OneKey ETH")
            timer.join()
            assert refused.value.code == "cancelled"
            assert _recorded(data_dir) == []
            person.answers.append(True)
            assert service.verify_eth_address("OneKey ETH").address == ETH_0  # the device works on
        finally:
            service.close()
    assert person.asked == [(ETH_0, ETH_PATH_0)]


def test_on_a_pro_no_shows_the_qr_code_and_the_host_asks(data_dir: Path) -> None:
    """The Pro's address screen cannot refuse (its left button toggles a QR code;
    firmware-pro lvgl show_address): as on a Classic, the host asks before recording."""
    hands = Hands([False, True])
    person = MatchingPerson([True])
    with Emulator("onekey-pro", port=0, mnemonic=ALL, watcher=hands) as emulator:
        hands.emulator = emulator
        service = _service(data_dir, emulator, person)
        try:
            assert service.verify_eth_address("OneKey ETH").address == ETH_0
        finally:
            service.close()
    assert hands.titles[1] == "QR code" and person.asked == [(ETH_0, ETH_PATH_0)]
    assert _recorded(data_dir) == [ETH_0]


def test_on_a_trezor_t_the_devices_no_refuses_and_no_host_question_is_asked(data_dir: Path) -> None:
    hands = Hands([False, True])
    person = MatchingPerson([])
    with Emulator("trezor-t", port=0, mnemonic=ALL, watcher=hands) as emulator:
        hands.emulator = emulator
        service = _service(data_dir, emulator, person)
        try:
            with pytest.raises(DeviceServiceError) as refused:
                service.verify_eth_address("OneKey ETH")
            assert refused.value.code == "cancelled" and _recorded(data_dir) == []
            assert service.verify_eth_address("OneKey ETH").address == ETH_0
        finally:
            service.close()
    assert person.asked == []
