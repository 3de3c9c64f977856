"""The whole optical path: PSBT → frames → images (segno) → zxing-cpp → scan → strict parser.

Hypothesis picks the size (skewed small, up to 100 kB), the format, the density and, for UR,
which frames the "camera" drops or sees twice; the two explicit 100 kB examples keep the
largest case in every run. Each image is decoded by the real decoder, never short-cut.
"""

from __future__ import annotations

import random

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from app.airgap.frames import (
    AnimationSettings,
    QrFormat,
    frame_texts,
    read_qr_texts,
    render_image,
    ur_frame_stream,
)
from tests.app.airgap.psbt_blobs import random_psbt
from wallet.airgap.scan import QrScan
from wallet.psbt.model import load_psbt

MAX_SIZE = 100_000


def seen_by_camera(text: str, mask: int | None = None) -> str:
    """Drawn, then read from the pixels. A fixed mask (any of the eight must read) saves the
    encoder's mask scoring, three quarters of the drawing time."""
    (decoded,) = read_qr_texts(render_image(text, scale=2, mask=mask))
    return decoded


@st.composite
def psbt_sizes(draw: st.DrawFn) -> int:
    share = draw(st.floats(0, 1))
    return 200 + int((MAX_SIZE - 200) * share**3)  # mostly small: a few large ones per run


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    size=psbt_sizes(),
    seed=st.integers(0, 2**32),
    version=st.sampled_from([10, 15, 25, 40]),
    drop=st.floats(0, 0.3),
    repeat=st.floats(0, 0.2),
)
@example(size=MAX_SIZE, seed=1, version=40, drop=0.2, repeat=0.1)
@example(size=200, seed=1, version=15, drop=0.25, repeat=0.0)  # one still code the camera first missed
def test_ur_round_trip_with_dropped_and_repeated_frames(
    size: int, seed: int, version: int, drop: float, repeat: float
) -> None:
    psbt = random_psbt(size, seed)
    version = max(version, 25) if size > 30_000 else version  # the camera's patience, not the codec's
    camera = random.Random(seed)
    scan = QrScan()
    stream = ur_frame_stream(psbt, version)
    shown = 0
    for text in stream:
        shown += 1
        assert shown < 400, "the scan did not converge"
        if camera.random() < drop:
            continue
        for _ in range(2 if camera.random() < repeat else 1):
            scan.receive(seen_by_camera(text, shown % 8))
        if scan.result is not None:
            break
    assert scan.result is not None
    assert load_psbt(scan.result).serialize() == psbt


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(size=psbt_sizes(), seed=st.integers(0, 2**32), version=st.sampled_from([10, 20, 40]))
@example(size=MAX_SIZE, seed=2, version=40)
def test_bbqr_round_trip_any_order_with_repeats(size: int, seed: int, version: int) -> None:
    psbt = random_psbt(size, seed)
    version = 40 if size > 30_000 else version
    frames = frame_texts(psbt, AnimationSettings(QrFormat.BBQR, version))
    camera = random.Random(seed)
    order = frames + camera.sample(frames, min(3, len(frames)))
    camera.shuffle(order)
    scan = QrScan()
    for number, text in enumerate(order):
        scan.receive(seen_by_camera(text, number % 8))
    assert scan.result is not None
    assert load_psbt(scan.result).serialize() == psbt


def test_small_psbt_is_one_static_code() -> None:
    psbt = random_psbt(300, 9)
    (text,) = frame_texts(psbt, AnimationSettings(version=15))
    assert text.startswith("UR:CRYPTO-PSBT/") and "/" not in text[len("UR:CRYPTO-PSBT/") :]
    scan = QrScan()
    scan.receive(seen_by_camera(text))
    assert scan.result == psbt
