"""One contract suite for the whole HardwareWallet interface, over every device/driver pair.

Vectors: DEVICE_PROTOCOL.md (trezor-firmware device tests, seed "all all ... all").
Signatures are checked independently: messages by public-key recovery (coincurve),
PSBTs by bdk's finalizer, whose interpreter verifies every signature.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from typing import Any

import bdkpython as bdk
import coincurve
import pytest
from bip_utils import Bip32KeyNetVersions, Bip32Secp256k1, Bip39SeedGenerator, P2PKHAddrEncoder

from tests.wallet.conftest import ALL_FINGERPRINT, ALL_MNEMONIC, EmulatorFactory
from tests.wallet.devices.conftest import DebugLinkUser
from tests.wallet.devices.psbts import Key, signatures, spend_psbt
from wallet.devices.base import HardwareWallet, VendorFamily
from wallet.devices.errors import DeviceCancelled
from wallet.devices.registry import open_wallet
from wallet.devices.thread import DeviceThread
from wallet.devices.transport import Deadlines
from wallet.devices.trezor_driver import SigningPath
from wallet.psbt.model import load_psbt
from wallet.types import Network, ScriptType

PAIRS = [
    ("trezor-one", "trezorlib"),
    ("trezor-t", "trezorlib"),
    ("onekey-classic", "trezorlib"),
    ("onekey-pro", "trezorlib"),
    ("trezor-one", "hwi"),
]
EXPECTED_IDENTITY = {
    ("trezor-one", "trezorlib"): (VendorFamily.TREZOR, "Trezor 1", "1.14.0"),
    ("trezor-t", "trezorlib"): (VendorFamily.TREZOR, "Trezor T", "2.8.9"),
    ("onekey-classic", "trezorlib"): (VendorFamily.ONEKEY, "OneKey Classic", "3.6.0"),
    ("onekey-pro", "trezorlib"): (VendorFamily.ONEKEY, "OneKey Pro", "4.20.0"),
    ("trezor-one", "hwi"): (VendorFamily.TREZOR, "trezor 1", "1.14.0"),
}
TESTNET_KEYS = Bip32KeyNetVersions(bytes.fromhex("043587cf"), bytes.fromhex("04358394"))
TEST_DEADLINES = Deadlines(reply_timeout=10, user_timeout=20)

Opener = Callable[..., tuple[HardwareWallet, DebugLinkUser]]


@pytest.fixture(params=PAIRS, ids=[f"{i}-{d}" for i, d in PAIRS])
def pair(request: pytest.FixtureRequest) -> tuple[str, str]:
    return request.param  # type: ignore[no-any-return]


@pytest.fixture
def opener(
    pair: tuple[str, str], make_emulator: EmulatorFactory, make_user: Any, device_thread: DeviceThread
) -> Opener:
    identity, driver = pair

    def open_on(
        chain: Network, signing_path: SigningPath = SigningPath.HWI
    ) -> tuple[HardwareWallet, DebugLinkUser]:
        emulator = make_emulator(identity)
        user = make_user(emulator)
        path = f"hwi:trezor:{emulator.path}" if driver == "hwi" else emulator.path
        wallet = device_thread.call(
            open_wallet, path, device_thread, chain, user, TEST_DEADLINES, signing_path
        )
        return wallet, user

    return open_on


def test_info_names_vendor_model_real_firmware_and_state(
    opener: Opener, pair: tuple[str, str], device_thread: DeviceThread
) -> None:
    wallet, _ = opener(Network.MAINNET)
    assert device_thread.call(wallet.master_fingerprint).hex() == ALL_FINGERPRINT
    info = device_thread.call(wallet.info)
    assert (info.vendor, info.model, info.firmware_version) == EXPECTED_IDENTITY[pair]
    assert info.fingerprint == ALL_FINGERPRINT
    assert info.label == "ColdSplit emulator"
    assert info.initialized and info.unlocked and not info.pin_protection and not info.passphrase_protection


@pytest.mark.parametrize(
    ("chain", "path", "xpub"),
    [
        (
            Network.MAINNET,
            "m/44h/0h/0h",
            "xpub6BiVtCpG9fQPxnPmHXG8PhtzQdWC2Su4qWu6XW9tpWFYhxydCLJGrWBJZ5H6qTAHdPQ7pQhtpjiYZVZARo14qHiay2fvrX996oEP42u8wZy",
        ),
        (
            Network.TESTNET,
            "m/44h/1h/0h",
            "tpubDDKn3FtHc74CaRrRbi1WFdJNaaenZkDWqq9NsEhcafnDZ4VuKeuLG2aKHm5SuwuLgAhRkkfHqcCxpnVNSrs5kJYZXwa6Ud431VnevzzzK3U",
        ),
    ],
)
def test_xpub_with_key_origin(
    opener: Opener, device_thread: DeviceThread, chain: Network, path: str, xpub: str
) -> None:
    wallet, _ = opener(chain)
    key = device_thread.call(wallet.get_xpub, path)
    assert key.to_base58() == xpub
    assert key.descriptor_key == f"[{ALL_FINGERPRINT}{path[1:]}]{xpub}"


MAINNET_ADDRESSES = [
    ("m/44h/0h/0h/0/0", ScriptType.PKH, "1JAd7XCBzGudGpJQSDSfpmJhiygtLQWaGL"),
    ("m/84h/0h/0h/0/0", ScriptType.WPKH, "bc1qannfxke2tfd4l7vhepehpvt05y83v3qsf6nfkk"),
    ("m/86h/0h/0h/0/0", ScriptType.TR, "bc1ptxs597p3fnpd8gwut5p467ulsydae3rp9z75hd99w8k3ljr9g9rqx6ynaw"),
]


@pytest.mark.parametrize("show", [False, True])
def test_addresses_match_vectors_and_show_on_device(
    opener: Opener, pair: tuple[str, str], device_thread: DeviceThread, show: bool
) -> None:
    wallet, user = opener(Network.MAINNET)
    for path, script_type, address in MAINNET_ADDRESSES:
        assert device_thread.call(wallet.display_address, path, script_type, show) == address
    if pair[1] == "trezorlib":  # HWI answers the screen itself through the DebugLink
        assert (len(user.notices) > 0) is show
        assert user.dismissed == (len(MAINNET_ADDRESSES) if show else 0)  # each notice taken down after
        assert all("compare the address" in notice.detail for notice in user.notices)


def test_testnet_addresses(opener: Opener, device_thread: DeviceThread) -> None:
    wallet, _ = opener(Network.TESTNET)
    got = device_thread.call(wallet.display_address, "m/84h/1h/0h/0/0", ScriptType.WPKH, False)
    assert got == "tb1qkvwu9g3k2pdxewfqr7syz89r3gj557l3uuf9r9"
    got = device_thread.call(wallet.display_address, "m/86h/1h/0h/0/0", ScriptType.TR, False)
    assert got == "tb1pswrqtykue8r89t9u4rprjs0gt4qzkdfuursfnvqaa3f2yql07zmq8s8a5u"


def _message_digest(message: bytes) -> bytes:
    prefix = b"\x18Bitcoin Signed Message:\n"
    return hashlib.sha256(hashlib.sha256(prefix + bytes([len(message)]) + message).digest()).digest()


def _pubkey(xpub: str) -> bytes:
    return bytes(Bip32Secp256k1.FromExtendedKey(xpub, TESTNET_KEYS).PublicKey().RawCompressed().ToBytes())


@pytest.mark.parametrize("script_type", [ScriptType.PKH, ScriptType.WPKH])
def test_sign_message_recovers_to_the_path_key(
    opener: Opener, device_thread: DeviceThread, script_type: ScriptType
) -> None:
    wallet, _ = opener(Network.TESTNET)
    path = {ScriptType.PKH: "m/44h/1h/0h/0/3", ScriptType.WPKH: "m/84h/1h/0h/0/3"}[script_type]
    message = b"ColdSplit proves control of this address"
    signed = device_thread.call(wallet.sign_message, path, message, script_type)
    raw = base64.b64decode(signed.signature_base64)
    assert len(raw) == 65 and 27 <= raw[0] <= 42
    recovered = coincurve.PublicKey.from_signature_and_message(
        raw[1:] + bytes([(raw[0] - 27) & 3]), _message_digest(message), hasher=None
    )
    assert recovered.format() == _pubkey(device_thread.call(wallet.get_xpub, path).to_base58())
    assert signed.address == device_thread.call(wallet.display_address, path, script_type, False)


def _key(wallet: HardwareWallet, device_thread: DeviceThread, path: str, script_type: ScriptType) -> Key:
    xpub = device_thread.call(wallet.get_xpub, path).to_base58()
    address = device_thread.call(wallet.display_address, path, script_type, False)
    return Key(path, _pubkey(xpub), address, script_type)


def _spend(wallet: HardwareWallet, device_thread: DeviceThread, script_type: ScriptType) -> str:
    purpose = {ScriptType.WPKH: 84, ScriptType.TR: 86}[script_type]
    spent = _key(wallet, device_thread, f"m/{purpose}h/1h/0h/0/0", script_type)
    change = _key(wallet, device_thread, f"m/{purpose}h/1h/0h/1/0", script_type)
    return spend_psbt(device_thread.call(wallet.master_fingerprint), spent, change)


@pytest.mark.parametrize("script_type", [ScriptType.WPKH, ScriptType.TR])
def test_sign_psbt_gives_valid_signatures(
    opener: Opener, device_thread: DeviceThread, script_type: ScriptType
) -> None:
    wallet, _ = opener(Network.TESTNET)
    unsigned = _spend(wallet, device_thread, script_type)
    signed = device_thread.call(wallet.sign_psbt, load_psbt(unsigned), bytes.fromhex(ALL_FINGERPRINT))
    assert signed != unsigned and signatures(unsigned) == [{}]
    result = bdk.Psbt(signed).finalize()
    assert result.could_finalize, result.errors


@pytest.mark.parametrize("identity", ["trezor-one", "trezor-t", "onekey-classic", "onekey-pro"])
@pytest.mark.parametrize("script_type", [ScriptType.WPKH, ScriptType.TR])
def test_hwi_and_trezorlib_signing_paths_give_the_same_signatures(
    make_emulator: EmulatorFactory,
    make_user: Any,
    device_thread: DeviceThread,
    identity: str,
    script_type: ScriptType,
) -> None:
    emulator = make_emulator(identity)
    results = []
    for signing_path in SigningPath:
        wallet = device_thread.call(
            open_wallet,
            emulator.path,
            device_thread,
            Network.TESTNET,
            make_user(emulator),
            TEST_DEADLINES,
            signing_path,
        )
        unsigned = _spend(wallet, device_thread, script_type)
        results.append(signatures(device_thread.call(wallet.sign_psbt, load_psbt(unsigned))))
        device_thread.call(wallet.close)
    assert results[0] == results[1] and results[0][0]


# ---- flow variants of the firmware (issue 15, point 5) ----

LONG_MESSAGE = b"ColdSplit proves control of this address, " * 5  # 215 bytes: three T1 pages of 72


def test_a_message_over_several_pages_is_signed(
    opener: Opener, pair: tuple[str, str], device_thread: DeviceThread
) -> None:
    """The T1 shows a long message in pages of 4 x 18 characters, a ButtonRequest each."""
    wallet, user = opener(Network.TESTNET)
    path = "m/84h/1h/0h/0/3"
    signed = device_thread.call(wallet.sign_message, path, LONG_MESSAGE, ScriptType.WPKH)
    raw = base64.b64decode(signed.signature_base64)
    recovered = coincurve.PublicKey.from_signature_and_message(
        raw[1:] + bytes([(raw[0] - 27) & 3]), _message_digest(LONG_MESSAGE), hasher=None
    )
    assert recovered.format() == _pubkey(device_thread.call(wallet.get_xpub, path).to_base58())
    if pair == ("trezor-one", "trezorlib"):  # the address, then each of the three pages
        assert [notice.action for notice in user.notices] == ["SignMessage"] * 4


def _testnet_p2pkh(path: str) -> str:
    """Independently of the device: bip-utils from the "all" seed, testnet P2PKH (version 0x6f)."""
    seed = Bip39SeedGenerator(ALL_MNEMONIC).Generate()
    pubkey = Bip32Secp256k1.FromSeed(seed).DerivePath(path).PublicKey().RawCompressed().ToBytes()
    return P2PKHAddrEncoder.EncodeKey(pubkey, net_ver=b"\x6f")


def test_an_unusual_path_is_warned_about_before_the_address(
    opener: Opener, pair: tuple[str, str], device_thread: DeviceThread
) -> None:
    """A script type that does not match the path's purpose (P2PKH on m/84'): the firmware warns
    (ButtonRequest UnknownDerivationPath), the person confirms, then the address is shown."""
    wallet, user = opener(Network.TESTNET)
    path = "m/84h/1h/0h/0/0"
    assert device_thread.call(wallet.display_address, path, ScriptType.PKH, True) == _testnet_p2pkh(path)
    if pair[1] == "trezorlib":  # HWI answers the screens itself through the DebugLink
        assert [notice.action for notice in user.notices][:2] == ["UnknownDerivationPath", "Address"]


@pytest.mark.parametrize(
    ("identity", "no_shows_the_qr"),
    [
        ("trezor-one", True),
        ("onekey-classic", True),
        ("trezor-t", False),
        ("onekey-pro", True),
        ("onekey-touch", True),
    ],
)
def test_no_on_the_address_screen(
    make_emulator: EmulatorFactory,
    make_user: Any,
    device_thread: DeviceThread,
    identity: str,
    no_shows_the_qr: bool,
) -> None:
    """Legacy firmware: "No" on an address screen turns to its QR code and asks again (it never
    refuses), as OneKey's Touch and Pro do (their left button toggles a QR code); Trezor's core
    firmware: "No" cancels. The device layer must follow either."""
    emulator = make_emulator(identity)
    user = make_user(emulator, decisions=[False, True])
    wallet = device_thread.call(
        open_wallet,
        emulator.path,
        device_thread,
        Network.MAINNET,
        user,
        TEST_DEADLINES,
        SigningPath.TREZORLIB,
    )
    path, script_type, address = MAINNET_ADDRESSES[1]
    if not no_shows_the_qr:
        with pytest.raises(DeviceCancelled):
            device_thread.call(wallet.display_address, path, script_type, True)
        return
    assert device_thread.call(wallet.display_address, path, script_type, True) == address
    if identity == "trezor-one":  # one ButtonRequest per screen: the address, then its QR code
        assert [notice.action for notice in user.notices] == ["Address", "Address"]
        assert not user.decisions  # both answers were used: the No did not end the request
    else:  # OneKey turns to the QR code without telling the host (a silent page)
        assert any("QR" in page.title for page in user.pages)
