"""Compact block filters (BIP157/158) through bdk's Kyoto light client, from one configured full node.

Kyoto downloads headers and filters, matches them against the wallet's scripts and
fetches only the matching blocks; it sees confirmed transactions only (no mempool).
Each scan or broadcast starts a node on a detached thread, waits (asyncio) for its
answer, and shuts it down. Headers are kept in the given directory between runs.
Without a usable peer Kyoto only warns and keeps trying, so a connection failure
before the handshake, or no answer within the deadline, ends the wait as
"backend unreachable".
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import time
from collections.abc import Awaitable
from pathlib import Path
from typing import TypeVar

import bdkpython as bdk

from wallet.watch.backends import BackendConfig
from wallet.watch.errors import BackendProtocolError, BackendUnreachable, WatchError

_T = TypeVar("_T")
_FATAL_BEFORE_HANDSHAKE = {
    bdk.Warning.COULD_NOT_CONNECT: "could not connect to the peer",
    bdk.Warning.PEER_TIMED_OUT: "the peer did not answer in time",
    bdk.Warning.NO_COMPACT_FILTERS: "the peer does not serve compact block filters",
}
DEADLINE_PER_TIMEOUT = 12  # a whole scan may take this many per-request timeouts before we stop waiting
# The next scan or broadcast starts a new node on the same data dir and the same single
# peer: let the old node finish stopping first, or the two can race for both.
STOP_WAIT_SECONDS = 5.0


def _ip(text: str) -> bdk.IpAddress:
    address = ipaddress.ip_address(text.strip("[]"))
    if isinstance(address, ipaddress.IPv4Address):
        return bdk.IpAddress.from_ipv4(*address.packed)
    words = [int.from_bytes(address.packed[i : i + 2], "big") for i in range(0, 16, 2)]
    return bdk.IpAddress.from_ipv6(*words)


def _host_port(text: str) -> tuple[str, int]:
    host, _, port = text.split("://")[-1].rpartition(":")
    return host, int(port)


class CbfBackend:
    syncs_revealed_only = False  # Kyoto matches the filters against the index's lookahead too

    def __init__(self, config: BackendConfig, work_dir: Path) -> None:
        self.config = config
        self._dir = work_dir
        host, port = _host_port(config.url)
        self._peer = bdk.Peer(address=_ip(host), port=port, v2_transport=False)

    def _components(self, wallet: bdk.Wallet) -> bdk.CbfComponents:
        self._dir.mkdir(parents=True, exist_ok=True)
        millis = self.config.timeout_seconds * 1000
        builder = (
            bdk.CbfBuilder()
            .peers([self._peer])
            .only_configured_peers()
            .connections(1)
            .data_dir(str(self._dir))
            .configure_timeout_millis(millis, millis)
        )
        if self.config.proxy is not None:
            host, port = _host_port(self.config.proxy)
            builder = builder.socks5_proxy(bdk.Socks5Proxy(address=_ip(host), port=port))
        try:
            return builder.build(wallet)
        except bdk.CbfError as exc:
            raise WatchError(f"cannot start the compact-filter client ({exc})") from None

    def scan(self, wallet: bdk.Wallet, *, full_scan: bool) -> bdk.Update:
        """Filters from the wallet's last checkpoint on, for every revealed script and the lookahead."""
        components = self._components(wallet)
        components.node.run()
        try:
            return asyncio.run(self._answer(components.client, components.client.update()))
        finally:
            _shut_down(components.client)

    def fee_rate(self, target_blocks: int) -> float | None:
        return None  # a filter client has no mempool view to estimate from; give the fee rate by hand

    def broadcast(self, tx: bdk.Transaction, wallet: bdk.Wallet | None = None) -> None:
        if wallet is None:
            raise WatchError("the compact-filter client broadcasts for a wallet; none was given")
        components = self._components(wallet)
        components.node.run()
        try:
            asyncio.run(self._answer(components.client, components.client.broadcast(tx)))
        except bdk.CbfError as exc:
            raise BackendProtocolError(f"the peer did not take the transaction ({exc})") from None
        finally:
            _shut_down(components.client)

    async def _answer(self, client: bdk.CbfClient, work: Awaitable[_T]) -> _T:
        answer = asyncio.ensure_future(work)
        trouble = asyncio.ensure_future(self._fatal_warning(client))
        deadline = self.config.timeout_seconds * DEADLINE_PER_TIMEOUT
        done, _ = await asyncio.wait({answer, trouble}, timeout=deadline, return_when=asyncio.FIRST_COMPLETED)
        if answer in done and not isinstance(answer.exception(), bdk.CbfError.NodeStopped):
            trouble.cancel()
            return answer.result()
        if answer in done:  # Kyoto gave up on its only peer; give its warning a moment to say why
            await asyncio.wait({trouble}, timeout=1)
        answer.cancel()
        trouble.cancel()
        reason = f"no answer within {deadline} s"
        if trouble.done() and not trouble.cancelled():
            reason = trouble.result()
        elif answer.done() and not answer.cancelled():
            reason = "the client stopped before the peer answered"
        raise BackendUnreachable(f"backend unreachable: {self.config.describe()} ({reason})")

    @staticmethod
    async def _fatal_warning(client: bdk.CbfClient) -> str:
        """Returns the first warning that means the only peer cannot serve us (before any handshake)."""
        handshake = asyncio.ensure_future(_handshake(client))
        try:
            while True:
                warning = await client.next_warning()
                reason = _fatal_reason(warning)
                if reason is not None and not handshake.done():
                    return reason
        except bdk.CbfError.NodeStopped:
            return "the client stopped before the peer answered"
        finally:
            handshake.cancel()


def _fatal_reason(warning: bdk.Warning) -> str | None:
    return next((text for kind, text in _FATAL_BEFORE_HANDSHAKE.items() if isinstance(warning, kind)), None)


def _shut_down(client: bdk.CbfClient) -> None:
    with contextlib.suppress(bdk.CbfError.NodeStopped):  # it stopped by itself (no peer left)
        client.shutdown()
    give_up = time.monotonic() + STOP_WAIT_SECONDS
    while client.is_running() and time.monotonic() < give_up:
        time.sleep(0.02)


async def _handshake(client: bdk.CbfClient) -> None:
    with contextlib.suppress(bdk.CbfError.NodeStopped):
        while not isinstance(await client.next_info(), bdk.Info.SUCCESSFUL_HANDSHAKE):
            pass
