"""The air-gapped round trip by QR on the command line, on the software device.

online `psbt qr show` → frame images → offline `psbt sign --qr-in … --qr-out …` (socket
guard: nothing beyond loopback) → frame images → online `psbt qr read` → finalize. Every
image is decoded by zxing-cpp; every PSBT read goes through the strict parser and, for
signing, the same review and gate as a file. Bad frames: one line, exit 2, nothing signed.
"""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest

from app.airgap.frames import render_png
from app.cli.main import run
from tests.app.airgap.psbt_blobs import random_psbt
from tests.wallet.psbt_factory import mixed_psbt
from wallet.airgap.bbqr import split
from wallet.emulator.emulator import Emulator
from wallet.psbt.model import load_psbt
from wallet.psbt.operations import extract, finalize
from wallet.psbt.verify import verify_signatures

ALL = " ".join(["all"] * 12)


def _run(capsys: pytest.CaptureFixture[str], data_dir: Path, *args: str) -> tuple[int, str, str]:
    code = run(["--data-dir", str(data_dir), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def _frames(folder: Path) -> list[str]:
    return [str(p) for p in sorted(folder.glob("frame-*.png"))]


@pytest.fixture
def unsigned(tmp_path: Path) -> Path:
    path = tmp_path / "unsigned.psbt"
    path.write_text(mixed_psbt().to_base64())
    return path


def _guard_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    reached: list[object] = []

    def guard(original: Any) -> Any:
        def checked(self: socket.socket, address: Any, *rest: Any) -> Any:
            target = rest[-1] if rest else address
            if isinstance(target, tuple) and target[0] not in ("127.0.0.1", "localhost"):
                reached.append(target)
                raise OSError("network access in an offline command")
            return original(self, address, *rest)

        return checked

    monkeypatch.setattr(socket.socket, "connect", guard(socket.socket.connect))
    monkeypatch.setattr(socket.socket, "sendto", guard(socket.socket.sendto))
    return reached


def test_air_gapped_round_trip_by_qr(
    unsigned: Path,
    tmp_path: Path,
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    to_signer, to_online = tmp_path / "to-signer", tmp_path / "to-online"
    code, out, err = _run(
        capsys, data_dir, "psbt", "qr", "show", str(unsigned), "--out", str(to_signer), "--density", "10"
    )
    assert code == 0, err
    frames = _frames(to_signer)
    assert len(frames) > 3 and (to_signer / "animation.gif").is_file() and "UR frame(s)" in out
    camera = frames[::-1][1:]  # out of order, the first plain part missed: mixed parts make up for it
    reached = _guard_network(monkeypatch)
    with Emulator("onekey-pro", port=0, mnemonic=ALL, confirm="auto") as onekey:
        code, out, err = _run(
            capsys, data_dir, "psbt", "sign", "--qr-in", *camera, "--qr-out", str(to_online),
            "--qr-format", "bbqr", "--device", onekey.path, "--yes",
        )  # fmt: skip
    assert code == 0, err
    assert reached == []
    assert "sent to others 0.00250000 BTC" in out and f"QR frames in {to_online}" in out
    monkeypatch.undo()
    signed_file = tmp_path / "signed.psbt"
    code, out, err = _run(
        capsys, data_dir, "psbt", "qr", "read", str(to_online / "animation.gif"), "-o", str(signed_file)
    )
    assert code == 0, err
    signed = load_psbt(signed_file.read_text())
    assert [(c.input_index, c.valid) for c in verify_signatures(signed)] == [(n, True) for n in range(4)]
    assert signed.unsigned_tx().txid_hex == mixed_psbt().unsigned_tx().txid_hex
    raw = extract(finalize(signed))
    code, _, err = _run(
        capsys,
        data_dir,
        "psbt",
        "qr",
        "show",
        str(signed_file),
        "--transaction",
        "--out",
        str(tmp_path / "x"),
    )
    assert code == 2 and "no transaction to show" in _one_line(err)  # not finalized yet
    final_file = tmp_path / "final.psbt"
    assert _run(capsys, data_dir, "psbt", "finalize", str(signed_file), "-o", str(final_file))[0] == 0
    tx_frames = tmp_path / "tx-frames"
    code, out, err = _run(
        capsys, data_dir, "psbt", "qr", "show", str(final_file), "--transaction", "--out", str(tx_frames)
    )
    assert code == 0 and "BBQr frame(s) of the" in out, err
    tx_file = tmp_path / "tx.hex"
    code, _, err = _run(
        capsys, data_dir, "psbt", "qr", "read", "--transaction", *_frames(tx_frames), "-o", str(tx_file)
    )
    assert code == 0, err
    assert tx_file.read_text().strip() == raw.hex()
    code, _, err = _run(capsys, data_dir, "psbt", "qr", "read", "--transaction", *camera)
    assert code == 2 and "holds no transaction" in _one_line(err)  # UR frames of a PSBT


def test_sign_from_frames_with_a_foreign_frame_signs_nothing(
    unsigned: Path, tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    assert (
        _run(capsys, data_dir, "psbt", "qr", "show", str(unsigned), "--out", str(ours), "--density", "10")[0]
        == 0
    )
    other = tmp_path / "other.psbt"
    other.write_text(mixed_psbt(payment=123_456).to_base64())
    assert (
        _run(capsys, data_dir, "psbt", "qr", "show", str(other), "--out", str(theirs), "--density", "10")[0]
        == 0
    )
    mixed = [*_frames(ours)[:2], _frames(theirs)[2], *_frames(ours)[2:]]
    out_file = tmp_path / "s.psbt"
    dead = "udp:127.0.0.1:9"  # never reached: the frames are refused first
    code, _, err = _run(
        capsys, data_dir, "psbt", "sign", "--qr-in", *mixed, "-o", str(out_file), "--device", dead, "--yes"
    )
    line = _one_line(err)
    assert code == 2 and "frame-0003.png" in line and "another message" in line, line
    assert not out_file.exists()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("https://example.com/not-a-psbt", "holds no PSBT"),
        (
            "UR:CRYPTO-PSBT/1-3/LPADAXCFAXHLCYDLBKFXIAHDCXHFTSGWLSNDAEAOAEAEAEAEAYHGAOAEAEAEAEAEAEAE",
            "checksum",
        ),
        (
            split(b"not a psbt at all, just text" * 5, file_type="U", encoding="H", version=20)[0],
            "not a PSBT",
        ),
        (split(b"psbt\xff" + b"\x01" * 50, encoding="H", version=20)[0], "no valid PSBT"),
    ],
)
def test_bad_frames_are_one_line_and_exit_2(
    content: str, expected: str, tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    image = tmp_path / "scan.png"
    image.write_bytes(render_png(content))
    code, _, err = _run(capsys, data_dir, "psbt", "qr", "read", str(image), "-o", str(tmp_path / "out.psbt"))
    assert code == 2 and expected in _one_line(err)
    assert not (tmp_path / "out.psbt").exists()


def test_unreadable_and_incomplete_inputs(
    unsigned: Path, tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    frames_dir = tmp_path / "frames"
    assert (
        _run(
            capsys,
            data_dir,
            "psbt",
            "qr",
            "show",
            str(unsigned),
            "--out",
            str(frames_dir),
            "--format",
            "bbqr",
            "--density",
            "8",
        )[0]
        == 0
    )
    frames = _frames(frames_dir)
    code, _, err = _run(capsys, data_dir, "psbt", "qr", "read", *frames[:-1])
    assert code == 2 and "incomplete" in _one_line(err) and f"of {len(frames)} BBQr parts" in err
    not_image = tmp_path / "notes.txt"
    not_image.write_text("hello")
    code, _, err = _run(capsys, data_dir, "psbt", "qr", "read", str(not_image))
    assert code == 2 and "not a readable image" in _one_line(err)
    blank = tmp_path / "blank.png"
    blank.write_bytes(_blank_png())
    code, _, err = _run(capsys, data_dir, "psbt", "qr", "read", str(blank))
    assert code == 2 and "no QR code found" in _one_line(err)
    code, _, err = _run(capsys, data_dir, "psbt", "qr", "show", str(unsigned), "--out", str(frames_dir))
    assert code == 2 and "already holds QR frames" in _one_line(err)
    huge = tmp_path / "huge.psbt"
    huge.write_bytes(random_psbt(300_000, 3))
    code, _, err = _run(
        capsys,
        data_dir,
        "psbt",
        "qr",
        "show",
        str(huge),
        "--out",
        str(tmp_path / "h"),
        "--format",
        "bbqr",
        "--density",
        "5",
    )
    assert code == 2 and "too big for BBQr" in _one_line(err)
    code, _, err = _run(
        capsys,
        data_dir,
        "psbt",
        "sign",
        str(unsigned),
        "--qr-in",
        *frames,
        "-o",
        "x",
        "--device",
        "udp:127.0.0.1:9",
    )
    assert code == 2 and "not both" in _one_line(err)


def _blank_png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", (64, 64), 255).save(buffer, format="PNG")
    return buffer.getvalue()
