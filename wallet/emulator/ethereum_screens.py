"""What the device shows before it signs an Ethereum transaction, screen by screen.

Legacy firmware (Trezor One; OneKey's legacy-based Classic follows it here) — from
trezor-firmware legacy/firmware/ethereum.c (python/v0.20.2), every screen with ButtonRequest
SignTx unless noted: "Send <amount> to <recipient>?" (for an ERC-20 transfer the token
amount and the token recipient, "UNKN" with no decimals for a token it does not know), then
for other data up to five pages of 24 bytes and, if more remains, a ProtectCall warning
"Too long data to view"; staking calls to Everstake show one screen instead; then the fee:
legacy "Really send <amount> paying up to <fee> for gas?", EIP-1559 three screens (maximum
fee per gas, priority fee per gas, maximum fee).

Core models (Trezor T; OneKey Pro) read all the data first, then show named screens, as
trezor-firmware's test_signtx.py::test_data_streaming expects on T2T1: "confirm_data" (one
page) for data that is not a known call, then "confirm_ethereum_tx" twice (recipient, then
the summary with amount and maximum fee).
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from dataclasses import dataclass
from typing import Any

from trezorlib import messages

from wallet.emulator.ethereum_defs import Network, Token
from wallet.emulator.flow import Confirm
from wallet.eth_tx import checksum_address

Button = messages.ButtonRequestType
Show = Generator[Any, Any, None]
MAX_DATA_PAGES = 5
DATA_PAGE_BYTES = 24  # three rows of eight bytes in hex
CORE_DATA_PREVIEW = 256  # bytes of data the emulated core screen reports (the real one pages through)
ERC20_TRANSFER = bytes.fromhex("a9059cbb") + bytes(12)  # transfer(address,uint256), address padding


@dataclass(frozen=True)
class Review:
    """Everything the screens need about one transaction."""

    network: Network
    recipient: bytes  # 20 bytes, or empty for a contract creation
    value: int
    data_total: int
    initial_chunk: bytes
    token: Token | None  # set for a recognised ERC-20 transfer(): the data carries recipient and amount
    eip1559: bool
    gas_limit: int
    gas_price: int = 0
    max_gas_fee: int = 0
    max_priority_fee: int = 0
    staking: tuple[str, ...] | None = None  # the Everstake screen's lines, when it is a staking call


def _recipient_text(review: Review) -> str:
    if review.token is not None:
        return checksum_address(review.initial_chunk[16:36], review.network.chain_id)
    if not review.recipient:
        return "new contract"
    return checksum_address(review.recipient, review.network.chain_id)


def _amount_text(review: Review) -> str:
    if review.token is not None:
        token_amount = int.from_bytes(review.initial_chunk[36:68], "big")
        return amount_with_unit(token_amount, review.token.symbol, token_decimals=review.token.decimals)
    if review.value == 0:
        return "message"
    return amount_with_unit(review.value, review.network.symbol)


def _max_fee(review: Review) -> int:
    return review.gas_limit * (review.max_gas_fee if review.eip1559 else review.gas_price)


def legacy_screens(review: Review) -> Show:
    if review.staking is not None:
        yield Confirm(Button.SignTx, "Confirm", review.staking)
    else:
        yield Confirm(Button.SignTx, "Send", (_amount_text(review), f"to {_recipient_text(review)}?"))
        if review.token is None and review.data_total > 0:
            yield from _legacy_data_pages(review)
    yield from _legacy_fee_screens(review)


def _legacy_data_pages(review: Review) -> Show:
    chunk, offset = review.initial_chunk, 0
    for _ in range(MAX_DATA_PAGES):
        if offset >= review.data_total:
            return
        page = chunk[:DATA_PAGE_BYTES]
        chunk, offset = chunk[DATA_PAGE_BYTES:], offset + len(page)
        rows = tuple(page[i : i + 8].hex() for i in range(0, DATA_PAGE_BYTES, 8))
        more = "... " if offset < review.data_total else ""
        progress = f"{more}{offset}/{review.data_total} bytes"
        yield Confirm(Button.SignTx, "Transaction data:", (*rows, progress))
    if offset < review.data_total:
        warning = ("Warning! Too long", "data to view.", "Proceed with caution.")
        yield Confirm(Button.ProtectCall, "Warning", warning)


def _legacy_fee_screens(review: Review) -> Show:
    symbol = review.network.symbol
    if not review.eip1559:
        fee = amount_with_unit(_max_fee(review), symbol)
        shown = "token" if review.token is not None and review.value == 0 else _amount_text_native(review)
        yield Confirm(Button.SignTx, "Really send", (shown, "paying up to", fee, "for gas?"))
        return
    per_gas = amount_with_unit(review.max_gas_fee, symbol, per_gas=True)
    priority = amount_with_unit(review.max_priority_fee, symbol, per_gas=True)
    yield Confirm(Button.SignTx, "Confirm fee", ("Maximum fee per gas", per_gas))
    yield Confirm(Button.SignTx, "Confirm fee", ("Priority fee per gas", priority))
    yield Confirm(Button.SignTx, "Confirm fee", ("Maximum fee", amount_with_unit(_max_fee(review), symbol)))


def _amount_text_native(review: Review) -> str:
    return "message" if review.value == 0 else amount_with_unit(review.value, review.network.symbol)


def _fee_details(review: Review) -> Iterator[str]:
    """The summary's info page: gas limit and price(s) per gas (core: ethereum__gas_limit, __gas_price)."""
    yield f"Gas limit: {review.gas_limit:,} units"
    symbol = review.network.symbol
    if review.eip1559:
        yield f"Gas price: {amount_with_unit(review.max_gas_fee, symbol, per_gas=True)}"
        yield f"Priority fee: {amount_with_unit(review.max_priority_fee, symbol, per_gas=True)}"
    else:
        yield f"Gas price: {amount_with_unit(review.gas_price, symbol, per_gas=True)}"


