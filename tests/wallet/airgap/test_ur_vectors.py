"""Bytewords and UR against their published vectors (BCR-2020-012, URKit, BCR-2020-006)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from wallet.airgap import bytewords
from wallet.airgap.bytewords import Style
from wallet.airgap.consensus import Xoshiro256
from wallet.airgap.errors import ForeignFrame, MalformedFrame, UnsupportedContent
from wallet.airgap.ur import UrDecoder, UrEncoder, encode_single, psbt_from_ur, unwrap_bytes, wrap_bytes

VECTORS = json.loads((Path(__file__).parent / "vectors" / "ur_vectors.json").read_text())

# URKit BytewordsTests.test2 (github.com/BlockchainCommons/URKit @ ebba59b2)
TEST2_INPUT = bytes(
    [245, 215, 20, 198, 241, 235, 69, 59, 209, 205, 165, 18, 150, 158, 116, 135, 229, 212, 19, 159,
     17, 37, 239, 240, 253, 11, 109, 191, 37, 242, 38, 120, 223, 41, 156, 189, 242, 254, 147, 204,
     66, 163, 216, 175, 191, 72, 169, 54, 32, 60, 144, 230, 210, 137, 184, 197, 33, 113, 88, 14,
     157, 31, 177, 46, 1, 115, 205, 69, 225, 150, 65, 235, 58, 144, 65, 240, 133, 69, 113, 247,
     63, 53, 242, 165, 160, 144, 26, 13, 79, 237, 133, 71, 82, 69, 254, 165, 138, 41, 85, 24]
)  # fmt: skip
TEST2_MINIMAL = (
    "yktsbbswwnwmfefrttsnonbgmtnnjyltvwtybwnebydawswtzcbdjnrsdawzdsksurdtnsrywzzemusf"
    "fwottppersfdptencxfnmhvatdldroskcljshdbantctpadmadjksnfevymtfpwmftmhfpwtlpfejsyl"
    "fhecwzonnbmhcybtgwwelpflgmfezeonledtgocsfzhycypf"
)
TEST2_STANDARD = (
    "yank toys bulb skew when warm free fair tent swan open brag mint noon jury list view tiny brew note "
    "body data webs what zinc bald join runs data whiz days keys user diet news ruby whiz zone menu surf "
    "flew omit trip pose runs fund part even crux fern math visa tied loud redo silk curl jugs hard beta "
    "next cost puma drum acid junk swan free very mint flap warm fact math flap what limp free jugs yell "
    "fish epic whiz open numb math city belt glow wave limp fuel grim free zone open love diet gyro cats "
    "fizz holy city puff"
)


def make_message_ur(length: int) -> bytes:
    return wrap_bytes(Xoshiro256.from_seed(b"Wolf").next_data(length))


def test_bytewords_vectors() -> None:
    data = bytes([0, 1, 2, 128, 255])
    assert bytewords.encode(data, Style.STANDARD) == "able acid also lava zoom jade need echo taxi"
    assert bytewords.encode(data, Style.URI) == "able-acid-also-lava-zoom-jade-need-echo-taxi"
    assert bytewords.encode(data, Style.MINIMAL) == "aeadaolazmjendeoti"
    for style, text in [
        (Style.STANDARD, "able acid also lava zoom jade need echo taxi"),
        (Style.URI, "able-acid-also-lava-zoom-jade-need-echo-taxi"),
        (Style.MINIMAL, "aeadaolazmjendeoti"),
    ]:
        assert bytewords.decode(text, style) == data
    assert bytewords.encode(TEST2_INPUT, Style.STANDARD) == TEST2_STANDARD
    assert bytewords.encode(TEST2_INPUT, Style.MINIMAL) == TEST2_MINIMAL


def test_bytewords_spec_seed_example() -> None:
    """BCR-2020-012's example: the seed CBOR with its CRC-32 c904f40b."""
    body = bytes.fromhex("d99d6ca20150c7098580125e2ab0981253468b2dbc5202c11947da")
    assert bytewords.encode(body) == "tantjzoeadgdstaslplabghydrpfmkbggufgludprfgmaosecffltnsoaawkbd"


@pytest.mark.parametrize(
    ("text", "style"),
    [
        ("able acid also lava zero jade need echo wolf", Style.STANDARD),
        ("able-acid-also-lava-zero-jade-need-echo-wolf", Style.URI),
        ("aeadaolazojendeowf", Style.MINIMAL),
        ("wolf", Style.STANDARD),
        ("", Style.STANDARD),
        ("aeadaolazmjendeot", Style.MINIMAL),
        ("aeadaolazmjendeoxx", Style.MINIMAL),
    ],
)
def test_bytewords_refuses_bad_checksum_and_short_text(text: str, style: Style) -> None:
    with pytest.raises(MalformedFrame):
        bytewords.decode(text, style)


