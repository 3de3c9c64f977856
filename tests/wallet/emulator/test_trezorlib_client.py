"""The emulator driven by trezorlib 0.20.2 over udp:, checked against trezor-firmware's public vectors.

Vectors: DEVICE_PROTOCOL.md (seed "all all ... all"), trezor-firmware
tests/device_tests/bitcoin/test_signmessage.py and common/tests/fixtures/ethereum/getaddress.json.
"""

from __future__ import annotations

import pytest
from trezorlib import btc, ethereum, exceptions, messages
from trezorlib.debuglink import LayoutContent
from trezorlib.tools import parse_path

from tests.wallet.conftest import EmulatorFactory
from tests.wallet.emulator.clients import connect, open_debuglink, session_with_debuglink
from wallet.emulator.emulator import Emulator

S = messages.InputScriptType


@pytest.mark.parametrize(
    ("identity", "model", "internal", "major"),
    [("trezor-one", "1", "T1B1", 1), ("trezor-t", "T", "T2T1", 2)],
)
def test_features_as_trezorlib_reads_them(
    make_emulator: EmulatorFactory, identity: str, model: str, internal: str, major: int
) -> None:
    emulator = make_emulator(identity)
    client = connect(emulator)
    features = client.features
    assert features.vendor == "trezor.io"
    assert features.model == model and features.internal_model == internal
    assert features.major_version == major
    assert features.initialized is True and features.unlocked is True
    assert features.session_id is not None and len(features.session_id) == 32
    assert client.model.internal_name == internal  # trezorlib accepts the vendor and model
    assert not client.is_outdated()


@pytest.mark.parametrize(
    ("path", "coin", "expected"),
    [
        (
            "m/44h/0h/0h",
            "Bitcoin",
            "xpub6BiVtCpG9fQPxnPmHXG8PhtzQdWC2Su4qWu6XW9tpWFYhxydCLJGrWBJZ5H6qTAHdPQ7pQhtpjiYZVZARo14qHiay2fvrX996oEP42u8wZy",
        ),
        (
            "m/44h/1h/0h",
            "Testnet",
            "tpubDDKn3FtHc74CaRrRbi1WFdJNaaenZkDWqq9NsEhcafnDZ4VuKeuLG2aKHm5SuwuLgAhRkkfHqcCxpnVNSrs5kJYZXwa6Ud431VnevzzzK3U",
        ),
    ],
)
def test_account_xpubs_match_vectors(trezor_one: Emulator, path: str, coin: str, expected: str) -> None:
    session = connect(trezor_one).get_session()
    node = btc.get_public_node(session, parse_path(path), coin_name=coin)
    assert node.xpub == expected
    assert session.get_root_fingerprint().hex() == "5c9e228d"


@pytest.mark.parametrize(
    ("path", "coin", "script_type", "expected"),
    [
        ("m/44h/0h/0h/0/0", "Bitcoin", S.SPENDADDRESS, "1JAd7XCBzGudGpJQSDSfpmJhiygtLQWaGL"),
        ("m/49h/0h/0h/0/0", "Bitcoin", S.SPENDP2SHWITNESS, "3L6TyTisPBmrDAj6RoKmDzNnj4eQi54gD2"),
        ("m/84h/0h/0h/0/0", "Bitcoin", S.SPENDWITNESS, "bc1qannfxke2tfd4l7vhepehpvt05y83v3qsf6nfkk"),
        (
            "m/86h/0h/0h/0/0",
            "Bitcoin",
            S.SPENDTAPROOT,
            "bc1ptxs597p3fnpd8gwut5p467ulsydae3rp9z75hd99w8k3ljr9g9rqx6ynaw",
        ),
        ("m/84h/1h/0h/0/0", "Testnet", S.SPENDWITNESS, "tb1qkvwu9g3k2pdxewfqr7syz89r3gj557l3uuf9r9"),
        (
            "m/86h/1h/0h/0/0",
            "Testnet",
            S.SPENDTAPROOT,
            "tb1pswrqtykue8r89t9u4rprjs0gt4qzkdfuursfnvqaa3f2yql07zmq8s8a5u",
        ),
    ],
)
def test_addresses_match_vectors(
    trezor_one: Emulator, path: str, coin: str, script_type: messages.InputScriptType, expected: str
) -> None:
    session = connect(trezor_one).get_session()
    assert btc.get_address(session, coin, parse_path(path), script_type=script_type) == expected


