"""ERC-4527 (eth-sign-request, eth-signature) against the published vectors of Keystone's
registry, the reference implementation the ERC names:

- eth-sign-request: ur-registry-eth's test "should generate eth-sign-request"
  (KeystoneHQ ur-registry-eth, EthSignRequest.test.ts) and the same request's CBOR in
  KeystoneHQ's Rust ur-registry (src/ethereum/eth_sign_request.rs, test_encode);
- a typed (EIP-1559) transaction on chain 43113: the Rust registry's test_avax_c_chain_encode;
- eth-signature: keystone-sdk-web test/chains/ethereum.test.ts (parseETHSignature).
"""

from __future__ import annotations

import uuid

import pytest

from wallet.airgap import bytewords
from wallet.airgap.errors import MalformedFrame, QrTransportError
from wallet.airgap.eth import (
    ETH_SIGN_REQUEST,
    EthSignatureMessage,
    EthSignRequest,
    path_components,
    path_text,
)
from wallet.airgap.scan import QrScan
from wallet.airgap.ur import UrDecoder, UrEncoder, encode_single

REQUEST_ID = uuid.UUID("9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d").bytes
LEGACY_RLP = bytes.fromhex(
    "f849808609184e72a00082271094000000000000000000000000000000000000000080a47f7465737432"
    "000000000000000000000000000000000000000000000000000000600057808080"
)
LEGACY_CBOR = bytes.fromhex(
    "a601d825509b1deb4d3b7d4bad9bdd2b0d7b3dcb6d02584bf849808609184e72a000822710940000000000"
    "00000000000000000000000000000080a47f74657374320000000000000000000000000000000000000000"
    "000000000000006000578080800301040105d90130a2018a182cf501f501f500f401f4021a123456780768"
    "6d6574616d61736b"
)
LEGACY_UR = (
    "ur:eth-sign-request/oladtpdagdndcawmgtfrkigrpmndutdnbtkgfssbjnaohdgryagalalnascsgljpnbaelfdibemwae"
    "aeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaelaoxlbjyihjkjyeyaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeae"
    "aeaeaeaeaehnaehglalalaaxadaaadahtaaddyoeadlecsdwykadykadykaewkadwkaocybgeehfksatisjnihjyhsjnhsjkje"
    "tlnndant"
)
AVAX_TX = bytes.fromhex(
    "02f87482a86901841dcd6500849502f9008252089446a836a6d5800dd3ab9a6b914c904ef8017b48c8880dcac353ec"
    "227a0080c001a03cebc64b4bd58567b7205897f1f68922c3f142366b3236fba169bea5ab875284a05291dae91b105ac2"
    "c0dc5479ecf1ed7890d93c2ab1e12695f1e8ecbc92a42e5a"
)
AVAX_UR = (
    "ur:eth-sign-request/oladtpdagdndcawmgtfrkigrpmndutdnbtkgfssbjnaohdktaoyajylfpdinadlrcasnihaelrmdao"
    "ytaelfgmaymwfgpdenoltllabttepynyjemegsmhglyaadkgfdsplobtsgsrguwpcpknaelartadnbfnwmswgrgrtllpiorlcx"
    "hdmswnynldcpsrwnfwenjeeyenzooyinrnonpyltgmlrnbgmmetnwlcwbehtsartuoghkkwpwnweksmhtafndrpavydsmdwnvs"
    "wprfmooxdmhtaxaaaacfpdinahtaaddyoeadlecsdwykcsfnykaeykaewkamwkaocyrywyvdlfatjeiajljpihcxkthsjzjzih"
    "jyfwkouyfp"
)
SIGNATURE_CBOR = bytes.fromhex(
    "a301d825509b1deb4d3b7d4bad9bdd2b0d7b3dcb6d025841d4f0a7bcd95bba1fbb1051885054730e3f4706428857"
    "5aacc102fbbf6a9a14daa066991e360d3e3406c20c00a40973eff37c7d641e5b351ec4a99bfe86f335f71303686b"
    "657973746f6e65"
)


