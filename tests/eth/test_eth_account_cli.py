"""`coldsplit eth account create|verify|addresses` against the software device, the store's upgrade
to Ethereum accounts (verified addresses kept), and the refusals (one line, exit 2)."""

from __future__ import annotations

import io
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.advisor.ethereum import ConfirmedEthAddress, record_eth_address
from app.cli.main import run
from app.eth.accounts import EthAccountError
from app.store import open_store
from app.usecases.eth_accounts import create_eth_account
from tests.eth.conftest import ALL, COLD, ETHER
from wallet.emulator.emulator import Emulator
from wallet.eth_chain.anvil import LocalEthChain
from wallet.types import Network

# trezor-firmware common/tests/fixtures/ethereum/getaddress.json ("all all … all"): m/44h/60h/0h/0/1
SECOND = "0xFA01a39f8Abaeb660c3137f14A310d0b414b2A15"
ABANDON = " ".join(["abandon"] * 11 + ["about"])
NO_DEVICE = "udp:127.0.0.1:9"  # nothing listens: a command that reaches the device fails with exit 3


def _eth(data_dir: Path, *words: str, config: Path | None = None) -> int:
    where = ["--data-dir", str(data_dir)] + ([] if config is None else ["--config-dir", str(config)])
    return run([*where, "eth", *words])


def _one_line_error(capsys: pytest.CaptureFixture[str], *fragments: str) -> None:
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "Traceback" not in err
    assert all(f in err for f in fragments), err


def test_create_verify_then_sync_and_balance_per_account(
    device: Emulator,
    chain: LocalEthChain,
    data_dir: Path,
    config_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert _eth(data_dir, "account", "create", "--account", "Cold", "--device", device.path) == 0
    assert f"first address {COLD} (m/44h/60h/0h/0/0)" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO("y\ny\n"))
    for expected in (COLD, SECOND):  # the account's next address each time
        assert _eth(data_dir, "account", "verify", "--account", "Cold", "--device", device.path) == 0
        assert f"verified on device 5c9e228d: {expected}" in capsys.readouterr().out
    assert _eth(data_dir, "account", "addresses", "--json") == 0
    (listed,) = json.loads(capsys.readouterr().out)
    assert listed["account"]["xpub"].startswith("xpub") and listed["account"]["number"] == 0
    assert [v["path"] for v in listed["verified"]] == ["m/44h/60h/0h/0/0", "m/44h/60h/0h/0/1"]
    chain.send_eth(SECOND, 3 * ETHER)
    assert _eth(data_dir, "sync", "--account", "Cold", config=config_dir) == 0
    capsys.readouterr()
    assert _eth(data_dir, "balance", "--account", "Cold", "--json", config=config_dir) == 0
    rows = json.loads(capsys.readouterr().out)
    amounts = {r["address"]: r["balances"][0]["amount_text"] for r in rows}
    assert amounts == {COLD: "0", SECOND: "3"}