# core/translations/en.json ethereum__staking_*: title, intro text, the info page's title
_CORE_STAKING = {
    "Stake": ("Stake", "Stake ETH on Everstake?", "Stake address"),
    "Unstake": ("Unstake", "Unstake ETH from Everstake?", "Stake address"),
    "Claim ETH": ("Claim", "Claim ETH from Everstake?", "Claim address"),
}


def _core_staking_screens(review: Review, summary: tuple[str, ...], fee_rows: tuple[str, ...]) -> Show:
    """An Everstake call on core: its intro (the contract on the info page), then the summary
    (gas on the info page), as trezor-firmware's EthereumFlow.confirm_tx_staking drives them."""
    assert review.staking is not None
    title, intro, address_title = _CORE_STAKING[review.staking[0]]
    contract = (_recipient_text(review),)
    name = "confirm_ethereum_staking_tx"
    yield Confirm(Button.SignTx, title, (intro,), name=name, details=contract, details_title=address_title)
    yield Confirm(Button.SignTx, "Summary", summary, name=name, details=fee_rows)


def core_screens(review: Review, data: bytes, account: tuple[str, ...]) -> Show:
    """Titles as trezor-firmware's English translations name them (core/translations/en.json:
    ethereum__title_input_data, words__address, words__title_summary, send__maximum_fee).
    NO on the summary goes back to the address screen (tests/input_flows_helpers.py
    EthereumFlow on the Trezor T); NO on the address or the data refuses."""
    fee = amount_with_unit(_max_fee(review), review.network.symbol)
    summary = (f"Amount: {_amount_text(review)}", f"Maximum fee: {fee}")
    fee_rows = tuple(_fee_details(review))
    if review.staking is not None:
        yield from _core_staking_screens(review, summary, fee_rows)
        return
    if review.token is None and review.data_total > 0:
        shown = data[:CORE_DATA_PREVIEW].hex() + ("…" if len(data) > CORE_DATA_PREVIEW else "")
        rows = (f"Size: {len(data)} bytes", shown)
        yield Confirm(Button.SignTx, "Data", rows, name="confirm_data", pages=1)
    name = "confirm_ethereum_tx"
    while True:
        yield Confirm(Button.SignTx, "Address", (_recipient_text(review),), name=name, details=account)
        summary_screen = Confirm(
            Button.SignTx, "Summary", summary, name=name, refusable=False, details=fee_rows
        )
        accepted = yield summary_screen
        if accepted:
            return


def format_amount(amount: int, decimals: int) -> str:
    """bn_format as the firmware calls it: thousands separated by ',', no trailing zeros."""
    whole, fraction = divmod(amount, 10**decimals) if decimals else (amount, 0)
    text = f"{whole:,}"
    if fraction:
        text += "." + str(fraction).rjust(decimals, "0").rstrip("0")
    return text


def amount_with_unit(
    amount: int, symbol: str, *, token_decimals: int | None = None, per_gas: bool = False
) -> str:
    """ethereumFormatAmount: a token in its own units; per-gas fees in Gwei; native values under
    1 Gwei in Wei, the rest in the network's symbol (cut to 15 characters, as the firmware does)."""
    if token_decimals is not None:
        value, unit = format_amount(amount, token_decimals), symbol
    elif per_gas:
        value, unit = format_amount(amount, 9), "Gwei"
    elif amount < 10**9:
        value, unit = format_amount(amount, 0), "Wei"
    else:
        value, unit = format_amount(amount, 18), symbol
    return f"{value} {unit[:15]}".rstrip()
