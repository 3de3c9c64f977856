"""The scan session and its errors, for the GUI (which talks to `app`, not to `wallet`)."""

from __future__ import annotations

from wallet.airgap.errors import ForeignFrame, QrTransportError
from wallet.airgap.scan import QrScan, ScanProgress

__all__ = ["ForeignFrame", "QrScan", "QrTransportError", "ScanProgress"]