def test_the_legacy_request_vector_encodes_byte_for_byte() -> None:
    request = EthSignRequest(
        REQUEST_ID, LEGACY_RLP, 1, 1, path_components("m/44'/1'/1'/0/1"), None, "metamask", 0x12345678
    )
    assert request.to_cbor() == LEGACY_CBOR
    assert encode_single(ETH_SIGN_REQUEST, request.to_cbor()) == LEGACY_UR
    assert EthSignRequest.from_cbor(LEGACY_CBOR) == request


def test_the_typed_transaction_vector_decodes() -> None:
    decoder = UrDecoder()
    decoder.receive(AVAX_UR)
    assert decoder.result is not None and decoder.result[0] == ETH_SIGN_REQUEST
    request = EthSignRequest.from_cbor(decoder.result[1])
    assert (request.data_type, request.chain_id, request.origin) == (4, 43113, "core wallet")
    assert request.sign_data == AVAX_TX and request.request_id == REQUEST_ID
    assert path_text(request.path) == "m/44h/60h/0h/0/6" and request.source_fingerprint == 0xBDEEE782
    assert encode_single(ETH_SIGN_REQUEST, request.to_cbor()) == AVAX_UR  # and back, byte for byte


def test_the_signature_vector() -> None:
    answer = EthSignatureMessage.from_cbor(SIGNATURE_CBOR)
    assert answer.request_id == REQUEST_ID and answer.origin == "keystone"
    assert answer.signature.hex().startswith("d4f0a7bc") and answer.signature[64] == 0x13
    assert answer.to_cbor() == SIGNATURE_CBOR


def test_an_animated_request_reassembles_in_the_eth_scan() -> None:
    request = EthSignRequest(REQUEST_ID, AVAX_TX * 20, 4, 43113, path_components("m/44h/60h/0h/0/0"))
    encoder = UrEncoder(request.to_cbor(), 60, ur_type=ETH_SIGN_REQUEST)
    scan = QrScan(ETH_SIGN_REQUEST)
    parts = [encoder.next_part() for _ in range(encoder.seq_len * 2)]
    for part in parts[1::2] + parts[::2]:  # out of order, half of them mixed parts
        scan.receive(part.upper())
    assert scan.result == request.to_cbor()


def test_the_eth_scan_refuses_a_psbt_and_the_psbt_scan_an_eth_request_at_the_first_frame() -> None:
    psbt_part = UrEncoder(b"\x58\x80" + bytes(128), 30).next_part()
    with pytest.raises(QrTransportError, match="ur:crypto-psbt, not an Ethereum transaction"):
        QrScan(ETH_SIGN_REQUEST).receive(psbt_part)
    eth_part = UrEncoder(LEGACY_CBOR, 30, ur_type=ETH_SIGN_REQUEST).next_part()
    with pytest.raises(QrTransportError, match="ur:eth-sign-request, not a PSBT"):
        QrScan("P").receive(eth_part)
    with pytest.raises(QrTransportError, match="not a UR"):
        QrScan(ETH_SIGN_REQUEST).receive("cHNidP8BAAoCAAAAAAAAAAAAAA==")


@pytest.mark.parametrize(
    "mutate",
    [
        lambda b: b[:-3],  # truncated CBOR
        lambda b: b.replace(bytes.fromhex("d90130"), bytes.fromhex("d90131")),  # not a keypath tag
        lambda b: b.replace(bytes.fromhex("d825"), bytes.fromhex("d826")),  # not a UUID tag
    ],
)
def test_malformed_requests_are_refused_in_one_sentence(mutate) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(MalformedFrame):
        EthSignRequest.from_cbor(mutate(LEGACY_CBOR))


def test_bytewords_of_the_vector_round_trip() -> None:
    assert bytewords.decode(LEGACY_UR.split("/", 1)[1]) == LEGACY_CBOR
