"""`coldsplit psbt sign` against the in-process software device on loopback.

The PSBT spends p2pkh, p2sh-p2wpkh, p2wpkh and p2tr coins of the "all" seed with a
change output (tests/wallet/psbt_factory.py). The signed file is checked with
libsecp256k1 over this project's sighash messages and with rust-miniscript's
interpreter (bdk's finalizer), then finalized. "Yes" on the device is the emulator's
auto-confirm; "no" is pressed through its DebugLink.
"""

from __future__ import annotations

import base64
import io
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.cli import device_session
from app.cli.main import run
from tests.wallet.devices.conftest import DebugLinkPeer, DebugLinkUser
from tests.wallet.psbt_factory import (
    ACCOUNTS,
    ALL_FINGERPRINT,
    CHANGE_INDEX,
    NET,
    OTHER_MASTER,
    Spend,
    account_for,
    build_psbt,
    change_map_for,
    external_address,
    mixed_psbt,
)
from wallet.emulator.emulator import Emulator
from wallet.psbt.model import load_psbt
from wallet.psbt.operations import extract, finalize, signature_problems
from wallet.psbt.verify import verify_signatures
from wallet.types import ScriptType

ALL = " ".join(["all"] * 12)
ABANDON = " ".join(["abandon"] * 11 + ["about"])
CHANGE_PATH = f"m/84h/1h/0h/1/{CHANGE_INDEX}"


@pytest.fixture(params=["onekey-pro", "trezor-t"])
def device(request: pytest.FixtureRequest) -> Iterator[Emulator]:
    with Emulator(request.param, port=0, mnemonic=ALL, confirm="auto") as emulator:
        yield emulator


@pytest.fixture
def unsigned(tmp_path: Path) -> Path:
    (tmp_path / "work").mkdir()
    path = tmp_path / "work" / "unsigned.psbt"  # alone in its folder: any file written shows up
    path.write_text(mixed_psbt().to_base64())
    return path


