"""Sending from the Ethereum cold account: build an EIP-1559 transfer of ETH or an ERC-20
token (or, asked for, a legacy EIP-155 one with a single gas price, for chains and tools that
want it), review it like a PSBT, and keep it in a file for an air-gapped signer.

Building asks the node for the nonce (pending), the base fee and a priority fee, and for
the gas a token transfer needs; each can be given instead. The max fee defaults to twice
the latest base fee plus the priority fee, enough for six full blocks of base-fee rises.
The review shows what the device will be asked to sign and says, in words, what deserves
a second look: a recipient that is a contract, a token ColdSplit does not know, a fee above
the threshold, more than the last synced balance.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from app.errors import UserError
from app.eth.tokens import Token, checksummed, format_units
from wallet import eth_tx
from wallet.devices.eth import EthTransaction
from wallet.eth_chain import erc20
from wallet.eth_chain.node import EthNode, EthNodeError

UNSIGNED_FORMAT = "coldsplit-eth-unsigned/1"
SIGNED_FORMAT = "coldsplit-eth-signed/1"
ETH_TRANSFER_GAS = 21_000
GAS_MARGIN = 1.2  # over the node's estimate for a token transfer (storage costs vary)
DEFAULT_FEE_WARNING_USD = 20.0
FEE_WARNING_WEI_WITHOUT_PRICE = 5 * 10**15  # 0.005 ETH when no USD price is known
MAX_FILE_BYTES = 1_000_000


class EthSendError(UserError):
    """A transfer that cannot be built, reviewed, read or signed as asked."""


@dataclass(frozen=True)
class FeeChoice:
    """What the user set; None asks the node."""

    nonce: int | None = None
    gas_limit: int | None = None
    max_fee_per_gas: int | None = None
    max_priority_fee_per_gas: int | None = None
    legacy: bool = False  # a legacy (EIP-155) transaction with one gas price
    gas_price: int | None = None  # legacy only; None asks the node (eth_gasPrice)


NODE_FEES = FeeChoice()  # everything from the node


@dataclass(frozen=True)
class UnsignedTransfer:
    """A transfer ready to review and sign: the transaction and what it means."""

    sender: str
    path: str
    tx: EthTransaction
    recipient: str  # who receives: `tx.to` for ETH, the call's recipient for a token
    amount: int  # wei or token base units
    token: Token | None  # None: ETH
    simulation_error: str | None = None  # the node's answer when it estimated the gas and it reverted

    @property
    def max_fee_wei(self) -> int:
        return self.tx.gas_limit * (self.tx.max_fee_per_gas or self.tx.gas_price or 0)

    def to_json(self) -> dict[str, Any]:
        tx = self.tx
        token = self.token
        return {
            "format": UNSIGNED_FORMAT,
            "chain_id": tx.chain_id,
            "from": self.sender,
            "path": self.path,
            "nonce": tx.nonce,
            "gas_limit": tx.gas_limit,
            **(
                {
                    "max_fee_per_gas": str(tx.max_fee_per_gas),
                    "max_priority_fee_per_gas": str(tx.max_priority_fee_per_gas),
                }
                if tx.is_eip1559
                else {"gas_price": str(tx.gas_price)}
            ),
            "to": tx.to,
            "value": str(tx.value),
            "data": "0x" + tx.data.hex(),
            "token": None
            if token is None
            else {"contract": token.contract, "symbol": token.symbol, "decimals": token.decimals},
        }


@dataclass(frozen=True)
class Review:
    transfer: UnsignedTransfer
    recipient_verified: bool  # a device-verified ETH address of ours
    recipient_is_contract: bool | None  # None: not known (offline)
    token_known: bool
    eth_usd: float | None
    warnings: list[str] = field(default_factory=list)

    @property
    def asset(self) -> str:
        return "ETH" if self.transfer.token is None else self.transfer.token.symbol

    @property
    def amount_text(self) -> str:
        token = self.transfer.token
        return format_units(self.transfer.amount, 18 if token is None else token.decimals)

    @property
    def max_fee_usd(self) -> float | None:
        return None if self.eth_usd is None else self.transfer.max_fee_wei / 10**18 * self.eth_usd

    @property
    def digest(self) -> str:
        """The signing digest (EIP-1559, or EIP-155 for legacy): what the device signs, shown so two
        reviews can be compared."""
        return eth_tx.signing_digest(self.transfer.tx.fields()).hex()

    def lines(self) -> list[str]:
        t = self.transfer
        verified = (
            "a device-verified address of yours" if self.recipient_verified else "NOT a verified address"
        )
        fee_usd = "" if self.max_fee_usd is None else f" (${self.max_fee_usd:,.2f})"
        lines = [
            f"send      {self.amount_text} {self.asset}",
            f"to        {t.recipient} ({verified})",
            f"from      {t.sender} ({t.path}), chain {t.tx.chain_id}, nonce {t.tx.nonce}",
        ]
        if t.token is not None:
            known = "known" if self.token_known else "UNKNOWN"
            lines.append(f"token     {t.token.symbol} contract {t.token.contract} ({known})")
        lines.append(f"max fee   {format_units(t.max_fee_wei, 18)} ETH{fee_usd}: {_fee_terms(t.tx)}")
        lines.append(f"digest    {self.digest}")
        lines += [f"WARNING   {w}" for w in self.warnings]
        return lines


def _fee_terms(tx: EthTransaction) -> str:
    if not tx.is_eip1559:
        return f"gas {tx.gas_limit} × {format_units(tx.gas_price or 0, 9)} gwei (legacy transaction, EIP-155)"
    per_gas = format_units(tx.max_fee_per_gas or 0, 9)
    return (
        f"gas {tx.gas_limit} × {per_gas} gwei (tip {format_units(tx.max_priority_fee_per_gas or 0, 9)} gwei)"
    )


_Fees = tuple[int | None, int | None, int | None]  # max fee, priority fee (EIP-1559); gas price (legacy)


def _node_fees(node: EthNode, fees: FeeChoice) -> _Fees:
    """The fee fields of the transaction: what the user set, the rest from the node."""
    if fees.legacy:
        if fees.max_fee_per_gas is not None or fees.max_priority_fee_per_gas is not None:
            raise EthSendError(
                "a legacy transaction has one gas price: give --gas-price-gwei, not EIP-1559 fees"
            )
        return None, None, node.gas_price() if fees.gas_price is None else fees.gas_price
    if fees.gas_price is not None:
        raise EthSendError(
            "a gas price is for a legacy transaction (--legacy); EIP-1559 takes max and priority fees"
        )
    priority, max_fee = fees.max_priority_fee_per_gas, fees.max_fee_per_gas
    if priority is None or max_fee is None:
        quote = node.fee_quote()
        priority = quote.priority_fee if priority is None else priority
        max_fee = 2 * quote.base_fee + priority if max_fee is None else max_fee
    if priority > max_fee:
        raise EthSendError("the priority fee cannot be above the max fee per gas")
    return max_fee, priority, None


def build_transfer(
    node: EthNode,
    chain_id: int,
    sender: str,
    path: str,
    recipient: str,
    amount: int,
    token: Token | None,
    fees: FeeChoice = NODE_FEES,
) -> UnsignedTransfer:
    """An EIP-1559 (or, with `fees.legacy`, EIP-155) transfer; what the user did not set is read
    from the node."""
    to = checksummed(recipient, "recipient address")
    if amount <= 0:
        raise EthSendError("the amount must be more than zero")
    data = b"" if token is None else erc20.transfer_calldata(to, amount)
    target = to if token is None else token.contract
    value = amount if token is None else 0
    try:
        nonce = fees.nonce if fees.nonce is not None else node.next_nonce(sender)
        gas, reverted = (fees.gas_limit, None) if fees.gas_limit else _gas(node, sender, target, value, data)
        fee_fields = _node_fees(node, fees)
    except EthNodeError as exc:
        raise EthSendError(exc.message) from None
    tx = EthTransaction(chain_id, nonce, gas, target, value, data, *fee_fields)
    return UnsignedTransfer(sender, path, tx, to, amount, token, reverted)


def _gas(node: EthNode, sender: str, target: str, value: int, data: bytes) -> tuple[int, str | None]:
    """The gas limit, and the node's error if its simulation of the call failed."""
    if not data and not node.is_contract(target):
        return ETH_TRANSFER_GAS, None
    try:
        return int(node.estimate_gas(sender, target, value, data) * GAS_MARGIN), None
    except EthNodeError as exc:
        if "revert" not in exc.message:
            raise
        return erc20.TRANSFER_GAS_FALLBACK, exc.message.rsplit(": ", 1)[-1]


