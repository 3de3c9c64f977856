"""Sending from the Ethereum cold account: prepare + review, sign on the device, verify,
broadcast — one implementation for `coldsplit eth send|sign|broadcast` and the GUI.

`prepare_eth_send` builds the transfer from the node and reviews it with what the store
knows (is the recipient a device-verified address, the last synced balance). A transfer
file can be reviewed and signed with no endpoint at all (`review_eth_file`,
`sign_eth_transfer`: the air-gapped machine). Signing first reads the device's address at
the path without showing it and refuses, before anything is shown to confirm, when it is not
the sender; then asks the device, and accepts its answer only if eth-account decodes the
signed bytes to exactly the reviewed transaction and recovers the cold address from the
signature (wallet.eth_chain.signed); broadcasting checks that again before anything leaves
the machine.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.advisor.ethereum import eth_withdrawal_targets, is_eth_withdrawal_target
from app.eth.send import (
    NODE_FEES,
    SIGNED_FORMAT,
    EthSendError,
    FeeChoice,
    Review,
    UnsignedTransfer,
    build_transfer,
    review_transfer,
    transfer_from_json,
)
from app.eth.tokens import Token, checksummed, find_token, parse_units, watched_tokens
from app.eth.watch import ETH, balances, check_chain
from app.settings import Settings
from app.store import open_store
from app.store.database import Store, utc_now
from app.usecases.devices import DeviceCalls
from app.usecases.eth import node_of
from wallet.devices.base import HardwareWallet
from wallet.devices.eth import EthSignature
from wallet.eth_chain.node import EthNodeError
from wallet.eth_chain.signed import SignedTransactionMismatch, check_signed


@dataclass(frozen=True)
class SignedTransfer:
    transfer: UnsignedTransfer
    raw: bytes
    tx_hash: str

    def to_json(self) -> dict[str, Any]:
        return {
            **self.transfer.to_json(),
            "format": SIGNED_FORMAT,
            "raw": "0x" + self.raw.hex(),
            "tx_hash": self.tx_hash,
        }


def _sender(store: Store, account: str, sender: str | None) -> tuple[str, str]:
    """(address, path) of the account's device-verified address (the given one, or its first)."""
    mine = [t for t in eth_withdrawal_targets(store) if t.account == account]
    if sender is not None:
        mine = [t for t in mine if t.address.lower() == sender.strip().lower()]
    if not mine:
        raise EthSendError(
            f"no device-verified Ethereum address of {account!r}{' matches ' + sender if sender else ''}"
        )
    return mine[0].address, mine[0].path


def _last_balance(store: Store, address: str, chain_id: int, asset: str) -> int | None:
    found = [b.amount for b in balances(store, address, chain_id) if b.asset == asset]
    return found[0] if found else None


def prepare_eth_send(
    db_path: Path,
    settings: Settings,
    account: str,
    to: str,
    amount: str,
    asset: str = ETH,
    *,
    sender: str | None = None,
    fees: FeeChoice = NODE_FEES,
    eth_usd: float | None = None,
) -> Review:
    """Build an EIP-1559 transfer of `amount` (decimal text) ETH or token, and review it."""
    node, chain_id = node_of(settings)
    check_chain(node, chain_id)
    with open_store(db_path) as store:
        address, path = _sender(store, account, sender)
        token: Token | None = None if asset.upper() == ETH else find_token(store, chain_id, asset)
        base_units = parse_units(amount, 18 if token is None else token.decimals)
        transfer = build_transfer(node, chain_id, address, path, to, base_units, token, fees)
        try:
            contract = node.is_contract(transfer.recipient)
        except EthNodeError as exc:
            raise EthSendError(exc.message) from None
        return review_transfer(
            transfer,
            verified=is_eth_withdrawal_target(store, transfer.recipient),
            recipient_is_contract=contract,
            token_known=True,
            eth_usd=eth_usd,
            balance=_last_balance(store, address, chain_id, ETH if token is None else token.contract),
        )


