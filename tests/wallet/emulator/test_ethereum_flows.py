"""The software device's Ethereum flows over udp: screen sequences, refusals and bad input.

Sequences are the ones trezor-firmware's tests/device_tests/ethereum/test_signtx.py::
test_data_streaming expects (legacy T1B1 and core T2T1) and the legacy firmware's
ethereum.c screens; failure texts are the firmware's (legacy/firmware/ethereum.c,
fsm_msg_ethereum.h, nanopb's decoder for oversized fields).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from trezorlib import device, ethereum, exceptions, messages
from trezorlib.client import AppManifest, get_client
from trezorlib.tools import parse_path
from trezorlib.transport import get_transport

from tests.wallet.conftest import ALL_MNEMONIC, EmulatorFactory
from tests.wallet.emulator.cli_tools import run_tool
from tests.wallet.emulator.clients import connect, open_debuglink
from tests.wallet.emulator.ethereum_support import encoded_network, load, sign_fixture_tx
from wallet.devices import onekey
from wallet.emulator.confirm import ShownPrompt
from wallet.emulator.emulator import Emulator

B = messages.ButtonRequestType
ONEKEY_MODELS = {"onekey-classic": onekey.ONEKEY_CLASSIC, "onekey-pro": onekey.ONEKEY_PRO}
TO = "0x1d1c328764a41bda0492b66baa30c4a339ff85ef"
PATH = parse_path("m/44h/60h/0h/0/0")
STREAMED = b"ABCDEFGHIJKLMNOP" * 256 + b"!!!"  # test_data_streaming's 4,099 bytes
ERC20_TO_UNKNOWN = bytes.fromhex(
    "a9059cbb000000000000000000000000574bbb36871ba6b78e27f4b4dcfb76ea0091880b"
    "0000000000000000000000000000000000000000000000000000000000000123"
)  # transfer(0x574b…880b, 291), from trezor-firmware's sign_tx.json "erc20_token"
USDT = "0xdAC17F958D2ee523a2206206994597C13D831ec7"
# EIP-55 spellings, computed independently with bip-utils' Ethereum address checksum
TO_EIP55 = "0x1D1C328764A41BdA0492b66bAA30C4A339FF85EF"
TOKEN_RECIPIENT_EIP55 = "0x574BbB36871bA6b78E27f4B4dCFb76eA0091880B"


class Recorder:
    """A trezorlib session that logs what the device sent: ButtonRequests and EthereumTxRequests."""

    def __init__(self, emulator: Emulator, refuse_at: int | None = None) -> None:
        self.log: list[tuple[Any, ...]] = []
        self.debug = open_debuglink(emulator)
        self._refuse_at = refuse_at
        app = AppManifest(app_name="coldsplit-tests", button_callback=self._on_button)
        model = ONEKEY_MODELS.get(emulator.identity.name)  # trezorlib accepts OneKey when told its model
        self.client = get_client(app, get_transport(emulator.path), model=model)
        self.session = self.client.get_session(passphrase="")

    def _on_button(self, request: messages.ButtonRequest) -> None:
        self.log.append(("button", request.code, request.name))
        refuse = self._refuse_at is not None and len(self.buttons()) == self._refuse_at + 1
        (self.debug.press_no if refuse else self.debug.press_yes)()

    def buttons(self) -> list[tuple[Any, ...]]:
        return [entry for entry in self.log if entry[0] == "button"]

    def __enter__(self) -> Recorder:
        self.session.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.session.__exit__(*exc)  # type: ignore[arg-type]

    def call(self, msg: Any, **kwargs: Any) -> Any:
        reply = self.session.call(msg, **kwargs)
        if isinstance(reply, messages.EthereumTxRequest):
            self.log.append(("data", reply.data_length) if reply.signature_r is None else ("signature",))
        return reply

    def close(self) -> None:
        self.debug.close()
        self.client.transport.close()


@pytest.fixture
def recorder_for(make_emulator: EmulatorFactory) -> Iterator[Any]:
    opened: list[Recorder] = []

    def open_one(identity: str, refuse_at: int | None = None, **options: Any) -> Recorder:
        opened.append(Recorder(make_emulator(identity, **options), refuse_at))
        return opened[-1]

    yield open_one
    for recorder in opened:
        recorder.close()


def _sign_streamed(session: Any) -> tuple[int, bytes, bytes]:
    return ethereum.sign_tx(
        session,
        n=PATH,
        nonce=0,
        gas_price=20_000,
        gas_limit=20_000,
        to=TO,
        value=0,
        data=STREAMED,
        chain_id=1,
    )


@pytest.mark.parametrize("identity", ["trezor-one", "onekey-classic"])
def test_legacy_confirms_from_the_first_chunk_then_streams_the_rest(recorder_for: Any, identity: str) -> None:
    recorder = recorder_for(identity)
    _sign_streamed(recorder)
    sign = ("button", B.SignTx, None)
    expected = [sign] * 6 + [("button", B.ProtectCall, None), sign]  # send, 5 data pages, warning, fee
    expected += [("data", n) for n in (1024, 1024, 1024, 3)] + [("signature",)]
    assert recorder.log == expected


@pytest.mark.parametrize("identity", ["trezor-t", "onekey-pro"])
def test_core_reads_all_data_then_shows_named_screens(recorder_for: Any, identity: str) -> None:
    recorder = recorder_for(identity)
    _sign_streamed(recorder)
    expected: list[tuple[Any, ...]] = [("data", n) for n in (1024, 1024, 1024, 3)]
    expected += [("button", B.SignTx, "confirm_data")] + [("button", B.SignTx, "confirm_ethereum_tx")] * 2
    assert recorder.log == [*expected, ("signature",)]


def test_eip1559_shows_send_and_three_fee_screens_on_a_trezor_one(recorder_for: Any) -> None:
    recorder = recorder_for("trezor-one")
    ethereum.sign_tx_eip1559(
        recorder, n=PATH, nonce=0, gas_limit=21_000, to=TO, value=10**18, chain_id=1,
        max_gas_fee=30 * 10**9, max_priority_fee=10**9,
    )  # fmt: skip
    assert recorder.log == [("button", B.SignTx, None)] * 4 + [("signature",)]


def _screens_of(make_emulator: EmulatorFactory, identity: str) -> tuple[Emulator, list[tuple[str, ...]]]:
    shown: list[tuple[str, ...]] = []

    def watch(prompt: ShownPrompt | None) -> None:
        if prompt is not None:
            shown.append((prompt.prompt.title, *prompt.prompt.lines))

    return make_emulator(identity, confirm="auto", watcher=watch), shown


@pytest.mark.parametrize(
    ("contract", "amount_line"),
    [("0xfc6b5d6af8a13258f7cbd0d39e11b35e01a32f93", "291 UNKN"), (USDT, "0.000291 USDT")],
)
def test_erc20_transfer_shows_the_token_amount_and_its_recipient(
    make_emulator: EmulatorFactory, contract: str, amount_line: str
) -> None:
    """An unknown token is shown as UNKN with no decimals; a built-in one in its units."""
    emulator, shown = _screens_of(make_emulator, "trezor-one")
    session = connect(emulator).get_session(passphrase="")
    ethereum.sign_tx(
        session,
        n=PATH,
        nonce=0,
        gas_price=20,
        gas_limit=20,
        to=contract,
        value=0,
        data=ERC20_TO_UNKNOWN,
        chain_id=1,
    )
    assert shown[0] == ("Send", amount_line, f"to {TOKEN_RECIPIENT_EIP55}?")
    assert shown[1] == ("Really send", "token", "paying up to", "400 Wei", "for gas?")
    assert len(shown) == 2  # no data pages for a recognised transfer


def test_eip1559_fee_screens_show_gwei_and_the_maximum_fee(make_emulator: EmulatorFactory) -> None:
    emulator, shown = _screens_of(make_emulator, "trezor-one")
    session = connect(emulator).get_session(passphrase="")
    ethereum.sign_tx_eip1559(
        session, n=PATH, nonce=0, gas_limit=21_000, to=TO, value=1_500_000_000_000_000_000, chain_id=1,
        max_gas_fee=30 * 10**9, max_priority_fee=1_500_000_000,
    )  # fmt: skip
    assert shown == [
        ("Send", "1.5 ETH", f"to {TO_EIP55}?"),
        ("Confirm fee", "Maximum fee per gas", "30 Gwei"),
        ("Confirm fee", "Priority fee per gas", "1.5 Gwei"),
        ("Confirm fee", "Maximum fee", "0.00063 ETH"),
    ]


@pytest.mark.parametrize(
    ("identity", "refuse_at"),  # a Trezor One shows send + three fee screens; a Trezor T's address screen
    [("trezor-one", 0), ("trezor-one", 1), ("trezor-one", 3), ("trezor-t", 0)],
)
def test_a_refused_screen_cancels_and_the_device_stays_usable(
    recorder_for: Any, identity: str, refuse_at: int
) -> None:
    recorder = recorder_for(identity, refuse_at=refuse_at)
    with pytest.raises(exceptions.Cancelled):
        ethereum.sign_tx_eip1559(
            recorder, n=PATH, nonce=0, gas_limit=21_000, to=TO, value=1, chain_id=1,
            max_gas_fee=20, max_priority_fee=1,
        )  # fmt: skip
    assert len(recorder.buttons()) == refuse_at + 1
    assert ("signature",) not in recorder.log
    assert ethereum.get_address(recorder.session, PATH) == "0x73d0385F4d8E00C5e6504C6030F47BF6212736A8"


def test_core_no_on_the_summary_goes_back_to_the_address(recorder_for: Any) -> None:
    recorder = recorder_for("trezor-t", refuse_at=1)
    ethereum.sign_tx_eip1559(
        recorder,
        n=PATH,
        nonce=0,
        gas_limit=21_000,
        to=TO,
        value=1,
        chain_id=1,
        max_gas_fee=20,
        max_priority_fee=1,
    )
    screen = ("button", B.SignTx, "confirm_ethereum_tx")  # address, summary (NO), address, summary
    assert recorder.log == [screen] * 4 + [("signature",)]


def test_a_refused_message_signature_is_action_cancelled(recorder_for: Any) -> None:
    recorder = recorder_for("trezor-one", refuse_at=1)  # the address screen, then the message: refused
    with pytest.raises(exceptions.Cancelled):
        ethereum.sign_message(recorder.session, PATH, "hello")


def _tx(**fields: Any) -> messages.EthereumSignTx:
    base: dict[str, Any] = {
        "address_n": PATH, "nonce": b"", "gas_price": b"\x14", "gas_limit": b"\x14", "to": TO,
        "value": b"\x01", "chain_id": 1, "data_length": 0, "data_initial_chunk": b"",
    }  # fmt: skip
    return messages.EthereumSignTx(**{**base, **fields})


def _eip1559(**fields: Any) -> messages.EthereumSignTxEIP1559:
    base: dict[str, Any] = {
        "address_n": PATH, "nonce": b"", "max_gas_fee": b"\x14", "max_priority_fee": b"\x01",
        "gas_limit": b"\x14", "to": TO, "value": b"\x01", "chain_id": 1, "data_length": 0,
    }  # fmt: skip
    return messages.EthereumSignTxEIP1559(**{**base, **fields})


def _bad_definition() -> bytes:
    good = encoded_network(chain_id=66666, slip44=66666)
    return good[:-1] + bytes([good[-1] ^ 1])  # one bit of the CoSi signature flipped


BAD_REQUESTS = [
    pytest.param(_tx(chain_id=0), "Chain ID out of bounds", id="chain id 0"),
    pytest.param(_eip1559(chain_id=0), "Chain ID out of bounds", id="eip1559 chain id 0"),
    pytest.param(
        _tx(data_length=16_000_001, data_initial_chunk=b"a"), "Data length exceeds limit", id="data too long"
    ),
    pytest.param(
        _tx(data_initial_chunk=b"a" * 1025, data_length=2000), "bytes overflow", id="oversized chunk"
    ),
    pytest.param(_tx(data_length=10), "Data length provided, but no initial chunk", id="no initial chunk"),
    pytest.param(
        _tx(data_initial_chunk=b"abc", data_length=2), "Invalid size of initial chunk", id="chunk > length"
    ),
    pytest.param(_tx(to=TO[:-1]), "Safety check failed", id="41-character recipient"),
    pytest.param(_tx(to=""), "Safety check failed", id="contract creation without data"),
    pytest.param(
        _tx(gas_price=b"\xff" * 16, gas_limit=b"\xff" * 15), "Safety check failed", id="fee overflow"
    ),
    pytest.param(
        _eip1559(max_priority_fee=b"\xff" * 16, gas_limit=b"\xff" * 15),
        "Safety check failed",
        id="eip1559 fee overflow",
    ),
    pytest.param(_tx(value=b"\x01" * 33), "bytes overflow", id="33-byte value"),
    pytest.param(_tx(tx_type=3), "Txtype out of bounds", id="tx type 3"),
    pytest.param(_tx(address_n=parse_path("m/44h/60h/0h/0/0/0")), "Forbidden key path", id="six-level path"),
    pytest.param(
        _tx(address_n=parse_path("m/44h/66666h/0h/0/0")), "Forbidden key path", id="foreign coin type"
    ),
    pytest.param(_tx(address_n=parse_path("m/44h/60h/0h/2/0")), "Forbidden key path", id="change 2"),
    pytest.param(_tx(address_n=parse_path("m/84h/60h/0h/0/0")), "Forbidden key path", id="purpose 84"),
    pytest.param(
        _tx(
            chain_id=55555,
            definitions=messages.EthereumDefinitions(encoded_network=encoded_network(66666, 60)),
        ),
        "Network definition mismatch",
        id="definition for another chain",
    ),
    pytest.param(
        _tx(
            chain_id=66666,
            address_n=parse_path("m/44h/66666h/0h/0/0"),
            definitions=messages.EthereumDefinitions(encoded_network=_bad_definition()),
        ),
        "Invalid definition signature",
        id="definition with a bad signature",
    ),
    pytest.param(messages.EthereumTxAck(data_chunk=b"a"), "Not in Ethereum signing mode", id="stray TxAck"),
    pytest.param(
        messages.EthereumSignMessage(address_n=PATH, message=b"a" * 1025),
        "bytes overflow",
        id="message too long",
    ),
    pytest.param(
        messages.EthereumVerifyMessage(address=TO, signature=b"\x00" * 64, message=b"m"),
        "Malformed signature",
        id="64-byte signature",
    ),
    pytest.param(
        messages.EthereumVerifyMessage(address="0x12", signature=b"\x01" * 65, message=b"m"),
        "Malformed address",
        id="short address",
    ),
    pytest.param(
        messages.EthereumGetPublicKey(address_n=parse_path("m/46h")),
        "Invalid path for EthereumGetPublicKey",
        id="public key outside m/44' and m/45'",
    ),
]


@pytest.mark.parametrize(("request_msg", "text"), BAD_REQUESTS)
def test_bad_input_gets_the_firmwares_failure(
    make_emulator: EmulatorFactory, request_msg: Any, text: str
) -> None:
    emulator = make_emulator("trezor-one", confirm="auto")
    session = connect(emulator).get_session(passphrase="")
    with pytest.raises(exceptions.TrezorFailure) as failure:
        session.call(request_msg)
    code = (
        messages.FailureType.UnexpectedMessage if "signing mode" in text else messages.FailureType.DataError
    )
    assert (failure.value.code, failure.value.message) == (code, text)
    assert (
        ethereum.get_address(session, PATH) == "0x73d0385F4d8E00C5e6504C6030F47BF6212736A8"
    )  # still serving


@pytest.mark.parametrize(
    ("ack", "text"),
    [(b"a" * 981, "Too much data"), (b"", "Empty data chunk received"), (b"a" * 1025, "bytes overflow")],
)
def test_a_bad_data_chunk_ends_the_signing(make_emulator: EmulatorFactory, ack: bytes, text: str) -> None:
    """test_signtx.py::test_signtx_data_bad_ack: 2,000 bytes, 976 asked for after the first chunk."""
    session = connect(make_emulator("trezor-one", confirm="auto")).get_session(passphrase="")
    asked = session.call(_tx(data_initial_chunk=b"a" * 1024, data_length=2000))
    assert isinstance(asked, messages.EthereumTxRequest) and asked.data_length == 976
    with pytest.raises(exceptions.TrezorFailure, match=text):
        session.call(messages.EthereumTxAck(data_chunk=ack))


def test_a_nonstandard_path_is_signed_after_a_warning_once_safety_checks_are_relaxed(
    recorder_for: Any,
) -> None:
    recorder = recorder_for("trezor-one")
    device.apply_settings(recorder.session, safety_checks=messages.SafetyCheckLevel.PromptTemporarily)
    recorder.log.clear()
    ethereum.sign_message(recorder.session, parse_path("m/44h/60h/0h/2/0"), "hi")
    assert recorder.buttons()[0] == ("button", B.UnknownDerivationPath, None)


def test_trezorctl_ethereum_commands(make_emulator: EmulatorFactory) -> None:
    """trezorctl as a user runs it; the results are sign_tx_eip155.json "Ethereum" and signmessage.json #0."""
    emulator = make_emulator("trezor-t", confirm="auto", mnemonic=ALL_MNEMONIC)
    address = run_tool("trezorctl", "-p", emulator.path, "ethereum", "get-address", "-n", "m/44h/60h/0h/0/0")
    assert address.returncode == 0, address.stderr
    assert address.stdout.strip() == "0x73d0385F4d8E00C5e6504C6030F47BF6212736A8"
    tx = run_tool(
        "trezorctl", "-p", emulator.path, "ethereum", "sign-tx", "-n", "m/44h/60h/0h/0/0", "-c", "1",
        "-g", "21000", "-G", "20000000000", "-i", "0", "0x8eA7a3fccC211ED48b763b4164884DDbcF3b0A98", "10000000000",
    )  # fmt: skip
    assert tx.returncode == 0, tx.stderr
    assert "26a06a6349bddb5749bb8b96ce2566a035ef87a09dbf89b5c7e3dfdf9ed725912f24" in tx.stdout  # v = 38, r
    assert "a04ae58ccd3bacee07cdc4a3e8540544fd009c4311af7048122da60f2054c07ee4" in tx.stdout  # s
    message = run_tool(
        "trezorctl", "-p", emulator.path, "ethereum", "sign-message", "-n", "m/44h/60h/0h/0/0",
        "This is an example of a signed message.",
    )  # fmt: skip
    assert message.returncode == 0, message.stderr
    assert (
        "signature: 0xaf4eac50f21acc6daeb0ab036f616f5d19fccade46e47100642b3dfc798c9b740d5873887bdc2f02502c90777a082d10dca113bd1ec29d08108396401421c8cc1b"
        in message.stdout
    )


