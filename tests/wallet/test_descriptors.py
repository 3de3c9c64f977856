"""Descriptors: BIP380 checksums, account descriptors, SLIP-132 import, clear errors."""

from __future__ import annotations

import contextlib

import bdkpython as bdk
import pytest
from bip_utils import Base58Decoder, Base58Encoder, Bip32Secp256k1, Bip39SeedGenerator
from hypothesis import given, settings
from hypothesis import strategies as st

from wallet.descriptors import (
    DescriptorError,
    build_account,
    descriptor_checksum,
    parse_account_descriptor,
    split_checksum,
)
from wallet.types import ExtendedPublicKey, KeyInputError, KeyPath, Network, ScriptType

# BIP84 "Test vectors": mnemonic "abandon … about", account 0 zpub.
BIP84_ZPUB = "zpub6rFR7y4Q2AijBEqTUquhVz398htDFrtymD9xYYfG1m4wAcvPhXNfE3EfH1r1ADqtfSdVCToUG868RvUUkgDKf31mGDtKsAYz2oz2AGutZYs"
ABANDON_FINGERPRINT = "73c5da0a"
# DEVICE_PROTOCOL.md (trezor-firmware device tests, seed "all … all"): m/44h/0h/0h xpub.
ALL_SEED_44_XPUB = "xpub6BiVtCpG9fQPxnPmHXG8PhtzQdWC2Su4qWu6XW9tpWFYhxydCLJGrWBJZ5H6qTAHdPQ7pQhtpjiYZVZARo14qHiay2fvrX996oEP42u8wZy"
ALL_SEED_44_TPUB = "tpubDDKn3FtHc74CaRrRbi1WFdJNaaenZkDWqq9NsEhcafnDZ4VuKeuLG2aKHm5SuwuLgAhRkkfHqcCxpnVNSrs5kJYZXwa6Ud431VnevzzzK3U"
ALL_FINGERPRINT = "5c9e228d"


def _account_xpub(mnemonic: str, path: str, test: bool) -> str:
    node = Bip32Secp256k1.FromSeed(Bip39SeedGenerator(mnemonic).Generate()).DerivePath(path)
    return ExtendedPublicKey.parse(node.PublicKey().ToExtended()).to_base58(test=test)


ALL_MNEMONIC = " ".join(["all"] * 12)
_MASTER = Bip32Secp256k1.FromSeed(Bip39SeedGenerator(ALL_MNEMONIC).Generate())


def _with_version(xpub: str, version_hex: str) -> str:
    """Re-encode a key with other SLIP-132 version bytes (Zpub = 02aa7ed3)."""
    payload = bytes(Base58Decoder.CheckDecode(xpub))
    return str(Base58Encoder.CheckEncode(bytes.fromhex(version_hex) + payload[4:]))


KINDS_AND_PURPOSES = [
    (ScriptType.PKH, 44),
    (ScriptType.SH_WPKH, 49),
    (ScriptType.WPKH, 84),
    (ScriptType.TR, 86),
]


@pytest.mark.parametrize("network", list(Network))
@pytest.mark.parametrize(("kind", "purpose"), KINDS_AND_PURPOSES)
def test_account_descriptor_checksums_agree_with_bdk(
    network: Network, kind: ScriptType, purpose: int
) -> None:
    path = f"m/{purpose}h/{network.coin_type}h/0h"
    account = build_account(
        _account_xpub(ALL_MNEMONIC, path, network.is_test), ALL_FINGERPRINT, path, network, kind
    )
    kind_of_network = bdk.NetworkKind.TEST if network.is_test else bdk.NetworkKind.MAIN
    for text in (account.descriptor(), account.descriptor(change=True), account.multipath_descriptor()):
        parsed = bdk.Descriptor(text, kind_of_network)  # bdk refuses a wrong checksum
        body, checksum = str(parsed).split("#")
        assert descriptor_checksum(body) == checksum  # bdk writes ' for hardened; same checksum rules
        if text != account.descriptor(change=True):  # a change descriptor alone is refused (tested below)
            assert parse_account_descriptor(text, network) == account
            assert parse_account_descriptor(str(parsed), network) == account
    assert f"[{ALL_FINGERPRINT}/{purpose}h/{network.coin_type}h/0h]" in account.descriptor()
    assert "/0/*)" in account.descriptor() and "/1/*)" in account.descriptor(change=True)