def test_regtest_uses_its_own_prefix(trezor_one: Emulator) -> None:
    session = connect(trezor_one).get_session()
    address = btc.get_address(session, "Regtest", parse_path("m/84h/1h/0h/0/0"), script_type=S.SPENDWITNESS)
    assert address.startswith("bcrt1q")


def test_forbidden_path_and_bad_coin_are_refused_like_the_firmware(trezor_one: Emulator) -> None:
    session = connect(trezor_one).get_session()
    with pytest.raises(exceptions.TrezorFailure, match="Forbidden key path") as refused:
        btc.get_address(session, "Bitcoin", parse_path("m/84h/1h/0h/0/0"), script_type=S.SPENDWITNESS)
    assert refused.value.code == messages.FailureType.DataError
    with pytest.raises(exceptions.TrezorFailure, match="Invalid coin name"):
        btc.get_address(session, "Dogecoin", parse_path("m/44h/3h/0h/0/0"))
    # a known path with another script type is served: without display there is no warning
    # (legacy fsm_checkCoinPath with show_warning = show_display)
    address = btc.get_address(session, "Bitcoin", parse_path("m/84h/0h/0h/0/0"), script_type=S.SPENDADDRESS)
    assert address.startswith("1")


def test_unusual_path_is_shown_after_the_path_warning(trezor_one: Emulator) -> None:
    """test_signmessage.py::test_signmessage_path_warning's flow, for an address on screen."""
    debug = open_debuglink(trezor_one)
    codes: list[messages.ButtonRequestType | None] = []

    def answer(request: messages.ButtonRequest) -> None:
        codes.append(request.code)
        debug.press_yes()

    session = connect(trezor_one, button=answer).get_session()
    try:
        address = btc.get_address(
            session, "Bitcoin", parse_path("m/84h/0h/0h/0/0"), script_type=S.SPENDADDRESS, show_display=True
        )
    finally:
        debug.close()
    assert address.startswith("1")
    assert codes == [messages.ButtonRequestType.UnknownDerivationPath, messages.ButtonRequestType.Address]


@pytest.mark.parametrize(
    ("path", "script_type", "no_script_type", "address", "signature"),
    [
        (
            "m/44h/0h/0h/0/0",
            S.SPENDADDRESS,
            False,
            "1JAd7XCBzGudGpJQSDSfpmJhiygtLQWaGL",
            "20fd8f2f7db5238fcdd077d5204c3e6949c261d700269cefc1d9d2dcef6b95023630ee617f6c8acf9eb40c8edd704c9ca74ea4afc393f43f35b4e8958324cbdd1c",
        ),
        (
            "m/49h/0h/0h/0/0",
            S.SPENDP2SHWITNESS,
            False,
            "3L6TyTisPBmrDAj6RoKmDzNnj4eQi54gD2",
            "23744de4516fac5c140808015664516a32fead94de89775cec7e24dbc24fe133075ac09301c4cc8e197bea4b6481661d5b8e9bf19d8b7b8a382ecdb53c2ee0750d",
        ),
        (
            "m/84h/0h/0h/0/0",
            S.SPENDWITNESS,
            False,
            "bc1qannfxke2tfd4l7vhepehpvt05y83v3qsf6nfkk",
            "28b55d7600d9e9a7e2a49155ddf3cfdb8e796c207faab833010fa41fb7828889bc47cf62348a7aaa0923c0832a589fab541e8f12eb54fb711c90e2307f0f66b194",
        ),
        (
            "m/84h/0h/0h/0/0",
            S.SPENDWITNESS,
            True,
            "bc1qannfxke2tfd4l7vhepehpvt05y83v3qsf6nfkk",
            "20b55d7600d9e9a7e2a49155ddf3cfdb8e796c207faab833010fa41fb7828889bc47cf62348a7aaa0923c0832a589fab541e8f12eb54fb711c90e2307f0f66b194",
        ),
    ],
)
def test_sign_message_matches_firmware_vectors(
    trezor_one: Emulator,
    path: str,
    script_type: messages.InputScriptType,
    no_script_type: bool,
    address: str,
    signature: str,
) -> None:
    with session_with_debuglink(trezor_one) as (session, _debug):
        result = btc.sign_message(
            session,
            "Bitcoin",
            parse_path(path),
            "This is an example of a signed message.",
            script_type=script_type,
            no_script_type=no_script_type,
        )
    assert result.address == address
    assert result.signature.hex() == signature


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("m/44h/60h/0h/0/0", "0x73d0385F4d8E00C5e6504C6030F47BF6212736A8"),
        ("m/44h/60h/0h/0/100", "0x1e6E3708a059aEa1241a81c7aAe84b6CDbC54d59"),
        ("m/44h/60h/0h", "0xdA0b608bdb1a4A154325C854607c68950b4F1a34"),
        ("m/44h/60h/0h/0", "0x1ec5C1854e3E9F1674c34D6C2Be1bf13DFc0Fd8F"),
    ],
)
def test_ethereum_addresses_match_firmware_vectors(trezor_one: Emulator, path: str, expected: str) -> None:
    with session_with_debuglink(trezor_one) as (session, _debug):
        assert ethereum.get_address(session, parse_path(path), show_display=True) == expected


