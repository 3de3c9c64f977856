"""What the GUI sees of the Ethereum cold account (app.services.eth_wallet is the service):
plain rows already in words and decimal amounts, and the review of a transfer to sign.
Kept apart from app.services.ports so that importing it loads no Ethereum library."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # app.services.ports imports this module
    from app.services.ports import PreparedTransferView


@dataclass(frozen=True)
class EthColdAccountRow:
    """An Ethereum cold account as created from the device (app.eth.accounts)."""

    name: str
    fingerprint: str
    layout: str
    key_path: str
    first_address: str
    first_path: str


@dataclass(frozen=True)
class NewEthAccountRow:
    """An Ethereum account the person asked for, checked (name free, number and layout valid)."""

    name: str
    number: int  # N of m/44h/60h/Nh
    layout: str  # "bip44" or "ledger-live"


@dataclass(frozen=True)
class EthHistoryRow:
    status: str  # pending, confirmed, failed
    direction: str  # in, out, self
    amount: str  # decimal, e.g. "1.5"
    symbol: str
    counterparty: str
    tx_hash: str
    confirmations: int
    note: str = ""  # English, as app.eth.internal writes it: how ETH came without a plain transfer


@dataclass(frozen=True)
class EthAccountRow:
    account: str
    address: str
    balances: tuple[tuple[str, str], ...]  # (symbol, decimal amount)
    history: tuple[EthHistoryRow, ...]
    read_at: str | None  # when the last good sync read the balances
    failure: str | None  # the latest sync's error, when it failed


@dataclass(frozen=True)
class EthArrivalRow:
    """An expected deposit (app.eth.arrivals), its amounts already decimal text."""

    id: int
    status: str  # waiting, received, confirmed
    received: str
    expected: str
    symbol: str
    address: str
    confirmations: int  # blocks deep before it is confirmed


@dataclass(frozen=True)
class EthPanelView:
    notice: str | None  # e.g. no endpoint set, or no verified address yet
    network: str
    accounts: tuple[EthAccountRow, ...]
    tokens: tuple[str, ...]  # symbols the send form offers besides ETH
    arrivals: tuple[EthArrivalRow, ...]  # the expected deposits, oldest first
    default_confirmations: int = 12  # blocks deep before an expected deposit is confirmed


@dataclass(frozen=True)
class EthExpected:
    """An expected deposit just recorded (or found already open), and the panel now."""

    arrival: EthArrivalRow
    view: EthPanelView


@dataclass(frozen=True)
class EthSendReview:
    """A built transfer and its review; `handle` goes back to the device and the service as is."""

    lines: tuple[str, ...]
    warnings: tuple[str, ...]
    handle: object  # app.eth.send.Review (the GUI never looks inside)


class EthArrivals(Protocol):
    """What the Advice page needs: the deposit a prepared transfer will make, expected."""

    def expect_transfer(self, prepared: PreparedTransferView) -> EthExpected:
        """Expect the prepared ETH or stablecoin withdrawal at its device-verified address."""
        ...


class EthWallet(EthArrivals, Protocol):
    def view(self) -> EthPanelView: ...

    def sync(self) -> EthPanelView: ...

    def receive_demo(self) -> EthPanelView:
        """Demo only: the local chain pays the verified address ETH and USDC, and leaves one
        more ETH deposit pending."""
        ...

    def expect_arrival(self, address: str, amount: str, asset: str, confirmations: int) -> EthExpected:
        """Expect a deposit typed by the person (ETH or a watched token's symbol)."""
        ...

    def check_new_account(self, name: str, number: str, layout: str) -> NewEthAccountRow:
        """The create-account form's fields checked before the device is asked: one line
        (a UserError) when the name is malformed or taken, the number not in 0..2^31-1, or the
        layout unknown."""
        ...

    def prepare_send(self, account: str, to: str, amount: str, asset: str) -> EthSendReview: ...

    def broadcast(self, signed: object) -> str:
        """Send what the device signed (app.usecases.eth_send.SignedTransfer); its hash."""
        ...

    # Air-gapped, by QR (ERC-4527): CBOR messages of ur:eth-sign-request / ur:eth-signature.
    def qr_request(self, review: EthSendReview) -> bytes: ...

    def review_qr_request(self, message: bytes) -> EthSendReview:
        """The signing machine's review of a scanned request (no endpoint needed)."""
        ...

    def qr_answer(self, request: bytes, signed: object) -> bytes: ...

    def broadcast_qr_answer(self, review: EthSendReview, answer: bytes) -> str:
        """Join a scanned signature to the reviewed transfer, check it, broadcast; its hash."""
        ...

    def close(self) -> None: ...