def test_a_ledger_live_account_has_one_address(
    device: Emulator, data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    create = ["account", "create", "--account", "LL", "--number", "1", "--layout", "ledger-live"]
    assert _eth(data_dir, *create, "--device", device.path) == 0
    assert "(m/44h/60h/1h/0/0)" in capsys.readouterr().out
    assert (
        _eth(data_dir, "account", "verify", "--account", "LL", "--index", "1", "--device", device.path) == 2
    )
    _one_line_error(capsys, "one address, index 0")
    wrong_layout = ["account", "verify", "--account", "LL", "--layout", "bip44", "--device", device.path]
    assert _eth(data_dir, *wrong_layout) == 2
    _one_line_error(capsys, "uses the ledger-live layout")
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    assert _eth(data_dir, "account", "verify", "--account", "LL", "--device", device.path) == 0
    assert "at m/44h/60h/1h/0/0" in capsys.readouterr().out


def test_duplicates_and_bad_input_are_one_line_with_exit_2(
    device: Emulator, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _eth(data_dir, "account", "create", "--account", "Cold", "--device", device.path) == 0
    capsys.readouterr()
    # refused before any device is opened: NO_DEVICE would fail with exit 3
    for words, fragment in (
        (("--account", "Cold"), "already exists"),
        (("--account", "X", "--number", "-1"), "account number must be in 0..2147483647"),
        (("--account", "X", "--number", str(2**31)), "account number must be in"),
        (("--account", "  "), "name"),
    ):
        assert _eth(data_dir, "account", "create", *words, "--device", NO_DEVICE) == 2
        _one_line_error(capsys, fragment)
    assert _eth(data_dir, "account", "create", "--account", "Again", "--device", device.path) == 2
    _one_line_error(capsys, "is already the Ethereum account 'Cold'")
    assert _eth(data_dir, "account", "addresses", "--account", "Nope") == 2
    _one_line_error(capsys, "no Ethereum account named 'Nope'")
    assert (
        _eth(data_dir, "account", "verify", "--account", "Cold", "--index", "-2", "--device", NO_DEVICE) == 2
    )
    with open_store(data_dir / "coldsplit.sqlite3") as store:
        assert [r[0] for r in store.query("SELECT name FROM eth_accounts")] == ["Cold"]


def test_another_wallet_cannot_verify_the_accounts_addresses(
    device: Emulator, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _eth(data_dir, "account", "create", "--account", "Cold", "--device", device.path) == 0
    with Emulator("trezor-t", port=0, mnemonic=ABANDON, confirm="auto") as other:
        assert _eth(data_dir, "account", "verify", "--account", "Cold", "--device", other.path) == 2
    _one_line_error(capsys, "belongs to 5c9e228d; check the passphrase")
    with open_store(data_dir / "coldsplit.sqlite3") as store:
        assert store.query("SELECT count(*) FROM verified_eth_addresses")[0][0] == 0


class _AddressFromAnotherPath:
    """A device whose address disagrees with its public key (e.g. a tampered firmware): the
    real software device, with EthereumGetAddress answered for address 1 instead of 0."""

    def __init__(self, wallet: Any) -> None:
        self._wallet = wallet

    def __getattr__(self, name: str) -> Any:
        return getattr(self._wallet, name)

    def display_ethereum_address(self, path: str, show: bool = True) -> str:
        return str(self._wallet.display_ethereum_address(path[:-1] + "1", show))


def test_a_device_address_that_its_public_key_does_not_derive_is_not_saved(
    device: Emulator, data_dir: Path
) -> None:
    from app.cli.device_session import opened_device

    db = data_dir / "coldsplit.sqlite3"
    with opened_device(device.path, Network.TESTNET) as session:

        def lying(action: Callable[[Any], Any]) -> Any:
            return session.call(lambda wallet: action(_AddressFromAnotherPath(wallet)))

        with pytest.raises(EthAccountError, match=f"gives {SECOND} at m/44h/60h/0h/0/0.*derives {COLD}"):
            create_eth_account(db, lying, "Cold")
    with open_store(db) as store:
        assert store.query("SELECT count(*) FROM eth_accounts")[0][0] == 0


def _store_before_accounts(db: Path) -> None:
    """A store as the release before Ethereum accounts left it, with a verified address."""
    with open_store(db, schema_version=8) as store:
        record_eth_address(
            store, "Cold ETH", ConfirmedEthAddress(COLD, "m/44h/60h/0h/0/0", bytes.fromhex("5c9e228d"))
        )
        record_eth_address(
            store, "Elsewhere", ConfirmedEthAddress(SECOND, "m/44h/60h/0h/0/7", bytes.fromhex("5c9e228d"))
        )


def test_the_upgrade_keeps_verified_addresses_and_an_account_adopts_its_own(
    device: Emulator, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = data_dir / "coldsplit.sqlite3"
    _store_before_accounts(db)
    assert _eth(data_dir, "account", "addresses") == 0  # opens (and upgrades) the store
    out = capsys.readouterr().out
    assert "Cold ETH  (addresses verified before Ethereum accounts" in out and COLD in out
    assert sqlite3.connect(db).execute("PRAGMA user_version").fetchone()[0] >= 9
    # a name whose addresses are not the account's own is refused; the address stays
    assert _eth(data_dir, "account", "create", "--account", "Elsewhere", "--device", device.path) == 2
    _one_line_error(capsys, "which is not an address of this account")
    assert _eth(data_dir, "account", "create", "--account", "Cold ETH", "--device", device.path) == 0
    capsys.readouterr()
    assert _eth(data_dir, "account", "addresses", "--account", "Cold ETH", "--json") == 0
    (listed,) = json.loads(capsys.readouterr().out)
    assert listed["account"]["first_address"] == COLD
    assert [v["address"] for v in listed["verified"]] == [COLD]
    assert _eth(data_dir, "account", "addresses", "--account", "Elsewhere", "--json") == 0
    assert json.loads(capsys.readouterr().out)[0]["verified"][0]["address"] == SECOND


def test_the_drivers_ethereum_public_key_and_its_addresses_match_trezor_firmwares_fixtures() -> None:
    """trezor-firmware common/tests/fixtures/ethereum/getpublickey.json and getaddress.json, through
    our driver (HardwareWallet.get_ethereum_public_key) and bip-utils' derivation from its xpub."""
    from app.cli.device_session import opened_device
    from app.eth.accounts import derive_address
    from tests.wallet.emulator.ethereum_support import load

    keys, addresses = load("getpublickey.json"), load("getaddress.json")
    (account_case,) = [t for t in keys["tests"] if t["parameters"]["path"] == "m/44'/60'/0'"]

    def account_key(mnemonic: str) -> tuple[Any, bytes]:
        with (
            Emulator("trezor-t", port=0, mnemonic=mnemonic, confirm="auto") as emulator,
            opened_device(emulator.path, Network.TESTNET) as session,
        ):
            key = session.call(lambda wallet: wallet.get_ethereum_public_key("m/44h/60h/0h"))
            return key, session.call(lambda wallet: wallet.master_fingerprint())

    key, root = account_key(keys["setup"]["mnemonic"])
    assert key.to_base58() == account_case["result"]["xpub"]
    assert key.origin is not None and key.origin.fingerprint == root
    xpub = account_key(addresses["setup"]["mnemonic"])[0].to_base58()
    for case in addresses["tests"]:
        path = case["parameters"]["path"]
        if path.startswith("m/44'/60'/0'/0/"):
            assert derive_address(xpub, "bip44", int(path.rsplit("/", 1)[1])) == case["result"]["address"]


@pytest.mark.parametrize(
    "identity",
    ["trezor-one", "onekey-classic", "onekey-classic1s", "onekey-mini", "onekey-touch", "onekey-pro"],
)
def test_every_software_device_identity_gives_the_same_account(
    identity: str, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Emulator(identity, port=0, mnemonic=ALL, confirm="auto") as emulator:
        assert _eth(data_dir, "account", "create", "--account", "Cold", "--device", emulator.path) == 0
    assert f"wallet 5c9e228d, bip44 layout at m/44h/60h/0h; first address {COLD}" in capsys.readouterr().out