@pytest.mark.parametrize("identity", ["trezor-one", "trezor-t"])
def test_show_display_waits_for_debuglink_yes(make_emulator: EmulatorFactory, identity: str) -> None:
    emulator = make_emulator(identity)
    with session_with_debuglink(emulator, press_yes=True) as (session, _debug):
        address = btc.get_address(
            session, "Bitcoin", parse_path("m/84h/0h/0h/0/0"), show_display=True, script_type=S.SPENDWITNESS
        )
    assert address == "bc1qannfxke2tfd4l7vhepehpvt05y83v3qsf6nfkk"


def test_show_display_no_is_action_cancelled_on_a_core_model(make_emulator: EmulatorFactory) -> None:
    emulator = make_emulator("trezor-t")
    with (
        session_with_debuglink(emulator, press_yes=False) as (session, _debug),
        pytest.raises(exceptions.Cancelled),
    ):
        btc.get_address(session, "Bitcoin", parse_path("m/44h/0h/0h/0/0"), show_display=True)
    # the device is usable again afterwards
    session = connect(emulator).get_session()
    assert btc.get_address(session, "Bitcoin", parse_path("m/44h/0h/0h/0/0")).startswith("1JAd7")


@pytest.mark.parametrize("method", ["address", "xpub"])
def test_no_on_a_trezor_one_shows_the_qr_code_and_asks_again(
    make_emulator: EmulatorFactory, method: str
) -> None:
    """test_getaddress_show.py::test_show_t1 and fsm_msgGetPublicKey: "No" toggles the QR code."""
    emulator = make_emulator("trezor-one")
    debug = open_debuglink(emulator)
    seen: list[str] = []

    def answer(request: messages.ButtonRequest) -> None:
        seen.append(LayoutContent(debug.state().tokens).title() if debug.state().tokens else "")
        (debug.press_no if len(seen) == 1 else debug.press_yes)()

    session = connect(emulator, button=answer).get_session()
    try:
        if method == "address":
            result = btc.get_address(session, "Bitcoin", parse_path("m/44h/0h/12h/0/0"), show_display=True)
            assert result == "1FM6Kz3oT3GoGv65jNpU8AFFun8nHAXrPk"
            assert len(seen) == 2  # address, then (after "No") its QR code, confirmed
        else:
            node = btc.get_public_node(session, parse_path("m/44h/0h/0h"), show_display=True)
            assert node.xpub.startswith("xpub6BiVtCpG9fQPxnPmHXG8")
            assert len(seen) == 3  # page 1, its QR code, page 2
    finally:
        debug.close()


BIP84_MNEMONIC = " ".join(["abandon"] * 11 + ["about"])


def test_segwit_xpub_magic_and_address_match_the_bip84_vectors(make_emulator: EmulatorFactory) -> None:
    """BIP-84 "Test vectors" (mnemonic abandon x11 about): account zpub and first receive address."""
    emulator = make_emulator("trezor-t", mnemonic=BIP84_MNEMONIC)
    session = connect(emulator).get_session()
    account = parse_path("m/84h/0h/0h")
    zpub = btc.get_public_node(session, account, coin_name="Bitcoin", script_type=S.SPENDWITNESS).xpub
    assert zpub == (
        "zpub6rFR7y4Q2AijBEqTUquhVz398htDFrtymD9xYYfG1m4wAcvPhXNfE3EfH1r1ADqtfSdVCToUG868RvUUkgDKf31mGDtKsAYz2oz2AGutZYs"
    )
    plain = btc.get_public_node(
        session, account, coin_name="Bitcoin", script_type=S.SPENDWITNESS, ignore_xpub_magic=True
    ).xpub
    assert plain.startswith("xpub")
    address = btc.get_address(session, "Bitcoin", parse_path("m/84h/0h/0h/0/0"), script_type=S.SPENDWITNESS)
    assert address == "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu"
