"""Chain backends of the watch-only wallet: bdk's Electrum (tcp, ssl, SOCKS5) and Esplora clients.

bdk does the protocol work (history, transactions, merkle proofs checked against
headers, checkpoints). Here: choosing and configuring the client, a full scan with a
gap limit or an incremental sync, fee estimates, broadcast, and turning bdk's error
variants into "unreachable" or "bad answer" with one readable line. An update is
applied to the wallet only when it was fetched whole, and persisted only after it
applied, so a failing server never changes the wallet file.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Protocol

import bdkpython as bdk

from wallet.watch.errors import BackendError, BackendProtocolError, BackendUnreachable, WatchError

DEFAULT_GAP_LIMIT = 20  # BIP44's address gap limit
DEFAULT_TIMEOUT_SECONDS = 10
ELECTRUM_BATCH_SIZE = 10
ESPLORA_PARALLEL_REQUESTS = 4
_PROXY = re.compile(r"^(?:socks5h?://)?([A-Za-z0-9.\-]+|\[[0-9a-fA-F:]+\]):(\d{1,5})$")
# bdk's electrum client raises these variants when it never got an answer at all.
ANOTHER_CHAIN = (
    "{} serves a chain that does not connect to the wallet's (another network, or a different chain)"
)
_IP_PORT = re.compile(r"^(\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]):(\d{1,5})$")
_SERDE_POSITION = re.compile(r"at line \d+ column \d+")
_ELECTRUM_UNREACHABLE = ("IoError", "SharedIoError", "CouldNotCreateConnection", "Mpsc")


class BackendKind(StrEnum):
    ELECTRUM = "electrum"
    ESPLORA = "esplora"
    CBF = "cbf"  # compact block filters (BIP157/158) from one full node, through bdk's Kyoto client


@dataclass(frozen=True)
class BackendConfig:
    """Where the chain comes from. `proxy` is a SOCKS5 ``host:port`` (e.g. Tor's 127.0.0.1:9050)."""

    kind: BackendKind
    url: str
    proxy: str | None = None
    timeout_seconds: int = DEFAULT_TIMEOUT_SECONDS
    gap_limit: int = DEFAULT_GAP_LIMIT

    def __post_init__(self) -> None:
        schemes = {
            BackendKind.ELECTRUM: ("tcp://", "ssl://"),
            BackendKind.ESPLORA: ("http://", "https://"),
            BackendKind.CBF: ("p2p://",),
        }[self.kind]
        if not self.url.startswith(schemes) or len(self.url) <= len("tcp://"):
            raise WatchError(
                f"a {self.kind.value} server URL starts with {' or '.join(schemes)}, not {self.url!r}"
            )
        if self.proxy is not None and self.kind is BackendKind.ESPLORA:
            # bdk's Esplora client (minreq) speaks HTTP proxies only; a SOCKS5 proxy would be ignored or fail.
            raise WatchError("bdk's Esplora client cannot go through a SOCKS5 proxy; use an Electrum server")
        if self.kind is BackendKind.CBF and not _IP_PORT.match(self.url.removeprefix("p2p://")):
            raise WatchError(f"a compact-filter peer is p2p://IP:PORT (an IP, not a name), not {self.url!r}")
        if self.kind is BackendKind.CBF and self.proxy and not _IP_PORT.match(self.proxy.split("://")[-1]):
            raise WatchError("bdk's compact-filter client needs the SOCKS5 proxy as IP:PORT (no host name)")
        if self.proxy is not None and not _PROXY.match(self.proxy):
            raise WatchError(f"the SOCKS5 proxy must be host:port (e.g. 127.0.0.1:9050), not {self.proxy!r}")
        if not 1 <= self.timeout_seconds <= 255:
            raise WatchError("the backend timeout must be between 1 and 255 seconds")
        if not 1 <= self.gap_limit <= 1000:
            raise WatchError("the gap limit must be between 1 and 1000")

    @property
    def proxy_host_port(self) -> str | None:
        if self.proxy is None:
            return None
        match = _PROXY.match(self.proxy)
        assert match is not None
        return f"{match.group(1)}:{match.group(2)}"

    def describe(self) -> str:
        via = f" via SOCKS5 {self.proxy_host_port}" if self.proxy else ""
        return f"{self.kind.value} {self.url}{via}"


class ChainBackend(Protocol):
    config: BackendConfig
    # An incremental scan asks about the revealed scripts only (Electrum, Esplora), so the sync
    # reveals a gap-limit window past the last used one first; a filter client watches its
    # index's lookahead itself.
    syncs_revealed_only: bool

    def scan(self, wallet: bdk.Wallet, *, full_scan: bool) -> bdk.Update:
        """An update for `wallet`: a full scan (gap limit) or a sync of its revealed scripts."""
        ...

    def fee_rate(self, target_blocks: int) -> float | None: ...

    def broadcast(self, tx: bdk.Transaction, wallet: bdk.Wallet | None = None) -> None: ...


class ElectrumBackend:
    syncs_revealed_only = True

    def __init__(self, config: BackendConfig) -> None:
        self.config = config
        try:
            self._client = bdk.ElectrumClient(
                config.url,
                socks5=config.proxy_host_port,
                timeout=_timeout(config),
                retry=0,  # one attempt: the error names the real fault; the user retries the sync
            )
        except bdk.ElectrumError as exc:
            raise _electrum_error(exc, config) from None

    def scan(self, wallet: bdk.Wallet, *, full_scan: bool) -> bdk.Update:
        if full_scan:
            return self.full_scan(wallet.start_full_scan().build(), self.config.gap_limit)
        return self.sync(wallet.start_sync_with_revealed_spks().build())

    def full_scan(self, request: bdk.FullScanRequest, gap_limit: int) -> bdk.Update:
        try:
            return self._client.full_scan(request, gap_limit, ELECTRUM_BATCH_SIZE, True)
        except bdk.ElectrumError as exc:
            raise _electrum_error(exc, self.config) from None

    def sync(self, request: bdk.SyncRequest) -> bdk.Update:
        try:
            return self._client.sync(request, ELECTRUM_BATCH_SIZE, True)
        except bdk.ElectrumError as exc:
            raise _electrum_error(exc, self.config) from None

    def fee_rate(self, target_blocks: int) -> float | None:
        """sat/vB for confirmation within `target_blocks`; None when the server has no estimate."""
        try:
            btc_per_kvb = self._client.estimate_fee(target_blocks)
        except bdk.ElectrumError as exc:
            raise _electrum_error(exc, self.config) from None
        return None if btc_per_kvb <= 0 else btc_per_kvb * 100_000_000 / 1000

    def broadcast(self, tx: bdk.Transaction, wallet: bdk.Wallet | None = None) -> None:
        try:
            self._client.transaction_broadcast(tx)
        except bdk.ElectrumError as exc:
            raise _electrum_error(exc, self.config, broadcasting=True) from None


class EsploraBackend:
    syncs_revealed_only = True

    def __init__(self, config: BackendConfig) -> None:
        self.config = config
        # bdk's bindings expose no timeout for Esplora; its HTTP client (minreq) takes its default
        # per-request timeout from this variable, read at each request. One backend per process.
        os.environ["MINREQ_TIMEOUT"] = str(config.timeout_seconds)
        self._client = bdk.EsploraClient(config.url.rstrip("/"))

    def scan(self, wallet: bdk.Wallet, *, full_scan: bool) -> bdk.Update:
        if full_scan:
            return self.full_scan(wallet.start_full_scan().build(), self.config.gap_limit)
        return self.sync(wallet.start_sync_with_revealed_spks().build())

    def full_scan(self, request: bdk.FullScanRequest, gap_limit: int) -> bdk.Update:
        try:
            return self._client.full_scan(request, gap_limit, ESPLORA_PARALLEL_REQUESTS)
        except bdk.EsploraError as exc:
            raise _esplora_error(exc, self.config) from None

    def sync(self, request: bdk.SyncRequest) -> bdk.Update:
        try:
            return self._client.sync(request, ESPLORA_PARALLEL_REQUESTS)
        except bdk.EsploraError as exc:
            raise _esplora_error(exc, self.config) from None

    def fee_rate(self, target_blocks: int) -> float | None:
        try:
            estimates = self._client.get_fee_estimates()
        except bdk.EsploraError as exc:
            raise _esplora_error(exc, self.config) from None
        # Esplora gives sat/vB by target; take the first target at or under the one asked for.
        usable = sorted(t for t in estimates if t <= target_blocks)
        return float(estimates[usable[-1]]) if usable else None

    def broadcast(self, tx: bdk.Transaction, wallet: bdk.Wallet | None = None) -> None:
        try:
            self._client.broadcast(tx)
        except bdk.EsploraError as exc:
            raise _esplora_error(exc, self.config, broadcasting=True) from None


def connect(config: BackendConfig, work_dir: Path | None = None) -> ChainBackend:
    """A client for `config`; the compact-filter client keeps its headers in `work_dir`."""
    if config.kind is BackendKind.ELECTRUM:
        return ElectrumBackend(config)
    if config.kind is BackendKind.ESPLORA:
        return EsploraBackend(config)
    from wallet.watch.cbf import CbfBackend

    if work_dir is None:
        raise WatchError("the compact-filter client needs a directory for its block headers")
    return CbfBackend(config, work_dir)


def _electrum_error(exc: Exception, config: BackendConfig, *, broadcasting: bool = False) -> BackendError:
    variant = type(exc).__name__
    detail = _one_line(exc)
    if "agreement block" in detail:  # bdk found no block the server's chain shares with the wallet's
        return BackendProtocolError(ANOTHER_CHAIN.format(config.describe()))
    if variant == "AllAttemptsErrored":  # bdk's client hides the cause; one ping tells down from broken
        return _diagnosed(config)
    if "certificate" in detail:  # rustls refused the server's TLS certificate
        return BackendProtocolError(f"{config.describe()}: its TLS certificate is not trusted ({detail})")
    if variant in _ELECTRUM_UNREACHABLE:
        return BackendUnreachable(f"backend unreachable: {config.describe()} ({detail})")
    if broadcasting and variant in ("Protocol", "Message"):
        return BackendProtocolError(f"the server refused the transaction: {detail}")
    return BackendProtocolError(f"bad answer from {config.describe()} ({variant}: {detail})")


def _diagnosed(config: BackendConfig) -> BackendError:
    try:
        bdk.ElectrumClient(
            config.url, socks5=config.proxy_host_port, timeout=_timeout(config), retry=0
        ).ping()
    except bdk.ElectrumError:
        return BackendUnreachable(f"backend unreachable: {config.describe()} (no answer)")
    return BackendProtocolError(
        f"{config.describe()} broke off the sync: it closed the connection, took longer than "
        f"{config.timeout_seconds} s, or answered with something that is not Electrum JSON-RPC"
    )


def _timeout(config: BackendConfig) -> int | None:
    return None if config.proxy else config.timeout_seconds  # bdk's client takes no timeout with SOCKS5


def _esplora_error(exc: Exception, config: BackendConfig, *, broadcasting: bool = False) -> BackendError:
    variant = type(exc).__name__
    detail = _one_line(exc)
    if variant == "HeaderHashNotFound":  # the server does not know a block the wallet holds
        return BackendProtocolError(ANOTHER_CHAIN.format(config.describe()))
    if variant == "Minreq" and _SERDE_POSITION.search(detail):  # minreq parsed the body as JSON and failed
        return BackendProtocolError(f"bad answer from {config.describe()} (not valid JSON: {detail})")
    if variant == "Minreq":  # the HTTP client never got a response: refused, reset, timed out, proxy
        return BackendUnreachable(f"backend unreachable: {config.describe()} ({detail})")
    if broadcasting and variant == "HttpResponse":
        return BackendProtocolError(f"the server refused the transaction: {detail}")
    return BackendProtocolError(f"bad answer from {config.describe()} ({variant}: {detail})")


def _one_line(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 300 else text[:297] + "…"