def test_known_descriptor_text_for_the_all_seed_bip44_account() -> None:
    account = build_account(ALL_SEED_44_XPUB, ALL_FINGERPRINT, "m/44h/0h/0h", Network.MAINNET, ScriptType.PKH)
    body = f"pkh([5c9e228d/44h/0h/0h]{ALL_SEED_44_XPUB}/<0;1>/*)"
    assert account.multipath_descriptor() == f"{body}#{descriptor_checksum(body)}"


def test_checksum_detects_a_single_character_change() -> None:
    account = build_account(BIP84_ZPUB, ABANDON_FINGERPRINT, "m/84h/0h/0h", Network.MAINNET)
    text = account.descriptor()
    tampered = text.replace("84h", "48h", 1)
    with pytest.raises(DescriptorError, match="checksum"):
        split_checksum(tampered)


def test_slip132_zpub_imports_as_wpkh_and_is_written_as_xpub() -> None:
    account = build_account(BIP84_ZPUB, ABANDON_FINGERPRINT, "m/84h/0h/0h", Network.MAINNET)
    assert account.kind is ScriptType.WPKH
    assert "zpub" not in account.descriptor() and "]xpub" in account.descriptor()


@pytest.mark.parametrize(
    ("xpub", "path", "kind", "network", "message"),
    [
        (BIP84_ZPUB, "m/84h/0h/0h", ScriptType.PKH, Network.MAINNET, "SLIP-132 prefix means wpkh"),
        (BIP84_ZPUB, "m/84h/0h/0h", None, Network.TESTNET, "for mainnet, but the network is testnet"),
        (ALL_SEED_44_TPUB, "m/44h/1h/0h", None, Network.MAINNET, "for a test network"),
        (ALL_SEED_44_XPUB, "m/44h/0h", ScriptType.PKH, Network.MAINNET, "depth 3"),
        (ALL_SEED_44_XPUB, "m/84h/0h/0h", ScriptType.PKH, Network.MAINNET, "BIP84 path"),
        (ALL_SEED_44_TPUB, "m/44h/0h/0h", ScriptType.PKH, Network.TESTNET, "coin type 0h"),
        (ALL_SEED_44_XPUB, "m/0h/1h/2h", None, Network.MAINNET, "cannot tell the script type"),
    ],
)
def test_inconsistent_accounts_are_refused_with_the_reason(
    xpub: str, path: str, kind: ScriptType | None, network: Network, message: str
) -> None:
    with pytest.raises(DescriptorError, match=message):
        build_account(xpub, ALL_FINGERPRINT, path, network, kind)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (_MASTER.PrivateKey().ToExtended(), "PRIVATE"),
        (ALL_SEED_44_XPUB[:-1] + "z", "checksum"),
        (_with_version(ALL_SEED_44_XPUB, "02aa7ed3"), "multisig"),
        (_with_version(ALL_SEED_44_XPUB, "01020304"), "unknown version"),
        ("not a key", "not base58"),
        (str(Base58Encoder.CheckEncode(bytes(14))), "bytes long"),
    ],
)
def test_bad_extended_keys_are_refused(text: str, message: str) -> None:
    with pytest.raises(KeyInputError, match=message):
        ExtendedPublicKey.parse(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (f"wpkh({ALL_SEED_44_XPUB}/0/*)", "no key origin"),
        (f"wsh(multi(1,[5c9e228d/84h/0h/0h]{ALL_SEED_44_XPUB}/0/*))", "unsupported descriptor"),
        (f"pkh([5c9e228d/44h/0h/0h]{ALL_SEED_44_XPUB}/1/*)", "change descriptor"),
        (f"pkh([5c9e228d/44h/0h/0h]{ALL_SEED_44_XPUB}/0/5)", "unsupported key expression"),
        (f"pkh([5c9e228d/44h/0h/0h]{ALL_SEED_44_XPUB}/0/*)#aaaaaaaa", "checksum"),
        ("a b c", "one descriptor"),
        (
            f"pkh([5c9e228d/44h/0h/0h]{ALL_SEED_44_XPUB}/0/*) pkh([5c9e228d/44h/0h/1h]{ALL_SEED_44_XPUB}/1/*)",
            "not the receive",
        ),
    ],
)
def test_bad_descriptors_are_refused(text: str, message: str) -> None:
    with pytest.raises(DescriptorError, match=message):
        parse_account_descriptor(text, Network.MAINNET)