def review_transfer(
    transfer: UnsignedTransfer,
    *,
    verified: bool,
    recipient_is_contract: bool | None,
    token_known: bool,
    eth_usd: float | None,
    balance: int | None,
    fee_warning_usd: float = DEFAULT_FEE_WARNING_USD,
) -> Review:
    """The review with its warnings; `balance` (of the asset, from the last sync) None when unknown."""
    draft = Review(transfer, verified, recipient_is_contract, token_known, eth_usd)
    warnings = []
    if transfer.simulation_error is not None:
        warnings.append(f"the node's simulation of this transfer fails ({transfer.simulation_error})")
    if recipient_is_contract:
        warnings.append("the recipient is a contract, not a person's address: funds sent there may be lost")
    if transfer.token is not None and transfer.recipient == transfer.token.contract:
        warnings.append("the recipient is the token's own contract: tokens sent there are lost")
    if transfer.token is not None and not token_known:
        warnings.append("this token is not one ColdSplit knows or you added: check the contract address")
    usd = draft.max_fee_usd
    if usd is not None and usd > fee_warning_usd:
        warnings.append(f"the max fee is ${usd:,.2f}, above ${fee_warning_usd:,.2f}")
    if usd is None and transfer.max_fee_wei > FEE_WARNING_WEI_WITHOUT_PRICE:
        warnings.append(f"the max fee is {format_units(transfer.max_fee_wei, 18)} ETH (no USD price known)")
    if balance is not None and transfer.amount > balance:
        decimals = 18 if transfer.token is None else transfer.token.decimals
        warnings.append(
            f"more than the last synced balance ({format_units(balance, decimals)} {draft.asset})"
        )
    return Review(transfer, verified, recipient_is_contract, token_known, eth_usd, warnings)


