"""Animated QR speed: a 10 kB PSBT as UR at 8 frames/s, read back from rendered frames.

Run: .venv/bin/python benchmarks/bench_qr.py [--fps 8] [--size 10000] [--trials 20]

For each density (QR version) the sender's frames are drawn to images (segno), then a
simulated camera reads them with zxing-cpp in display order, missing each frame with the
given probability (seeded), until the scan has the PSBT; the strict parser checks it.
Prints frames shown until complete (median and worst over the trials), those seconds of
animation at the frame rate (target ≤ 3 s for UR at 8 frames/s), the plain parts of the
message, and the receiver's CPU time per frame read (zxing-cpp + reassembly). BBQr at the
same densities is printed for comparison (every part needed: a missed part costs a loop).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PIL import Image  # (after path set-up)

from app.airgap.frames import frame_texts, read_qr_texts, render_image, ur_frame_stream
from app.airgap.settings import AnimationSettings, QrFormat
from tests.app.airgap.psbt_blobs import random_psbt
from wallet.airgap.scan import QrScan
from wallet.psbt.model import load_psbt

DENSITIES = (12, 16, 20, 25)
LOSSES = (0.0, 0.1, 0.2)
TARGET_SECONDS = 3.0


def ur_images(psbt: bytes, version: int, count: int) -> list[Image.Image]:
    stream = ur_frame_stream(psbt, version)
    return [render_image(next(stream), scale=3) for _ in range(count)]


def frames_until_complete(images: list[Image.Image], loss: float, seed: int) -> tuple[int, float, int, int]:
    """(frames shown, receiver CPU seconds, frames read, plain parts) for one simulated scan;
    the animation loops if the scan needs more frames than were drawn."""
    camera, scan = random.Random(seed), QrScan()
    cpu = 0.0
    read = 0
    for shown in range(1, 20 * len(images)):
        if camera.random() < loss:
            continue
        image = images[(shown - 1) % len(images)]
        start = time.process_time()
        (text,) = read_qr_texts(image)
        progress = scan.receive(text)
        cpu += time.process_time() - start
        read += 1
        if scan.result is not None:
            load_psbt(scan.result)
            return shown, cpu, read, progress.needed or 1
    raise AssertionError("the scan never completed")


def report(kind: str, version: int, loss: float, runs: list[tuple[int, float, int, int]], fps: float) -> None:
    shown = [r[0] for r in runs]
    per_frame_ms = 1e3 * sum(r[1] for r in runs) / sum(r[2] for r in runs)
    median, worst = statistics.median(shown), max(shown)
    verdict = "meets" if kind == "UR" and median / fps <= TARGET_SECONDS else ""
    print(
        f"{kind:4} v{version:<2} loss {loss:4.0%}: {runs[0][3]:3d} parts; frames shown median {median:5.1f} "
        f"worst {worst:3d} = {median / fps:5.2f} s (worst {worst / fps:5.2f} s) at {fps:g}/s; "
        f"decode {per_frame_ms:.1f} ms CPU/frame {verdict}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fps", type=float, default=8.0)
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--trials", type=int, default=20)
    args = parser.parse_args()
    psbt = random_psbt(args.size, 10)  # random bytes: incompressible, the worst case for size
    print(f"PSBT {len(psbt)} bytes; load {os.getloadavg()[0]:.2f}")
    for version in DENSITIES:
        start = time.process_time()
        images = ur_images(psbt, version, 80)
        draw_ms = 1e3 * (time.process_time() - start) / len(images)
        width = images[0].width
        print(f"UR   v{version:<2} sender draws a frame in {draw_ms:.0f} ms CPU ({width} px at 3 px/module)")
        for loss in LOSSES:
            runs = [frames_until_complete(images, loss, seed) for seed in range(args.trials)]
            report("UR", version, loss, runs, args.fps)
    for version in DENSITIES:
        texts = frame_texts(psbt, AnimationSettings(QrFormat.BBQR, version))
        images = [render_image(text, scale=3) for text in texts]
        for loss in LOSSES:
            runs = [frames_until_complete(images, loss, seed) for seed in range(args.trials)]
            report("BBQr", version, loss, runs, args.fps)
    print(f"load {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
