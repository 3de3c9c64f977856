"""What the GUI is handed by the composition root: plain data and small interfaces.

The GUI may not import device, chain or exchange libraries, even indirectly, so the
services that need them are built in `app.cli.gui_cmd` and passed in as objects that
satisfy these protocols. This module itself imports nothing heavy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from app.events import EventBus
from app.messages import Message
from app.services.device_ports import DeviceFactory
from app.services.eth_ports import EthWallet
from app.services.holdings_ports import AccountLine as AccountLine
from app.services.holdings_ports import HoldingsView as HoldingsView
from app.services.holdings_ports import PositionLine as PositionLine
from app.settings import Settings
from wallet.types import Network


@dataclass(frozen=True)
class FragilityReading:
    """One market fragility signal: "warning", "ok" or "unknown", with its threshold and reading."""

    name: str
    status: str
    threshold: str
    reading: str


class FragilitySource(Protocol):
    def signals(self, preset_name: str) -> list[FragilityReading]:
        """The signals for BTC, from the latest stored snapshot or the preset's figures."""
        ...


@dataclass(frozen=True)
class GuiServices:
    """Everything the window needs from the application, built once at start-up."""

    demo: bool
    settings: Settings
    network: Network
    config_dir: Path
    data_dir: Path
    fragility: FragilitySource
    device_factory: DeviceFactory | None = None
    psbt: PsbtTools | None = None
    advice: AdviceSource | None = None
    cold_wallet: ColdWallet | None = None
    trading: TradingAccounts | None = None
    eth_wallet: EthWallet | None = None  # the Ethereum cold account (app.services.eth_wallet)
    events: EventBus = field(default_factory=EventBus)  # the window's bus (app.events); ui bridges it to Qt


# ---- PSBTs ----


@dataclass(frozen=True)
class PsbtLine:
    """One row of the review table: an input or an output."""

    side: str  # "input" or "output"
    index: int
    address: str
    amount_sat: int | None
    ownership: str
    detail: str  # path, role, signature state


@dataclass(frozen=True)
class PsbtDocument:
    """A PSBT with its review, as the PSBT page shows it."""

    base64: str
    txid: str
    network: str
    lines: tuple[PsbtLine, ...]
    fee_sat: int | None
    fee_rate: float | None
    warnings: tuple[str, ...]
    blocking: bool
    signed_inputs: int
    input_count: int
    finalized: bool


@dataclass(frozen=True)
class FinalTransaction:
    document: PsbtDocument
    raw_hex: str


class PsbtTools(Protocol):
    def load_text(self, text: str) -> PsbtDocument: ...

    def load_file(self, path: Path) -> PsbtDocument: ...

    def review(self, psbt_base64: str) -> PsbtDocument: ...

    def save(self, psbt_base64: str, path: Path, *, binary: bool) -> None: ...

    def finalize(self, psbt_base64: str) -> FinalTransaction: ...

    def broadcast(self, raw_hex: str) -> str:
        """Send a final transaction to the chain backend; returns its txid (refused in demo mode)."""
        ...

    def demo_spend(self, address: str, amount_sat: int, coins: int) -> PsbtDocument:
        """Demo only: fund the first cold account with `coins` demo coins and spend to `address`."""
        ...


# ---- holdings and advice ----


@dataclass(frozen=True)
class TransferLine:
    asset: str
    amount: float
    usd: float
    from_account: str
    venue: str
    to_address: str | None
    reason: Message  # the one sentence that says why; the GUI renders it from reason.key
    first: tuple[str, ...] = ()  # positions to cut before this transfer (only the cut frees this much)
    # P10/P50/P90 across the calibrated ensemble of the coins the plan lets leave (app.advisor.bands).
    amount_band: tuple[float, float, float] | None = None

    @property
    def why(self) -> str:
        return self.reason.text


@dataclass(frozen=True)
class FlagLine:
    account: str
    subject: str
    reason: Message


@dataclass(frozen=True)
class AdviceView:
    stress_message: Message
    exchange_share_before: float
    exchange_share_after: float
    survival_before: float | None
    survival_after: float | None
    liquidated_share_before: float | None
    liquidated_share_after: float | None
    transfers: tuple[TransferLine, ...]
    cuts: tuple[Message, ...]
    flags: tuple[FlagLine, ...]
    still_falling: tuple[str, ...]
    notes: tuple[Message, ...] = ()  # what could leave but stays (no cold account, under the minimum)
    # Beside `cuts`, one each: the cut's share at P10/P50/P90 across the ensemble (None: not known).
    cut_bands: tuple[tuple[float, float, float] | None, ...] = ()
    # The USD value of every transfer together at P10/P50/P90 across the ensemble (today's prices).
    moved_usd_band: tuple[float, float, float] | None = None
    # The stress's cascade tipping points, one sentence each (risk.stress_ensemble.tipping_points).
    tipping_points: tuple[Message, ...] = ()

    @property
    def stress(self) -> str:
        """The stress in English (the GUI renders stress_message in the user's language)."""
        return self.stress_message.text


