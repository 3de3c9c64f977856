"""Where a transfer may go: only an address a device has shown and the user confirmed.

BTC goes to a verified receive address of a Bitcoin cold account on the network in use;
ETH and ERC-20 stablecoins go to a verified Ethereum address (app.advisor.ethereum).
Any other address is refused with a one-line error — the advisor never proposes, and
the transfer workflow never accepts, an address typed or pasted from elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.advisor.ethereum import eth_withdrawal_targets
from app.cold.accounts import list_accounts, withdrawal_targets
from app.errors import UserError
from app.store.database import Store
from wallet.types import Network

# Stablecoins that exist as ERC-20 tokens on Ethereum and can sit at an Ethereum address.
ERC20_STABLECOINS = frozenset({"USDT", "USDC", "DAI", "USDE", "PYUSD", "FDUSD", "TUSD"})


class ColdChain(StrEnum):
    BITCOIN = "bitcoin"
    ETHEREUM = "ethereum"


class WithdrawalTargetError(UserError):
    """An address that is not a device-verified cold address of the right chain."""


@dataclass(frozen=True)
class Target:
    chain: ColdChain
    account: str
    address: str
    path: str
    fingerprint: str
    verified_at: str


def cold_chain(asset: str) -> ColdChain | None:
    """The chain a cold address for `asset` lives on; None when the device layer has no address for it."""
    key = asset.upper()
    if key == "BTC":
        return ColdChain.BITCOIN
    if key == "ETH" or key in ERC20_STABLECOINS:
        return ColdChain.ETHEREUM
    return None


@dataclass(frozen=True)
class TargetBook:
    """The chosen target per chain (None when no verified address exists yet)."""

    bitcoin: Target | None = None
    ethereum: Target | None = None

    def for_asset(self, asset: str) -> Target | None:
        chain = cold_chain(asset)
        if chain is ColdChain.BITCOIN:
            return self.bitcoin
        if chain is ColdChain.ETHEREUM:
            return self.ethereum
        return None


def verified_targets(store: Store, network: Network) -> list[Target]:
    """Every device-verified address usable now: Bitcoin ones of `network`, and the Ethereum ones."""
    networks = {a.name: a.network.value for a in list_accounts(store)}
    bitcoin = [
        Target(ColdChain.BITCOIN, v.account_name, v.address, v.path, v.fingerprint, v.verified_at)
        for v in withdrawal_targets(store)
        if networks.get(v.account_name) == network.value
    ]
    ethereum = [
        Target(ColdChain.ETHEREUM, v.account, v.address, v.path, v.fingerprint, v.verified_at)
        for v in eth_withdrawal_targets(store)
    ]
    return sorted(bitcoin, key=lambda t: t.verified_at) + sorted(ethereum, key=lambda t: t.verified_at)


def require_withdrawal_target(
    store: Store, network: Network, address: str, asset: str | None = None
) -> Target:
    """The verified target at `address`, refusing anything else (and a chain that does not fit `asset`)."""
    matches = [t for t in verified_targets(store, network) if t.address == address.strip()]
    if not matches:
        raise WithdrawalTargetError(
            f"{address.strip()!r} is not a device-verified cold address on {network.value}; verify one "
            "on the device first (coldsplit cold verify, or coldsplit eth-address verify)"
        )
    target = matches[0]
    if asset is not None and cold_chain(asset) is not target.chain:
        raise WithdrawalTargetError(f"{asset} cannot go to the {target.chain.value} address {target.address}")
    return target


def choose_targets(store: Store, network: Network, chosen: list[str]) -> TargetBook:
    """The user's chosen addresses (each must be verified), else the latest verified one per chain."""
    picked = [require_withdrawal_target(store, network, address) for address in chosen]
    available = verified_targets(store, network)
    book: dict[ColdChain, Target] = {t.chain: t for t in available}  # the last listed is the latest
    for target in picked:
        book[target.chain] = target
    return TargetBook(book.get(ColdChain.BITCOIN), book.get(ColdChain.ETHEREUM))
