"""`coldsplit psbt …` and `coldsplit cold …` end to end: files in, files out, one-line errors."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from app.cli.main import run
from tests.wallet.psbt_factory import ACCOUNTS, OURS, mixed_psbt, software_sign
from wallet.psbt.model import load_psbt
from wallet.types import ScriptType

ROOT = Path(__file__).resolve().parents[2]
VECTORS: dict[str, Any] = json.loads((ROOT / "tests/wallet/vectors/psbt_test_vectors.json").read_text())


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, text=True, timeout=120, cwd=ROOT
    )


def _run(capsys: pytest.CaptureFixture[str], data_dir: Path, *args: str) -> tuple[int, str, str]:
    code = run(["--data-dir", str(data_dir), "--network", "testnet", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _import_all_accounts(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    for kind, account in ACCOUNTS.items():
        code, out, err = _run(
            capsys,
            data_dir,
            "cold",
            "import",
            f"vault-{kind.purpose}",
            "--descriptor",
            account.multipath_descriptor(),
        )
        assert code == 0, err
        assert "confirm it on the device" in out


@pytest.mark.parametrize("index", range(len(VECTORS["invalid"])))
def test_invalid_vectors_exit_2_with_one_line(
    index: int, tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "bad.psbt"
    source.write_text(VECTORS["invalid"][index])
    code, out, err = _run(capsys, data_dir, "psbt", "review", str(source))
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith(f"coldsplit: error: {source}: ")


def test_review_proves_inputs_and_change_against_stored_accounts(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _import_all_accounts(capsys, data_dir)
    source = tmp_path / "spend.psbt"
    source.write_bytes(mixed_psbt().serialize())  # binary form
    code, out, _ = _run(capsys, data_dir, "psbt", "review", str(source), "--json")
    assert code == 0
    review = json.loads(out)
    assert [i["ownership"] for i in review["inputs"]] == ["proven"] * 4
    assert review["outputs"][1]["role"] == "change" and review["fee"] == 10_006
    code, out, _ = _run(capsys, data_dir, "psbt", "inspect", str(source))
    assert code == 0 and "change: ours at m/84h/1h/0h/1/3" in out


def test_review_without_a_store_uses_key_origins_and_creates_nothing(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "spend.psbt"
    source.write_text(mixed_psbt().to_base64())
    code, out, _ = _run(capsys, data_dir, "psbt", "review", str(source), "--fingerprint", "5c9e228d")
    assert code == 0 and "external: not proven (claims our fingerprint" in out
    assert "sent to others 0.00390000 BTC" in out  # unproven change counts as leaving (issue 18, F3)
    assert not (data_dir / "coldsplit.sqlite3").exists()


def test_convert_combine_finalize_extract(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    unsigned = mixed_psbt()
    (tmp_path / "u.psbt").write_text(unsigned.to_base64())
    assert (
        _run(
            capsys,
            data_dir,
            "psbt",
            "convert",
            str(tmp_path / "u.psbt"),
            "--to",
            "2",
            "-o",
            str(tmp_path / "v2.psbt"),
        )[0]
        == 0
    )
    assert load_psbt((tmp_path / "v2.psbt").read_text()).version == 2
    code, out, _ = _run(capsys, data_dir, "psbt", "convert", str(tmp_path / "v2.psbt"), "--to", "0")
    assert code == 0 and load_psbt(out) == unsigned
    halves = [software_sign(unsigned, account) for account in OURS]
    names = []
    for n, half in enumerate(halves):
        (tmp_path / f"part{n}.psbt").write_bytes(half.serialize())
        names.append(str(tmp_path / f"part{n}.psbt"))
    code, out, err = _run(capsys, data_dir, "psbt", "combine", *names, "-o", str(tmp_path / "all.psbt"))
    assert code == 0, err
    code, out, err = _run(
        capsys, data_dir, "psbt", "finalize", str(tmp_path / "all.psbt"), "-o", str(tmp_path / "final.psbt")
    )
    assert code == 0, err
    code, out, err = _run(capsys, data_dir, "psbt", "extract", str(tmp_path / "final.psbt"))
    assert code == 0 and len(bytes.fromhex(out.strip())) > 400
    tx_file = tmp_path / "tx.hex"
    code, _, err = _run(
        capsys, data_dir, "psbt", "finalize", str(tmp_path / "all.psbt"), "-o", str(tx_file), "--extract"
    )
    assert code == 0, err
    assert tx_file.read_text() == out


def test_the_input_is_never_overwritten_unless_asked(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "u.psbt"
    source.write_text(mixed_psbt().to_base64())
    before = source.read_bytes()
    code, _, err = _run(capsys, data_dir, "psbt", "convert", str(source), "--to", "2", "-o", str(source))
    assert code == 2 and "--overwrite" in err and source.read_bytes() == before
    code, _, _ = _run(
        capsys, data_dir, "psbt", "convert", str(source), "--to", "2", "-o", str(source), "--overwrite"
    )
    assert code == 0 and load_psbt(source.read_text()).version == 2


def test_finalizing_an_unsigned_psbt_fails_and_writes_nothing(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (work / "u.psbt").write_text(mixed_psbt().to_base64())
    code, _, err = _run(
        capsys, data_dir, "psbt", "finalize", str(work / "u.psbt"), "-o", str(work / "out.psbt")
    )
    assert code == 2 and "cannot finalize" in err
    assert sorted(p.name for p in work.iterdir()) == ["u.psbt"]


def test_truncated_file_and_100_mb_of_junk_fail_cleanly_without_output(tmp_path: Path) -> None:
    truncated = tmp_path / "cut.psbt"
    truncated.write_bytes(base64.b64decode(VECTORS["valid"][0])[:-9])
    junk = tmp_path / "junk.bin"
    with junk.open("wb") as handle:  # sparse: 100 MB without writing 100 MB
        handle.truncate(100 * 1024 * 1024)
    for source, message in ((truncated, "truncated"), (junk, "too big")):
        out = tmp_path / "out.psbt"
        result = _cli(
            "--data-dir", str(tmp_path / "data"), "psbt", "convert", str(source), "--to", "2", "-o", str(out)
        )
        assert result.returncode == 2
        assert message in result.stderr and "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert not out.exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".out")]


def test_missing_file_and_bad_arguments(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(capsys, data_dir, "psbt", "review", str(tmp_path / "nope.psbt"))
    assert code == 2 and "cannot read" in err
    code, _, err = _run(capsys, data_dir, "psbt", "review", str(tmp_path))
    assert code == 2 and "directory" in err


def test_cold_import_list_addresses_and_labels(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wpkh = ACCOUNTS[ScriptType.WPKH]
    xpub = wpkh.xpub.to_base58(test=True)
    code, out, err = _run(
        capsys,
        data_dir,
        "cold",
        "import",
        "vault",
        "--xpub",
        xpub,
        "--path",
        "m/84h/1h/0h",
        "--fingerprint",
        "5c9e228d",
        "--script",
        "wpkh",
        "--device-family",
        "trezor",
    )
    assert code == 0, err
    assert "tb1qkvwu9g3k2pdxewfqr7syz89r3gj557l3uuf9r9" in out  # DEVICE_PROTOCOL.md vector, m/84h/1h/0h/0/0
    code, out, _ = _run(capsys, data_dir, "cold", "list", "--json")
    assert json.loads(out)[0]["descriptor"] == wpkh.descriptor()
    code, out, _ = _run(capsys, data_dir, "cold", "addresses", "vault", "--count", "2", "--json")
    rows = json.loads(out)
    assert [r["path"] for r in rows] == ["m/84h/1h/0h/0/0", "m/84h/1h/0h/0/1"] and not any(
        r["verified"] for r in rows
    )
    code, out, _ = _run(capsys, data_dir, "cold", "targets")
    assert "no device-confirmed addresses" in out
    labels = tmp_path / "labels.jsonl"
    labels.write_text(json.dumps({"type": "addr", "ref": rows[0]["address"], "label": "first"}) + "\n")
    code, out, _ = _run(capsys, data_dir, "cold", "labels", "import", "vault", str(labels))
    assert code == 0 and "1 labels added" in out
    code, out, _ = _run(capsys, data_dir, "cold", "labels", "export", "vault")
    assert json.loads(out)["label"] == "first"
    labels.write_text('{"type": "addr", "ref": "x", "label": "y"}\n')
    code, _, err = _run(capsys, data_dir, "cold", "labels", "import", "vault", str(labels))
    assert code == 2 and "line 1" in err and "nothing was imported" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--xpub", "xpub123", "--path", "m/84h/1h/0h", "--fingerprint", "5c9e228d"], "extended key"),
        (["--xpub", "x"], "needs --path and --fingerprint"),
        (["--descriptor", "wpkh(xyz)"], "no key origin"),
        (["--descriptor", "wpkh([5c9e228d/84h/1h/0h]tpub/0/*)#zzzzzzzz"], "checksum"),
    ],
)
def test_cold_import_errors_are_one_line(
    args: list[str], message: str, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(capsys, data_dir, "cold", "import", "vault", *args)
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1


def test_a_store_file_is_private(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _import_all_accounts(capsys, data_dir)
    assert os.stat(data_dir / "coldsplit.sqlite3").st_mode & 0o077 == 0


def test_the_cli_lists_the_device_families_the_store_accepts() -> None:
    from app.cli import cold_cmd
    from app.cold import accounts

    assert cold_cmd.DEVICE_FAMILIES == accounts.DEVICE_FAMILIES
