"""Device-verified cold addresses as the only withdrawal targets, against the software device.

The Ethereum address comes from the emulator through the device layer (trezorlib's
EthereumGetAddress, shown on its screen and auto-confirmed) and is compared with the
trezor-firmware fixture for the "all all …" seed; the Bitcoin one goes through
`cold create` / `cold verify`. Any other address is refused in one line, exit 2.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.advisor.ethereum import (
    ConfirmedEthAddress,
    EthereumAddressError,
    check_eip55,
    confirm_eth_on_device,
    eth_withdrawal_targets,
    is_eth_withdrawal_target,
    record_eth_address,
)
from app.advisor.targets import ColdChain, WithdrawalTargetError, choose_targets, require_withdrawal_target
from app.cli.device_session import opened_device
from app.cli.main import run
from app.store import open_store
from wallet.emulator.emulator import Emulator
from wallet.types import Network

ALL = " ".join(["all"] * 12)
# trezor-firmware common/tests/fixtures/ethereum/getaddress.json ("all" seed).
ETH_0 = "0x73d0385F4d8E00C5e6504C6030F47BF6212736A8"
ETH_100 = "0x1e6E3708a059aEa1241a81c7aAe84b6CDbC54d59"


@pytest.fixture
def trezor() -> Iterator[Emulator]:
    with Emulator("trezor-t", port=0, mnemonic=ALL, confirm="auto") as emulator:
        yield emulator


def _run(capsys: pytest.CaptureFixture[str], data_dir: Path, *args: str) -> tuple[int, str, str]:
    code = run(["--data-dir", str(data_dir), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_device_shows_the_published_ethereum_addresses(trezor: Emulator) -> None:
    with opened_device(trezor.path, Network.TESTNET) as session:
        first = session.call(lambda wallet: confirm_eth_on_device(0, wallet))
        hundredth = session.call(lambda wallet: confirm_eth_on_device(100, wallet))
    assert (first.address, first.path) == (ETH_0, "m/44h/60h/0h/0/0")
    assert hundredth.address == ETH_100
    assert first.fingerprint.hex() == "5c9e228d"


class _LyingDevice:
    """A displayer whose screen shows another address than it answered silently."""

    def master_fingerprint(self) -> bytes:
        return bytes.fromhex("5c9e228d")

    def display_ethereum_address(self, path: str, show: bool = True) -> str:
        return ETH_100 if show else ETH_0


def test_disagreeing_reads_and_bad_checksums_are_refused() -> None:
    with pytest.raises(EthereumAddressError, match="do not use either"):
        confirm_eth_on_device(0, _LyingDevice())
    with pytest.raises(EthereumAddressError, match="checksummed"):
        check_eip55(ETH_0.lower().replace("0x73d0", "0x73D0"))
    with pytest.raises(EthereumAddressError, match="index"):
        confirm_eth_on_device(-1, _LyingDevice())


def test_eth_address_verify_records_it_and_advice_sends_eth_there(
    trezor: Emulator, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(
        capsys, data_dir, "eth-address", "verify", "--account", "OneKey ETH", "--device", trezor.path
    )
    assert code == 0, err
    assert ETH_0 in out and "5c9e228d" in out
    code, out, _ = _run(capsys, data_dir, "eth-address", "list")
    assert [row["address"] for row in json.loads(out)] == [ETH_0]
    code, out, _ = _run(capsys, data_dir, "advice", "--json")
    assert code == 0
    transfers = json.loads(out)["transfers"]
    eth_bound = [t for t in transfers if t["asset"] in ("ETH", "USDC", "USDT", "USDe")]
    assert eth_bound and all(t["to"]["address"] == ETH_0 and t["status"] == "ready" for t in eth_bound)
    others = [t for t in transfers if t["asset"] in ("BNB", "WBETH", "BTC")]
    assert others and all(t["to"] is None for t in others)  # no Bitcoin address verified yet


def test_a_withdrawal_target_that_is_not_device_verified_is_refused(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(capsys, data_dir, "advice", "--to", ETH_100)
    assert code == 2 and len(err.strip().splitlines()) == 1 and "not a device-verified" in err
    with open_store(data_dir / "coldsplit.sqlite3") as store:
        record_eth_address(store, "OneKey ETH", ConfirmedEthAddress(ETH_0, "m/44h/60h/0h/0/0", bytes(4)))
        assert is_eth_withdrawal_target(store, ETH_0) and not is_eth_withdrawal_target(store, ETH_100)
        with pytest.raises(WithdrawalTargetError, match="not a device-verified"):
            require_withdrawal_target(store, Network.TESTNET, ETH_100, "ETH")
        with pytest.raises(WithdrawalTargetError, match="BTC cannot go to the ethereum address"):
            require_withdrawal_target(store, Network.TESTNET, ETH_0, "BTC")
        assert require_withdrawal_target(store, Network.TESTNET, ETH_0, "USDC").chain is ColdChain.ETHEREUM
        assert [v.address for v in eth_withdrawal_targets(store)] == [ETH_0]
    code, _, err = _run(capsys, data_dir, "advice", "--to", ETH_100)
    assert code == 2 and "not a device-verified cold address" in err
    code, _, err = _run(capsys, data_dir, "advice", "--to", "bc1qnotverified0000000000000000000000000000")
    assert code == 2 and "Traceback" not in err


def test_a_device_verified_bitcoin_address_receives_the_btc(
    trezor: Emulator, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(capsys, data_dir, "cold", "create", "vault", "--device", trezor.path)[0] == 0
    code, out, err = _run(
        capsys, data_dir, "cold", "verify", "vault", "--index", "0", "--device", trezor.path
    )
    assert code == 0, err
    with open_store(data_dir / "coldsplit.sqlite3") as store:
        book = choose_targets(store, Network.TESTNET, [])
        assert book.bitcoin is not None and book.ethereum is None
        assert book.for_asset("BTC") == book.bitcoin and book.for_asset("SOL") is None
        address = book.bitcoin.address
        # Verified on testnet: not a target when the app works on mainnet.
        with pytest.raises(WithdrawalTargetError):
            require_withdrawal_target(store, Network.MAINNET, address)
    code, out, _ = _run(capsys, data_dir, "advice", "--json", "--to", address)
    assert code == 0
    btc = [t for t in json.loads(out)["transfers"] if t["asset"] == "BTC"]
    assert btc and all(t["to"]["address"] == address and t["to"]["account"] == "vault" for t in btc)


def test_a_driver_without_ethereum_support_refuses_in_its_own_words() -> None:
    from wallet.devices.errors import UnsupportedByFirmware
    from wallet.devices.hwi_driver import HwiDriver
    from wallet.devices.thread import DeviceThread

    with DeviceThread() as device_thread:
        driver = HwiDriver("hwi:ledger:/dev/null", device_thread, Network.TESTNET)
        with pytest.raises(UnsupportedByFirmware, match="hwi cannot show Ethereum addresses"):
            device_thread.call(driver.display_ethereum_address, "m/44h/60h/0h/0/0")
