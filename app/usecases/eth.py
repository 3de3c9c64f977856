"""The Ethereum cold account's use cases, one implementation for `coldsplit eth …` and the GUI.

Watch: `sync_eth` syncs every device-verified ETH address (or one account's) through the
endpoint in settings; `eth_accounts_view` reads what the last good sync stored, with its
time and whether the latest attempt failed. No endpoint set → `EthNotConfigured`, one plain
sentence. Send and arrivals: app.usecases.eth_send.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.advisor.ethereum import VerifiedEthAddress, eth_withdrawal_targets
from app.errors import UserError
from app.eth.arrivals import (
    ArrivalError,
    EthArrival,
    check_arrival,
    expect_arrival,
    list_arrivals,
    open_arrival,
    update_arrivals,
)
from app.eth.networks import EthEndpointSetting
from app.eth.tokens import Token, add_token, checksummed, find_token, parse_units, watched_tokens
from app.eth.watch import (
    ETH,
    Balance,
    EthSyncError,
    HistoryEntry,
    SyncReport,
    SyncState,
    balances,
    check_chain,
    history,
    sync_address,
    sync_state,
)
from app.settings import Settings
from app.store import open_store
from wallet.eth_chain.node import EthNode, EthNodeError


class EthNotConfigured(UserError):
    """No Ethereum endpoint in settings (or no verified address to watch)."""


@dataclass(frozen=True)
class EthAccountView:
    account: str
    address: str
    path: str
    chain_id: int
    balances: list[Balance]
    history: list[HistoryEntry]
    state: SyncState | None  # None: never synced


def endpoint_of(settings: Settings) -> EthEndpointSetting:
    if settings.eth_endpoint is None:
        raise EthNotConfigured(
            "no Ethereum endpoint is set; set one in Settings or with "
            "`coldsplit eth endpoint set URL --network mainnet|sepolia|holesky|local`"
        )
    return settings.eth_endpoint


def node_of(settings: Settings) -> tuple[EthNode, int]:
    """The endpoint's client and the chain id it must serve."""
    endpoint = endpoint_of(settings)
    return EthNode(endpoint.url, endpoint.timeout_seconds, endpoint.proxy), endpoint.network.chain_id


def _addresses(db_path: Path, account: str | None) -> list[VerifiedEthAddress]:
    if not db_path.exists():
        return []
    with open_store(db_path) as store:
        targets = eth_withdrawal_targets(store)
    return [t for t in targets if account is None or t.account == account]


def sync_eth(
    db_path: Path, settings: Settings, account: str | None = None, start_block: int | None = None
) -> list[SyncReport]:
    """Sync the verified addresses; the first failure is raised after being recorded."""
    node, chain_id = node_of(settings)
    targets = _addresses(db_path, account)
    if not targets:
        which = f" of {account!r}" if account else ""
        raise EthNotConfigured(
            f"no device-verified Ethereum address{which} yet; verify one with `coldsplit eth account verify`"
        )
    reports = []
    with open_store(db_path) as store:
        for target in targets:
            report = sync_address(store, node, target.address, chain_id, start_block)
            update_arrivals(store, target.address, chain_id, report.tip)
            reports.append(report)
    return reports


def eth_accounts_view(
    db_path: Path, settings: Settings, account: str | None = None, history_limit: int = 1000
) -> list[EthAccountView]:
    """What the store holds for each verified address on the configured network."""
    chain_id = endpoint_of(settings).network.chain_id
    views = []
    targets = _addresses(db_path, account)
    if not targets:
        return []
    with open_store(db_path) as store:
        for t in targets:
            views.append(
                EthAccountView(
                    t.account,
                    t.address,
                    t.path,
                    chain_id,
                    balances(store, t.address, chain_id),
                    history(store, t.address, chain_id, history_limit),
                    sync_state(store, t.address, chain_id),
                )
            )
    return views


def eth_tokens(db_path: Path, settings: Settings) -> list[Token]:
    chain_id = endpoint_of(settings).network.chain_id
    with open_store(db_path) as store:
        return watched_tokens(store, chain_id)