MAIL = {  # trezor-firmware test_sign_typed_data.py DATA
    "types": {
        "EIP712Domain": [{"name": "name", "type": "string"}, {"name": "chainId", "type": "uint256"}],
        "Person": [{"name": "name", "type": "string"}, {"name": "wallet", "type": "address"}],
        "Mail": [{"name": "from", "type": "Person"}, {"name": "contents", "type": "string"}],
    },
    "primaryType": "Mail",
    "domain": {"name": "Ether Mail", "chainId": 1},
    "message": {
        "from": {"name": "Cow", "wallet": "0xc0004B62C5A39a728e4Af5bee0c6B4a4E54b15ad"},
        "contents": "Hi",
    },
}


def test_typed_data_is_core_only_and_checks_the_shown_hash(make_emulator: EmulatorFactory) -> None:
    legacy = connect(make_emulator("trezor-one", confirm="auto")).get_session(passphrase="")
    with pytest.raises(exceptions.TrezorFailure, match="Unexpected message"):
        ethereum.sign_typed_data(legacy, PATH, MAIL)
    core = connect(make_emulator("trezor-t", confirm="auto")).get_session(passphrase="")
    with pytest.raises(exceptions.TrezorFailure, match="Message hash mismatch"):
        ethereum.sign_typed_data(core, PATH, MAIL, show_message_hash=b"\xba" * 32)
    with pytest.raises(exceptions.TrezorFailure, match="Unexpected message"):
        core.call(messages.EthereumTypedDataValueAck(value=b"\x01"))
    signed = ethereum.sign_typed_data(core, PATH, MAIL)
    assert signed.address == "0x73d0385F4d8E00C5e6504C6030F47BF6212736A8"


