"""Addresses and path rules of the software device's coins, against trezor-firmware's public vectors."""

from __future__ import annotations

import pytest
from bip_utils import Bip39SeedGenerator
from trezorlib import messages
from trezorlib.tools import parse_path

from wallet.emulator.coins import (
    address_for,
    address_to_script_pubkey,
    coin_by_name,
    script_pubkey_for,
)
from wallet.emulator.flow import DeviceFailure
from wallet.emulator.keys import KeyStore
from wallet.emulator.paths import Unlock, needs_warning

ALL_SEED = Bip39SeedGenerator(" ".join(["all"] * 12)).Generate()
S = messages.InputScriptType


@pytest.fixture(scope="module")
def keys() -> KeyStore:
    return KeyStore(bytes(ALL_SEED))


@pytest.mark.parametrize(
    ("coin", "script_type", "path", "address"),
    [
        # DEVICE_PROTOCOL.md (trezor-firmware device tests, "all" seed)
        ("Bitcoin", S.SPENDADDRESS, "m/44h/0h/0h/0/0", "1JAd7XCBzGudGpJQSDSfpmJhiygtLQWaGL"),
        ("Bitcoin", S.SPENDWITNESS, "m/84h/0h/0h/0/0", "bc1qannfxke2tfd4l7vhepehpvt05y83v3qsf6nfkk"),
        ("Testnet", S.SPENDWITNESS, "m/84h/1h/0h/0/0", "tb1qkvwu9g3k2pdxewfqr7syz89r3gj557l3uuf9r9"),
        (
            "Bitcoin",
            S.SPENDTAPROOT,
            "m/86h/0h/0h/0/0",
            "bc1ptxs597p3fnpd8gwut5p467ulsydae3rp9z75hd99w8k3ljr9g9rqx6ynaw",
        ),
        (
            "Testnet",
            S.SPENDTAPROOT,
            "m/86h/1h/0h/0/0",
            "tb1pswrqtykue8r89t9u4rprjs0gt4qzkdfuursfnvqaa3f2yql07zmq8s8a5u",
        ),
        # trezor-firmware tests/device_tests/bitcoin/test_signtx_segwit_native.py comments
        ("Testnet", S.SPENDP2SHWITNESS, "m/49h/1h/0h/1/0", "2N1LGaGg836mqSQqiuUBLfcyGBhyZbremDX"),
        ("Testnet", S.SPENDP2SHWITNESS, "m/49h/1h/0h/0/0", "2N4Q5FhU2497BryFfUgbqkAJE87aKHUhXMp"),
        ("Testnet", S.SPENDWITNESS, "m/84h/1h/0h/0/87", "tb1qajr3a3y5uz27lkxrmn7ck8lp22dgytvagr5nqy"),
        ("Testnet", S.SPENDADDRESS, "m/44h/1h/0h/0/0", "mvbu1Gdy8SUjTenqerxUaZyYjmveZvt33q"),
        ("Bitcoin", S.SPENDADDRESS, "m/44h/0h/5h/0/9", "1H2CRJBrDMhkvCGZMW7T4oQwYbL8eVuh7p"),
    ],
)
def test_addresses_match_public_vectors(
    keys: KeyStore, coin: str, script_type: S, path: str, address: str
) -> None:
    pubkey = keys.public_key(parse_path(path))
    the_coin = coin_by_name(coin)
    assert address_for(the_coin, script_type, pubkey) == address
    assert address_to_script_pubkey(the_coin, address) == script_pubkey_for(the_coin, script_type, pubkey)


def test_regtest_uses_bcrt_prefix(keys: KeyStore) -> None:
    pubkey = keys.public_key(parse_path("m/84h/1h/0h/0/0"))
    # same key as the tb1qkvwu... testnet vector, different human-readable part
    assert address_for(coin_by_name("Regtest"), S.SPENDWITNESS, pubkey).startswith(
        "bcrt1qkvwu9g3k2pdxewfqr7syz89r3gj557l3"
    )


def test_unknown_coin_is_refused_like_the_firmware() -> None:
    with pytest.raises(DeviceFailure) as info:
        coin_by_name("Dogecoin")
    assert info.value.code == messages.FailureType.DataError
    assert info.value.message == "Invalid coin name"
    assert coin_by_name(None).name == "Bitcoin"