@dataclass(frozen=True)
class ShockChoice:
    """The stress the advice must survive: a preset replay, or a custom BTC drawdown under
    the preset's crowds, plus a safety buffer added to the drawdown."""

    preset: str = "2025-10-10"
    btc_drawdown: float | None = None
    buffer: float = 0.02


@dataclass(frozen=True)
class PreparedTransferView:
    asset: str
    amount: float
    address: str
    uri: str  # what the QR code carries: BIP21 for BTC, else the address
    amount_text: str = ""  # the exact decimal to type into the withdrawal form
    chain: str = ""  # "bitcoin" or "ethereum": the cold account it goes to


AdviceProgress = Callable[[str], None]  # hears app.usecases.advice.AdviceStage values


class AdviceSource(Protocol):
    def sample_holdings_path(self) -> Path: ...

    def holdings(self, path: Path) -> HoldingsView: ...

    def advise(self, path: Path, shock: ShockChoice, report: AdviceProgress | None = None) -> AdviceView:
        """The advice; `report` hears each stage's name ("stress", then "engine") as it starts."""
        ...

    def retarget(self, shown: AdviceView) -> AdviceView:
        """The advice with the device-verified addresses known now (no engine run)."""
        ...

    def prepare(self, transfer: TransferLine) -> PreparedTransferView:
        """The withdrawal to paste or scan; refused without a verified address."""
        ...


# ---- the cold wallet (watch-only) ----


@dataclass(frozen=True)
class CoinRow:
    outpoint: str
    address: str
    amount_sat: int
    confirmed: bool


@dataclass(frozen=True)
class HistoryRow:
    txid: str
    net_sat: int
    fee_sat: int | None
    confirmed: bool


@dataclass(frozen=True)
class WalletView:
    account: str
    spendable_sat: int
    pending_sat: int
    coins: tuple[CoinRow, ...]
    history: tuple[HistoryRow, ...]


class ColdWallet(Protocol):
    def view(self, account: str) -> WalletView: ...

    def sync(self, account: str) -> WalletView:
        """Scan the chain backend for the account's coins (refused in demo mode)."""
        ...

    def receive_demo_coins(self, account: str, coins: int) -> WalletView:
        """Demo only: made-up coins paid to the account's next receive addresses."""
        ...

    def send(self, account: str, address: str, amount_sat: int, fee_rate: float) -> PsbtDocument:
        """An unsigned PSBT paying `address` from the account (coin selection by the wallet)."""
        ...


# ---- exchange accounts ----

KNOWN_VENUES = ("binance", "bybit", "okx", "hyperliquid")


@dataclass(frozen=True)
class VenueChoice:
    """A venue the Add account dialog offers, and what access it needs."""

    name: str
    display_name: str
    needs_secret: bool
    needs_passphrase: bool
    needs_wallet_address: bool


@dataclass(frozen=True)
class StoredAccount:
    name: str
    venue: str
    source: str  # "api", "csv" or "manual"
    has_key: bool


@dataclass(frozen=True)
class NewAccount:
    """What the Add account dialog collects; the key values go straight to the keyring."""

    venue: str
    name: str
    api_key: str = ""
    secret: str = ""
    passphrase: str = ""
    wallet_address: str = ""

    def __repr__(self) -> str:
        return f"NewAccount(venue={self.venue!r}, name={self.name!r}, <credentials hidden>)"


class TradingAccounts(Protocol):
    """Portfolio-returning calls give the stored accounts as one portfolio file (None: nothing held)."""

    def import_csv(self, path: Path, name: str, venue: str) -> Path:
        """Store a venue account from a holdings CSV; returns the stored accounts as a portfolio file."""
        ...

    def venues(self) -> list[VenueChoice]: ...

    def keyring_note(self) -> str | None: ...

    def accounts(self) -> list[StoredAccount]: ...

    def add_account(self, request: NewAccount) -> StoredAccount:
        """Refused in demo mode."""
        ...

    def refresh(self, name: str | None = None) -> Path | None:
        """Network: call on a worker. Refused in demo mode."""
        ...

    def key_warnings(self, name: str | None = None) -> list[str]:
        """Network: call on a worker. One line per API key that can do more than read."""
        ...

    def set_entry(self, name: str, fields: dict[str, str], venue: str | None = None) -> Path | None: ...

    def remove(self, name: str) -> Path | None: ...

    def rename(self, name: str, new_name: str) -> Path | None:
        """Change an account's label (its keyring entry moves with it)."""
        ...

    def portfolio(self) -> Path | None: ...