def review_eth_file(db_path: Path, document: object, eth_usd: float | None = None) -> Review:
    """Review a transfer file with no endpoint: what the local store knows, if there is one."""
    transfer = transfer_from_json(document)
    verified, token_known = False, transfer.token is None
    if db_path.exists():
        with open_store(db_path) as store:
            verified = is_eth_withdrawal_target(store, transfer.recipient)
            if transfer.token is not None:
                known = {t.contract for t in watched_tokens(store, transfer.tx.chain_id)}
                token_known = transfer.token.contract in known
    return review_transfer(
        transfer,
        verified=verified,
        recipient_is_contract=None,
        token_known=token_known,
        eth_usd=eth_usd,
        balance=None,
    )


def _sign_if_held(wallet: HardwareWallet, transfer: UnsignedTransfer) -> EthSignature:
    """Sign only when the device's own address at the path is the sender: read silently first
    (EthereumGetAddress, nothing on the screen), so a wrong wallet, passphrase or path is refused
    before the person is asked to confirm anything on the device."""
    held = checksummed(wallet.get_eth_address(transfer.path, show=False))
    sender = checksummed(transfer.sender)
    if held != sender:
        raise EthSendError(
            f"this device (or passphrase) does not hold the sending address {sender} "
            f"at {transfer.path}: nothing was signed"
        )
    return wallet.sign_eth_tx(transfer.path, transfer.tx)


def sign_eth_transfer(device: DeviceCalls, review: Review) -> SignedTransfer:
    """Sign the reviewed transfer on the device — only if the device holds its sender — and refuse
    an answer that is not it, signed by us. Every ETH signing (online, file, QR) comes here."""
    transfer = review.transfer
    transfer.tx.validate()
    signature = device(lambda wallet: _sign_if_held(wallet, transfer))
    raw = signature.raw_transaction(transfer.tx)
    try:
        tx_hash = check_signed(raw, transfer.tx, transfer.sender)
    except SignedTransactionMismatch as exc:
        raise EthSendError(f"refusing the device's signature: {exc.message}") from None
    return SignedTransfer(transfer, raw, tx_hash)


def signed_from_json(document: object) -> SignedTransfer:
    """A signed transfer file, checked: its raw bytes are its own reviewed fields, signed by its sender."""
    transfer = transfer_from_json(document)
    assert isinstance(document, dict)  # transfer_from_json refused anything else
    if document.get("format") != SIGNED_FORMAT:
        raise EthSendError("this transaction file is not signed yet: sign it with `coldsplit eth sign`")
    try:
        raw = bytes.fromhex(str(document.get("raw", "")).removeprefix("0x"))
        tx_hash = check_signed(raw, transfer.tx, transfer.sender)
    except ValueError:
        raise EthSendError("the signed transaction file's raw transaction is not hex") from None
    except SignedTransactionMismatch as exc:
        raise EthSendError(f"refusing the signed file: {exc.message}") from None
    return SignedTransfer(transfer, raw, tx_hash)


def broadcast_eth(db_path: Path, settings: Settings, signed: SignedTransfer) -> str:
    """Send the signed transfer through the endpoint and remember it (sync follows it)."""
    node, chain_id = node_of(settings)
    if signed.transfer.tx.chain_id != chain_id:
        raise EthSendError(
            f"the transaction is for chain {signed.transfer.tx.chain_id}; "
            f"the endpoint is set for chain {chain_id}"
        )
    check_chain(node, chain_id)
    try:
        check_signed(signed.raw, signed.transfer.tx, signed.transfer.sender)
        answered = node.send_raw(signed.raw)
    except SignedTransactionMismatch as exc:
        raise EthSendError(f"refusing to broadcast: {exc.message}") from None
    except EthNodeError as exc:
        raise EthSendError(exc.message) from None
    if answered.lower() != signed.tx_hash.lower():
        raise EthSendError(f"the node answered transaction {answered}, not {signed.tx_hash}")
    with open_store(db_path) as store, store.transaction() as db:
        db.execute(
            "INSERT OR REPLACE INTO eth_sent(tx_hash, chain_id, address, nonce, raw, status, broadcast_at) "
            "VALUES (?, ?, ?, ?, ?, 'pending', ?)",
            (
                signed.tx_hash,
                chain_id,
                signed.transfer.sender,
                signed.transfer.tx.nonce,
                "0x" + signed.raw.hex(),
                utc_now(),
            ),
        )
    return signed.tx_hash
