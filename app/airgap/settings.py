"""How a PSBT is shown as QR frames: format, density (QR version) and frame rate.

Kept apart from the drawing code so the CLI can build its parser without loading segno,
numpy, Pillow or zxing-cpp.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

DEFAULT_VERSION = 20  # a 10 kB PSBT in 18 UR frames: 2.25 s at 8 frames/s (benchmarks/bench_qr.py)
DEFAULT_FPS = 8.0
MIN_VERSION, MAX_VERSION = 5, 40


class QrFormat(Enum):
    UR = "ur"
    BBQR = "bbqr"


@dataclass(frozen=True)
class AnimationSettings:
    format: QrFormat = QrFormat.UR
    version: int = DEFAULT_VERSION
    fps: float = DEFAULT_FPS

    def __post_init__(self) -> None:
        if not MIN_VERSION <= self.version <= MAX_VERSION:
            raise ValueError(f"QR density (version) must be between {MIN_VERSION} and {MAX_VERSION}")
        if not 0.5 <= self.fps <= 30:
            raise ValueError("frame rate must be between 0.5 and 30 frames per second")