def transfer_from_json(document: object) -> UnsignedTransfer:
    """An unsigned transfer read from its file; refuses anything not exactly that format."""
    if not isinstance(document, dict) or document.get("format") not in (UNSIGNED_FORMAT, SIGNED_FORMAT):
        raise EthSendError(f"not a ColdSplit Ethereum transaction file (format {UNSIGNED_FORMAT})")
    try:
        token_doc = document["token"]
        token = None
        if token_doc is not None:
            token = Token(
                checksummed(token_doc["contract"]),
                str(token_doc["symbol"]),
                int(token_doc["decimals"]),
                False,
            )
        max_fee, priority, gas_price = _file_fees(document)
        tx = EthTransaction(
            chain_id=_whole(document["chain_id"]),
            nonce=_whole(document["nonce"]),
            gas_limit=_whole(document["gas_limit"]),
            to=checksummed(str(document["to"])),
            value=_whole(document["value"]),
            data=bytes.fromhex(str(document["data"]).removeprefix("0x")),
            max_fee_per_gas=max_fee,
            max_priority_fee_per_gas=priority,
            gas_price=gas_price,
        )
        sender, path = checksummed(str(document["from"])), str(document["path"])
    except (KeyError, TypeError, ValueError) as exc:
        raise EthSendError(f"the transaction file is incomplete or malformed ({exc})") from None
    return UnsignedTransfer(sender, path, tx, *_meaning(tx, token))


def _file_fees(document: dict[str, Any]) -> _Fees:
    """A legacy file carries `gas_price` and no EIP-1559 fee, an EIP-1559 file the two fees only."""
    if "gas_price" in document:
        if "max_fee_per_gas" in document or "max_priority_fee_per_gas" in document:
            raise ValueError("both a gas price and EIP-1559 fees")
        return None, None, _whole(document["gas_price"])
    return _whole(document["max_fee_per_gas"]), _whole(document["max_priority_fee_per_gas"]), None


def _whole(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(f"{value!r} is not a whole number")
    number = int(value)
    if number < 0:
        raise ValueError(f"{value!r} is negative")
    return number


def _meaning(tx: EthTransaction, token: Token | None) -> tuple[str, int, Token | None]:
    """(recipient, amount, token) as the transaction itself says, never as the file claims."""
    if token is None:
        if tx.data:
            raise EthSendError(
                "the file's ETH transfer carries call data; ColdSplit signs plain transfers only"
            )
        return tx.to, tx.value, None
    decoded = erc20.decode_transfer_calldata(tx.data)
    if decoded is None or tx.value != 0 or tx.to != token.contract:
        raise EthSendError("the file's token transfer is not a plain ERC-20 transfer to its token contract")
    return decoded[0], decoded[1], token


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2) + "\n"
