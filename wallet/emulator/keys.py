"""BIP32 keys of the software device, derived from its BIP39 seed with bip-utils.

Derivation is cached per path prefix so a SignTx with many inputs on sibling paths
does not re-derive the account node for every input.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from typing import NamedTuple

from bip_utils import Bip32Slip10Secp256k1


class NodeInfo(NamedTuple):
    """What an HDNodeType / xpub needs about one node."""

    depth: int
    parent_fingerprint: int
    child_num: int
    chain_code: bytes
    public_key: bytes


class KeyStore:
    """The device's key tree, built from a 64-byte BIP39 seed."""

    def __init__(self, seed: bytes) -> None:
        if not 16 <= len(seed) <= 64:
            raise ValueError("BIP32 seed must be 16 to 64 bytes")
        self._seed = seed
        self._master = Bip32Slip10Secp256k1.FromSeed(seed)
        self._cache: dict[tuple[int, ...], Bip32Slip10Secp256k1] = {(): self._master}

    @property
    def fingerprint(self) -> bytes:
        """The master key fingerprint (first 4 bytes of HASH160 of the master public key)."""
        return bytes(self._master.FingerPrint().ToBytes())

    def _derive(self, path: Sequence[int]) -> Bip32Slip10Secp256k1:
        key = tuple(path)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        for index in key:
            if not 0 <= index <= 0xFFFF_FFFF:
                raise ValueError(f"path index out of range: {index}")
        parent = self._derive(key[:-1])
        child = parent.ChildKey(key[-1])
        if len(self._cache) < 4096:  # bounded: a hostile host cannot grow it without limit
            self._cache[key] = child
        return child

    def slip21_key(self, labels: Sequence[bytes]) -> bytes:
        """A SLIP-21 symmetric key: HMAC-SHA512 chain from "Symmetric key seed", key = right half."""
        node = hmac.new(b"Symmetric key seed", self._seed, hashlib.sha512).digest()
        for label in labels:
            node = hmac.new(node[:32], b"\x00" + label, hashlib.sha512).digest()
        return node[32:]

    def private_key(self, path: Sequence[int]) -> bytes:
        """The 32-byte private key at `path`."""
        return bytes(self._derive(path).PrivateKey().Raw().ToBytes())

    def public_key(self, path: Sequence[int]) -> bytes:
        """The 33-byte compressed public key at `path`."""
        return bytes(self._derive(path).PublicKey().RawCompressed().ToBytes())

    def node(self, path: Sequence[int]) -> NodeInfo:
        """Depth, parent fingerprint, child number, chain code and public key at `path`."""
        node = self._derive(path)
        return NodeInfo(
            depth=node.Depth().ToInt(),
            parent_fingerprint=int.from_bytes(node.ParentFingerPrint().ToBytes(), "big"),
            child_num=node.Index().ToInt(),
            chain_code=bytes(node.ChainCode().ToBytes()),
            public_key=bytes(node.PublicKey().RawCompressed().ToBytes()),
        )
