"""Ethereum transfers through the whole optical path, both ways: transfer → ur:eth-sign-request
frames → images (segno) → zxing-cpp → scan → the signer's review (same fields, nothing
lost); signed transfer → ur:eth-signature frames → … → joined to the kept transfer → the
very same signed bytes. Hypothesis picks ETH or a token, the numbers (up to 2^256-1), the
chain, the density and which frames the camera drops or sees twice.
"""

from __future__ import annotations

import random
from pathlib import Path

import coincurve
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from app.airgap.frames import read_qr_texts, render_image, ur_message_stream
from app.eth.send import EthSendError, UnsignedTransfer
from app.eth.tokens import Token
from app.usecases.eth_qr import review_eth_request, sign_request, signature_answer, signed_from_answer
from app.usecases.eth_send import SignedTransfer
from tests.wallet.airgap.test_erc4527_vectors import AVAX_TX, LEGACY_CBOR, REQUEST_ID
from wallet import eth_tx
from wallet.airgap.eth import ETH_SIGN_REQUEST, ETH_SIGNATURE, EthSignRequest, path_components
from wallet.airgap.scan import QrScan
from wallet.devices.eth import EthSignature, EthTransaction
from wallet.eth_chain import erc20
from wallet.eth_chain.signed import check_signed

UINT256 = 2**256 - 1
NO_STORE = Path("/nonexistent/coldsplit.sqlite3")  # the air-gapped machine knows no tokens


def _seen(text: str, mask: int) -> str:
    (decoded,) = read_qr_texts(render_image(text, scale=2, mask=mask))
    return decoded


def _through_camera(ur_type: str, message: bytes, version: int, seed: int, drop: float) -> bytes:
    camera, scan = random.Random(seed), QrScan(ur_type)
    for shown, text in enumerate(ur_message_stream(ur_type, message, version), start=1):
        assert shown < 300, "the scan did not converge"
        if camera.random() < drop:
            continue
        for _ in range(2 if camera.random() < 0.1 else 1):
            scan.receive(_seen(text, shown % 8))
        if scan.result is not None:
            return scan.result
    raise AssertionError("unreachable")


@st.composite
def transfers(draw: st.DrawFn) -> tuple[UnsignedTransfer, bytes]:
    """(an unsigned transfer from the address of a random key, that key)."""
    key = draw(st.binary(min_size=32, max_size=32).filter(lambda k: 0 < int.from_bytes(k, "big") < 2**255))
    public = coincurve.PrivateKey(key).public_key.format()
    sender = eth_tx.checksum_address(eth_tx.pubkeyhash_of(public))
    recipient = eth_tx.checksum_address(draw(st.binary(min_size=20, max_size=20)))
    amount = draw(st.integers(1, UINT256))
    token = None
    if draw(st.booleans()):
        token = Token(eth_tx.checksum_address(draw(st.binary(min_size=20, max_size=20))), "T", 6, False)
    tip = draw(st.integers(0, 10**12))
    tx = EthTransaction(
        chain_id=draw(st.sampled_from([1, 11155111, 17000, 31337, 2**32])),
        nonce=draw(st.integers(0, 2**64 - 1)),
        gas_limit=draw(st.integers(21_000, 30_000_000)),
        to=recipient if token is None else token.contract,
        value=amount if token is None else 0,
        data=b"" if token is None else erc20.transfer_calldata(recipient, amount),
        max_fee_per_gas=tip + draw(st.integers(0, 10**13)),
        max_priority_fee_per_gas=tip,
    )
    index = draw(st.integers(0, 2**31 - 1))
    return UnsignedTransfer(sender, f"m/44h/60h/0h/0/{index}", tx, recipient, amount, token), key


def _signed(transfer: UnsignedTransfer, key: bytes) -> SignedTransfer:
    r, s, parity = eth_tx.sign_digest(key, eth_tx.signing_digest(transfer.tx.fields()))
    raw = EthSignature(parity, r, s).raw_transaction(transfer.tx)
    return SignedTransfer(transfer, raw, check_signed(raw, transfer.tx, transfer.sender))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    drawn=transfers(),
    version=st.sampled_from([5, 7, 10, 20]),
    seed=st.integers(0, 2**32),
    drop=st.floats(0, 0.3),
)
@example(drawn=None, version=5, seed=3, drop=0.3)  # None: the fixed token transfer below
def test_eth_transfer_and_signature_round_trip_through_rendered_frames(
    drawn: tuple[UnsignedTransfer, bytes] | None, version: int, seed: int, drop: float
) -> None:
    transfer, key = drawn or _fixed_token_transfer()
    request = sign_request(transfer)
    scanned = _through_camera(ETH_SIGN_REQUEST, request, version, seed, drop)
    assert scanned == request
    reviewed = review_eth_request(NO_STORE, scanned).transfer
    assert reviewed.tx == transfer.tx
    assert (reviewed.sender, reviewed.path) == (transfer.sender, transfer.path)
    assert (reviewed.recipient, reviewed.amount) == (transfer.recipient, transfer.amount)
    assert (reviewed.token is None) == (transfer.token is None)

    signed = _signed(reviewed, key)
    answer = _through_camera(ETH_SIGNATURE, signature_answer(scanned, signed), version, seed + 1, drop)
    joined = signed_from_answer(transfer, answer)
    assert (joined.raw, joined.tx_hash) == (signed.raw, signed.tx_hash)


def _fixed_token_transfer() -> tuple[UnsignedTransfer, bytes]:
    key = bytes(31) + b"\x07"
    sender = eth_tx.checksum_address(eth_tx.pubkeyhash_of(coincurve.PrivateKey(key).public_key.format()))
    recipient = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
    token = Token("0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", "USDC", 6, True)
    data = erc20.transfer_calldata(recipient, 120_250_000)
    tx = EthTransaction(1, 7, 65_000, token.contract, 0, data, 40 * 10**9, 2 * 10**9)
    return UnsignedTransfer(sender, "m/44h/60h/0h/0/0", tx, recipient, 120_250_000, token), key


def test_requests_coldsplit_does_not_sign_are_refused_in_one_sentence() -> None:
    """The Keystone registry's vectors: a legacy transaction (data type 1), and a typed one whose
    RLP already carries a signature (12 fields) — neither is an unsigned EIP-1559 transfer."""
    with pytest.raises(EthSendError, match="asks to sign a legacy transaction; ColdSplit signs EIP-1559"):
        review_eth_request(NO_STORE, LEGACY_CBOR)
    signed_already = EthSignRequest(
        REQUEST_ID, AVAX_TX, 4, 43113, path_components("m/44h/60h/0h/0/6"), bytes(20), "core wallet"
    )
    with pytest.raises(EthSendError, match="not an EIP-1559 transaction \\(nine fields\\)"):
        review_eth_request(NO_STORE, signed_already.to_cbor())
    no_address = EthSignRequest(REQUEST_ID, AVAX_TX, 4, 43113, path_components("m/44h/60h/0h/0/6"))
    with pytest.raises(EthSendError, match="names no signing address"):
        review_eth_request(NO_STORE, no_address.to_cbor())