def add_eth_token(db_path: Path, settings: Settings, contract: str) -> Token:
    """Watch a token by contract address (symbol and decimals read from the chain)."""
    node, chain_id = node_of(settings)
    check_chain(node, chain_id)
    with open_store(db_path) as store:
        return add_token(store, node, chain_id, contract)


DEFAULT_CONFIRMATIONS = 12  # blocks deep before an expected deposit counts as confirmed


def expect_eth_arrival(
    db_path: Path,
    settings: Settings,
    address: str,
    amount: str,
    asset: str = ETH,
    confirmations: int = DEFAULT_CONFIRMATIONS,
    cut_places: bool = False,
) -> EthArrival:
    """Expect `amount` of ETH or a watched token at a device-verified address, from the next block
    on. The asset, the amount and the address are checked before the node is asked for its tip,
    and the same deposit expected again while still open is the arrival already recorded.
    `cut_places`: more decimal places than the asset has are cut (an amount the advisor worked
    out) instead of refused (an amount a person typed)."""
    node, chain_id = node_of(settings)
    where = checksummed(address)
    if not db_path.exists():
        raise ArrivalError(
            f"{where} is not a device-verified Ethereum address; verify it on the device first"
        )
    with open_store(db_path) as store:
        token = None if asset.upper() == ETH else find_token(store, chain_id, asset)
        decimals = 18 if token is None else token.decimals
        units = parse_units(_cut(amount, decimals) if cut_places else amount, decimals)
        asset_id = ETH if token is None else token.contract
        check_arrival(store, where, units, confirmations)
        recorded = open_arrival(store, where, chain_id, asset_id, units)
    if recorded is not None:
        return recorded
    check_chain(node, chain_id)
    try:
        tip = node.block_number()
    except EthNodeError as exc:
        raise EthSyncError(exc.message) from None
    with open_store(db_path) as store:
        # what the tip already holds arrived before this was expected
        return expect_arrival(store, where, chain_id, asset_id, units, confirmations, tip + 1)


def _cut(amount: str, decimals: int) -> str:
    whole, point, fraction = amount.strip().partition(".")
    return whole + (point + fraction[:decimals] if decimals and fraction[:decimals] else "")


@dataclass(frozen=True)
class EthReceive:
    account: str
    address: str
    path: str
    verified_at: str
    uri: str  # EIP-681: what a wallet or an exchange's withdrawal form can take


def eth_receive(
    db_path: Path, settings: Settings, account: str | None = None, amount: str | None = None, asset: str = ETH
) -> list[EthReceive]:
    """The device-verified addresses to receive at, each as an EIP-681 request; with an endpoint
    set, the request names its chain (`@chain_id`), and a token request names the contract."""
    chain_id = None if settings.eth_endpoint is None else settings.eth_endpoint.network.chain_id
    at = "" if chain_id is None else f"@{chain_id}"
    token = None
    if asset.upper() != ETH:
        if chain_id is None:
            raise EthNotConfigured("a token request needs the Ethereum endpoint's network (set the endpoint)")
        with open_store(db_path) as store:
            token = find_token(store, chain_id, asset)
    units = None if amount is None else parse_units(amount, 18 if token is None else token.decimals)
    found = []
    for target in _addresses(db_path, account):
        if token is None:
            uri = f"ethereum:{target.address}{at}" + ("" if units is None else f"?value={units}")
        else:
            query = f"address={target.address}" + ("" if units is None else f"&uint256={units}")
            uri = f"ethereum:{token.contract}{at}/transfer?{query}"
        found.append(EthReceive(target.account, target.address, target.path, target.verified_at, uri))
    return found


def eth_arrivals(db_path: Path, settings: Settings) -> list[EthArrival]:
    chain_id = endpoint_of(settings).network.chain_id
    if not db_path.exists():
        return []
    with open_store(db_path) as store:
        return list_arrivals(store, chain_id)


__all__ = [
    "DEFAULT_CONFIRMATIONS",
    "EthAccountView",
    "EthArrival",
    "EthNotConfigured",
    "EthReceive",
    "EthSyncError",
    "add_eth_token",
    "endpoint_of",
    "eth_accounts_view",
    "eth_arrivals",
    "eth_receive",
    "eth_tokens",
    "expect_eth_arrival",
    "node_of",
    "sync_eth",
]
