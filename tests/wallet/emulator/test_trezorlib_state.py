"""PIN, passphrase, sessions, lock, settings, wipe and load — driven by trezorlib 0.20.2 over udp:."""

from __future__ import annotations

import pytest
from bip_utils import Bip32Slip10Secp256k1, Bip39SeedGenerator
from trezorlib import btc, debuglink, device, exceptions, messages
from trezorlib.client import PassphraseSetting, get_default_session
from trezorlib.tools import parse_path

from tests.wallet.conftest import ALL_MNEMONIC, EmulatorFactory
from tests.wallet.emulator.clients import connect, open_debuglink, session_with_debuglink

ROOT = parse_path("m/84h/0h/0h/0/0")
S = messages.InputScriptType


def _fingerprint_with(passphrase: str) -> str:
    """The expected root fingerprint, computed by bip-utils straight from BIP39/BIP32."""
    seed = Bip39SeedGenerator(ALL_MNEMONIC).Generate(passphrase)
    return bytes(Bip32Slip10Secp256k1.FromSeed(seed).FingerPrint().ToBytes()).hex()


def test_pin_on_the_host_matrix_unlocks_the_trezor_one(make_emulator: EmulatorFactory) -> None:
    emulator = make_emulator("trezor-one", pin="1234")
    debug = open_debuglink(emulator)
    matrices: list[str] = []

    def pin_from_matrix(_request: messages.PinMatrixRequest) -> str:
        matrix = debug.state().matrix
        assert matrix is not None and sorted(matrix) == list("123456789")
        matrices.append(matrix)
        return debug.encode_pin("1234", matrix)

    client = connect(emulator, pin=pin_from_matrix)
    assert client.features.pin_protection is True and client.features.unlocked is False
    session = get_default_session(client)
    assert client.features.unlocked is True
    assert len(matrices) == 1
    assert btc.get_address(session, "Bitcoin", ROOT, script_type=S.SPENDWITNESS).startswith("bc1qannf")
    debug.close()


def test_wrong_pin_is_refused_with_pin_invalid(make_emulator: EmulatorFactory) -> None:
    emulator = make_emulator("trezor-one", pin="1234")
    debug = open_debuglink(emulator)
    client = connect(emulator, pin=lambda _request: debug.encode_pin("4321"))
    with pytest.raises(exceptions.PinException) as refused:
        get_default_session(client)
    assert refused.value.args[0] == messages.FailureType.PinInvalid
    debug.close()


def test_pin_on_the_touch_screen_through_debuglink_input(make_emulator: EmulatorFactory) -> None:
    emulator = make_emulator("trezor-t", pin="2468")
    debug = open_debuglink(emulator)

    def type_pin(request: messages.ButtonRequest) -> None:
        assert request.code == messages.ButtonRequestType.PinEntry
        debug.input("2468")

    client = connect(emulator, button=type_pin)
    get_default_session(client)
    assert client.features.unlocked is True
    debug.close()


def test_lock_device_asks_for_the_pin_again(make_emulator: EmulatorFactory) -> None:
    emulator = make_emulator("trezor-one", pin="1111")
    debug = open_debuglink(emulator)
    prompts: list[int] = []

    def pin(_request: messages.PinMatrixRequest) -> str:
        prompts.append(1)
        return debug.encode_pin("1111")

    client = connect(emulator, pin=pin)
    client.ensure_unlocked()
    client.lock()
    assert client.features.unlocked is False
    client.ensure_unlocked()
    assert len(prompts) == 2
    debug.close()


def test_host_passphrase_opens_a_different_wallet(make_emulator: EmulatorFactory) -> None:
    emulator = make_emulator("trezor-one", passphrase_protection=True)
    client = connect(emulator)
    assert client.features.passphrase_protection is True
    assert client.get_session(passphrase="TREZOR").get_root_fingerprint().hex() == _fingerprint_with("TREZOR")
    assert client.get_session(passphrase="").get_root_fingerprint().hex() == "5c9e228d"


