"""`coldsplit cold create` and `cold verify` against the in-process software device on loopback.

Accounts built from the device's xpub are compared with accounts derived by bip-utils
straight from the seed (tests/wallet/psbt_factory.py), not with anything the device
says. "Yes" on the device comes from the emulator's auto-confirm; "no" is pressed
through its DebugLink by a scripted user standing in for the terminal.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import device_session
from app.cli.main import run
from tests.wallet.devices.conftest import DebugLinkPeer, DebugLinkUser
from tests.wallet.psbt_factory import account_for
from wallet.emulator.emulator import Emulator
from wallet.types import Network, ScriptType

ALL = " ".join(["all"] * 12)
ABANDON = " ".join(["abandon"] * 11 + ["about"])


@pytest.fixture
def onekey() -> Iterator[Emulator]:
    with Emulator("onekey-pro", port=0, mnemonic=ALL, confirm="auto") as emulator:
        yield emulator


def _run(capsys: pytest.CaptureFixture[str], data_dir: Path, *args: str) -> tuple[int, str, str]:
    code = run(["--data-dir", str(data_dir), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _accounts(capsys: pytest.CaptureFixture[str], data_dir: Path) -> list[dict[str, object]]:
    code, out, _ = _run(capsys, data_dir, "cold", "list", "--json")
    assert code == 0
    rows = json.loads(out)
    assert isinstance(rows, list)
    return rows


def _targets(capsys: pytest.CaptureFixture[str], data_dir: Path) -> list[str]:
    code, out, _ = _run(capsys, data_dir, "cold", "targets")
    assert code == 0
    return [line.split("\t")[2] for line in out.splitlines() if "\t" in line]


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


@pytest.mark.parametrize("kind", list(ScriptType))
def test_create_builds_the_account_from_the_device_xpub(
    onekey: Emulator, data_dir: Path, capsys: pytest.CaptureFixture[str], kind: ScriptType
) -> None:
    script = {ScriptType.SH_WPKH: "sh-wpkh"}.get(kind, kind.value)
    code, out, err = _run(
        capsys, data_dir, "cold", "create", "vault", "--device", onekey.path, "--script", script
    )
    assert code == 0, err
    expected = account_for(kind, Network.TESTNET)  # testnet is the default network
    (row,) = _accounts(capsys, data_dir)
    assert row["descriptor"] == expected.descriptor()
    assert row["change_descriptor"] == expected.descriptor(change=True)
    assert (row["fingerprint"], row["device_family"], row["network"]) == ("5c9e228d", "onekey", "testnet")
    assert f"m/{kind.purpose}h/1h/0h/0/0" in out and "cold verify vault" in out


@pytest.mark.parametrize(
    ("network", "coin", "prefix"), [("mainnet", 0, "xpub"), ("signet", 1, "tpub"), ("regtest", 1, "tpub")]
)
def test_create_on_other_networks_with_another_account_number(
    data_dir: Path, capsys: pytest.CaptureFixture[str], network: str, coin: int, prefix: str
) -> None:
    with Emulator("trezor-t", port=0, mnemonic=ALL, confirm="auto") as trezor:
        args = ["--network", network, "cold", "create", "main", "--device", trezor.path, "--account", "1"]
        code, _, err = _run(capsys, data_dir, *args)
    assert code == 0, err
    (row,) = _accounts(capsys, data_dir)
    assert str(row["descriptor"]).startswith(f"wpkh([5c9e228d/84h/{coin}h/1h]{prefix}")
    assert row["device_family"] == "trezor" and row["network"] == network


def test_create_refuses_a_taken_name_and_bad_numbers_in_one_line(
    onekey: Emulator, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(capsys, data_dir, "cold", "create", "vault", "--device", onekey.path)[0] == 0
    code, _, err = _run(
        capsys, data_dir, "cold", "create", "vault", "--device", onekey.path, "--script", "tr"
    )
    assert code == 2 and "already exists" in _one_line(err)
    code, _, err = _run(
        capsys, data_dir, "cold", "create", "other", "--device", onekey.path, "--account", "2147483648"
    )
    assert code == 2 and "--account" in _one_line(err)
    assert len(_accounts(capsys, data_dir)) == 1


def test_create_without_a_reachable_device_saves_nothing(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Emulator("trezor-one", port=0, mnemonic=ALL) as emulator:
        path = emulator.path
    code, _, err = _run(capsys, data_dir, "cold", "create", "vault", "--device", path)
    assert code == 3 and _one_line(err).endswith("[not_connected]")  # exit 3: a device error
    assert _accounts(capsys, data_dir) == []


def test_verify_confirmed_on_the_device_becomes_a_withdrawal_target(
    onekey: Emulator, data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("y\ny\n"))  # "did the device show exactly …?"
    assert _run(capsys, data_dir, "cold", "create", "vault", "--device", onekey.path)[0] == 0
    code, out, err = _run(capsys, data_dir, "cold", "verify", "vault", "--device", onekey.path)
    assert code == 0, err
    # DEVICE_PROTOCOL.md vector for the "all" seed at m/84h/1h/0h/0/0
    assert "tb1qkvwu9g3k2pdxewfqr7syz89r3gj557l3uuf9r9" in out and "verified on device 5c9e228d" in out
    assert "Confirm on the device" in err  # the terminal told the user to look at the device
    # what refusing means on this model: a Pro's address screen cannot refuse (QR code button)
    assert "only shows a QR code" in out and "did the device show exactly" in out
    assert _targets(capsys, data_dir) == ["tb1qkvwu9g3k2pdxewfqr7syz89r3gj557l3uuf9r9"]
    assert _accounts(capsys, data_dir)[0]["next_index"] == 1
    code, out, err = _run(
        capsys, data_dir, "cold", "verify", "vault", "--device", onekey.path, "--change", "--index", "5"
    )
    assert code == 0, err
    code, out, _ = _run(capsys, data_dir, "cold", "targets", "vault")
    assert "m/84h/1h/0h/1/5" in out
    assert _accounts(capsys, data_dir)[0]["next_index"] == 1  # change addresses do not move it


def test_no_on_the_device_records_nothing(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with Emulator("trezor-t", port=0, mnemonic=ALL) as trezor:  # waits for DebugLink decisions
        peer = DebugLinkPeer(trezor)
        user = DebugLinkUser(peer, decisions=[False])
        monkeypatch.setattr(device_session, "make_interaction", lambda _on_device: user)
        try:
            assert _run(capsys, data_dir, "cold", "create", "vault", "--device", trezor.path)[0] == 0
            code, _, err = _run(capsys, data_dir, "cold", "verify", "vault", "--device", trezor.path)
        finally:
            peer.close()
    assert code == 3  # a device error (cancelled on the device)
    line = _one_line(err)
    assert "[cancelled]" in line and "nothing was recorded" in line
    assert [n.action for n in user.notices] == ["Address"] and user.decisions == []
    assert _targets(capsys, data_dir) == []
    assert _accounts(capsys, data_dir)[0]["next_index"] == 0


def test_a_device_of_another_wallet_is_refused_and_nothing_is_recorded(
    onekey: Emulator, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(capsys, data_dir, "cold", "create", "vault", "--device", onekey.path)[0] == 0
    with Emulator("trezor-one", port=0, mnemonic=ABANDON, confirm="auto") as stranger:
        code, out, err = _run(capsys, data_dir, "cold", "verify", "vault", "--device", stranger.path)
    assert "verified on device" not in out
    assert code == 2 and "not the account's 5c9e228d" in _one_line(err)
    assert _targets(capsys, data_dir) == []


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["vault", "--index", "-1"], "--index"),
        (["vault", "--index", "2147483648"], "--index"),
        (["nobody"], "no cold account named 'nobody'"),
    ],
)
def test_verify_refuses_bad_requests_before_the_device(
    onekey: Emulator, data_dir: Path, capsys: pytest.CaptureFixture[str], args: list[str], needle: str
) -> None:
    assert _run(capsys, data_dir, "cold", "create", "vault", "--device", onekey.path)[0] == 0
    code, _, err = _run(capsys, data_dir, "cold", "verify", *args, "--device", onekey.path)
    assert code == 2 and needle in _one_line(err)
