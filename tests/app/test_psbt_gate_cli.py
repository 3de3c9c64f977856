"""`coldsplit psbt sign` refuses what `psbt review` refuses, --yes or not (issue 18, F1 F2 F3 F14),
and refuses what a hostile device hands back (issue 17).

The device is the software device holding the "all" seed with automatic "yes": it would
sign every PSBT here. The tests/ui/test_psbt_gate.py twins drive the same cases through
the GUI.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli.main import run
from tests.signing_gate_cases import (
    anyonecanpay_spend,
    fake_change_spend,
    far_change_spend,
    good_spend,
    huge_output_spend,
    mainnet_spend,
    negative_output_spend,
    open_hostile_wallet,
)
from tests.wallet.psbt_factory import ACCOUNTS
from wallet.emulator.emulator import Emulator
from wallet.psbt.model import Psbt
from wallet.types import ScriptType

ALL = " ".join(["all"] * 12)


@pytest.fixture
def device() -> Iterator[Emulator]:
    with Emulator("trezor-t", port=0, mnemonic=ALL, confirm="auto") as emulator:
        yield emulator


def _run(capsys: pytest.CaptureFixture[str], data_dir: Path, *args: str) -> tuple[int, str, str]:
    code = run(["--data-dir", str(data_dir), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _store_the_devices_account(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    descriptor = ACCOUNTS[ScriptType.WPKH].multipath_descriptor()  # the device's own m/84h/1h/0h
    assert _run(capsys, data_dir, "cold", "import", "vault", "--descriptor", descriptor)[0] == 0


def _sign_refused(
    capsys: pytest.CaptureFixture[str], data_dir: Path, folder: Path, psbt: Psbt, device: Emulator
) -> tuple[str, str]:
    """Sign with --yes; assert exit 2, one error line, nothing written; return (review shown, error)."""
    folder.mkdir()
    source = folder / "in.psbt"
    source.write_text(psbt.to_base64())
    code, out, err = _run(
        capsys, data_dir, "psbt", "sign", str(source), "-o", str(folder / "out.psbt"), "--device", device.path,
        "--yes",
    )  # fmt: skip
    *notices, line = err.strip().splitlines()  # the device's "confirm" notices, then the error
    assert code == 2 and "Traceback" not in err, err
    assert all(n.startswith("Confirm on the device: ") for n in notices), err
    assert [p.name for p in folder.iterdir()] == ["in.psbt"]  # nothing written, not even a temp file
    return out, line


def test_f1_a_mainnet_psbt_is_refused_where_testnet_and_its_account_are_in_use(
    device: Emulator, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(capsys, data_dir, "settings", "set", "network", "testnet")[0] == 0
    _store_the_devices_account(capsys, data_dir)
    source = tmp_path / "mainnet.psbt"
    source.write_text(mainnet_spend().to_base64())
    code, review, _ = _run(capsys, data_dir, "psbt", "review", str(source))
    assert code == 0 and "REFUSED [network-mismatch]" in review and "REFUSED [nothing-ours]" in review
    shown, line = _sign_refused(capsys, data_dir, tmp_path / "sign", mainnet_spend(), device)
    assert line.startswith("coldsplit: error: refusing to sign: network mismatch")
    assert "this PSBT is for another wallet" in line and "REFUSED [network-mismatch]" in shown


@pytest.mark.parametrize("stored", [True, False], ids=["stored-account", "air-gapped"])
def test_f2_change_far_past_the_gap_limit_is_refused(
    device: Emulator, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], stored: bool
) -> None:
    if stored:
        _store_the_devices_account(capsys, data_dir)
    shown, line = _sign_refused(capsys, data_dir, tmp_path / "sign", far_change_spend(), device)
    assert "change: ours at m/84h/1h/0h/1/999999" in shown and "REFUSED [beyond-gap]" in shown
    assert "refusing to sign: output #1 (change) is at m/84h/1h/0h/1/999999" in line
    assert "would never find it" in line


def test_f3_air_gapped_fake_change_is_not_ours_in_review_and_refused_by_sign(
    device: Emulator, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "fake.psbt"
    source.write_text(fake_change_spend().to_base64())
    code, review, _ = _run(capsys, data_dir, "psbt", "review", str(source), "--fingerprint", "5c9e228d")
    assert code == 0 and "change: not proven" not in review  # no role "change" for an unproven output
    assert "external: not proven (claims our fingerprint" in review
    assert "sent to others 0.00390000 BTC" in review  # not 0.0025: the "change" leaves too
    shown, line = _sign_refused(capsys, data_dir, tmp_path / "sign", fake_change_spend(), device)
    assert "external: NOT ours" in shown and "sent to others 0.00390000 BTC" in shown
    assert "refusing to sign: output #1 claims our fingerprint at m/84h/1h/0h/1/3" in line
    assert "the signer's key" in line  # it says why (the device's own xpub disproves it)
    assert not (data_dir / "coldsplit.sqlite3").exists()


@pytest.mark.parametrize("build", [negative_output_spend, huge_output_spend], ids=["negative", "huge"])
def test_f14_invalid_amounts_are_refused_by_review_and_by_sign(
    device: Emulator, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], build: object
) -> None:
    psbt = build()  # type: ignore[operator]
    source = tmp_path / "bad.psbt"
    source.write_text(psbt.to_base64())
    code, review, _ = _run(capsys, data_dir, "psbt", "review", str(source))
    assert code == 0 and "REFUSED [invalid-amount]" in review
    _, line = _sign_refused(capsys, data_dir, tmp_path / "sign", psbt, device)
    assert "refusing to sign: output #0 has an invalid amount" in line


def test_an_unusual_sighash_is_refused_by_sign_with_yes(
    device: Emulator, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _store_the_devices_account(capsys, data_dir)
    shown, line = _sign_refused(capsys, data_dir, tmp_path / "sign", anyonecanpay_spend(), device)
    assert "REFUSED [unusual-sighash]" in shown
    assert "refusing to sign: input #0 asks for unusual sighash 0x83" in line


def test_a_device_returning_another_transaction_is_refused(
    device: Emulator,
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("app.usecases.devices.open_wallet", open_hostile_wallet)
    _, line = _sign_refused(capsys, data_dir, tmp_path / "sign", good_spend(), device)
    assert "the signer returned a PSBT for a different transaction; nothing was saved" in line


def test_a_good_psbt_still_signs(
    device: Emulator, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, out = tmp_path / "good.psbt", tmp_path / "signed.psbt"
    source.write_text(good_spend().to_base64())
    code, shown, err = _run(
        capsys, data_dir, "psbt", "sign", str(source), "-o", str(out), "--device", device.path, "--yes"
    )
    assert code == 0, err
    assert "change: ours at m/84h/1h/0h/1/3" in shown and "REFUSED" not in shown and out.exists()