def _run(capsys: pytest.CaptureFixture[str], data_dir: Path, *args: str) -> tuple[int, str, str]:
    code = run(["--data-dir", str(data_dir), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _sign(
    capsys: pytest.CaptureFixture[str],
    data_dir: Path,
    source: Path | str,
    out: Path | str,
    device: str,
    *options: str,
    network: str | None = None,
) -> tuple[int, str, str]:
    """`psbt sign SOURCE -o OUT --device DEVICE [options]`, with `--network` before the command."""
    first = ["--network", network] if network else []
    return _run(
        capsys, data_dir, *first, "psbt", "sign", str(source), "-o", str(out), "--device", device, *options
    )


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def _only_input_left(folder: Path, source: Path) -> None:
    """No output file and no temp file of an interrupted atomic write."""
    assert [p.name for p in folder.iterdir()] == [source.name]


def test_sign_without_a_store_writes_a_verified_psbt_and_keeps_the_input(
    device: Emulator, unsigned: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = unsigned.read_bytes()
    out = unsigned.parent / "signed.psbt"
    code, stdout, err = _sign(capsys, data_dir, unsigned, out, device.path, network="testnet")
    assert code == 2 and err.strip().splitlines()[-1].startswith(
        "coldsplit: error: not signed: not confirmed"
    )
    assert not out.exists()  # pytest's stdin cannot be read: no terminal "yes", nothing signed
    code, stdout, err = _sign(capsys, data_dir, unsigned, out, device.path, "--yes")
    assert code == 0, err
    assert "network testnet (coin type 1h in the key paths)" in stdout
    # no account: the change is proven against the device's own xpub, read before the review
    assert f"change: ours at {CHANGE_PATH}" in stdout and "sent to others 0.00250000 BTC" in stdout
    assert "signed inputs #0, #1, #2, #3 on device 5c9e228d" in stdout
    assert unsigned.read_bytes() == before
    signed = load_psbt(out.read_text())
    checks = verify_signatures(signed)  # libsecp256k1 over our BIP143/BIP341 messages
    assert [(c.input_index, c.valid) for c in checks] == [(n, True) for n in range(4)]
    assert signature_problems(signed) == {}  # rust-miniscript's interpreter agrees
    assert extract(finalize(signed))  # and it finalizes into a transaction
    assert not (data_dir / "coldsplit.sqlite3").exists()  # the air-gapped signer created no store


def test_a_stored_account_proves_the_change_and_yes_at_the_terminal_signs(
    unsigned: Path, data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    wpkh = ACCOUNTS[ScriptType.WPKH]
    assert (
        _run(capsys, data_dir, "cold", "import", "vault", "--descriptor", wpkh.multipath_descriptor())[0] == 0
    )
    out = unsigned.parent / "signed.psbt"
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    with Emulator("onekey-pro", port=0, mnemonic=ALL, confirm="auto") as onekey:
        code, stdout, err = _sign(capsys, data_dir, unsigned, out, onekey.path, "--binary", network="testnet")
    assert code == 0, err
    assert out.read_bytes().startswith(b"psbt\xff")
    assert f"change: ours at {CHANGE_PATH}" in stdout  # proven against the stored descriptor
    assert "Sign this transaction with device 5c9e228d? [y/N]" in err
    assert len(verify_signatures(load_psbt(out.read_bytes()))) == 4


def test_a_fake_change_is_shown_as_not_ours_and_refused_even_with_yes(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for kind, account in ACCOUNTS.items():  # the device's accounts, stored: no --account needed
        imported = _run(
            capsys, data_dir, "cold", "import", kind.name, "--descriptor", account.multipath_descriptor()
        )
        assert imported[0] == 0
    impostor = account_for(ScriptType.WPKH, NET, OTHER_MASTER)
    spends = [Spend(ACCOUNTS[kind], n, 100_000 + n) for n, kind in enumerate(ScriptType)]
    psbt = build_psbt(spends, [(external_address(NET), 250_000)], (impostor, CHANGE_INDEX, 140_000))
    psbt.outputs[1] = change_map_for(impostor, CHANGE_INDEX, fingerprint=ALL_FINGERPRINT)  # lies about whose
    (tmp_path / "work").mkdir()
    source = tmp_path / "work" / "fake-change.psbt"
    source.write_text(psbt.to_base64())
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    with Emulator("onekey-pro", port=0, mnemonic=ALL, confirm="auto") as onekey:
        code, stdout, err = _sign(capsys, data_dir, source, source.parent / "s.psbt", onekey.path, "--yes")
    assert code == 2 and "refusing to sign: output #1 claims our fingerprint" in _one_line(err)
    lines = stdout.splitlines()
    inputs, outputs = (
        lines[lines.index("inputs:") + 1 : lines.index("outputs:")],
        lines[lines.index("outputs:") + 1 :],
    )
    assert all(" ours at m/" in line for line in inputs)  # proven against the stored accounts
    assert "external: NOT ours (claims our fingerprint" in outputs[1]
    assert "sent to others 0.00390000 BTC" in stdout and "REFUSED [fake-change]" in stdout
    _only_input_left(source.parent, source)


def test_a_no_at_the_terminal_signs_nothing(
    device: Emulator,
    unsigned: Path,
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    code, stdout, err = _sign(capsys, data_dir, unsigned, unsigned.parent / "s.psbt", device.path)
    assert code == 2 and "not signed" in err.strip().splitlines()[-1]
    assert "outputs:" in stdout  # the review was shown first
    _only_input_left(unsigned.parent, unsigned)


def test_no_on_the_device_writes_nothing(
    unsigned: Path, data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with Emulator("trezor-t", port=0, mnemonic=ALL) as trezor:  # waits for DebugLink decisions
        peer = DebugLinkPeer(trezor)
        user = DebugLinkUser(peer, decisions=[False])
        monkeypatch.setattr(device_session, "make_interaction", lambda _on_device: user)
        try:
            code, _, err = _sign(capsys, data_dir, unsigned, unsigned.parent / "s.psbt", trezor.path, "--yes")
        finally:
            peer.close()
    assert code == 3 and "[cancelled]" in _one_line(err)
    assert user.notices and user.decisions == []  # the device asked, and the one "no" was pressed
    _only_input_left(unsigned.parent, unsigned)


@pytest.mark.parametrize(
    ("psbt_args", "network", "needle"),
    [
        ({}, "mainnet", "network mismatch"),
        ({"payment": 500_000}, None, "the outputs spend more than the inputs hold"),
    ],
)
def test_blocking_warnings_refuse_before_the_device_signs(
    tmp_path: Path,
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
    psbt_args: dict[str, Any],
    network: str | None,
    needle: str,
) -> None:
    (tmp_path / "work").mkdir()
    source = tmp_path / "work" / "bad.psbt"
    source.write_bytes(mixed_psbt(**psbt_args).serialize())
    with Emulator("trezor-t", port=0, mnemonic=ALL, confirm="auto") as trezor:  # it would sign anything
        code, stdout, err = _sign(
            capsys, data_dir, source, source.parent / "s.psbt", trezor.path, network=network
        )
    assert code == 2
    line = _one_line(err)
    assert line.startswith("coldsplit: error: refusing to sign: ") and needle in line
    assert "REFUSED" in stdout
    _only_input_left(source.parent, source)


def test_a_device_of_another_wallet_is_refused(
    unsigned: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = unsigned.parent / "s.psbt"
    with Emulator("trezor-one", port=0, mnemonic=ABANDON, confirm="auto") as stranger:
        code, _, err = _sign(capsys, data_dir, unsigned, out, stranger.path, "--yes")
        assert code == 2 and "this PSBT is for another wallet" in _one_line(err)
        wpkh = ACCOUNTS[ScriptType.WPKH]
        imported = _run(
            capsys, data_dir, "cold", "import", "vault", "--descriptor", wpkh.multipath_descriptor()
        )
        assert imported[0] == 0
        code, _, err = _sign(capsys, data_dir, unsigned, out, stranger.path, "--yes", "--account", "vault")
    assert code == 2 and "not the account's 5c9e228d" in _one_line(err)
    _only_input_left(unsigned.parent, unsigned)


def test_bad_files_are_refused_before_the_device(
    unsigned: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dead = "udp:127.0.0.1:9"  # nothing is asked of a device: the files are refused first
    code, _, err = _sign(capsys, data_dir, unsigned, unsigned, dead, "--yes")
    assert code == 2 and "is the input file" in _one_line(err) and "--overwrite" not in err
    truncated = unsigned.parent / "cut.psbt"
    truncated.write_bytes(base64.b64decode(unsigned.read_text())[:-9])
    code, _, err = _sign(capsys, data_dir, truncated, unsigned.parent / "s.psbt", dead, "--yes")
    assert code == 2 and "truncated" in _one_line(err)
    code, _, err = _sign(capsys, data_dir, unsigned, "-", dead, "--yes")
    assert code == 2 and "give -o FILE" in _one_line(err)
    code, _, err = _sign(capsys, data_dir, "-", unsigned.parent / "s.psbt", dead)
    assert code == 2 and "add --yes" in _one_line(err)
    assert sorted(p.name for p in unsigned.parent.iterdir()) == ["cut.psbt", "unsigned.psbt"]


def test_signing_touches_nothing_but_loopback(
    unsigned: Path, data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The air-gapped promise: any attempt to reach beyond 127.0.0.1 fails the command."""
    reached: list[object] = []

    def guard(original: Any) -> Any:
        def checked(self: socket.socket, address: Any, *rest: Any) -> Any:
            target = rest[-1] if rest else address  # sendto(data, address) / connect(address)
            if isinstance(target, tuple) and target[0] not in ("127.0.0.1", "localhost"):
                reached.append(target)
                raise OSError("network access in an offline command")
            return original(self, address, *rest)

        return checked

    monkeypatch.setattr(socket.socket, "connect", guard(socket.socket.connect))
    monkeypatch.setattr(socket.socket, "sendto", guard(socket.socket.sendto))
    with Emulator("onekey-pro", port=0, mnemonic=ALL, confirm="auto") as onekey:
        code, _, err = _sign(capsys, data_dir, unsigned, unsigned.parent / "s.psbt", onekey.path, "--yes")
    assert code == 0, err
    assert reached == []


def test_help_says_it_works_offline(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run(["psbt", "sign", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "nothing in this command touches the network" in text and "air-gapped" in text