def test_typed_data_values_must_fit_their_declared_types(make_emulator: EmulatorFactory) -> None:
    session = connect(make_emulator("trezor-t", confirm="auto")).get_session(passphrase="")
    reply = session.call(messages.EthereumSignTypedData(address_n=PATH, primary_type="EIP712Domain"))
    uint8 = messages.EthereumFieldType(data_type=messages.EthereumDataType.UINT, size=1)
    while isinstance(reply, messages.EthereumTypedDataStructRequest):
        member = messages.EthereumStructMember(type=uint8, name="chainId")
        reply = session.call(messages.EthereumTypedDataStructAck(members=[member]))
    assert isinstance(reply, messages.EthereumTypedDataValueRequest) and reply.member_path == [0, 0]
    with pytest.raises(exceptions.TrezorFailure, match="Invalid length"):
        session.call(messages.EthereumTypedDataValueAck(value=b"\x00\x01"))  # two bytes for a uint8


def test_core_info_pages_show_the_account_and_the_gas(make_emulator: EmulatorFactory) -> None:
    """test_signtx.py::test_signtx_fee_info on a Trezor T: INFO on each screen, read, NO back, YES."""
    emulator = make_emulator("trezor-t")
    debug = open_debuglink(emulator)
    pages: list[tuple[str, str]] = []

    def on_button(_request: messages.ButtonRequest) -> None:
        debug.press_info()
        layout = debug.read_layout()
        pages.append((layout.title(), layout.text_content()))
        debug.press_no()  # closes the info page; the screen is still waiting
        debug.press_yes()

    session = connect(emulator, button=on_button).get_session(passphrase="")
    ethereum.sign_tx(
        session, n=PATH, nonce=0, gas_price=20 * 10**9, gas_limit=21_000, to=TO, value=1, chain_id=1
    )
    debug.close()
    (address_title, account), (summary_title, gas) = pages
    assert (
        address_title == "Address"
        and "Account: #1" in account
        and "Derivation path: m/44h/60h/0h/0/0" in account
    )
    assert summary_title == "Summary" and "Gas limit: 21,000 units" in gas and "Gas price: 20 Gwei" in gas


