"""The emulator's signature hashes against the BIP143 specification's native P2WPKH example.

Source: BIP143 "Example" / "Native P2WPKH" (unsigned tx, input 1 spends 6 BTC from
00141d0f172a0ecb48aee1be1f2687d2963ae33f71a1; sigHash and signature given there).
"""

from __future__ import annotations

import io

from coincurve import PrivateKey
from hwilib.tx import CTransaction

from wallet.emulator.sighash import SegwitDigests, TxIn, TxOut, bip143_sighash, compact_size, legacy_txid

UNSIGNED = (
    "0100000002fff7f7881a8099afa6940d42d1e7f6362bec38171ea3edf433541db4e4ad969f0000000000eeffffff"
    "ef51e1b804cc89d182d279655c3aa89e815b1b309fe287d9b2b55d57b90ec68a0100000000ffffffff02202cb206"
    "000000001976a9148280b37df378db99f66f85c95a783a76ac7a6d5988ac9093510d000000001976a9143bde42db"
    "ee7e4dbe6a21b2d50ce2f0167faa815988ac11000000"
)
PUBKEY_HASH = bytes.fromhex("1d0f172a0ecb48aee1be1f2687d2963ae33f71a1")
PRIVATE_KEY = bytes.fromhex("619c335025c7f4012e556c2a58b2506e30b8511b53ade95ea316fd8c3286feb9")
SIGHASH = "c37af31116d1b27caf68aae9e3ac82f1477929014d5b917657d0eb49478cb670"
SIGNATURE = (
    "304402203609e17b84f6a7d30c80bfa610b5b4542f32a8a0d5447a12fb1366d7f01cc44a"
    "0220573a954c4518331561406f90300e8f3358f51928d43c212a8caed02de67eebee"
)


def parsed() -> tuple[CTransaction, list[TxIn], list[TxOut]]:
    tx = CTransaction()
    tx.deserialize(io.BytesIO(bytes.fromhex(UNSIGNED)))
    inputs = [TxIn(txin.prevout.hash.to_bytes(32, "big"), txin.prevout.n, txin.nSequence) for txin in tx.vin]
    outputs = [TxOut(txout.nValue, txout.scriptPubKey) for txout in tx.vout]
    return tx, inputs, outputs


def test_bip143_native_p2wpkh_example() -> None:
    tx, inputs, outputs = parsed()
    # amounts/scripts of the other input do not enter BIP143; placeholders keep the shape
    digests = SegwitDigests.compute(inputs, [0, 600_000_000], [b"", b""], outputs)
    digest = bip143_sighash(tx.nVersion, tx.nLockTime, digests, inputs[1], 600_000_000, PUBKEY_HASH)
    assert digest.hex() == SIGHASH
    # libsecp256k1's RFC6979 low-S signature is the one the BIP lists
    assert PrivateKey(PRIVATE_KEY).sign(digest, hasher=None).hex() == SIGNATURE


def test_txid_of_the_unsigned_example() -> None:
    tx, inputs, outputs = parsed()
    tx.rehash()
    assert legacy_txid(tx.nVersion, tx.nLockTime, inputs, outputs) == tx.hash[::-1]


def test_compact_size_boundaries() -> None:
    assert [compact_size(n).hex() for n in (0, 0xFC, 0xFD, 0xFFFF, 0x10000, 2**32)] == [
        "00",
        "fc",
        "fdfd00",
        "fdffff",
        "fe00000100",
        "ff0000000001000000",
    ]
