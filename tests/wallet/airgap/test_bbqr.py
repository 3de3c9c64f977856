"""BBQr against Coinkite's published examples (vectors/README.md) and its specification."""

from __future__ import annotations

import base64
import random
import zlib
from pathlib import Path

import pytest
import segno

from wallet.airgap import bbqr
from wallet.airgap.bbqr import ALNUM_CAPACITY_L, BbqrHeader, BbqrJoiner, split
from wallet.airgap.errors import ForeignFrame, MalformedFrame, UnsupportedContent
from wallet.psbt.model import load_psbt

VECTORS = Path(__file__).parent / "vectors"
PSBT_10 = (VECTORS / "bbqr_1in10out.psbt").read_bytes()
PSBT_100 = (VECTORS / "bbqr_1in100out.psbt").read_bytes()


def join(frames: list[str]) -> tuple[str, bytes]:
    joiner = BbqrJoiner()
    for frame in frames:
        joiner.receive(frame)
    assert joiner.result is not None
    return joiner.result


def test_real_scan_from_a_coldcard() -> None:
    """BBQr test_data/real-scan.txt: 8 Zlib frames of a text file (type U)."""
    frames = [
        line.strip() for line in (VECTORS / "bbqr_real_scan.txt").read_text().splitlines() if line.strip()
    ]
    assert frames[0].startswith("B$ZU08")
    file_type, data = join(list(reversed(frames)))
    assert file_type == "U"
    assert b"Zlib compressed" in data
    assert b"PSBT" in data


def test_spec_example_headers_hex_three_parts() -> None:
    """BBQr.md "Example Headers": 2,150 bytes of PSBT as B$HP0300/01/02, 1,000 bytes a part."""
    data = bytes(random.Random(1).randrange(256) for _ in range(2150))
    text = data.hex().upper()
    frames = [f"B$HP03{i:02d}" + text[i * 2000 : (i + 1) * 2000] for i in range(3)]
    assert [len(f) for f in frames] == [2008, 2008, 308]
    assert join([frames[2], frames[0], frames[1]]) == ("P", data)


def test_zlib_matches_the_specs_compression_figure() -> None:
    """BBQr.md's table: 1in10out.psbt, 992 bytes, deflates (wbits 10) to 670."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -10)
    assert len(PSBT_10) == 992
    assert abs(len(packer.compress(PSBT_10) + packer.flush()) - 670) <= 3


def test_capacity_table_agrees_with_segno() -> None:
    """Each entry is the most alphanumeric characters segno fits at that version (level L)."""
    for version, capacity in enumerate(ALNUM_CAPACITY_L, start=1):
        segno.make("A" * capacity, error="l", version=version, mode="alphanumeric", boost_error=False)
        with pytest.raises(segno.DataOverflowError):
            segno.make(
                "A" * (capacity + 1), error="l", version=version, mode="alphanumeric", boost_error=False
            )


@pytest.mark.parametrize("encoding", ["H", "2", "Z"])
@pytest.mark.parametrize("version", [5, 11, 27, 40])
def test_split_and_join_sample_psbts(encoding: str, version: int) -> None:
    frames = split(PSBT_100, encoding=encoding, version=version)
    for frame in frames:
        assert len(frame) <= ALNUM_CAPACITY_L[version - 1]
        assert set(frame) <= set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")
    bodies = [len(f) for f in frames]
    assert len(set(bodies[:-1])) <= 1 and bodies[-1] <= bodies[0]
    shuffled = frames + frames[:2]
    random.Random(version).shuffle(shuffled)
    file_type, data = join(shuffled)
    assert (file_type, data) == ("P", PSBT_100)
    load_psbt(data)  # and the strict parser accepts what came out


def test_zlib_falls_back_to_base32_for_incompressible_data() -> None:
    noise = random.Random(5).randbytes(3000)
    assert split(noise, encoding="Z", version=20)[0][2] == "2"
    assert split(PSBT_100, encoding="Z", version=20)[0][2] == "Z"


def test_header_fields() -> None:
    assert BbqrHeader.parse("B$ZP0A09") == BbqrHeader("Z", "P", 10, 9)
    assert BbqrHeader.parse("B$2TZZZY") == BbqrHeader("2", "T", 1295, 1294)
    frames = split(PSBT_10, encoding="H", version=5)
    assert [f[:8] for f in frames[:2]] == [f"B$HP{len(frames):02X}00"[:6] + "00", frames[1][:6] + "01"]


@pytest.mark.parametrize(
    "frame", ["B$HP0102ABCD", "B$QP0100ABCD", "B$hp0100abcd", "B$HP0100ABC", "B$HP0100XYZ0", "B$HP00"]
)
def test_malformed_frames(frame: str) -> None:
    with pytest.raises(MalformedFrame):
        join([frame])


def test_frame_of_another_file_is_refused_and_scan_continues() -> None:
    ours = split(PSBT_100, encoding="Z", version=10)
    theirs = split(PSBT_10, encoding="Z", version=5)
    joiner = BbqrJoiner()
    joiner.receive(ours[0])
    with pytest.raises(ForeignFrame):
        joiner.receive(theirs[0])
    joiner.receive(ours[1])
    with pytest.raises(ForeignFrame):
        joiner.receive(ours[1][:8] + ours[2][8:])  # same slot, other contents
    with pytest.raises(ForeignFrame):
        joiner.receive(ours[2][:8] + ours[2][8:-8])  # a shorter middle part
    for frame in ours[2:]:
        joiner.receive(frame)
    assert joiner.result == ("P", PSBT_100)


def test_corrupted_zlib_series_is_refused() -> None:
    packed = base64.b32encode(b"\xff" * 20).decode().rstrip("=")
    with pytest.raises(MalformedFrame, match="decompress"):
        join(["B$ZP0100" + packed])


def test_deflate_bomb_is_refused() -> None:
    packer = zlib.compressobj(9, zlib.DEFLATED, -10)
    bomb = packer.compress(bytes(bbqr.MAX_INFLATED + 1)) + packer.flush()
    with pytest.raises(UnsupportedContent, match="expands"):
        join(["B$ZP0100" + base64.b32encode(bomb).decode().rstrip("=")])
