"""Every onekey-* identity is detected as its own model by ColdSplit's device layer.

The software device sends each model's Features as that model's firmware fills them
(wallet/emulator/onekey_identity.py, onekey_models.py); the device layer must name the
product and the real firmware version, read the seed, and show an address, while stock
trezorlib still refuses the vendor "onekey.so" as it does for a real OneKey.
"""

from __future__ import annotations

from typing import Any

import pytest
from trezorlib import btc, exceptions, messages
from trezorlib.client import AppManifest, get_client
from trezorlib.tools import parse_path
from trezorlib.transport import get_transport

from tests.wallet.conftest import ALL_FINGERPRINT, EmulatorFactory
from tests.wallet.emulator.clients import RawLink, connect
from tests.wallet.emulator.test_identities import _field_tags, _raw_features
from wallet.devices import onekey
from wallet.devices.base import VendorFamily
from wallet.devices.onekey_features import FirmwareLine, line_of
from wallet.devices.registry import open_wallet
from wallet.devices.thread import DeviceThread
from wallet.devices.transport import Deadlines
from wallet.devices.trezor_driver import SigningPath
from wallet.emulator.confirm import ShownPrompt
from wallet.emulator.onekey_models import CLASSIC1S_BOOT_HASH
from wallet.types import Network, ScriptType

MODELS = {  # identity: (product, real version, firmware line, OneKey-only tags it must send)
    "onekey-classic": ("OneKey Classic", "3.6.0", FirmwareLine.CLASSIC, {508, 518}),
    "onekey-classic1s": ("OneKey Classic 1S", "3.19.0", FirmwareLine.CLASSIC1S, {508, 600, 605, 609, 612}),
    "onekey-mini": ("OneKey Mini", "3.7.1", FirmwareLine.MINI, {508, 511, 512}),
    "onekey-touch": ("OneKey Touch", "4.9.0", FirmwareLine.TOUCH, {508, 511, 518, 519}),
    "onekey-pro": ("OneKey Pro", "4.20.0", FirmwareLine.PRO, {508, 600, 609, 612}),
}
NOT_SENT = {  # fields another line has that this model's firmware never fills
    "onekey-classic": {600, 605, 609, 511},
    "onekey-classic1s": {14, 518, 510, 511},  # the boot hash travels in 605, never 14
    "onekey-mini": {600, 605, 609},
    "onekey-touch": {600, 605, 609, 612},
    "onekey-pro": {14, 605},
}


@pytest.mark.parametrize("name", list(MODELS))
def test_each_model_is_detected_with_its_real_version(
    name: str, make_emulator: EmulatorFactory, make_user: Any, device_thread: DeviceThread
) -> None:
    product, version, line, tags = MODELS[name]
    emulator = make_emulator(name)
    sent = _field_tags(_raw_features(emulator.port))
    assert tags <= sent and not NOT_SENT[name] & sent
    features = onekey.ONEKEY_MAPPING.decode(17, _raw_features(emulator.port))
    assert line_of(features) is line  # type: ignore[arg-type]
    wallet = device_thread.call(
        open_wallet,
        emulator.path,
        device_thread,
        Network.MAINNET,
        make_user(emulator),
        Deadlines(reply_timeout=10, user_timeout=20),
        SigningPath.TREZORLIB,
    )
    info = device_thread.call(wallet.info)
    assert (info.vendor, info.model, info.firmware_version) == (VendorFamily.ONEKEY, product, version)
    assert device_thread.call(wallet.master_fingerprint).hex() == ALL_FINGERPRINT
    shown = device_thread.call(wallet.display_address, "m/84h/0h/0h/0/0", ScriptType.WPKH, True)
    assert shown == "bc1qannfxke2tfd4l7vhepehpvt05y83v3qsf6nfkk"


def test_the_classic_1s_sends_its_bootloader_hash_as_32_bytes_in_605(make_emulator: EmulatorFactory) -> None:
    emulator = make_emulator("onekey-classic1s")
    features = onekey.ONEKEY_MAPPING.decode(17, _raw_features(emulator.port))
    assert features.onekey_boot_hash == CLASSIC1S_BOOT_HASH  # type: ignore[attr-defined]
    assert not CLASSIC1S_BOOT_HASH.isascii()  # would have raised UnicodeDecodeError as a string
    assert (features.onekey_device_type, features.product) == (1, "classic1s")  # type: ignore[attr-defined]
    assert 18 in features.capabilities and 1000 in features.capabilities  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["onekey-classic1s", "onekey-mini", "onekey-touch"])