def test_passphrase_on_device_for_the_touch_model(make_emulator: EmulatorFactory) -> None:
    emulator = make_emulator("trezor-t", passphrase_protection=True)
    debug = open_debuglink(emulator)

    def type_passphrase(request: messages.ButtonRequest) -> None:
        assert request.code == messages.ButtonRequestType.PassphraseEntry
        debug.input("secret words")

    client = connect(emulator, button=type_passphrase)
    assert messages.Capability.PassphraseEntry in client.features.capabilities
    session = client.get_session(passphrase=PassphraseSetting.ON_DEVICE)
    assert session.get_root_fingerprint().hex() == _fingerprint_with("secret words")
    debug.close()


def test_session_resume_keeps_the_passphrase(make_emulator: EmulatorFactory) -> None:
    emulator = make_emulator("trezor-one", passphrase_protection=True)
    client = connect(emulator)
    first = client.get_session(passphrase="A")
    second = client.get_session(passphrase="B")
    # switching back re-sends Initialize(session_id) and must not ask for a passphrase again
    node_a = btc.get_public_node(first, parse_path("m/44h/0h/0h"))
    node_b = btc.get_public_node(second, parse_path("m/44h/0h/0h"))
    assert node_a.xpub != node_b.xpub
    assert btc.get_public_node(first, parse_path("m/44h/0h/0h")).xpub == node_a.xpub


def test_apply_settings_label_needs_confirmation(make_emulator: EmulatorFactory) -> None:
    emulator = make_emulator("trezor-one")
    with session_with_debuglink(emulator) as (session, _debug):
        device.apply_settings(session, label="cold box")
        assert session.client.refresh_features().label == "cold box"


def test_wipe_then_load_through_trezorlib(make_emulator: EmulatorFactory) -> None:
    emulator = make_emulator("trezor-one")
    with session_with_debuglink(emulator) as (session, _debug):
        device.wipe(session)
    client = connect(emulator)
    assert client.features.initialized is False
    seedless = client.get_session(passphrase=None)
    with pytest.raises(exceptions.TrezorFailure) as refused:
        btc.get_address(seedless, "Bitcoin", ROOT, script_type=S.SPENDWITNESS)
    assert refused.value.code == messages.FailureType.NotInitialized
    debuglink.load_device(seedless, ALL_MNEMONIC, pin=None, passphrase_protection=False, label="loaded")
    client = connect(emulator)
    assert client.features.initialized is True and client.features.label == "loaded"
    address = btc.get_address(client.get_session(), "Bitcoin", ROOT, script_type=S.SPENDWITNESS)
    assert address == "bc1qannfxke2tfd4l7vhepehpvt05y83v3qsf6nfkk"


def test_load_refuses_an_initialized_device_and_a_bad_checksum(make_emulator: EmulatorFactory) -> None:
    emulator = make_emulator("trezor-one", mnemonic=None)
    seedless = connect(emulator).get_session(passphrase=None)
    bad = " ".join(["all"] * 11 + ["abandon"])
    with pytest.raises(exceptions.TrezorFailure, match="mnemonic"):
        debuglink.load_device(seedless, bad, pin=None, passphrase_protection=False, label=None)
    debuglink.load_device(seedless, ALL_MNEMONIC, pin=None, passphrase_protection=False, label=None)
    with pytest.raises(exceptions.TrezorFailure, match="Already initialized"):
        seedless.call(messages.LoadDevice(mnemonics=[ALL_MNEMONIC]), expect=messages.Success)


def test_apply_settings_toggles_passphrase_and_refuses_an_empty_request(
    make_emulator: EmulatorFactory,
) -> None:
    emulator = make_emulator("trezor-one")
    with session_with_debuglink(emulator) as (session, _debug):
        device.apply_settings(session, use_passphrase=True)
        assert session.client.refresh_features().passphrase_protection is True
        with pytest.raises(exceptions.TrezorFailure, match="No setting provided"):
            session.call(messages.ApplySettings(), expect=messages.Success)


def test_apply_settings_refused_on_the_device_changes_nothing(make_emulator: EmulatorFactory) -> None:
    emulator = make_emulator("trezor-one")
    with session_with_debuglink(emulator, press_yes=False) as (session, _debug):
        with pytest.raises(exceptions.Cancelled):
            device.apply_settings(session, label="nope")
        assert session.client.refresh_features().label == "ColdSplit emulator"
