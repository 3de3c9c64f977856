"""Ethereum transfers as QR codes for the air-gapped signer, in ERC-4527's encodings.

online   the reviewed transfer → ``ur:eth-sign-request`` (animated when it does not fit one code)
offline  scan → the same checks and review as a transaction file → sign on the device →
         ``ur:eth-signature`` (r, s, v and the request's id)
online   scan → join the signature to the transfer it kept → checked → broadcast

Why ERC-4527 and not our JSON file wrapped in a UR ``bytes``: the file carries more (the
sender, the path, the token's symbol and decimals), but all of it that a review may rely on
is in the request or derivable from its RLP: chain id, nonce, fees, gas and the ERC-20 call's
recipient and amount from the typed transaction; the path from the crypto-keypath; the
sender from the request's address. Only the token's symbol and decimals are not, and those
are better taken from the signing machine's own token list than from the sender's claim: a
token it does not know is shown in base units, with the unknown-token warning. In return any
ERC-4527 wallet can be on either side. The signature comes back without the transaction, so
the online side keeps the transfer (the GUI in memory, the CLI in the unsigned file) and
accepts the signature only if it recovers the cold address over exactly that transfer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.advisor.ethereum import eth_withdrawal_targets
from app.eth.send import UNSIGNED_FORMAT, EthSendError, Review, UnsignedTransfer
from app.eth.tokens import watched_tokens
from app.store import open_store
from app.usecases.eth_send import SignedTransfer, review_eth_file
from wallet import eth_tx
from wallet.airgap.errors import QrTransportError
from wallet.airgap.eth import (
    DATA_TYPES,
    TYPED_TRANSACTION,
    EthSignatureMessage,
    EthSignRequest,
    path_components,
    path_text,
)
from wallet.devices.eth import EthSignature
from wallet.eth_chain.signed import SignedTransactionMismatch, check_signed

ORIGIN = "ColdSplit"
UNKNOWN_TOKEN = "(unknown token, base units)"


def request_id_of(transfer: UnsignedTransfer) -> bytes:
    """A UUID (version 8, RFC 9562's vendor layout) made from the signing digest: the same
    transfer always has the same id, so the online side needs to keep only the transfer."""
    raw = bytearray(eth_tx.signing_digest(transfer.tx.fields())[:16])
    raw[6] = (raw[6] & 0x0F) | 0x80
    raw[8] = (raw[8] & 0x3F) | 0x80
    return bytes(raw)


def sign_request(transfer: UnsignedTransfer, source_fingerprint: int | None = None) -> bytes:
    """The CBOR message of the transfer's ``eth-sign-request``; `source_fingerprint` (the
    wallet's master key fingerprint) lets a signer such as Keystone check it holds that wallet."""
    if not transfer.tx.is_eip1559:  # the request built here carries the typed (EIP-1559) payload
        raise EthSendError(
            "a QR signing request carries an EIP-1559 transaction only; sign this legacy one by file"
        )
    request = EthSignRequest(
        request_id=request_id_of(transfer),
        sign_data=eth_tx.eip1559_payload(transfer.tx.fields()),
        data_type=TYPED_TRANSACTION,
        chain_id=transfer.tx.chain_id,
        path=path_components(transfer.path),
        address=eth_tx.parse_address(transfer.sender),
        origin=ORIGIN,
        source_fingerprint=source_fingerprint,
    )
    return request.to_cbor()


def request_for_sender(db_path: Path, transfer: UnsignedTransfer) -> bytes:
    """`sign_request` with the fingerprint the device reported when it verified the sender."""
    fingerprint = None
    if db_path.exists():
        with open_store(db_path) as store:
            for target in eth_withdrawal_targets(store):
                if target.address.lower() == transfer.sender.lower() and target.path == transfer.path:
                    fingerprint = _fingerprint(target.fingerprint)
    return sign_request(transfer, fingerprint)


def _fingerprint(text: str) -> int | None:
    """The stored hex fingerprint as crypto-keypath's uint32 (big-endian, as BIP-32 writes
    it; Keystone's vector 12345678 is 0x12345678); None when absent or zero."""
    try:
        value = int.from_bytes(bytes.fromhex(text), "big")
    except ValueError:
        return None
    return value if len(text) == 8 and value else None


def _request(message: bytes) -> EthSignRequest:
    try:
        return EthSignRequest.from_cbor(message)
    except QrTransportError as exc:
        raise EthSendError(f"the QR code's Ethereum request cannot be used: {exc}") from None


def review_eth_request(db_path: Path, message: bytes, eth_usd: float | None = None) -> Review:
    """The review of a scanned ``eth-sign-request`` — the same as of a transaction file, whose
    fields are read from the request's RLP (and nothing it does not sign is believed)."""
    request = _request(message)
    if request.data_type != TYPED_TRANSACTION or request.sign_data[:1] != bytes([eth_tx.EIP1559_TX_TYPE]):
        asked = DATA_TYPES.get(request.data_type, "something else")
        raise EthSendError(f"the QR code asks to sign {asked}; ColdSplit signs EIP-1559 transfers only")
    if request.address is None:
        raise EthSendError("the request names no signing address; ColdSplit checks it before signing")
    document = _document(db_path, request)
    review = review_eth_file(db_path, document, eth_usd)
    if eth_tx.signing_digest(review.transfer.tx.fields()) != eth_tx.keccak256(request.sign_data):
        raise EthSendError("the request's transaction is not in its canonical form; refusing to sign it")
    return review


def _document(db_path: Path, request: EthSignRequest) -> dict[str, Any]:
    """The request as an unsigned transaction file, for `transfer_from_json`'s strict checks."""
    try:
        fields = eth_tx.rlp_decode(request.sign_data[1:])
    except eth_tx.RlpError as exc:
        raise EthSendError(f"the request's transaction does not decode ({exc})") from None
    if not isinstance(fields, list) or len(fields) != 9 or not all(isinstance(f, bytes) for f in fields[:8]):
        raise EthSendError("the request's transaction is not an EIP-1559 transaction (nine fields)")
    chain, nonce, tip, max_fee, gas, to, value, data, access = fields
    assert isinstance(to, bytes) and isinstance(data, bytes)  # checked just above
    if access != []:
        raise EthSendError(
            "the request's transaction carries an access list; ColdSplit signs plain transfers"
        )
    chain_id = _number(chain)
    if request.chain_id is not None and request.chain_id != chain_id:
        raise EthSendError(
            f"the request says chain {request.chain_id}; its transaction is for chain {chain_id}"
        )
    if len(to) != 20:
        raise EthSendError("the request's transaction has no recipient (a contract creation)")
    assert request.address is not None
    return {
        "format": UNSIGNED_FORMAT,
        "chain_id": chain_id,
        "from": "0x" + request.address.hex(),
        "path": path_text(request.path),
        "nonce": _number(nonce),
        "gas_limit": _number(gas),
        "max_fee_per_gas": _number(max_fee),
        "max_priority_fee_per_gas": _number(tip),
        "to": "0x" + to.hex(),
        "value": _number(value),
        "data": "0x" + data.hex(),
        "token": _token(db_path, chain_id, "0x" + to.hex()) if data else None,
    }


def _number(field: Any) -> int:
    return int.from_bytes(field, "big")


def _token(db_path: Path, chain_id: int, contract: str) -> dict[str, Any]:
    """The token's symbol and decimals as this machine knows them; unknown: base units."""
    if db_path.exists():
        with open_store(db_path) as store:
            for token in watched_tokens(store, chain_id):
                if token.contract.lower() == contract.lower():
                    return {"contract": contract, "symbol": token.symbol, "decimals": token.decimals}
    return {"contract": contract, "symbol": UNKNOWN_TOKEN, "decimals": 0}


def signature_answer(request_message: bytes, signed: SignedTransfer) -> bytes:
    """The ``eth-signature`` answering the scanned request with what the device signed."""
    request = _request(request_message)
    if eth_tx.keccak256(request.sign_data) != eth_tx.signing_digest(signed.transfer.tx.fields()):
        raise EthSendError("the signed transaction is not the one this request asked for")
    fields = eth_tx.rlp_decode(signed.raw[1:])
    assert isinstance(fields, list)
    v, r, s = fields[-3:]
    assert isinstance(v, bytes) and isinstance(r, bytes) and isinstance(s, bytes)
    signature = r.rjust(32, b"\0") + s.rjust(32, b"\0") + bytes([_number(v)])
    return EthSignatureMessage(request.request_id, signature, ORIGIN).to_cbor()


def signed_from_answer(transfer: UnsignedTransfer, message: bytes) -> SignedTransfer:
    """The transfer signed, from a scanned ``eth-signature``: accepted only if it answers this
    transfer's request and recovers the cold address over exactly this transfer."""
    try:
        answer = EthSignatureMessage.from_cbor(message)
    except QrTransportError as exc:
        raise EthSendError(f"the QR code's Ethereum signature cannot be used: {exc}") from None
    if answer.request_id != request_id_of(transfer):
        raise EthSendError("this signature answers another request (another transaction); nothing was sent")
    v = answer.signature[64]
    parity = v - 27 if v >= 27 else v  # ERC-4527 signers write the y-parity, some 27/28
    if parity not in (0, 1):
        raise EthSendError(f"the signature's v ({v}) is not a y-parity of a typed transaction")
    raw = EthSignature(parity, answer.signature[:32], answer.signature[32:64]).raw_transaction(transfer.tx)
    try:
        tx_hash = check_signed(raw, transfer.tx, transfer.sender)
    except SignedTransactionMismatch as exc:
        raise EthSendError(f"refusing the scanned signature: {exc.message}") from None
    return SignedTransfer(transfer, raw, tx_hash)