def test_core_staking_intro_and_summary(make_emulator: EmulatorFactory) -> None:
    """EthereumFlow.confirm_tx_staking on a Trezor T (sign_tx_staking.json "stake_main"): intro with
    the contract behind the menu, then the summary with the gas behind INFO; same signature."""
    fixture = load("sign_tx_staking.json")
    case = next(case for case in fixture["tests"] if case["name"] == "stake_main")
    emulator = make_emulator("trezor-t", mnemonic=fixture["setup"]["mnemonic"])
    debug = open_debuglink(emulator)
    seen: list[tuple[Any, ...]] = []

    def on_button(request: messages.ButtonRequest) -> None:
        layout = debug.read_layout()
        if not seen:
            debug.click((200, 20))  # the menu: the staking contract's address
            seen.append((request.name, layout.title(), layout.text_content(), debug.read_layout().title()))
            debug.press_no()
        else:
            debug.press_info()
            seen.append((request.name, layout.title(), debug.read_layout().text_content()))
            debug.press_no()
        debug.press_yes()

    session = connect(emulator, button=on_button).get_session(passphrase="")
    v, r, s = sign_fixture_tx(session, case["parameters"])
    debug.close()
    assert (v, r.hex(), s.hex()) == (
        case["result"]["sig_v"],
        case["result"]["sig_r"],
        case["result"]["sig_s"],
    )
    intro, summary = seen
    assert intro == ("confirm_ethereum_staking_tx", "Stake", "Stake ETH on Everstake?", "Stake address")
    assert summary[:2] == ("confirm_ethereum_staking_tx", "Summary") and "Gas limit" in summary[2]
