"""SignMessage and VerifyMessage screen by screen, and VerifyMessage's refusals (issue 15, point 2).

Flows from trezor-firmware legacy/firmware fsm_msg_crypto.h (python/v0.20.2): the Trezor One
shows the address, then the message in pages of 4 rows of 18 characters, each page its own
ButtonRequest Other; verifying adds a closing "valid" screen. Vectors: test_signmessage.py
and test_verifymessage*.py of the same tag (seed "all all ... all"). The text of each page
is read back from the T1's framebuffer over the DebugLink.
"""

from __future__ import annotations

import pytest
from trezorlib import btc, exceptions, messages
from trezorlib.client import Session
from trezorlib.tools import parse_path

from tests.wallet.conftest import EmulatorFactory
from tests.wallet.emulator.clients import connect, open_debuglink
from tests.wallet.emulator.t1_ocr import read_rows

B = messages.ButtonRequestType
EXAMPLE = "This is an example of a signed message."
# test_signmessage.py: m/44h/0h/0h/0/0 (p2pkh) and m/84h/0h/0h/0/0 (p2wpkh) of the "all" seed
P2PKH = (
    "1JAd7XCBzGudGpJQSDSfpmJhiygtLQWaGL",
    "20fd8f2f7db5238fcdd077d5204c3e6949c261d700269cefc1d9d2dcef6b95023630ee617f6c8acf9eb40c8edd704c9ca74ea4afc393f43f35b4e8958324cbdd1c",
)
P2WPKH = (
    "bc1qannfxke2tfd4l7vhepehpvt05y83v3qsf6nfkk",
    "28b55d7600d9e9a7e2a49155ddf3cfdb8e796c207faab833010fa41fb7828889bc47cf62348a7aaa0923c0832a589fab541e8f12eb54fb711c90e2307f0f66b194",
)


def _screens(emulator: object, run: object) -> tuple[object, list[tuple[int, list[set[str]]]]]:
    """Run `run(session)`, pressing yes; keep each ButtonRequest's code and the T1 screen's rows
    (each row as the set of texts its pixels can read as: this font draws "I" and "l" alike)."""
    debug = open_debuglink(emulator)  # type: ignore[arg-type]
    seen: list[tuple[int, list[set[str]]]] = []

    def press(request: messages.ButtonRequest) -> None:
        layout = debug.state().layout  # the T1's framebuffer; core models report tokens instead
        rows = read_rows(layout) if layout else []
        seen.append((request.code, [readings for readings in rows if readings != {""}]))
        debug.press_yes()

    client = connect(emulator, button=press)  # type: ignore[arg-type]
    try:
        result = run(client.get_session())  # type: ignore[operator]
    finally:
        debug.close()
        client.transport.close()
    return result, seen


def _shows(rows: list[set[str]], expected: list[str]) -> bool:
    return len(rows) == len(expected) and all(
        text in readings for text, readings in zip(expected, rows, strict=True)
    )


def test_t1_signs_a_long_message_after_the_address_and_each_page(make_emulator: EmulatorFactory) -> None:
    message = "abcdefghijklmnopqr" * 5  # 90 characters: a page of 4 rows, then one row
    emulator = make_emulator("trezor-one")

    def sign(session: Session) -> messages.MessageSignature:
        return btc.sign_message(session, "Bitcoin", parse_path("m/44h/0h/0h/0/0"), message)

    signed, seen = _screens(emulator, sign)
    assert isinstance(signed, messages.MessageSignature) and signed.address == P2PKH[0]
    assert [code for code, _rows in seen] == [B.Other, B.Other, B.Other]
    assert _shows(seen[0][1], ["Confirm address", P2PKH[0][:21], P2PKH[0][21:]])
    assert _shows(seen[1][1], ["Sign message?", *(["abcdefghijklmnopqr"] * 4)])
    assert _shows(seen[2][1], ["Sign message?", "abcdefghijklmnopqr"])


def test_a_message_over_1024_bytes_is_refused_before_any_screen(make_emulator: EmulatorFactory) -> None:
    emulator = make_emulator("trezor-one")

    def sign(session: Session) -> object:
        with pytest.raises(exceptions.TrezorFailure, match="Message too long"):
            btc.sign_message(session, "Bitcoin", parse_path("m/44h/0h/0h/0/0"), "x" * 1025)
        return None

    _result, seen = _screens(emulator, sign)
    assert seen == []


@pytest.mark.parametrize("identity", ["trezor-one", "trezor-t"])
@pytest.mark.parametrize(("address", "signature"), [P2PKH, P2WPKH])
def test_published_signatures_verify(
    make_emulator: EmulatorFactory, identity: str, address: str, signature: str
) -> None:
    emulator = make_emulator(identity)

    def verify(session: Session) -> bool:
        return btc.verify_message(session, "Bitcoin", address, bytes.fromhex(signature), EXAMPLE)

    verified, seen = _screens(emulator, verify)
    assert verified is True
    if identity == "trezor-one":  # address, the message's one page, "valid"
        assert [code for code, _rows in seen] == [B.Other, B.Other, B.Other]
        assert _shows(seen[1][1], ["Verified message?", "This is an example", " of a signed messa", "ge."])


@pytest.mark.parametrize("identity", ["trezor-one", "trezor-t"])
@pytest.mark.parametrize(
    ("address", "signature", "message"),
    [
        (P2PKH[0], P2PKH[1][:-2] + "1d", EXAMPLE),  # one byte of s changed
        (P2PKH[0], P2PKH[1], EXAMPLE + "!"),  # another message
        (P2WPKH[0], P2PKH[1], EXAMPLE),  # the signature of another address
        (P2PKH[0], P2PKH[1][:-2], EXAMPLE),  # 64 bytes
    ],
)
def test_wrong_signatures_are_refused_without_a_screen(
    make_emulator: EmulatorFactory, identity: str, address: str, signature: str, message: str
) -> None:
    emulator = make_emulator(identity)

    def verify(session: Session) -> object:
        raw = bytes.fromhex(signature)
        assert btc.verify_message(session, "Bitcoin", address, raw, message) is False  # trezorlib's answer
        request = messages.VerifyMessage(
            address=address, signature=raw, message=message.encode(), coin_name="Bitcoin"
        )
        with pytest.raises(exceptions.TrezorFailure, match="Invalid signature"):  # the device's words
            session.call(request)
        return None

    _result, seen = _screens(emulator, verify)
    assert seen == []