@pytest.mark.parametrize(
    ("coin", "script_type", "path"),
    [
        ("Bitcoin", S.SPENDWITNESS, "m/84h/1h/0h/0/0"),  # testnet coin type on mainnet
        ("Testnet", S.SPENDTAPROOT, "m/86h/0h/0h/0/0"),
        ("Bitcoin", S.SPENDADDRESS, "m/44h/0h/101h/0/0"),  # account over 100
        ("Bitcoin", S.SPENDADDRESS, "m/44h/0h/0h/2/0"),  # change must be 0 or 1
        ("Bitcoin", S.SPENDADDRESS, "m/44h/0h/0/0/0"),  # unhardened account
        ("Bitcoin", S.SPENDADDRESS, "m/44h/0h/0h/0/1000001"),
        ("Bitcoin", S.SPENDADDRESS, "m/44h/0h/0h/0"),
        ("Testnet", S.SPENDADDRESS, "m/4/255"),  # GreenAddress patterns are Bitcoin-only
        ("Bitcoin", S.SPENDADDRESS, "m/10025h/0h/0h/1h/0/0"),  # SLIP-25 without UnlockPath
        ("Bitcoin", S.SPENDADDRESS, "m/5h/0h"),
    ],
)
def test_forbidden_paths(coin: str, script_type: S, path: str) -> None:
    with pytest.raises(DeviceFailure) as info:
        needs_warning(coin_by_name(coin), script_type, parse_path(path))
    assert (info.value.code, info.value.message) == (messages.FailureType.DataError, "Forbidden key path")


@pytest.mark.parametrize(
    ("coin", "script_type", "path"),
    [
        # a known scheme with the script type of another (legacy crypto.c coin_path_check)
        ("Bitcoin", S.SPENDWITNESS, "m/44h/0h/0h/0/0"),
        ("Bitcoin", S.SPENDTAPROOT, "m/84h/0h/0h/0/0"),
        ("Bitcoin", S.SPENDMULTISIG, "m/44h/0h/0h/0/0"),
        # test_nonstandard_paths.py's GreenAddress vectors: signing paths always warn,
        # the address patterns with taproot
        ("Bitcoin", S.SPENDP2SHWITNESS, "m/1195487518"),
        ("Bitcoin", S.SPENDADDRESS, "m/1195487518/6/255"),
        ("Bitcoin", S.SPENDTAPROOT, "m/4/255"),
        ("Bitcoin", S.SPENDWITNESS, "m/49/0/63/0/255"),  # Casa is p2sh-p2wpkh
    ],
)
def test_unusual_paths_are_served_after_a_warning(coin: str, script_type: S, path: str) -> None:
    assert needs_warning(coin_by_name(coin), script_type, parse_path(path)) is True


def test_unknown_paths_get_the_warning_when_safety_checks_are_relaxed() -> None:
    assert needs_warning(coin_by_name("Bitcoin"), S.SPENDADDRESS, parse_path("m/5h/0h"), strict=False) is True


def test_standard_paths() -> None:
    assert (
        needs_warning(coin_by_name("Bitcoin"), S.SPENDADDRESS, parse_path("m/44h/0h/100h/1/1000000")) is False
    )
    assert needs_warning(coin_by_name("Regtest"), S.SPENDTAPROOT, parse_path("m/86h/1h/0h/0/5")) is False
    # GreenAddress and Casa patterns fully match (crypto.c coin_path_check)
    assert needs_warning(coin_by_name("Bitcoin"), S.SPENDADDRESS, parse_path("m/4/255")) is False
    assert needs_warning(coin_by_name("Bitcoin"), S.SPENDWITNESS, parse_path("m/3h/100h/4/255")) is False
    assert needs_warning(coin_by_name("Bitcoin"), S.SPENDP2SHWITNESS, parse_path("m/49/0/63/0/255")) is False
    slip25 = parse_path("m/10025h/0h/0h/1h/0/0")
    assert needs_warning(coin_by_name("Bitcoin"), S.SPENDTAPROOT, slip25, unlock=Unlock.EXTERNAL) is False
    with pytest.raises(DeviceFailure):  # the change chain of SLIP-25 only for SignTx
        needs_warning(
            coin_by_name("Bitcoin"),
            S.SPENDTAPROOT,
            parse_path("m/10025h/0h/0h/1h/1/0"),
            unlock=Unlock.EXTERNAL,
        )


@pytest.mark.parametrize(
    "address",
    [
        "1JAd7XCBzGudGpJQSDSfpmJhiygtLQWaGM",  # bad checksum
        "tb1qkvwu9g3k2pdxewfqr7syz89r3gj557l3uuf9r9",  # testnet address on mainnet
        "bc1qannfxke2tfd4l7vhepehpvt05y83v3qsf6nfkj",
        "",
        "not an address",
    ],
)
def test_invalid_output_addresses_are_data_errors(address: str) -> None:
    with pytest.raises(DeviceFailure) as info:
        address_to_script_pubkey(coin_by_name("Bitcoin"), address)
    assert info.value.message == "Invalid address"
