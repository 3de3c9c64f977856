"""The shared value types (wallet.types): paths, networks, script types, extended keys.

Their string values are what settings, the store and the command line write, so they are
pinned here: changing one would need a versioned migration (app/store, app/settings).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wallet.types import (
    HARDENED,
    MAX_UNHARDENED,
    ExtendedPublicKey,
    KeyInputError,
    KeyOrigin,
    KeyPath,
    Network,
    ScriptType,
    format_path,
)

# BIP32 test vector 1, chain m/0H (https://github.com/bitcoin/bips/blob/master/bip-0032.mediawiki)
M_0H_XPUB = "xpub68Gmy5EdvgibQVfPdqkBBCHxA5htiqg55crXYuXoQRKfDBFA1WEjWgP6LHhwBZeNK1VTsfTFUHCdrfp1bgwQ9xv5ski8PX9rL2dZXvgGDnw"


@given(st.lists(st.integers(0, 2**32 - 1), max_size=8))
def test_a_path_survives_format_and_parse(steps: list[int]) -> None:
    path = KeyPath(steps)
    assert KeyPath.parse(str(path)) == path == tuple(steps)
    assert KeyPath.parse(path.format(marker="'"), require_root=True) == path
    assert KeyPath.parse(path.format(prefix="")) == path


def test_path_text_hardened_markers_and_helpers() -> None:
    path = KeyPath.parse("m/84'/1H/0h/1/7")
    assert path == (84 | HARDENED, 1 | HARDENED, HARDENED, 1, 7)
    assert str(path) == "m/84h/1h/0h/1/7" == format_path(tuple(path))
    assert path.unhardened == (84, 1, 0, 1, 7)
    assert path[:3].__class__ is tuple and KeyPath(path[:3]).child(0, 5) == KeyPath.parse("84h/1h/0h/0/5")
    assert repr(KeyPath.parse("m/0")) == "KeyPath.parse('m/0')"
    assert KeyPath.parse("m") == KeyPath.parse("") == ()
    assert hash(path) == hash(tuple(path))


@pytest.mark.parametrize(
    ("text", "require_root"),
    [
        ("m/x", False),
        ("m/2147483648", False),
        ("m/1/", False),
        ("m//1", False),
        ("m/\u0661", False),  # an Arabic-Indic digit one: ASCII digits only
        ("84h/0h", True),
        ("", True),
    ],
)
def test_bad_paths_are_refused_with_one_clear_line(text: str, require_root: bool) -> None:
    with pytest.raises(KeyInputError) as refused:
        KeyPath.parse(text, require_root=require_root)
    assert "\n" not in str(refused.value)


def test_a_path_step_must_fit_32_bits() -> None:
    with pytest.raises(KeyInputError):
        KeyPath([2**32])
    with pytest.raises(KeyInputError):
        KeyPath([-1])
    assert MAX_UNHARDENED == HARDENED - 1 == 2**31 - 1


def test_stored_values_do_not_change() -> None:
    """Settings, the store and --json output hold these strings."""
    assert [n.value for n in Network] == ["mainnet", "testnet", "signet", "regtest"]
    assert [s.value for s in ScriptType] == ["pkh", "sh(wpkh)", "wpkh", "tr"]
    assert [s.purpose for s in ScriptType] == [44, 49, 84, 86]


def test_network_facts() -> None:
    assert (Network.MAINNET.coin_type, Network.SIGNET.coin_type) == (0, 1)
    assert [n.bech32_hrp for n in Network] == ["bc", "tb", "tb", "bcrt"]
    assert Network.parse(" TestNet ") is Network.TESTNET
    with pytest.raises(KeyInputError, match="choose one of mainnet, testnet, signet, regtest"):
        Network.parse("bitcoin-cash")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("wpkh", ScriptType.WPKH),
        ("P2WPKH", ScriptType.WPKH),
        ("sh-wpkh", ScriptType.SH_WPKH),
        ("sh_wpkh", ScriptType.SH_WPKH),
        ("sh(wpkh)", ScriptType.SH_WPKH),
        ("legacy", ScriptType.PKH),
        ("bip86", ScriptType.TR),
        ("taproot", ScriptType.TR),
    ],
)
def test_script_type_spellings(text: str, expected: ScriptType) -> None:
    assert ScriptType.parse(text) is expected


def test_an_extended_key_with_its_origin() -> None:
    key = ExtendedPublicKey.parse(M_0H_XPUB)
    assert key.depth == 1 and key.origin is None and key.to_base58() == M_0H_XPUB
    with pytest.raises(KeyInputError, match="no known origin"):
        _ = key.descriptor_key
    with pytest.raises(KeyInputError, match="depth 1"):
        key.with_origin(KeyOrigin(bytes.fromhex("3442193e"), KeyPath.parse("m/0h/1")))
    placed = key.with_origin(KeyOrigin(bytes.fromhex("3442193e"), KeyPath.parse("m/0h")))
    assert placed.descriptor_key == f"[3442193e/0h]{M_0H_XPUB}"
    assert str(KeyOrigin(bytes(4), KeyPath())) == "[00000000]"
