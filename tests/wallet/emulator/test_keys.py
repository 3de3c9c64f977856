"""KeyStore against the public trezor-firmware vectors for the "all" seed."""

from __future__ import annotations

from bip_utils import Base58Encoder, Bip39SeedGenerator

from wallet.emulator.keys import KeyStore
from wallet.types import HARDENED

ALL_SEED = Bip39SeedGenerator(" ".join(["all"] * 12)).Generate("")
H = HARDENED


def _xpub(keys: KeyStore, path: list[int]) -> str:
    node = keys.node(path)
    raw = (
        bytes.fromhex("0488b21e")
        + bytes([node.depth])
        + node.parent_fingerprint.to_bytes(4, "big")
        + node.child_num.to_bytes(4, "big")
        + node.chain_code
        + node.public_key
    )
    return str(Base58Encoder.CheckEncode(raw))


def test_fingerprint_and_account_xpub_match_firmware_vectors() -> None:
    keys = KeyStore(ALL_SEED)
    assert keys.fingerprint.hex() == "5c9e228d"
    assert _xpub(keys, [44 | H, 0 | H, 0 | H]) == (
        "xpub6BiVtCpG9fQPxnPmHXG8PhtzQdWC2Su4qWu6XW9tpWFYhxydCLJGrWBJZ5H6qTAHdPQ7pQhtpjiYZVZARo14qHiay2fvrX996oEP42u8wZy"
    )


def test_private_and_public_keys_agree() -> None:
    import coincurve

    keys = KeyStore(ALL_SEED)
    path = [84 | H, 0 | H, 0 | H, 0, 5]
    assert coincurve.PrivateKey(keys.private_key(path)).public_key.format() == keys.public_key(path)
    assert keys.node(path).depth == 5 and keys.node(path).child_num == 5
