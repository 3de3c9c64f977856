"""One scan session over any of the formats, with the bad inputs a camera meets."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from wallet.airgap.bbqr import split
from wallet.airgap.errors import ForeignFrame, MalformedFrame, UnsupportedContent
from wallet.airgap.scan import QrScan
from wallet.airgap.ur import UrEncoder

PSBT = (Path(__file__).parent / "vectors" / "bbqr_1in100out.psbt").read_bytes()


def test_ur_scan_reports_progress_and_keeps_going_past_bad_frames() -> None:
    encoder = UrEncoder.for_psbt(PSBT, 300)
    scan = QrScan()
    first = scan.receive(encoder.next_part().upper())
    assert (first.kind, first.received, first.needed, first.complete) == ("UR", 1, encoder.seq_len, False)
    with pytest.raises(ForeignFrame):
        scan.receive(split(PSBT, version=10)[0])
    with pytest.raises(UnsupportedContent):
        scan.receive("https://example.com")
    with pytest.raises(MalformedFrame):
        scan.receive(encoder.next_part()[:-6] + "zzzzzz")
    while scan.result is None:
        progress = scan.receive(encoder.next_part())
    assert progress.complete and scan.result == PSBT
    assert progress.frames_seen == encoder.seq_len + 4  # 3 refused; part 2 lost, a mixed part made up for it


def test_bbqr_scan_and_restart() -> None:
    frames = split(PSBT, version=12)
    scan = QrScan()
    scan.receive(frames[0])
    with pytest.raises(ForeignFrame):
        scan.receive(UrEncoder.for_psbt(PSBT, 300).next_part())
    scan.restart()
    assert scan.progress().kind == ""
    for frame in reversed(frames):
        scan.receive(frame)
    assert scan.result == PSBT


def test_plain_single_code_psbt() -> None:
    scan = QrScan()
    progress = scan.receive(base64.b64encode(PSBT[:200]).decode())
    assert progress.complete and scan.result == base64.b64encode(PSBT[:200])
    hex_scan = QrScan()
    hex_scan.receive(PSBT[:100].hex())
    assert hex_scan.result == PSBT[:100].hex().encode()


def test_a_bbqr_transaction_is_not_a_psbt() -> None:
    with pytest.raises(UnsupportedContent, match="not a PSBT"):
        QrScan().receive(split(b"\x02\x00\x00\x00" * 30, file_type="T", encoding="H", version=20)[0])


def test_single_code_in_the_middle_of_an_animation_is_refused() -> None:
    scan = QrScan()
    scan.receive(split(PSBT, version=12)[0])
    with pytest.raises(ForeignFrame):
        scan.receive(base64.b64encode(PSBT).decode())


def test_a_transaction_scan_takes_bbqr_t_or_hex_and_refuses_a_psbt() -> None:
    raw = bytes.fromhex("0200000001") + bytes(60)
    scan = QrScan("T")
    for frame in split(raw, file_type="T", encoding="H", version=5):
        scan.receive(frame)
    assert scan.result == raw
    hex_scan = QrScan("T")
    hex_scan.receive(raw.hex())
    assert hex_scan.result == raw
    with pytest.raises(UnsupportedContent, match="no transaction"):
        QrScan("T").receive(UrEncoder.for_psbt(PSBT, 300).next_part())
    with pytest.raises(UnsupportedContent, match="no transaction"):
        QrScan("T").receive(PSBT[:60].hex())  # a hex PSBT is not a transaction
    (whole_psbt,) = split(PSBT, version=40)
    with pytest.raises(UnsupportedContent, match=r"not a transaction \(T\)"):
        QrScan("T").receive(whole_psbt)
