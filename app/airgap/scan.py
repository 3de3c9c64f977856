"""The scan session and its errors, for the GUI (which talks to `app`, not to `wallet`)."""

from __future__ import annotations

from wallet.airgap.errors import ForeignFrame, QrTransportError
from wallet.airgap.eth import ETH_SIGN_REQUEST, ETH_SIGNATURE
from wallet.airgap.scan import QrScan, ScanProgress

__all__ = ["ETH_SIGNATURE", "ETH_SIGN_REQUEST", "ForeignFrame", "QrScan", "QrTransportError", "ScanProgress"]