def test_receive_and_change_pair_imports_as_one_account() -> None:
    account = build_account(ALL_SEED_44_XPUB, ALL_FINGERPRINT, "m/44h/0h/0h", Network.MAINNET, ScriptType.PKH)
    pair = f"{account.descriptor()}\n{account.descriptor(change=True)}"
    assert parse_account_descriptor(pair, Network.MAINNET) == account


def test_paths_parse_both_hardened_markers_and_refuse_junk() -> None:
    assert KeyPath.parse("m/84h/0'/0H/1/7") == (0x80000054, 0x80000000, 0x80000000, 1, 7)
    assert KeyPath.parse("m") == ()
    with pytest.raises(KeyInputError, match="step"):
        KeyPath.parse("m/84h/x")
    with pytest.raises(KeyInputError, match="step"):
        KeyPath.parse("m/2147483648")


def test_relative_path_recognises_only_this_accounts_chains() -> None:
    account = build_account(BIP84_ZPUB, ABANDON_FINGERPRINT, "m/84h/0h/0h", Network.MAINNET)
    assert account.relative_path(account.full_path(True, 5)) == (True, 5)
    assert account.relative_path((*account.origin_path, 2, 5)) is None
    assert account.relative_path((*account.origin_path[:-1], 0x80000001, 0, 5)) is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200), st.sampled_from(list(Network)))
def test_any_text_is_a_descriptor_or_a_clear_error(text: str, network: Network) -> None:
    with contextlib.suppress(KeyInputError):
        parse_account_descriptor(text, network)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(0, len(ALL_SEED_44_XPUB) - 1),
    st.sampled_from("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"),
)
def test_a_mistyped_xpub_character_is_refused(position: int, char: str) -> None:
    mistyped = ALL_SEED_44_XPUB[:position] + char + ALL_SEED_44_XPUB[position + 1 :]
    if mistyped == ALL_SEED_44_XPUB:
        return
    with pytest.raises(KeyInputError):
        build_account(mistyped, ALL_FINGERPRINT, "m/44h/0h/0h", Network.MAINNET, ScriptType.PKH)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 200), st.characters(codec="ascii"))
def test_a_mangled_descriptor_without_checksum_is_parsed_or_refused_clearly(position: int, char: str) -> None:
    body = build_account(
        ALL_SEED_44_XPUB, ALL_FINGERPRINT, "m/44h/0h/0h", Network.MAINNET, ScriptType.PKH
    ).multipath_descriptor()
    body = body.split("#")[0]
    at = position % len(body)
    with contextlib.suppress(KeyInputError):
        parse_account_descriptor(body[:at] + char + body[at + 1 :], Network.MAINNET)


@pytest.mark.parametrize(
    ("version_hex", "purpose", "network", "kind"),
    [
        ("049d7cb2", 49, Network.MAINNET, ScriptType.SH_WPKH),  # ypub
        ("04b24746", 84, Network.MAINNET, ScriptType.WPKH),  # zpub
        ("044a5262", 49, Network.TESTNET, ScriptType.SH_WPKH),  # upub
        ("045f1cf6", 84, Network.REGTEST, ScriptType.WPKH),  # vpub
    ],
)
def test_slip132_prefixes_import_as_their_script_type(
    version_hex: str, purpose: int, network: Network, kind: ScriptType
) -> None:
    path = f"m/{purpose}h/{network.coin_type}h/0h"
    plain = _account_xpub(ALL_MNEMONIC, path, network.is_test)
    slip132 = _with_version(plain, version_hex)
    from_slip132 = build_account(slip132, ALL_FINGERPRINT, path, network)
    assert from_slip132.kind is kind
    assert from_slip132 == build_account(plain, ALL_FINGERPRINT, path, network, kind)