def test_single_part_ur_vector() -> None:
    message = make_message_ur(50)
    assert encode_single("bytes", message) == VECTORS["single_50"]
    decoder = UrDecoder()
    decoder.receive(VECTORS["single_50"].upper())  # QR codes carry it upper-cased
    assert decoder.result == ("bytes", message)


def test_multipart_ur_vectors() -> None:
    encoder = UrEncoder(make_message_ur(256), 30, ur_type="bytes")
    assert [encoder.next_part() for _ in range(20)] == VECTORS["parts_256"]


def test_multipart_ur_decodes_from_mixed_parts_only() -> None:
    """URKit testMultipartUR: 32,767 bytes, fragments of 1,000, starting at part 101."""
    message = make_message_ur(32767)
    encoder = UrEncoder(message, 1000, ur_type="bytes")
    encoder._fountain.seq_num = 100
    decoder = UrDecoder()
    while decoder.result is None:
        decoder.receive(encoder.next_part())
    assert decoder.result == ("bytes", message)


def test_multipart_ur_vectors_decode_out_of_order_with_repeats() -> None:
    parts = list(VECTORS["parts_256"])
    order = random.Random(3)
    stream = parts[4:] + order.sample(parts[4:], 5)  # parts 1-4 dropped, some others twice
    order.shuffle(stream)
    decoder = UrDecoder()
    for text in stream:
        decoder.receive(text)
        if decoder.result:
            break
    assert decoder.result == ("bytes", make_message_ur(256))


def test_bcr_2020_006_psbt_example() -> None:
    psbt = bytes.fromhex(VECTORS["psbt_hex"])
    assert wrap_bytes(psbt).hex() == VECTORS["psbt_cbor_hex"]
    assert encode_single("psbt", wrap_bytes(psbt)) == VECTORS["psbt_ur"]
    decoder = UrDecoder()
    decoder.receive(VECTORS["psbt_ur"])
    assert decoder.result is not None
    assert psbt_from_ur(*decoder.result) == psbt


def test_crypto_psbt_round_trip_and_other_types_refused() -> None:
    psbt = b"psbt\xff" + bytes(range(256)) * 8
    encoder = UrEncoder.for_psbt(psbt, 200)
    assert encoder.next_part().startswith(f"ur:crypto-psbt/1-{encoder.seq_len}/")
    with pytest.raises(UnsupportedContent, match="ur:bytes"):
        psbt_from_ur("bytes", wrap_bytes(psbt))
    with pytest.raises(UnsupportedContent):
        unwrap_bytes(bytes.fromhex("a10150c7098580125e2ab0981253468b2dbc52"))  # a map, not bytes


def test_frames_of_another_ur_are_refused_mid_scan() -> None:
    first = UrEncoder.for_psbt(b"A" * 1000, 100)
    other = UrEncoder.for_psbt(b"B" * 1000, 100)
    decoder = UrDecoder()
    decoder.receive(first.next_part())
    with pytest.raises(ForeignFrame):
        decoder.receive(other.next_part())
    with pytest.raises(ForeignFrame):
        decoder.receive(UrEncoder(make_message_ur(1000), 100, ur_type="bytes").next_part())
    while decoder.result is None:
        decoder.receive(first.next_part())
    assert psbt_from_ur(*decoder.result) == b"A" * 1000


@pytest.mark.parametrize(
    "text",
    [
        "ur:bytes",
        "ur:bytes/1-9",
        "ur:bytes/0-9/lpadascfadaxcywenbpljkhdcahkadaemejtswhhylkepmykhhtsytsnoyoyaxaedsuttydmmhhpktpmsrjtdkgslpgh",
        "ur:bytes/2-9/lpadascfadaxcywenbpljkhdcahkadaemejtswhhylkepmykhhtsytsnoyoyaxaedsuttydmmhhpktpmsrjtdkgslpgh",
        "ur:bytes/1-9/lpadascfadaxcywenbpljkhdcahkadaemejtswhhylkepmykhhtsytsnoyoyaxaedsuttydmmhhpktpmsrjtdkgslpgx",
        "ur:by tes/hdeymejtswhhylkepmykhhts",
    ],
)
def test_malformed_ur_frames(text: str) -> None:
    with pytest.raises(MalformedFrame):
        UrDecoder().receive(text)