def test_stock_trezorlib_still_sees_vendor_onekey_so(make_emulator: EmulatorFactory, name: str) -> None:
    client = connect(make_emulator(name))
    with pytest.raises(exceptions.TrezorException, match=r"Unrecognized vendor: onekey\.so"):
        _ = client.model


def test_the_pro_sends_firmware_pros_build_id_and_loader_versions(make_emulator: EmulatorFactory) -> None:
    features = onekey.ONEKEY_MAPPING.decode(17, _raw_features(make_emulator("onekey-pro").port))
    # core/Makefile at v4.20.0: BUILD_ID ends with the commit's first 7 characters; version.h files
    assert features.build_id == b"3542e8c"  # type: ignore[attr-defined]
    assert (features.onekey_boot_version, features.onekey_board_version) == ("2.8.4", "1.6.5")  # type: ignore[attr-defined]


@pytest.mark.parametrize(("name", "cancel_honoured"), [("onekey-mini", False), ("onekey-classic1s", True)])
def test_cancel_on_a_legacy_models_screen_as_its_protect_wait_key_reads_it(
    name: str, cancel_honoured: bool, make_emulator: EmulatorFactory
) -> None:
    """The Mini's protectWaitKey (branch mini) reads only Initialize, as the Classic 3.6.0's;
    the Classic 1S's (firmware-classic1s protect.c) reads Cancel too, and OneKey's own Classic
    1S emulator (3.12.0) answered it ActionCancelled. Initialize leaves the screen on both."""
    emulator = make_emulator(name)  # nobody presses
    link = RawLink(emulator.port, timeout=0.5)
    try:
        request = messages.GetAddress(address_n=parse_path("m/84h/0h/0h/0/0"), show_display=True)
        request.script_type = messages.InputScriptType.SPENDWITNESS
        assert isinstance(link.call(request), messages.ButtonRequest)
        link.send(messages.ButtonAck())
        link.send(messages.Cancel())
        if cancel_honoured:
            reply = link.receive()
            assert isinstance(reply, messages.Failure) and reply.message == "Action cancelled by user"
            assert isinstance(link.call(request), messages.ButtonRequest)  # a new prompt to leave
            link.send(messages.ButtonAck())
        else:
            with pytest.raises(TimeoutError):
                link.receive()  # Cancel is ignored on the address screen
        assert isinstance(link.call(messages.Initialize()), messages.Features)
    finally:
        link.close()


def test_the_classic_1s_announces_message_screens_with_protect_call(make_emulator: EmulatorFactory) -> None:
    """firmware-classic1s layoutSignMessage sends ButtonRequest ProtectCall (the Classic 3.6.0:
    SignTx), seen on OneKey's Classic 1S emulator for signing and verifying alike."""
    emulator = make_emulator("onekey-classic1s")
    link = RawLink(emulator.port, timeout=0.5)
    try:
        request = messages.SignMessage(address_n=parse_path("m/84h/0h/0h/0/0"), message=b"hi")
        request.script_type = messages.InputScriptType.SPENDWITNESS
        reply = link.call(request)
        assert isinstance(reply, messages.ButtonRequest)
        assert reply.code == messages.ButtonRequestType.ProtectCall
        assert isinstance(link.call(messages.Initialize()), messages.Features)
    finally:
        link.close()


@pytest.mark.parametrize("name", ["onekey-classic1s", "onekey-touch", "onekey-pro"])
def test_no_on_the_address_screen_only_shows_the_qr_code(name: str, make_emulator: EmulatorFactory) -> None:
    """The Classic 1S (fsm_layoutAddress) and the Touch/Pro (lvgl Address screen: its left
    button toggles the QR code, the result is never checked) cannot refuse an address."""
    presses = [False, True]

    def person(shown: ShownPrompt | None) -> None:
        if shown is not None:
            emulator.press(shown.prompt_id, presses.pop(0) if presses else True)

    emulator = make_emulator(name, watcher=person)
    model = onekey.ONEKEY_CLASSIC if name == "onekey-classic1s" else onekey.ONEKEY_TOUCH
    app = AppManifest(app_name="test")
    client = get_client(app, get_transport(emulator.path), model=model, mapping=onekey.ONEKEY_MAPPING)
    session = client.get_session(passphrase="")
    path = parse_path("m/84h/0h/0h/0/0")
    script = messages.InputScriptType.SPENDWITNESS
    address = btc.get_address(session, "Bitcoin", path, show_display=True, script_type=script)  # NO: QR
    assert address == "bc1qannfxke2tfd4l7vhepehpvt05y83v3qsf6nfkk" and not presses
