"""Addresses: published vectors, two-library agreement, and the hard error on disagreement."""

from __future__ import annotations

import pytest
from bip_utils import Bip32Secp256k1, Bip39SeedGenerator

from wallet import addresses
from wallet.addresses import (
    AddressMismatchError,
    address_of_script,
    derive_address,
    derive_addresses,
    script_pubkey_of,
)
from wallet.descriptors import AccountDescriptor, build_account
from wallet.types import ExtendedPublicKey, Network, ScriptType

ALL_NODE = Bip32Secp256k1.FromSeed(Bip39SeedGenerator(" ".join(["all"] * 12)).Generate())
ABANDON_NODE = Bip32Secp256k1.FromSeed(Bip39SeedGenerator(" ".join(["abandon"] * 11 + ["about"])).Generate())


def _account(master: Bip32Secp256k1, path: str, network: Network, kind: ScriptType) -> AccountDescriptor:
    xpub = ExtendedPublicKey.parse(master.DerivePath(path).PublicKey().ToExtended())
    fingerprint = bytes(master.PublicKey().FingerPrint().ToBytes()).hex()
    return build_account(xpub.to_base58(test=network.is_test), fingerprint, path, network, kind)


# DEVICE_PROTOCOL.md "Public vectors" (trezor-firmware device tests, seed "all … all").
ALL_SEED_VECTORS = [
    ("m/44h/0h/0h", Network.MAINNET, ScriptType.PKH, "1JAd7XCBzGudGpJQSDSfpmJhiygtLQWaGL"),
    ("m/84h/0h/0h", Network.MAINNET, ScriptType.WPKH, "bc1qannfxke2tfd4l7vhepehpvt05y83v3qsf6nfkk"),
    ("m/84h/1h/0h", Network.TESTNET, ScriptType.WPKH, "tb1qkvwu9g3k2pdxewfqr7syz89r3gj557l3uuf9r9"),
    (
        "m/86h/0h/0h",
        Network.MAINNET,
        ScriptType.TR,
        "bc1ptxs597p3fnpd8gwut5p467ulsydae3rp9z75hd99w8k3ljr9g9rqx6ynaw",
    ),
    (
        "m/86h/1h/0h",
        Network.TESTNET,
        ScriptType.TR,
        "tb1pswrqtykue8r89t9u4rprjs0gt4qzkdfuursfnvqaa3f2yql07zmq8s8a5u",
    ),
]


@pytest.mark.parametrize(("path", "network", "kind", "expected"), ALL_SEED_VECTORS)
def test_all_seed_first_receive_addresses(
    path: str, network: Network, kind: ScriptType, expected: str
) -> None:
    derived = derive_address(_account(ALL_NODE, path, network, kind), change=False, index=0)
    assert derived.address == expected
    assert derived.path_text == f"{path}/0/0"


def test_bip84_vectors_from_the_published_zpub() -> None:
    # BIP84 "Test vectors" (mnemonic "abandon … about").
    zpub = "zpub6rFR7y4Q2AijBEqTUquhVz398htDFrtymD9xYYfG1m4wAcvPhXNfE3EfH1r1ADqtfSdVCToUG868RvUUkgDKf31mGDtKsAYz2oz2AGutZYs"
    account = build_account(zpub, "73c5da0a", "m/84h/0h/0h", Network.MAINNET)
    receive = [a.address for a in derive_addresses(account, False, 0, 2)]
    assert receive == [
        "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu",
        "bc1qnjg0jd8228aq7egyzacy8cys3knf9xvrerkf9g",
    ]
    assert derive_address(account, True, 0).address == "bc1q8c6fshw2dlwun7ekn9qwf37cu2rn755upcp6el"


def test_bip86_vectors() -> None:
    # BIP86 "Test vectors" (mnemonic "abandon … about"), account xpub and addresses.
    account = _account(ABANDON_NODE, "m/86h/0h/0h", Network.MAINNET, ScriptType.TR)
    expected_xpub = "xpub6BgBgsespWvERF3LHQu6CnqdvfEvtMcQjYrcRzx53QJjSxarj2afYWcLteoGVky7D3UKDP9QyrLprQ3VCECoY49yfdDEHGCtMMj92pReUsQ"
    assert account.xpub.to_base58() == expected_xpub
    receive = [a.address for a in derive_addresses(account, False, 0, 2)]
    assert receive == [
        "bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr",
        "bc1p4qhjn9zdvkux4e44uhx8tc55attvtyu358kutcqkudyccelu0was9fqzwh",
    ]
    assert (
        derive_address(account, True, 0).address
        == "bc1p3qkhfews2uk44qtvauqyr2ttdsw7svhkl9nkm9s9c3x4ax5h60wqwruhk7"
    )


@pytest.mark.parametrize("network", list(Network))
@pytest.mark.parametrize("kind", list(ScriptType))
def test_both_libraries_agree_on_every_kind_and_network(network: Network, kind: ScriptType) -> None:
    path = f"m/{kind.purpose}h/{network.coin_type}h/0h"
    account = _account(ALL_NODE, path, network, kind)
    for change in (False, True):
        for derived in derive_addresses(account, change, 0, 3):
            # derive_address already compared bdk with bip-utils; check the address round-trips too.
            script = script_pubkey_of(derived.address, network)
            assert address_of_script(script, network) == derived.address


def test_regtest_uses_bcrt_and_signet_uses_tb() -> None:
    regtest = _account(ALL_NODE, "m/84h/1h/0h", Network.REGTEST, ScriptType.WPKH)
    signet = _account(ALL_NODE, "m/84h/1h/0h", Network.SIGNET, ScriptType.WPKH)
    assert derive_address(regtest, False, 0).address.startswith("bcrt1q")
    assert derive_address(signet, False, 0).address == "tb1qkvwu9g3k2pdxewfqr7syz89r3gj557l3uuf9r9"


def test_a_disagreement_is_a_hard_error_and_no_address_comes_back(monkeypatch: pytest.MonkeyPatch) -> None:
    account = _account(ALL_NODE, "m/84h/0h/0h", Network.MAINNET, ScriptType.WPKH)
    wrong = derive_address(account, False, 1).address
    # Simulate one library going wrong: bdk's answer is replaced by a different, valid address.
    monkeypatch.setattr(addresses, "address_by_bdk", lambda *_: wrong)
    with pytest.raises(AddressMismatchError, match="disagrees at m/84h/0h/0h/0/0"):
        derive_address(account, False, 0)


def test_index_out_of_range_is_refused() -> None:
    account = _account(ALL_NODE, "m/84h/0h/0h", Network.MAINNET, ScriptType.WPKH)
    with pytest.raises(ValueError, match="out of range"):
        derive_address(account, False, 2**31)


def test_address_for_another_network_is_refused() -> None:
    with pytest.raises(ValueError, match="not a valid mainnet address"):
        script_pubkey_of("tb1qkvwu9g3k2pdxewfqr7syz89r3gj557l3uuf9r9", Network.MAINNET)
    assert address_of_script(b"\x6a\x04abcd", Network.MAINNET) is None
