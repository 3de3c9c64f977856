"""Ethereum networks ColdSplit knows and the endpoint setting (a typed part of app.settings).

The endpoint names the network it is meant to serve; every sync and send first asks the
node for its chain id and refuses a node on another chain (a mainnet URL saved for
Sepolia would otherwise show, and sign for, the wrong chain).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from app.errors import SettingsError

DEFAULT_ETH_TIMEOUT = 10


class EthNetwork(StrEnum):
    MAINNET = "mainnet"
    SEPOLIA = "sepolia"
    HOLESKY = "holesky"
    LOCAL = "local"  # a development node on this machine (anvil), as the demo and tests run

    @property
    def chain_id(self) -> int:
        return _CHAIN_IDS[self]

    @classmethod
    def parse(cls, text: str) -> EthNetwork:
        try:
            return cls(text.strip().lower())
        except ValueError:
            names = ", ".join(n.value for n in cls)
            raise SettingsError(f"unknown Ethereum network {text!r}; choose one of {names}") from None


_CHAIN_IDS = {
    EthNetwork.MAINNET: 1,
    EthNetwork.SEPOLIA: 11155111,
    EthNetwork.HOLESKY: 17000,
    EthNetwork.LOCAL: 31337,
}


@dataclass(frozen=True)
class EthEndpointSetting:
    """The JSON-RPC endpoint the Ethereum cold account is watched and sent through."""

    network: EthNetwork
    url: str
    timeout_seconds: int = DEFAULT_ETH_TIMEOUT
    proxy: str | None = None  # SOCKS5 host:port

    def __post_init__(self) -> None:
        if not self.url.startswith(("http://", "https://")):
            raise SettingsError(f"Ethereum endpoint {self.url!r}: use an http:// or https:// URL")
        if not 1 <= self.timeout_seconds <= 600:
            raise SettingsError("the Ethereum endpoint's timeout must be 1 to 600 seconds")
        if self.proxy is not None:
            host, _, port = self.proxy.rpartition(":")
            if not host or not port.isdigit() or not 0 < int(port) < 65536:
                raise SettingsError(
                    f"the Ethereum endpoint's proxy {self.proxy!r} must be host:port (SOCKS5)"
                )

    def as_dict(self) -> dict[str, Any]:
        entry = {"network": self.network.value, "url": self.url, "timeout_seconds": self.timeout_seconds}
        return entry if self.proxy is None else {**entry, "proxy": self.proxy}


def endpoint_from_json(value: object) -> EthEndpointSetting | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise SettingsError("'eth_endpoint' must be a JSON object or null")
    unknown = sorted(set(value) - {"network", "url", "timeout_seconds", "proxy"})
    if unknown:
        raise SettingsError(f"eth_endpoint has unknown keys {', '.join(unknown)}")
    network, url = value.get("network", ""), value.get("url", "")
    timeout = value.get("timeout_seconds", DEFAULT_ETH_TIMEOUT)
    if not isinstance(network, str) or not isinstance(url, str):
        raise SettingsError("eth_endpoint.network and eth_endpoint.url must be text")
    if isinstance(timeout, bool) or not isinstance(timeout, int):
        raise SettingsError("eth_endpoint.timeout_seconds must be a whole number")
    proxy = value.get("proxy")
    if proxy is not None and not isinstance(proxy, str):
        raise SettingsError("eth_endpoint.proxy must be text (host:port)")
    return EthEndpointSetting(EthNetwork.parse(network), url.strip(), timeout, proxy)
